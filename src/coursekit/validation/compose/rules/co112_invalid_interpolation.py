"""CO112 InvalidInterpolation."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from coursekit.validation.compose.context import (
    KIND,
    ComposeContext,
    Hit,
)
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule

_BRACED = re.compile(r"^[_A-Za-z][_A-Za-z0-9]*(?::?[-+?](?P<rest>.*))?$", re.S)


def interpolation_problems(text: str) -> list[tuple[int, str]]:
    """(offset, problem) for every invalid ``$`` expression in ``text``."""
    out: list[tuple[int, str]] = []
    i = 0
    while i < len(text):
        if text[i] != "$":
            i += 1
            continue
        nxt = text[i + 1 : i + 2]
        if nxt == "$":
            i += 2
            continue
        if nxt != "{":
            i += 1  # $VAR, or a lone $ that Compose leaves alone
            continue
        depth, j = 1, i + 2
        while j < len(text) and depth:
            if text.startswith("${", j):
                depth += 1
                j += 2
                continue
            if text[j] == "}":
                depth -= 1
            j += 1
        if depth:
            out.append((i, "`${` is never closed with `}` (write `$$` for a literal dollar)"))
            return out
        inner = text[i + 2 : j - 1]
        m = _BRACED.match(inner)
        if not inner:
            out.append((i, "`${}` names no variable"))
        elif not m:
            out.append((i, f"`${{{inner}}}` is not a valid variable reference (a name, optionally followed by :-default, -default, :?error, :+value)"))
        elif m.group("rest"):
            out += [(i + 2 + m.start("rest") + off, msg) for off, msg in interpolation_problems(m.group("rest"))]
        i = j
    return out


def _strings(value: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, (*path, i))


def invalid_interpolation(ctx: ComposeContext) -> Iterator[Hit]:
    for path, text in _strings(ctx.data, ()):
        if "$" not in text:
            continue
        for offset, problem in interpolation_problems(text):
            yield Hit(path, {"problem": problem}, offset=offset)


RULE = Rule(
    code="CO112",
    name="InvalidInterpolation",
    kind=KIND,
    severity=Severity.ERROR,
    message="invalid variable interpolation: {problem}",
    rationale="Compose substitutes ${VAR} in every value and refuses the whole file on a malformed expression ('invalid interpolation format').",
    example="services:\n  web:\n    image: nginx:1.29-alpine\n    environment:\n      GREETING: ${GREETING:-hello\n",
    fixed="services:\n  web:\n    image: nginx:1.29-alpine\n    environment:\n      GREETING: ${GREETING:-hello}\n",
    check=invalid_interpolation,
)
