"""CK013 BrokenSymlink."""

from __future__ import annotations

import os
from collections.abc import Iterator

from coursekit.validation.findings import Finding, Severity
from coursekit.validation.meta.ck008_link_outside_repository import is_outside_link
from coursekit.validation.rules import Rule


def broken_link(path: str, repo_root: str) -> Iterator[Finding]:
    if os.path.islink(path) and not os.path.exists(path) and not is_outside_link(path, repo_root):
        shown = os.path.relpath(os.path.abspath(path), os.path.abspath(repo_root)).replace(os.sep, "/")
        target = os.readlink(path)
        yield RULE.finding(shown, 1, 1, f"is a symlink to '{target}', which does not exist or loops: it would be left out of the site and the lab downloads")


RULE = Rule(
    "CK013",
    "BrokenSymlink",
    "markdown",
    Severity.ERROR,
    "{detail}",
    "A symlink whose target is missing (or that loops) is silently left out of the site and of the lab downloads: the trainee gets a lab "
    "without that file. Replace it by the file, or fix the target.",
    example="ln -s Containerfile.old exercises/first-run/files/Containerfile.prod",
    fixed="ln -s Containerfile exercises/first-run/files/Containerfile.prod",
    check=broken_link,
    example_path="sh",
)
