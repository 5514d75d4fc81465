"""CK008 LinkOutsideRepository."""

from __future__ import annotations

import os
from collections.abc import Iterator

from coursekit.validation.findings import Finding, Severity
from coursekit.validation.rules import Rule


def is_outside_link(path: str, repo_root: str) -> bool:
    """True for a symlink that resolves outside ``repo_root``."""
    if not os.path.islink(path):
        return False
    root = os.path.realpath(repo_root)
    return os.path.commonpath([os.path.realpath(path), root]) != root


def outside_link(path: str, repo_root: str) -> Iterator[Finding]:
    if is_outside_link(path, repo_root):
        shown = os.path.relpath(os.path.abspath(path), os.path.abspath(repo_root)).replace(os.sep, "/")
        yield RULE.finding(shown, 1, 1, f"is a symlink to {os.path.realpath(path)}, outside the repository: refused (copy the file into the course instead)")


RULE = Rule(
    "CK008",
    "LinkOutsideRepository",
    "markdown",
    Severity.ERROR,
    "{detail}",
    "A symlink that leaves the repository would publish whatever it points to on the build machine (a password file, a private key).",
    example="ln -s /etc/hostname exercises/first-run/files/hostname",
    fixed="cp /etc/hostname exercises/first-run/files/hostname",
    check=outside_link,
    example_path="sh",
)
