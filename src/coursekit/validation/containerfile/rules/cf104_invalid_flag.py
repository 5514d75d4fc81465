"""CF104 InvalidFlag."""

from __future__ import annotations

from collections.abc import Iterable

from coursekit.validation.containerfile.context import (
    FLAGS,
    KIND,
    Context,
    E,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule

_MOUNT_TYPES = ("bind", "cache", "tmpfs", "secret", "ssh")


def _check_mount(value: str) -> str | None:
    opts = {}
    for part in value.split(","):
        k, _, v = part.partition("=")
        opts[k.strip().lower()] = v.strip()
    mtype = opts.get("type", "bind")
    if "$" in mtype:
        return None
    if mtype not in _MOUNT_TYPES:
        return f"--mount type '{mtype}' is unknown (use {', '.join(_MOUNT_TYPES)})"
    if mtype in ("bind", "cache", "tmpfs") and not any(k in opts for k in ("target", "dst", "destination")):
        return f"--mount=type={mtype} needs target=<path in the container>"
    return None


def invalid_flag(ctx: Context) -> Iterable[Finding]:
    for instr in ctx.all_instructions():
        if not instr.known or instr.error or not instr.flags:
            continue
        allowed = FLAGS.get(instr.cmd, {})
        seen: set[str] = set()
        for f in instr.flags:
            key, sep, value = f[2:].partition("=")
            detail = None
            kind = allowed.get(key)
            if kind is None:
                if allowed:
                    detail = f"{instr.cmd} does not accept the flag --{key} (accepted: {', '.join('--' + k for k in allowed)})"
                else:
                    detail = (
                        f"{instr.cmd} accepts no flags; '--{key}' is read as a flag (use exec form, e.g. {instr.cmd} [\"{f}\"])"
                        if instr.cmd in ("CMD", "ENTRYPOINT")
                        else f"{instr.cmd} accepts no flags, found --{key}"
                    )
            elif kind == "bool":
                if sep and value.lower() not in ("true", "false", "1", "0", "t", "f"):
                    detail = f"--{key} is a boolean flag: write --{key} or --{key}=false, not --{key}={value}"
            elif not sep or value == "":
                nxt = f" (write --{key}=VALUE; '--{key} VALUE' makes VALUE an argument)" if not sep else ""
                detail = f"--{key} needs a value{nxt}"
            elif key in seen and kind != "multi":
                detail = f"--{key} given twice"
            elif key == "network" and value not in ("default", "none", "host") and "$" not in value:
                detail = f"--network={value}: use default, none or host"
            elif key == "security" and value not in ("sandbox", "insecure"):
                detail = f"--security={value}: use sandbox or insecure"
            elif key == "mount":
                detail = _check_mount(value)
            seen.add(key)
            if detail:
                yield ctx.at(RULE, instr, f"--{key}", detail=detail)


RULE = Rule(
    code="CF104",
    name="InvalidFlag",
    kind=KIND,
    severity=E,
    message="{detail}",
    rationale="BuildKit rejects flags an instruction does not accept and flags without their value (COPY --from foo instead of --from=foo).",
    example="FROM alpine:3.23 AS build\nRUN echo built > /out\nFROM alpine:3.23\nCOPY --from build /out /app/\n",
    fixed="FROM alpine:3.23 AS build\nRUN echo built > /out\nFROM alpine:3.23\nCOPY --from=build /out /app/\n",
    check=invalid_flag,
)
