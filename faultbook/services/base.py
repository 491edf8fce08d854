"""The service spec types, kept importable from here for the BMP services until their rebuild."""

from faultbook.runtime.spec import Endpoint, Launch, ServiceSpec

__all__ = ["Endpoint", "Launch", "ServiceSpec"]
