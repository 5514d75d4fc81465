"""The ``containerfile`` kind: BuildKit-faithful parser, rules, optional hadolint engine."""
