"""Validation: the checker, findings, the rule registry and the checks per kind of artefact."""
