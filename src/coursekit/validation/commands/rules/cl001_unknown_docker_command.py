"""CL001 UnknownDockerCommand."""

from __future__ import annotations

from collections.abc import Iterator

from coursekit.validation.commands.rules.cl007_desktop_only_command import DESKTOP_PLUGINS
from coursekit.validation.commands.walk import CommandWalk, grammar, suggest
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule


def unknown_command(walk: CommandWalk) -> Iterator[tuple[int, dict]]:
    w = walk.unknown
    if w is None or (not walk.unknown_parent and w.text in DESKTOP_PLUGINS):
        return
    children = grammar().children.get(" ".join(walk.unknown_parent), [])
    yield w.start, {"command": " ".join([*walk.unknown_parent, w.text]), "hint": suggest(w.text, children)}


RULE = Rule(
    "CL001",
    "UnknownDockerCommand",
    "command",
    Severity.ERROR,
    "unknown command 'docker {command}'{hint}",
    "A misspelled command fails in the classroom with a terse usage message; catch it before trainees type it.",
    example="```console\n$ docker contianer ls\n```\n",
    fixed="```console\n$ docker container ls\n```\n",
    check=unknown_command,
)
