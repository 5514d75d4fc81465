"""CF216 UndefinedVar: BuildKit's check of the same name."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from coursekit.validation.containerfile.context import BUILTIN_ARGS, KIND, Context, Stage, W
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule

#: Instructions whose arguments the Dockerfile frontend expands (RUN, CMD and ENTRYPOINT are
#: expanded by the shell in the container; FROM is CF115's).
EXPANDED = ("ADD", "COPY", "ENV", "EXPOSE", "LABEL", "STOPSIGNAL", "USER", "VOLUME", "WORKDIR", "ARG")

#: The environment the official images set, from their Dockerfiles (docker-library/python,
#: docker-library/postgres, docker-library/redis, nginx/docker-nginx; OS images set none);
#: PATH is always there.  A stage built on any other image is not checked: its environment
#: is unknown here.
BASE_ENV = {
    "scratch": (),
    "alpine": (),
    "busybox": (),
    "debian": (),
    "ubuntu": (),
    "python": ("LANG", "GPG_KEY", "PYTHON_VERSION", "PYTHON_SHA256"),
    "postgres": ("GOSU_VERSION", "LANG", "PG_MAJOR", "PG_VERSION", "PG_SHA256", "PGDATA", "DOCKER_PG_LLVM_DEPS"),
    "redis": ("GOSU_VERSION", "REDIS_VERSION", "REDIS_DOWNLOAD_URL", "REDIS_DOWNLOAD_SHA"),
    "nginx": ("NGINX_VERSION", "PKG_RELEASE", "DYNPKG_RELEASE", "NJS_VERSION", "NJS_RELEASE", "OTEL_VERSION", "ACME_VERSION"),
}
_USE = re.compile(r"\\.|'[^']*'|\$(?:\{(?P<braced>[A-Za-z_]\w*)(?P<modifier>:?[-+?][^}]*)?\}|(?P<plain>[A-Za-z_]\w*))")


def _base_env(ctx: Context, stage: Stage, done: dict[str, set[str] | None]) -> set[str] | None:
    base = stage.base.lower()
    if base in done:
        return done[base]  # FROM an earlier stage: its environment
    if "$" in base:
        return None
    name = re.sub(r"^(?:docker\.io/)?(?:library/)?", "", base.split("@")[0]).split(":")[0]
    return set(BASE_ENV[name]) if name in BASE_ENV else None


def _uses(text: str) -> Iterable[tuple[str, int]]:
    """Variables ``text`` expands without a default (single quotes and ``\\$`` expand nothing)."""
    for m in _USE.finditer(text):
        name = m.group("braced") or m.group("plain")
        if name and not m.group("modifier"):
            yield name, m.start()


def undefined_var(ctx: Context) -> Iterable[Finding]:
    done: dict[str, set[str] | None] = {}
    for stage in ctx.stages:
        env = _base_env(ctx, stage, done)
        known = None if env is None else env | {"PATH"} | BUILTIN_ARGS
        for instr in stage.instructions:
            if known is None:
                break
            if instr.cmd in EXPANDED and not instr.heredocs and not instr.error:
                for name, _offset in _uses(instr.rest):
                    if name not in known:
                        close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.8)
                        hint = f" (did you mean ${close[0]}?)" if close else ""
                        yield ctx.at(RULE, instr, "$" + name if "$" + name in instr.line_text else "${" + name, name=name, hint=hint)
            if instr.cmd == "ARG":
                known |= {a.partition("=")[0] for a in instr.args}
            elif instr.cmd == "ENV":
                known |= set(instr.args[::2])
        if stage.name:
            done[stage.name] = None if known is None else known - BUILTIN_ARGS


RULE = Rule(
    code="CF216",
    name="UndefinedVar",
    kind=KIND,
    severity=W,
    message="${name} is not declared in this stage (ARG or ENV) nor set by its base image, so it expands to nothing{hint}",
    rationale="Docker's UndefinedVar: a variable the stage never declares becomes an empty string, so 'COPY app $APP_HOME/' "
    "copies to '/' and 'WORKDIR $APP_HOME' to the base image's directory; a global ARG must be declared again after FROM. "
    "Checked for stages on scratch, earlier stages and the official images whose environment the checker knows.",
    scope="file",
    example="FROM python:3.13-alpine\nARG APP_HOME=/opt/app\nWORKDIR $APP_HOME\nCOPY app.py $APP_HOEM/\n",
    fixed="FROM python:3.13-alpine\nARG APP_HOME=/opt/app\nWORKDIR $APP_HOME\nCOPY app.py $APP_HOME/\n",
    check=undefined_var,
)
