"""How a service runs: as a container over the Docker API, or as a local process."""
