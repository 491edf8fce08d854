"""What a person reads: per-test artifacts, HTML extras, bundles."""
