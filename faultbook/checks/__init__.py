"""What the suite judges: invariants over observations, and the verdict with known defects."""
