"""The ``book`` kind of the checker: the exercise-book conventions (``book/rules/``) on console
and shell blocks, the same blocks the docker CLI rules check."""

from __future__ import annotations

from coursekit.book.conventions import KIND, block_matches, file_matches
from coursekit.book.rules import RULES
from coursekit.validation.artifact import Artifact, Kind


def check(artifact: Artifact):
    for rule in RULES:
        yield from rule.check(artifact)


KIND_SPEC = Kind(KIND, block_matches, file_matches, check)
