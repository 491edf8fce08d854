"""faultbook: fault injection and diagnostics for real service stacks."""

__version__ = "0.1.0"
