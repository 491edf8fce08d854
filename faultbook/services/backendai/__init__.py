"""The Backend.AI manager as a system under test: its spec, bootstrap and API client."""
