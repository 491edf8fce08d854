"""What the suite sees: log streams on one timeline, matchers, probes, resources, leftovers."""
