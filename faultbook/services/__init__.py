"""What runs: the declarative specs of each service, independent of how it runs."""
