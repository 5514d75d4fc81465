"""CF209 SecretsUsedInArgOrEnv."""

from __future__ import annotations

import re
from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    KIND,
    Context,
    W,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule

_SECRET_NAME = re.compile(r"(?i)(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)")


def secrets_in_arg_or_env(ctx: Context) -> Iterable[Finding]:
    for instr in ctx.all_instructions():
        if instr.cmd not in ("ARG", "ENV") or instr.error:
            continue
        names = instr.args[0::2] if instr.cmd == "ENV" else [a.split("=", 1)[0] for a in instr.args]
        for name in names:
            if _SECRET_NAME.search(name) and "public" not in name.lower():
                yield ctx.at(RULE, instr, name, cmd=instr.cmd, name=name)


RULE = Rule(
    code="CF209",
    name="SecretsUsedInArgOrEnv",
    kind=KIND,
    severity=W,
    message="{cmd} {name} looks like a secret: build arguments and environment variables end up in the image; use RUN --mount=type=secret",
    rationale="Docker's SecretsUsedInArgOrEnv: ARG and ENV values are visible in docker history and docker inspect.",
    example="FROM alpine:3.23\nARG GITHUB_TOKEN\nRUN echo building\n",
    fixed="FROM alpine:3.23\nRUN --mount=type=secret,id=github_token echo building\n",
    check=secrets_in_arg_or_env,
)
