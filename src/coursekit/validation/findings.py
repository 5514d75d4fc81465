"""The finding model shared by every validator: one problem at one place."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    """A problem at ``path:line:column`` (1-based), reported under a rule code."""

    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str

    def format(self) -> str:
        """``PATH:LINE:COL: SEVERITY CODE message`` — the one output line format.

        Control characters (a BEL or ESC pasted into an image name, a file name) are shown
        as ``\\x07`` escapes so that they neither ring, recolour nor hide the terminal output."""
        return f"{visible(self.path)}:{self.line}:{self.column}: {self.severity} {self.code} {visible(self.message)}"

    def as_dict(self) -> dict:
        d = asdict(self)
        d["severity"] = str(self.severity)
        return d


_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0x20), *range(0x7F, 0xA0)] if chr(c) not in "\n\t"}


def visible(text: str) -> str:
    """``text`` with C0/C1 control characters (but newline and tab) escaped as ``\\xNN``."""
    return text.translate(_CONTROL)


def summary_line(findings: list[Finding], files_checked: int) -> str:
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = len(findings) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} in {files_checked} file{'s' * (files_checked != 1)} checked"


def to_json(findings: list[Finding], files_checked: int) -> str:
    return json.dumps(
        {
            "files_checked": files_checked,
            "errors": sum(1 for f in findings if f.severity is Severity.ERROR),
            "warnings": sum(1 for f in findings if f.severity is Severity.WARNING),
            "findings": [f.as_dict() for f in findings],
        },
        indent=2,
    )
