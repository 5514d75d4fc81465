"""CK006 UnreadableSource."""

from __future__ import annotations

import os

from coursekit.validation.findings import Finding, Severity
from coursekit.validation.rules import Rule


def read_text(path: str, shown: str) -> tuple[str | None, Finding | None]:
    """The text of a page or lab file, or the CK006 finding that says why it cannot be read."""
    if os.path.isdir(path):
        return None, RULE.finding(shown, 1, 1, "is a folder, not a file")
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        return None, RULE.finding(shown, 1, 1, f"cannot be read: {exc.strerror}")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, RULE.finding(shown, line, 1, f"is not valid UTF-8 (byte 0x{data[exc.start]:02x})")


RULE = Rule(
    "CK006",
    "UnreadableSource",
    "markdown",
    Severity.ERROR,
    "{detail}",
    "Pages must be UTF-8 text files; anything else cannot be rendered or checked.",
    example="printf '# Caf\\351\\n' > docs/page.md",
    fixed="printf '# Caf\\303\\251\\n' > docs/page.md",
    check=read_text,
    example_path="sh",
)
