"""CF200 EndOfLifeBaseImage."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator

from coursekit.validation import image_eol
from coursekit.validation.containerfile import parser as cfp
from coursekit.validation.containerfile.context import (
    KIND,
    VAR,
    Context,
    E,
    flag,
    global_args,
    skip_value,
)
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


def _with_arg_defaults(text: str, declared: dict[str, str | None]) -> str:
    """``text`` with ``$NAME``/``${NAME}``/``${NAME:-default}`` replaced by the global ARG defaults
    (what a plain ``docker build`` uses); a variable without a value stays as it is."""

    def value(m: re.Match) -> str:
        name, modifier = m.group("braced") or m.group("plain"), (m.group("modifier") or "")
        current = declared.get(name)
        op = modifier.lstrip(":")[:1]
        if op == "-":
            return current if current else modifier.lstrip(":")[1:]
        if op == "+":
            return modifier.lstrip(":")[1:] if current else ""
        return current if current else m.group(0)

    return VAR.sub(value, text)


def eol_refs(ctx: Context) -> Iterator[tuple[cfp.Instruction, str, str]]:
    """(instruction, image as written, image as built) of every base and COPY --from image."""
    names = ctx.stage_names
    declared = global_args(ctx) if any("$" in (stage.base or "") for stage in ctx.stages) else {}
    for stage in ctx.stages:
        base = stage.base
        if base and "$" in base:
            base = _with_arg_defaults(base, declared)  # FROM ${BASE} with ARG BASE=centos:7 builds centos:7
        if base and base.lower() not in names and base != "scratch":
            yield stage.instr, stage.base, base
    for instr in ctx.all_instructions():
        if instr.cmd == "COPY":
            src = flag(instr, "from")
            if src and re.search(r"[:/]", src):
                yield instr, src, src


def end_of_life_base_image(ctx: Context) -> Iterable[Finding]:
    for instr, written, ref in eol_refs(ctx):
        if skip_value(ctx, ref):
            continue
        status = image_eol.eol_status(ref, ctx.today)
        if status:
            eol, hint = status
            finding = ctx.at(RULE, instr, written, ref=ref, date=eol.isoformat(), hint=hint)
            if written != ref:  # FROM ${BASE}: say where the image comes from
                finding = dataclasses.replace(finding, message=finding.message.replace(f"'{ref}'", f"'{ref}' ('{written}' with its ARG default)", 1))
            yield finding


RULE = Rule(
    code="CF200",
    name="EndOfLifeBaseImage",
    kind=KIND,
    severity=E,
    message="base image '{ref}' reached its end of support on {date}: use {hint}",
    rationale="End-of-life images get no security fixes; a course must not teach them (the old course used centos:7, ubuntu:16.04, alpine:3.5 and python:3.5). Dates: coursekit/validation/image_eol.py.",
    example="FROM centos:7\n",
    fixed="FROM rockylinux:9\n",
    check=end_of_life_base_image,
)
