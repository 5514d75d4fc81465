"""The ``compose`` kind: bounded YAML, the Compose Specification schema, compose rules."""
