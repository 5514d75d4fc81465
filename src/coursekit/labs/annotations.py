"""The ``<!-- labs: ... -->`` annotations: what the lab runner needs to know that the page does not say.

An annotation is an HTML comment (it never renders) on one of the comment lines directly
above a ``console`` fence, beside a ``course-check`` annotation if the block has one::

    <!-- labs: skip -- opens a browser; nothing to compare -->
    <!-- labs: run docker container exec my-shell cat /root/note.txt -->
    <!-- labs: before cp ../solution/Containerfile Containerfile -->
    <!-- labs: input -->
    <!-- labs: exit 1 -->
    <!-- labs: timeout 300 -->
    <!-- labs: unchecked -- the VM's own release file differs on every VM -->

or, for a checkpoint, on its own line right above the checkpoint list::

    <!-- labs: check docker container inspect --format '{{.State.ExitCode}}' failing | grep -qx 1 -->

``skip`` and ``unchecked`` need a reason after `` -- ``, like ``course-check: ignore``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

LABS_COMMENT = re.compile(r"^[ \t]*<!--\s*labs:\s*(?P<body>.*?)\s*-->[ \t]*$")
ANY_COMMENT = re.compile(r"^[ \t]*<!--.*-->[ \t]*$")
KEYWORDS = ("skip", "run", "before", "input", "exit", "timeout", "unchecked", "check")


@dataclass
class BlockAnnotation:
    """Everything the ``labs:`` lines above one fence say."""

    skip: str | None = None  # the reason
    unchecked: str | None = None  # the reason the output is not compared
    run: list[tuple[int, str]] = field(default_factory=list)  # (page line, command) replacing the block's commands
    before: list[tuple[int, str]] = field(default_factory=list)  # (page line, command) doing what the trainee did by hand
    input: bool = False  # the block's commands are typed into the interactive command before it
    exit: int | None = None  # a command of the block ends with this status (the others succeed)
    timeout: float | None = None  # seconds per command
    problems: list[tuple[int, str]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return self == BlockAnnotation()


def _reason(rest: str, keyword: str, line: int, ann: BlockAnnotation) -> str | None:
    head, sep, reason = rest.partition("--")
    if head.strip():
        ann.problems.append((line, f"'{keyword}' takes only a reason after ' -- ', not '{head.strip()}'"))
    if not sep or not reason.strip():
        ann.problems.append((line, f"'{keyword}' needs a reason: <!-- labs: {keyword} -- why -->"))
        return None
    return reason.strip()


def parse_into(ann: BlockAnnotation, body: str, line: int) -> None:
    """Add one ``labs:`` comment's body to ``ann``."""
    rest = body.strip()
    while rest:
        keyword, _, after = rest.partition(" ")
        keyword = keyword.lower()
        if keyword in ("skip", "unchecked"):
            setattr(ann, keyword, _reason(after, keyword, line, ann) or "")
            return
        if keyword in ("run", "before"):
            if not after.strip():
                ann.problems.append((line, f"'{keyword}' needs a command: <!-- labs: {keyword} COMMAND -->"))
            else:
                getattr(ann, keyword).append((line, after.strip()))
            return
        if keyword == "check":
            ann.problems.append((line, "'check' stands on its own line above a checkpoint list, not above a code block"))
            return
        if keyword == "input":
            ann.input = True
            rest = after.strip()
            continue
        if keyword in ("exit", "timeout"):
            value, _, rest = after.strip().partition(" ")
            try:
                number = int(value) if keyword == "exit" else float(value)
            except ValueError:
                ann.problems.append((line, f"'{keyword}' needs a number, not '{value}'"))
                return
            if keyword == "exit" and not 0 <= number <= 255 or keyword == "timeout" and number <= 0:
                ann.problems.append((line, f"'{keyword} {value}' is out of range"))
                return
            setattr(ann, keyword, number)
            continue
        ann.problems.append((line, f"unknown labs annotation '{keyword}' (use {', '.join(KEYWORDS)})"))
        return
