"""CL004 BooleanFlagWithValue."""

from __future__ import annotations

from collections.abc import Iterator

from coursekit.validation.commands.walk import CommandWalk
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule


def boolean_flag_with_value(walk: CommandWalk) -> Iterator[tuple[int, dict]]:
    for use in walk.flag_uses:
        if use.problem == "boolean value":
            yield use.offset, {"flag": use.flag, "value": use.value}


RULE = Rule(
    "CL004",
    "BooleanFlagWithValue",
    "command",
    Severity.ERROR,
    "boolean flag {flag} takes no separate value; '{value}' becomes an argument (use {flag}={value})",
    "'--rm true' passes 'true' as the image name; booleans take '=value' or nothing.",
    example="```console\n$ docker container run --rm true alpine:3.23 echo hi\n```\n",
    fixed="```console\n$ docker container run --rm alpine:3.23 echo hi\n```\n",
    check=boolean_flag_with_value,
)
