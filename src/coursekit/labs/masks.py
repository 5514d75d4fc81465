"""What legitimately varies between the page's output and a real run, and the comparison.

Both sides are masked the same way before they are compared: IDs and digests, timestamps,
durations ("2 minutes ago", "Up 3 seconds"), sizes, addresses, names Docker invents, image
pull progress.  Runs of spaces become one (table columns move with the widest value).
In the page, a line ``...`` stands for any number of lines (an abridged output) and ``…``
for any text within the line (a truncated value: ``"b71c0e9d4f3a…"``, ``You…``).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

#: (what, pattern, replacement); order matters (a digest before a bare ID).
MASKS: list[tuple[str, re.Pattern[str], str]] = [
    ("digest", re.compile(r"sha256:[0-9a-f]{6,64}…?"), "<digest>"),
    ("timestamp", re.compile(r"\b\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?(?: [+-]\d{4} \w+)?"), "<time>"),
    (
        "duration",
        re.compile(r"\b(?:About an? \w+|Less than a second|\d+(?:\.\d+)? ?(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?))( ago)?\b"),
        "<duration>\\1",
    ),
    ("duration", re.compile(r"\b\d+(?:\.\d+)?(?:ms|µs|s|m|h)\b|\b\d+(?:\.\d+)? (?:ms|µs|ns)\b"), "<duration>"),
    ("timestamp", re.compile(r"\b1[5-9]\d{8}\b"), "<time>"),  # seconds since 1970 ({{.Time}} of an event)
    ("size", re.compile(r"\b\d+(?:\.\d+)? ?(?:[kKMGT]i?B|B)\b"), "<size>"),
    ("address", re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}(?:/\d{1,2})?\b"), "<ip>"),
    ("id", re.compile(r"\b[0-9a-f]{64}\b|\b[0-9a-f]{12}\b"), "<id>"),
    # moby pkg/namesgenerator: "adjective_surname", a digit 0-9 appended on a retry (Podman uses the same).
    ("name", re.compile(r"(?<![\w.-])[a-z]+_[a-z]+\d?(?![\w.-])"), "<name>"),
]
#: Lines of an image pull: present on the first run of an image only.
PULL_LINE = re.compile(
    r"^(?:Unable to find image '.*' locally|[\w.-]+: Pulling from .*|[0-9a-f]{12}: (?:Pull complete|Already exists|Pulling fs layer|Waiting|Download complete|Verifying Checksum)|"
    r"Digest: sha256:.*|Status: (?:Downloaded newer image|Image is up to date) for .*|Trying to pull .*|Getting image source signatures|Copying (?:blob|config) .*|Writing manifest to image destination|Storing signatures)$"
)
ABRIDGED = "..."
TRUNCATED = "…"
#: A shell prompt the page shows inside a terminal session (none is printed without a terminal).
SESSION_PROMPT = re.compile(r"^(?:[\w.-]+@[\w.-]+:\S*|/\S*|~\S*)\s?[#$](?:\s.*)?$")
#: The Docker CLI's notice when it builds without buildx (Docker without the plugin, or against Podman).
ENGINE_NOTICE = re.compile(
    r"^(?:DEPRECATED: The legacy builder is deprecated.*|Install the buildx component to build images with BuildKit:|https://docs\.docker\.com/go/buildx/)$"
)


def mask_line(line: str) -> str:
    for _, pattern, replacement in MASKS:
        line = pattern.sub(replacement, line)
    return re.sub(r"[ \t]+", " ", line).strip()


def masked_lines(text: str, *, session: bool = False) -> list[str]:
    out = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        line = raw.rstrip()
        if PULL_LINE.match(line.strip()) or ENGINE_NOTICE.match(line.strip()):
            continue
        if session and (SESSION_PROMPT.match(line) or line.strip() == "exit" or line.strip() == "read escape sequence"):
            continue
        out.append(mask_line(line))
    while out and out[-1] == "":
        out.pop()
    while out and out[0] == "":
        out.pop(0)
    return out


def _line_pattern(expected: str) -> str:
    return r"[^\n]*?".join(re.escape(part) for part in expected.split(TRUNCATED))


def matches(expected: list[str], actual: list[str]) -> bool:
    """Whether the masked actual lines fit the masked page lines (``...`` and ``…`` as wildcards)."""
    parts = []
    for line in expected:
        parts.append(r"(?:[^\n]*\n)*?" if line == ABRIDGED else _line_pattern(line) + r"\n")
    return re.fullmatch("".join(parts), "".join(a + "\n" for a in actual)) is not None


@dataclass
class Comparison:
    ok: bool
    diff: str  # unified diff of the masked lines ('' when ok)


def compare(expected: str, actual: str, *, session: bool = False, label: str = "page") -> Comparison:
    want, got = masked_lines(expected, session=session), masked_lines(actual, session=session)
    if matches(want, got):
        return Comparison(True, "")
    diff = difflib.unified_diff(want, got, f"expected ({label}, masked)", "actual (masked)", lineterm="", n=2)
    return Comparison(False, "\n".join(diff))
