"""Containerfile rules: the ``containerfile`` kind of the checker.

What counts as a Containerfile: fenced blocks whose language is ``dockerfile``
or ``containerfile`` (any case) or whose ``title`` names one (``Dockerfile``,
``Containerfile``, ``*.Dockerfile``, ``Dockerfile.*`` ...), and lab files with
those names.  Every rule is registered in :data:`coursekit.rules.REGISTRY` with
a stable code: hadolint's ``DLxxxx`` where the rule is the same as hadolint's,
else ``CFxxx``; names follow Docker's build checks (``docker build --check``)
where they overlap.

Severity policy: **error** for what ``docker build`` rejects and for what cannot
be meant (a recipe that fails or silently does something else: malformed exec
form, a typo in ``COPY --from``, an end-of-life base image taught to trainees,
``apt-get install`` that aborts without ``-y``); **warning** for style and
best practice a reviewer should see but that builds and works (Docker's own
build checks are warnings too).

Annotations (see README): ``fragment`` runs only rules of scope
``instruction``; ``placeholders`` allows ``<src>``/``<base image>`` and ``...``;
``expect``/``ignore`` are applied by the checker.  A ``# check=skip=Name``
directive skips warnings as ``docker build --check`` does; ``error=true``
turns warnings of Docker's own checks into errors.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date

from coursekit.markdown.blocks import Annotation, CodeBlock, parse_annotation
from coursekit.validation import image_eol
from coursekit.validation.checker import Artifact, Kind, apply_annotation, register_kind
from coursekit.validation.containerfile import hadolint_engine
from coursekit.validation.containerfile import parser as cfp
from coursekit.validation.findings import Finding, Severity
from coursekit.validation.rules import REGISTRY

KIND = "containerfile"
E, W = Severity.ERROR, Severity.WARNING

# ---------------------------------------------------------------------------
# Classification

_NAME = re.compile(r"^(?:(?:dockerfile|containerfile)(?:\.[^/]+)?|[^/]+\.(?:dockerfile|containerfile))$", re.IGNORECASE)
_NOT_CONTAINERFILE = (".md", ".dockerignore", ".containerignore", ".txt", ".html")


def is_containerfile_name(name: str) -> bool:
    """``Dockerfile``, ``Containerfile``, ``app.Dockerfile``, ``Containerfile.dev`` (any case)."""
    base = os.path.basename(name.strip().replace("\\", "/"))
    return bool(_NAME.match(base)) and not base.lower().endswith(_NOT_CONTAINERFILE)


def block_matches(block: CodeBlock) -> bool:
    # "docker" is a Pygments alias of the Dockerfile lexer: such a fence renders (and is checked) as a Containerfile.
    return block.lang in ("dockerfile", "docker", "containerfile") or (bool(block.title) and is_containerfile_name(block.title))


# ---------------------------------------------------------------------------
# Check context


def today() -> date:
    """The build date the end-of-life table is compared with (``COURSE_CHECK_DATE`` overrides)."""
    return image_eol.build_date()


@dataclass
class Stage:
    index: int
    name: str  # lower case ('' when unnamed)
    name_raw: str
    base: str
    instr: cfp.Instruction
    instructions: list[cfp.Instruction] = field(default_factory=list)


@dataclass
class Context:
    artifact: Artifact
    parsed: cfp.ParsedContainerfile
    fragment: bool
    placeholders: bool
    today: date
    stages: list[Stage] = field(default_factory=list)
    preamble: list[cfp.Instruction] = field(default_factory=list)  # before the first FROM
    _commands: dict[int, list] = field(default_factory=dict)
    _all: list[cfp.Instruction] | None = None

    def finding(self, code: str, line: int, col: int = 1, **fmt) -> Finding:
        return self.artifact.finding(code, line, col, **fmt)

    def at(self, code: str, instr: cfp.Instruction, needle: str | None = None, **fmt) -> Finding:
        line, col = self.locate(instr, needle)
        return self.finding(code, line, col, **fmt)

    def locate(self, instr: cfp.Instruction, needle: str | re.Pattern | None) -> tuple[int, int]:
        """Line and column of ``needle`` (a literal or a regex) inside ``instr``, else of its keyword."""
        if needle:
            lines = self.parsed.lines
            for n in range(instr.start_line, min(instr.end_line, len(lines)) + 1):
                start = instr.column - 1 if n == instr.start_line else 0
                if isinstance(needle, str):
                    idx = lines[n - 1].find(needle, start)
                else:
                    m = needle.search(lines[n - 1], start)
                    idx = m.start() if m else -1
                if idx >= 0:
                    return n, idx + 1
        return instr.start_line, instr.column

    def commands(self, instr: cfp.Instruction) -> list[tuple[int, list[str]]]:
        """The simple commands a RUN executes (computed once per instruction)."""
        key = id(instr)
        found = self._commands.get(key)
        if found is None:
            found = self._commands[key] = shell_commands(run_script(instr))
        return found

    def all_instructions(self) -> list[cfp.Instruction]:
        """Every instruction, ONBUILD triggers included (they are checked like the rest)."""
        if self._all is None:
            self._all = []
            for instr in self.parsed.instructions:
                self._all.append(instr)
                if instr.trigger is not None:
                    self._all.append(instr.trigger)
        return self._all

    @property
    def stage_names(self) -> dict[str, Stage]:
        return {s.name: s for s in self.stages if s.name}

    def stage_of(self, instr: cfp.Instruction) -> Stage | None:
        for stage in reversed(self.stages):
            if stage.instr.start_line <= instr.start_line:
                return stage
        return None


def _build_stages(ctx: Context) -> None:
    for instr in ctx.parsed.instructions:
        if instr.cmd == "FROM":
            args = _from_args(instr)
            name_raw = args[2] if len(args) == 3 and args[1].lower() == "as" else ""
            ctx.stages.append(Stage(len(ctx.stages), name_raw.lower(), name_raw, args[0] if args else "", instr))
        elif ctx.stages:
            ctx.stages[-1].instructions.append(instr)
        else:
            ctx.preamble.append(instr)


def _from_args(instr: cfp.Instruction) -> tuple[str, ...]:
    return instr.args


# ---------------------------------------------------------------------------
# Helpers shared by rules

_PLACEHOLDER = re.compile(r"(?<![<\w])<(?!<)[A-Za-z][\w .:/@-]*(?<! )>")
_ELLIPSIS_LINE = re.compile(r"^(\s*)(\.\.\.|…)\s*$")
_VAR = re.compile(r"\$(?:\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?P<modifier>:?[-+?][^}]*)?\}|(?P<plain>[A-Za-z_][A-Za-z0-9_]*))")
_BUILTIN_ARGS = frozenset(
    ("TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT", "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT")
    + ("HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "ftp_proxy", "no_proxy", "all_proxy")
)


def has_placeholder(value: str) -> bool:
    return bool(_PLACEHOLDER.search(value)) or "..." in value or "…" in value


def _mask_placeholders(text: str) -> str:
    """Make ``<base image>`` one word and ``...`` lines comments, keeping every column."""
    out = []
    for line in text.split("\n"):
        m = _ELLIPSIS_LINE.match(line)
        line = m.group(1) + "#" + line[len(m.group(1)) + 1 :] if m else _PLACEHOLDER.sub(lambda mm: mm.group(0).replace(" ", "_"), line)
        out.append(line)
    return "\n".join(out)


def _skip_value(ctx: Context, value: str) -> bool:
    """Values that cannot be judged statically: variables, and placeholders when allowed."""
    return "$" in value or (ctx.placeholders and has_placeholder(value))


def _flag(instr: cfp.Instruction, name: str) -> str | None:
    """The value of ``--name=value`` (last one wins), '' for a bare ``--name``, None if absent."""
    found = None
    for f in instr.flags:
        key, sep, value = f[2:].partition("=")
        if key == name:
            found = value if sep else ""
    return found


_OPERATOR = re.compile(r"&&|\|\||[;|&()\n]")


def shell_commands(script: str) -> list[tuple[int, list[str]]]:
    """Simple commands of a shell script as (nesting depth, words).

    Quotes are respected; ``&&``, ``||``, ``;``, ``|``, ``&``, newlines and
    parentheses separate commands; leading ``VAR=value`` assignments are dropped.
    """
    commands: list[tuple[int, list[str]]] = []
    words: list[str] = []
    cur: list[str] = []
    depth = 0
    i, n = 0, len(script)

    def end_word():
        if cur:
            words.append("".join(cur))
            cur.clear()

    def end_command():
        end_word()
        while words and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", words[0]):
            words.pop(0)
        if words:
            commands.append((depth, list(words)))
        words.clear()

    while i < n:
        c = script[i]
        if c in "'\"":
            j = script.find(c, i + 1)
            j = n if j < 0 else j
            cur.append(script[i + 1 : j])
            i = j + 1
            continue
        if c == "\\" and i + 1 < n:
            if script[i + 1] != "\n":
                cur.append(script[i + 1])
            i += 2
            continue
        if c == "#" and not cur and (i == 0 or script[i - 1] in " \t\n;&|("):
            j = script.find("\n", i)
            i = n if j < 0 else j
            continue
        m = _OPERATOR.match(script, i)
        if m:
            end_command()
            if m.group(0) == "(":
                depth += 1
            elif m.group(0) == ")":
                depth = max(depth - 1, 0)
            i = m.end()
            continue
        if c in " \t":
            end_word()
        else:
            cur.append(c)
        i += 1
    end_command()
    return commands


def run_script(instr: cfp.Instruction) -> str:
    """The shell text a RUN executes: shell form, heredoc scripts, or JSON args."""
    if instr.json:
        return " ".join(instr.args)
    rest = instr.rest_after_flags
    script = rest
    if instr.heredocs and re.match(r"^\d*<<", rest):
        # ``RUN <<EOF`` (optionally ``RUN <<EOF bash``): the heredoc is the script.
        script = "\n".join(h.content for h in instr.heredocs)
    return script


def _runs(ctx: Context) -> Iterator[cfp.Instruction]:
    for instr in ctx.all_instructions():
        if instr.cmd == "RUN" and instr.error is None:
            yield instr


def _unwrap(words: list[str]) -> list[str]:
    """Drop command wrappers: ``sudo -E apt-get`` -> ``apt-get``."""
    while words and words[0] in ("sudo", "env", "nice", "time", "command", "exec", "nohup"):
        words = words[1:]
        while words and (words[0].startswith("-") or re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", words[0])):
            words = words[1:]
    return words


def _subcommand(words: list[str]) -> str:
    for w in words[1:]:
        if not w.startswith("-"):
            return w
    return ""


def _mounts(instr: cfp.Instruction) -> list[dict[str, str]]:
    out = []
    for f in instr.flags:
        if f.startswith("--mount="):
            opts = {}
            for part in f[len("--mount=") :].split(","):
                key, _, value = part.partition("=")
                opts[key.strip().lower()] = value.strip()
            out.append(opts)
    return out


def _cache_mount_on(instr: cfp.Instruction, prefix: str) -> bool:
    for m in _mounts(instr):
        target = m.get("target") or m.get("dst") or m.get("destination") or ""
        if m.get("type") in ("cache", "tmpfs") and target.rstrip("/").startswith(prefix):
            return True
    return False


# ---------------------------------------------------------------------------
# Rule registration helper

_rule = REGISTRY.rule

# ===========================================================================
# Errors: what docker build rejects or what cannot be meant


@_rule(
    "CF100",
    "UnknownInstruction",
    KIND,
    E,
    "unknown instruction '{word}'{hint}",
    "BuildKit rejects a word it does not know; in a course block it is usually a pasted shell prompt, prose, or a typo such as RUNN.",
)
def unknown_instruction(ctx: Context) -> Iterable[Finding]:
    for instr in ctx.all_instructions():
        if instr.known or instr.error:
            continue
        word = instr.keyword
        line_text = instr.line_text.strip()
        if word in ("$", "#", ">", "PS>", "C:\\>") or word.startswith("$"):
            hint = " (a shell prompt pasted into a Containerfile? put commands in RUN or in a console block)"
        elif word in ("...", "…"):
            hint = " (an ellipsis: mark the block <!-- course-check: placeholders -->)"
        else:
            close = difflib.get_close_matches(word.upper(), cfp.INSTRUCTIONS, n=1, cutoff=0.6)
            if close:
                hint = f" (did you mean {close[0]}?)"
            elif len(line_text.split()) >= 4 and line_text[:1].isupper() and not word.isupper():
                hint = " (prose inside a Containerfile block? move it out of the fence)"
            else:
                hint = ""
        yield ctx.finding("CF100", instr.start_line, instr.column, word=word, hint=hint)


@_rule(
    "CF101",
    "InvalidParserDirective",
    KIND,
    E,
    "{detail}",
    "A wrong # escape= or # check= directive changes how the whole file is read, or is rejected by BuildKit before the build starts.",
)
def invalid_parser_directive(ctx: Context) -> Iterable[Finding]:
    for p in ctx.parsed.problems:
        if p.kind == "directive":
            yield ctx.finding("CF101", p.line, p.column, detail=p.message)


@_rule(
    "CF102",
    "UnterminatedHeredoc",
    KIND,
    E,
    "{detail}",
    "A heredoc without its terminator line swallows the rest of the file; BuildKit fails with 'unterminated heredoc'.",
)
def unterminated_heredoc(ctx: Context) -> Iterable[Finding]:
    for p in ctx.parsed.problems:
        if p.kind == "heredoc":
            yield ctx.finding("CF102", p.line, p.column, detail=p.message)


_EXACTLY_ONE = ("WORKDIR", "USER", "STOPSIGNAL", "MAINTAINER")
_AT_LEAST_ONE = ("ENV", "LABEL", "ARG", "RUN", "EXPOSE", "VOLUME", "SHELL", "ONBUILD", "HEALTHCHECK")


@_rule(
    "CF103",
    "WrongArgumentCount",
    KIND,
    E,
    "{detail}",
    "Missing or extra arguments (WORKDIR alone, FROM x AS without a name, ENV without a value) are rejected by BuildKit.",
)
def wrong_argument_count(ctx: Context) -> Iterable[Finding]:
    for p in ctx.parsed.problems:
        if p.kind == "arguments":
            cmd = p.message.split()[0]
            yield ctx.finding("CF103", p.line, p.column, detail=f"{p.message}: write '{cmd} KEY=value' (a key alone has no value)")
    unterminated = {p.line for p in ctx.parsed.problems if p.kind == "heredoc"}
    for instr in ctx.all_instructions():
        if instr.error or not instr.known or instr.start_line in unterminated:
            continue  # an unterminated heredoc (CF102) leaves the instruction without arguments: not a second mistake
        cmd, args = instr.cmd, instr.args
        detail = None
        if cmd == "FROM":
            if not args:
                detail = "FROM needs an image: FROM <image>[:tag] [AS <name>]"
            elif len(args) == 2 and args[1].lower() == "as":
                detail = "FROM ... AS needs a stage name after AS"
            elif len(args) == 3 and args[1].lower() != "as":
                detail = f"FROM expects 'AS' before the stage name, found '{args[1]}'"
            elif len(args) not in (1, 3):
                detail = "FROM requires either one or three arguments: FROM <image> [AS <name>]"
        elif cmd in _EXACTLY_ONE and len(args) != 1:
            detail = f"{cmd} requires exactly one argument"
        elif cmd in _AT_LEAST_ONE and not args:
            detail = f"{cmd} requires at least one argument"
        elif cmd in ("CMD", "ENTRYPOINT") and not args and not instr.json:
            detail = f"{cmd} without a command: write the command, or {cmd} [] to reset it"
        elif cmd in ("COPY", "ADD") and len(args) < 2:
            detail = f"{cmd} requires at least two arguments: the source(s) and the destination"
        if detail:
            yield ctx.finding("CF103", instr.start_line, instr.column, detail=detail)


# Flags each instruction accepts (BuildKit dockerfile frontend 1.x, stable channel).
_FLAGS = {
    "FROM": {"platform": "value"},
    "RUN": {"mount": "multi", "network": "value", "security": "value", "device": "multi"},
    "COPY": {"from": "value", "chown": "value", "chmod": "value", "link": "bool", "parents": "bool", "exclude": "multi"},
    "ADD": {"chown": "value", "chmod": "value", "link": "bool", "keep-git-dir": "bool", "checksum": "value", "exclude": "multi", "unpack": "bool"},
    "HEALTHCHECK": {"interval": "value", "timeout": "value", "start-period": "value", "start-interval": "value", "retries": "value"},
}
_MOUNT_TYPES = ("bind", "cache", "tmpfs", "secret", "ssh")


@_rule(
    "CF104",
    "InvalidFlag",
    KIND,
    E,
    "{detail}",
    "BuildKit rejects flags an instruction does not accept and flags without their value (COPY --from foo instead of --from=foo).",
)
def invalid_flag(ctx: Context) -> Iterable[Finding]:
    for instr in ctx.all_instructions():
        if not instr.known or instr.error or not instr.flags:
            continue
        allowed = _FLAGS.get(instr.cmd, {})
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
                yield ctx.at("CF104", instr, f"--{key}", detail=detail)


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


_OCTAL = re.compile(r"^[0-7]{1,4}$")
_SYMBOLIC = re.compile(r"^[ugoa]*[-+=][rwxXst]*(?:,[ugoa]*[-+=][rwxXst]*)*$")


@_rule(
    "CF105",
    "InvalidChmod",
    KIND,
    E,
    "invalid --chmod value '{value}': use an octal mode such as 0755 (or a symbolic one such as u+x)",
    "BuildKit only accepts octal modes up to 07777 (and symbolic modes in recent frontends); anything else fails the build.",
)
def invalid_chmod(ctx: Context) -> Iterable[Finding]:
    for instr in ctx.all_instructions():
        if instr.cmd not in ("COPY", "ADD") or instr.error:
            continue
        value = _flag(instr, "chmod")
        if not value or _skip_value(ctx, value):
            continue
        if not (_OCTAL.match(value) or _SYMBOLIC.match(value)):
            yield ctx.at("CF105", instr, "--chmod", value=value)


_DURATION = re.compile(r"^(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$")


@_rule(
    "CF106",
    "InvalidHealthcheck",
    KIND,
    E,
    "{detail}",
    "BuildKit rejects HEALTHCHECK durations without a unit (--interval=5), negative retries, unknown types and NONE with arguments.",
)
def invalid_healthcheck(ctx: Context) -> Iterable[Finding]:
    for instr in ctx.all_instructions():
        if instr.cmd != "HEALTHCHECK" or instr.error or not instr.args:
            continue
        for key in ("interval", "timeout", "start-period", "start-interval"):
            value = _flag(instr, key)
            if value and not _skip_value(ctx, value) and value != "0" and not _DURATION.match(value):
                unit = " (missing unit: write 30s, 1m30s, 500ms)" if re.fullmatch(r"\d+(\.\d+)?", value) else ""
                yield ctx.at("CF106", instr, f"--{key}", detail=f"--{key}={value} is not a duration{unit}")
        retries = _flag(instr, "retries")
        if retries and not _skip_value(ctx, retries) and not re.fullmatch(r"\d+", retries):
            yield ctx.at("CF106", instr, "--retries", detail=f"--retries={retries} must be a whole number >= 0")
        kind = instr.args[0].upper()
        if kind == "NONE":
            if len(instr.args) > 1 or instr.flags:
                yield ctx.at("CF106", instr, None, detail="HEALTHCHECK NONE takes no arguments or flags")
        elif kind != "CMD":
            yield ctx.at(
                "CF106", instr, instr.args[0], detail=f"unknown HEALTHCHECK type '{instr.args[0]}' (use HEALTHCHECK [flags] CMD <command> or HEALTHCHECK NONE)"
            )
        elif len(instr.args) == 1:
            yield ctx.at("CF106", instr, None, detail="HEALTHCHECK CMD needs a command")


_PORT = re.compile(r"^(\d+)(?:-(\d+))?$")


@_rule(
    "CF107",
    "InvalidExposePort",
    KIND,
    E,
    "{detail}",
    "EXPOSE takes port[/protocol] with ports 0-65535 and protocol tcp, udp or sctp; anything else fails the build.",
)
def invalid_port(ctx: Context) -> Iterable[Finding]:
    for instr in ctx.all_instructions():
        if instr.cmd != "EXPOSE" or instr.error:
            continue
        for arg in instr.args:
            if _skip_value(ctx, arg):
                continue
            port, _, proto = arg.partition("/")
            port = port.rsplit(":", 1)[-1]
            detail = None
            m = _PORT.match(port)
            if not m:
                detail = f"'{arg}' is not a port or port range"
            elif int(m.group(1)) > 65535 or (m.group(2) and int(m.group(2)) > 65535):
                detail = f"'{arg}': ports range from 0 to 65535"
            elif m.group(2) and int(m.group(2)) < int(m.group(1)):
                detail = f"'{arg}': the range ends before it starts (write {m.group(2)}-{m.group(1)})"
            elif proto and proto.lower() not in ("tcp", "udp", "sctp"):
                detail = f"'{arg}': protocol must be tcp, udp or sctp"
            if detail:
                yield ctx.at("CF107", instr, arg, detail=detail)


@_rule(
    "DL3061",
    "InstructionBeforeFrom",
    KIND,
    E,
    "{cmd} before the first FROM: only ARG may come before FROM",
    "BuildKit fails with 'no build stage in current context' when anything but ARG precedes the first FROM.",
    scope="file",
)
def instruction_before_from(ctx: Context) -> Iterable[Finding]:
    if not ctx.stages:
        return
    for instr in ctx.preamble:
        if instr.known and instr.cmd != "ARG":
            yield ctx.finding("DL3061", instr.start_line, instr.column, cmd=instr.cmd)


@_rule(
    "CF108",
    "MissingFrom",
    KIND,
    E,
    "no FROM instruction: a Containerfile starts its build stage with FROM (mark a partial example <!-- course-check: fragment -->)",
    "A recipe without FROM does not build; partial examples must say so, so that nobody copies them as a complete file.",
    scope="file",
)
def missing_from(ctx: Context) -> Iterable[Finding]:
    if not ctx.stages:
        first = ctx.parsed.instructions[0] if ctx.parsed.instructions else None
        yield ctx.finding("CF108", first.start_line if first else 1, first.column if first else 1)


@_rule(
    "DL3024",
    "DuplicateStageName",
    KIND,
    E,
    "duplicate stage name '{name}' (first defined on line {first_line})",
    "Stage names must be unique; BuildKit refuses a second stage with the same name.",
    scope="file",
)
def duplicate_stage_name(ctx: Context) -> Iterable[Finding]:
    first: dict[str, Stage] = {}
    for stage in ctx.stages:
        if not stage.name:
            continue
        if stage.name in first:
            line = ctx.artifact.position(first[stage.name].instr.start_line)[1]
            yield ctx.at("DL3024", stage.instr, stage.name_raw, name=stage.name_raw, first_line=line)
        else:
            first[stage.name] = stage


_STAGE_NAME = re.compile(r"^[a-z][a-z0-9_.-]*$")


@_rule(
    "CF109",
    "InvalidStageName",
    KIND,
    E,
    "invalid stage name '{name}': start with a letter, then letters, digits, '-', '_' or '.'",
    "BuildKit rejects stage names that start with a digit or contain other symbols.",
)
def invalid_stage_name(ctx: Context) -> Iterable[Finding]:
    for stage in ctx.stages:
        if stage.name_raw and not _skip_value(ctx, stage.name_raw) and not _STAGE_NAME.match(stage.name):
            yield ctx.at("CF109", stage.instr, stage.name_raw, name=stage.name_raw)


# Meant as exec form: '[' then a quote, or a comma-separated first item ("[python, app.py]");
# not a shell test such as "[ -f /etc/app.conf ] && ...".
_EXEC_FORM_INTENT = re.compile(r"""^\[\s*(?:["'\u201c\u2018]|[^\s\],]+\s*,|\])""")


def _json_problem(text: str) -> str:
    if "'" in text and '"' not in text:
        return "JSON needs double quotes, not single quotes"
    try:
        value = json.loads(text)
    except ValueError as exc:
        return f"not valid JSON: {exc.msg} at column {exc.colno}"
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        return "exec form is a JSON array of strings"
    return ""


@_rule(
    "CF110",
    "MalformedJSONArgs",
    KIND,
    E,
    "{cmd} starts with '[' but is not valid JSON ({problem}); BuildKit silently runs it as a shell command",
    "A broken exec form does not fail the build: it becomes /bin/sh -c '[\"app\", ...' and fails only when the container starts.",
)
def malformed_json_args(ctx: Context) -> Iterable[Finding]:
    for instr in ctx.all_instructions():
        if instr.cmd not in ("RUN", "CMD", "ENTRYPOINT", "VOLUME", "SHELL") or instr.json or instr.error:
            continue
        rest = instr.rest_after_flags
        if _EXEC_FORM_INTENT.match(rest) and not (ctx.placeholders and has_placeholder(rest)):
            yield ctx.at("CF110", instr, "[", cmd=instr.cmd, problem=_json_problem(rest) or "not an array of strings")


@_rule(
    "CF111",
    "InvalidBaseImage",
    KIND,
    E,
    "'{ref}' is not a valid image reference ({problem})",
    "docker build fails with 'invalid reference format' for upper-case repository names, spaces or a bad tag.",
)
def invalid_base_image(ctx: Context) -> Iterable[Finding]:
    for stage in ctx.stages:
        ref = stage.base
        if not ref or _skip_value(ctx, ref) or ref.lower() in ctx.stage_names or ref == "scratch":
            continue
        problem = reference_problem(ref)
        if problem:
            yield ctx.at("CF111", stage.instr, ref, ref=ref, problem=problem)


_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_DOMAIN = r"(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::\d+)?|\[[0-9a-fA-F:]+\](?::\d+)?)"
_REFERENCE = re.compile(
    rf"^(?:{_DOMAIN}/)?{_COMPONENT}(?:/{_COMPONENT})*(?::[\w][\w.-]{{0,127}})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{{32,}})?$"
)


def reference_problem(ref: str) -> str:
    """Why ``ref`` is not a valid image reference ('' when it is)."""
    if _REFERENCE.match(ref):
        return ""
    name = ref.split("@")[0]
    path = name.rsplit(":", 1)[0] if name.count(":") and "/" not in name.rsplit(":", 1)[-1] else name
    first, _, remainder = path.partition("/")
    repo = remainder if remainder and ("." in first or ":" in first or first == "localhost") else path
    if repo != repo.lower():
        return "repository names must be lower case"
    if "@" in ref:
        return "malformed digest"
    return "invalid characters or tag"


@_rule(
    "CF112",
    "UnmarkedPlaceholder",
    KIND,
    E,
    "'{token}' looks like a placeholder: use a real value, or mark the block <!-- course-check: placeholders -->",
    "A syntax illustration copied as a recipe fails in confusing ways; marking it keeps real recipes real.",
)
def unmarked_placeholder(ctx: Context) -> Iterable[Finding]:
    if ctx.placeholders:
        return
    for instr in ctx.all_instructions():
        if instr.cmd in ("RUN", "CMD", "ENTRYPOINT", "SHELL", "HEALTHCHECK", "ONBUILD") or not instr.known:
            continue
        rest = instr.rest
        for m in _PLACEHOLDER.finditer(rest):
            if "@" in m.group(0):
                continue  # an e-mail address: "Team <team@example.org>"
            yield ctx.at("CF112", instr, m.group(0), token=m.group(0))
            break


@_rule(
    "CF113",
    "ShellRequiresJSON",
    KIND,
    E,
    'SHELL must be written in JSON form, e.g. SHELL ["/bin/bash", "-o", "pipefail", "-c"]',
    "BuildKit rejects SHELL in shell form.",
)
def shell_requires_json(ctx: Context) -> Iterable[Finding]:
    for instr in ctx.all_instructions():
        if instr.cmd == "SHELL" and instr.args and not instr.json and not instr.rest_after_flags.startswith("["):
            yield ctx.finding("CF113", instr.start_line, instr.column)


@_rule(
    "DL3021",
    "CopyToNonDirectory",
    KIND,
    E,
    "{cmd} with several sources needs a destination folder ending with '/'",
    "With more than one source the destination must be a directory written with a trailing slash; BuildKit fails otherwise.",
)
def copy_to_non_directory(ctx: Context) -> Iterable[Finding]:
    for instr in ctx.all_instructions():
        if instr.cmd not in ("COPY", "ADD") or instr.error or len(instr.args) <= 2:
            continue
        if any("=" not in f and _FLAGS[instr.cmd].get(f[2:]) == "value" for f in instr.flags):
            continue  # '--from foo' shifts the arguments; InvalidFlag reports it
        dest = instr.args[-1]
        if not dest.endswith("/") and not _skip_value(ctx, dest):
            yield ctx.at("DL3021", instr, dest, cmd=instr.cmd)


@_rule(
    "DL3023",
    "CopyFromOwnStage",
    KIND,
    E,
    "COPY --from={name} names the stage it is in",
    "A stage cannot copy from itself; BuildKit reports a circular dependency.",
    scope="file",
)
def copy_from_own_stage(ctx: Context) -> Iterable[Finding]:
    for stage in ctx.stages:
        for instr in stage.instructions:
            src = _flag(instr, "from") if instr.cmd == "COPY" else None
            if src and stage.name and src.lower() == stage.name:
                yield ctx.at("DL3023", instr, "--from", name=src)


@_rule(
    "CF114",
    "CopyFromUnknownStage",
    KIND,
    E,
    "COPY --from={name} names no earlier stage{hint}",
    "An unknown --from value is pulled as an image named like the typo; the build fails (or copies from a stranger's image).",
    scope="file",
)
def copy_from_unknown_stage(ctx: Context) -> Iterable[Finding]:
    names = [s.name for s in ctx.stages if s.name]
    for stage in ctx.stages:
        earlier = {s.name for s in ctx.stages[: stage.index] if s.name}
        for instr in stage.instructions:
            src = _flag(instr, "from") if instr.cmd == "COPY" else None
            if not src or _skip_value(ctx, src) or src.isdigit():
                continue
            low = src.lower()
            if low in earlier or low == stage.name or re.search(r"[:/@]", src):
                continue
            if low in names:
                hint = f" ('{src}' is defined later, on line {ctx.artifact.position(ctx.stage_names[low].instr.start_line)[1]}; move that stage up)"
            else:
                close = difflib.get_close_matches(low, names, n=1, cutoff=0.75)
                if not close:
                    continue  # an image such as --from=busybox
                hint = f"; did you mean '{close[0]}'?"
            yield ctx.at("CF114", instr, "--from", name=src, hint=hint)


@_rule(
    "DL3043",
    "InvalidOnbuildTrigger",
    KIND,
    E,
    "ONBUILD {trigger} is not allowed: ONBUILD cannot trigger ONBUILD, FROM or MAINTAINER",
    "BuildKit rejects these triggers.",
)
def invalid_onbuild_trigger(ctx: Context) -> Iterable[Finding]:
    for instr in ctx.parsed.instructions:
        if instr.cmd == "ONBUILD" and instr.sub_cmd and instr.sub_cmd.upper() in ("ONBUILD", "FROM", "MAINTAINER"):
            yield ctx.at("DL3043", instr, instr.sub_cmd, trigger=instr.sub_cmd.upper())


def _from_vars(instr: cfp.Instruction) -> Iterator[re.Match]:
    texts = [instr.args[0]] if instr.args else []
    platform = _flag(instr, "platform")
    if platform:
        texts.append(platform)
    for text in texts:
        yield from _VAR.finditer(text)


@_rule(
    "CF115",
    "UndefinedArgInFrom",
    KIND,
    E,
    "FROM uses ${name} but no ARG {name} is declared before the first FROM",
    "An undeclared variable expands to an empty string in FROM, which gives an invalid or unintended base image.",
    scope="file",
)
def undefined_arg_in_from(ctx: Context) -> Iterable[Finding]:
    declared = _global_args(ctx)
    for stage in ctx.stages:
        for m in _from_vars(stage.instr):
            name = m.group("braced") or m.group("plain")
            if name not in declared and name not in _BUILTIN_ARGS and not (m.group("modifier") or "").lstrip(":").startswith("-"):
                yield ctx.at("CF115", stage.instr, m.group(0), name=name)


def _global_args(ctx: Context) -> dict[str, str | None]:
    declared: dict[str, str | None] = {}
    for instr in ctx.preamble:
        if instr.cmd == "ARG":
            for arg in instr.args:
                key, sep, value = arg.partition("=")
                declared[key] = value if sep else None
    return declared


@_rule(
    "CF116",
    "InvalidDefaultArgInFrom",
    KIND,
    W,
    "ARG {name} has no default, so FROM gets an empty value unless --build-arg {name}=... is given",
    "Docker's InvalidDefaultArgInFrom: a base image that only works with a build argument breaks a plain docker build.",
    scope="file",
)
def invalid_default_arg_in_from(ctx: Context) -> Iterable[Finding]:
    declared = _global_args(ctx)
    for stage in ctx.stages:
        for m in _from_vars(stage.instr):
            name = m.group("braced") or m.group("plain")
            if name in declared and declared[name] in (None, "") and not m.group("modifier"):
                yield ctx.at("CF116", stage.instr, m.group(0), name=name)


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

    return _VAR.sub(value, text)


def _eol_refs(ctx: Context) -> Iterator[tuple[cfp.Instruction, str, str]]:
    """(instruction, image as written, image as built) of every base and COPY --from image."""
    names = ctx.stage_names
    declared = _global_args(ctx) if any("$" in (stage.base or "") for stage in ctx.stages) else {}
    for stage in ctx.stages:
        base = stage.base
        if base and "$" in base:
            base = _with_arg_defaults(base, declared)  # FROM ${BASE} with ARG BASE=centos:7 builds centos:7
        if base and base.lower() not in names and base != "scratch":
            yield stage.instr, stage.base, base
    for instr in ctx.all_instructions():
        if instr.cmd == "COPY":
            src = _flag(instr, "from")
            if src and re.search(r"[:/]", src):
                yield instr, src, src


@_rule(
    "CF200",
    "EndOfLifeBaseImage",
    KIND,
    E,
    "base image '{ref}' reached its end of support on {date}: use {hint}",
    "End-of-life images get no security fixes; a course must not teach them (the old course used centos:7, ubuntu:16.04, alpine:3.5 and python:3.5). Dates: coursekit/validation/image_eol.py.",
)
def end_of_life_base_image(ctx: Context) -> Iterable[Finding]:
    for instr, written, ref in _eol_refs(ctx):
        if _skip_value(ctx, ref):
            continue
        status = image_eol.eol_status(ref, ctx.today)
        if status:
            eol, hint = status
            finding = ctx.at("CF200", instr, written, ref=ref, date=eol.isoformat(), hint=hint)
            if written != ref:  # FROM ${BASE}: say where the image comes from
                finding = dataclasses.replace(finding, message=finding.message.replace(f"'{ref}'", f"'{ref}' ('{written}' with its ARG default)", 1))
            yield finding


@_rule(
    "CF250",
    "BaseImageNearEndOfLife",
    KIND,
    W,
    "base image '{ref}' reaches its end of support on {date}, in {days} days: move to {hint} before then",
    "Warns WARNING_HORIZON (90 days) before CF200 turns the same image into an error, so maintainers move the course before the build breaks. Dates: coursekit/validation/image_eol.py.",
)
def base_image_near_end_of_life(ctx: Context) -> Iterable[Finding]:
    for instr, written, ref in _eol_refs(ctx):
        if _skip_value(ctx, ref):
            continue
        soon = image_eol.eol_soon(ref, ctx.today)
        if soon:
            eol, hint = soon
            yield ctx.at("CF250", instr, written, ref=ref, date=eol.isoformat(), days=(eol - ctx.today).days, hint=hint)


# ===========================================================================
# Findings a reviewer must see (warnings unless noted)


@_rule(
    "DL3025",
    "JSONArgsRecommended",
    KIND,
    W,
    '{cmd} in shell form runs under /bin/sh -c: prefer the exec form {cmd} ["executable", "arg"]',
    "In shell form the shell is PID 1 and does not forward SIGTERM: docker stop waits 10 s and kills the app.",
)
def json_args_recommended(ctx: Context) -> Iterable[Finding]:
    for instr in ctx.all_instructions():
        if instr.cmd not in ("CMD", "ENTRYPOINT") or instr.json or not instr.args or instr.error:
            continue
        if _EXEC_FORM_INTENT.match(instr.rest_after_flags):
            continue  # MalformedJSONArgs reports it
        stage = ctx.stage_of(instr)
        if stage and any(i.cmd == "SHELL" and i.start_line < instr.start_line for i in stage.instructions):
            continue  # an explicit SHELL makes the shell form deliberate
        yield ctx.finding("DL3025", instr.start_line, instr.column, cmd=instr.cmd)


@_rule(
    "DL4000",
    "MaintainerDeprecated",
    KIND,
    W,
    'MAINTAINER is deprecated: use LABEL org.opencontainers.image.authors="..."',
    "MAINTAINER has been deprecated since Docker 1.13; labels are the standard place for metadata.",
)
def maintainer_deprecated(ctx: Context) -> Iterable[Finding]:
    for instr in ctx.all_instructions():
        if instr.cmd == "MAINTAINER":
            yield ctx.finding("DL4000", instr.start_line, instr.column)


def _image_refs(ctx: Context) -> Iterator[tuple[Stage, str]]:
    names = ctx.stage_names
    for stage in ctx.stages:
        ref = stage.base
        if not ref or ref == "scratch" or ref.lower() in names or _skip_value(ctx, ref) or reference_problem(ref):
            continue
        yield stage, ref


@_rule(
    "DL3006",
    "UntaggedImage",
    KIND,
    W,
    "base image '{ref}' has no tag: pin a version such as {ref}:<version>",
    "An untagged image means :latest, which changes under you: builds stop being reproducible and break without a change in the course.",
)
def untagged_image(ctx: Context) -> Iterable[Finding]:
    for stage, ref in _image_refs(ctx):
        _, tag = image_eol.split_reference(ref)
        if not tag and "@" not in ref:
            yield ctx.at("DL3006", stage.instr, ref, ref=ref)


@_rule(
    "DL3007",
    "LatestTag",
    KIND,
    W,
    "base image '{ref}' uses :latest: pin a version",
    "':latest' is whatever was pushed last; the recipe may build something else next month.",
)
def latest_tag(ctx: Context) -> Iterable[Finding]:
    for stage, ref in _image_refs(ctx):
        _, tag = image_eol.split_reference(ref)
        if tag == "latest" and "@" not in ref:
            yield ctx.at("DL3007", stage.instr, ref, ref=ref)


_ARCHIVE = re.compile(r"\.(?:tar|tar\.(?:gz|bz2|xz|zst|lz|lzma|z)|tgz|tbz2?|tb2|txz|tzst|tlz|gz|bz2|xz|zst)$", re.IGNORECASE)


@_rule(
    "DL3020",
    "AddInsteadOfCopy",
    KIND,
    W,
    "ADD of local files: use COPY (ADD is for URLs, git repositories and tar archives)",
    "ADD has hidden behaviour (it unpacks archives, fetches URLs); COPY says exactly what happens.",
)
def add_instead_of_copy(ctx: Context) -> Iterable[Finding]:
    for instr in ctx.all_instructions():
        if instr.cmd != "ADD" or instr.error or len(instr.args) < 2 or instr.heredocs:
            continue
        if any(_flag(instr, f) is not None for f in ("checksum", "keep-git-dir", "unpack")):
            continue
        sources = instr.args[:-1]
        if any(re.match(r"^(?:https?|git|ssh)://|^git@", s) or _ARCHIVE.search(s) or "$" in s or (ctx.placeholders and has_placeholder(s)) for s in sources):
            continue
        yield ctx.finding("DL3020", instr.start_line, instr.column)


_APT_GET_INSTALL = re.compile(r"apt-get\b[^\n&;|]*\binstall\b")


def _apt_get_installs(ctx: Context, instr: cfp.Instruction) -> list[list[str]]:
    out = []
    for _, words in ctx.commands(instr):
        words = _unwrap(words)
        if words and words[0] == "apt-get" and _subcommand(words) == "install":
            out.append(words)
    return out


@_rule(
    "DL3014",
    "AptGetInstallWithoutYes",
    KIND,
    E,
    "apt-get install without -y: the build has no terminal and apt-get aborts at its confirmation prompt",
    "In docker build apt-get cannot ask 'Do you want to continue?'; without -y it aborts and the build fails.",
)
def apt_get_without_yes(ctx: Context) -> Iterable[Finding]:
    for instr in _runs(ctx):
        for words in _apt_get_installs(ctx, instr):
            opts = [w for w in words[1:] if w.startswith("-")]
            yes = any(w in ("--yes", "--assume-yes", "-qq", "--quiet=2", "-q=2") or (re.match(r"^-[a-zA-Z]+$", w) and "y" in w) for w in opts)
            if not yes:
                yield ctx.at("DL3014", instr, _APT_GET_INSTALL)


@_rule(
    "DL3009",
    "AptListsNotCleaned",
    KIND,
    W,
    "apt-get lists stay in the image: end the same RUN with rm -rf /var/lib/apt/lists/* (or use a cache mount)",
    "The package lists add tens of MB to the final image and go stale; deleting them in the same layer keeps the image small.",
)
def apt_lists_not_cleaned(ctx: Context) -> Iterable[Finding]:
    last = ctx.stages[-1] if ctx.stages else None
    for instr in _runs(ctx):
        if last is not None and ctx.stage_of(instr) is not last:
            continue  # an intermediate build stage is discarded
        script = run_script(instr)
        if not re.search(r"\bapt-get\b[^\n&;|]*\b(?:install|update)\b", script):
            continue
        if "/var/lib/apt/lists" in script or _cache_mount_on(instr, "/var/lib/apt"):
            continue
        yield ctx.at("DL3009", instr, _APT_GET_INSTALL)


@_rule(
    "DL3019",
    "ApkAddWithoutNoCache",
    KIND,
    W,
    "apk add without --no-cache leaves the package index in the image",
    "apk add --no-cache fetches the index on the fly and stores nothing; no apk update and no cleanup needed.",
)
def apk_add_without_no_cache(ctx: Context) -> Iterable[Finding]:
    for instr in _runs(ctx):
        script = run_script(instr)
        if "/var/cache/apk" in script or _cache_mount_on(instr, "/var/cache/apk") or _cache_mount_on(instr, "/etc/apk/cache"):
            continue
        for _, words in ctx.commands(instr):
            words = _unwrap(words)
            if words and words[0] == "apk" and _subcommand(words) == "add" and "--no-cache" not in words:
                yield ctx.at("DL3019", instr, "apk")
                break


@_rule(
    "DL3027",
    "AptInsteadOfAptGet",
    KIND,
    W,
    "apt is meant for people at a terminal: use apt-get (or apt-cache) in scripts",
    "apt's interface is not stable for scripts and warns about it; apt-get is the scripting interface.",
)
def apt_instead_of_apt_get(ctx: Context) -> Iterable[Finding]:
    for instr in _runs(ctx):
        for _, words in ctx.commands(instr):
            words = _unwrap(words)
            if words and words[0] == "apt":
                yield ctx.at("DL3027", instr, "apt ")
                break


@_rule(
    "DL3003",
    "CdInsteadOfWorkdir",
    KIND,
    W,
    "RUN cd only lasts for this RUN: use WORKDIR to change directory",
    "A cd in RUN does not carry over to the next instruction, which surprises readers; WORKDIR is explicit and creates the folder.",
)
def cd_instead_of_workdir(ctx: Context) -> Iterable[Finding]:
    for instr in _runs(ctx):
        if instr.json:
            continue
        for depth, words in ctx.commands(instr):
            if depth == 0 and words[0] == "cd":
                yield ctx.at("DL3003", instr, "cd ")
                break


@_rule(
    "DL3004",
    "SudoInRun",
    KIND,
    E,
    "do not use sudo: RUN already runs as root (switch users with USER)",
    "sudo is missing from most base images and may prompt for a password; the build fails or hangs.",
)
def sudo_in_run(ctx: Context) -> Iterable[Finding]:
    for instr in _runs(ctx):
        for _, words in ctx.commands(instr):
            if words and words[0] == "sudo":
                yield ctx.at("DL3004", instr, "sudo")
                break


# Dependency installs and the manifest files they read (for layer caching).
_DEPENDENCY_INSTALLS = (
    (re.compile(r"\bpip3?\b[^\n&;|]*\binstall\b[^\n&;|]*(?:-r|--requirement)[ =]"), ("requirements", "constraints")),
    (re.compile(r"\b(?:poetry install|uv sync|pipenv install)\b"), ("pyproject.toml", "poetry.lock", "uv.lock", "pipfile")),
    (
        re.compile(r"\b(?:npm (?:ci|install|i)|yarn(?: install)?|pnpm (?:install|i))(?:\s+--?[\w-]+(?:=\S+)?)*\s*(?:$|&&|;|\|)", re.MULTILINE),
        ("package.json", "package-lock.json", "yarn.lock", "pnpm-lock.yaml"),
    ),
    (re.compile(r"\bgo mod download\b"), ("go.mod", "go.sum")),
    (re.compile(r"\bmvn\b[^\n&;|]*\bdependency:(?:go-offline|resolve)\b"), ("pom.xml",)),
    (re.compile(r"\bbundle install\b"), ("gemfile",)),
    (re.compile(r"\bcomposer install\b"), ("composer.json", "composer.lock")),
)


_PLAIN_FILES = ("gemfile", "pipfile", "makefile", "dockerfile", "containerfile", "license", "readme", "procfile", "justfile")


def _broad_source(src: str) -> bool:
    """``.``, ``./``, a folder (``app/``) or a name without an extension (``/mypy``): copies a whole tree."""
    if src in (".", "./") or src.endswith("/"):
        return True
    base = os.path.basename(src).lower()
    return bool(base) and "." not in base and "*" not in base and base not in _PLAIN_FILES and "$" not in src


@_rule(
    "CF214",
    "CopyAllBeforeDependencyInstall",
    KIND,
    W,
    "COPY {src} copies all sources before the dependency install on line {run_line}: copy only the dependency manifest first, then install, then copy the rest",
    "Every source change then invalidates the cached dependency layer and reinstalls everything; copying the manifest first keeps that layer cached.",
)
def copy_all_before_dependency_install(ctx: Context) -> Iterable[Finding]:
    groups = [ctx.preamble, *([s.instr, *s.instructions] for s in ctx.stages)] if ctx.stages else [ctx.parsed.instructions]
    for instructions in groups:
        broad: cfp.Instruction | None = None
        manifests: list[str] = []
        for instr in instructions:
            if instr.cmd == "COPY" and _flag(instr, "from") is None and not instr.heredocs and len(instr.args) >= 2:
                sources = instr.args[:-1]
                manifests.extend(os.path.basename(s.rstrip("/")).lower() for s in sources if not _broad_source(s))
                if broad is None and any(_broad_source(s) for s in sources):
                    broad = instr
            elif instr.cmd == "RUN" and broad is not None:
                script = run_script(instr)
                for pattern, names in _DEPENDENCY_INSTALLS:
                    if pattern.search(script) and not any(m.startswith(n) for m in manifests for n in names):
                        src = next(s for s in broad.args[:-1] if _broad_source(s))
                        yield ctx.at("CF214", broad, src, src=src, run_line=ctx.artifact.position(instr.start_line)[1])
                        broad = None
                        break


# --- Docker build checks (docker build --check), warnings as in Docker -------


@_rule(
    "CF201",
    "NoEmptyContinuation",
    KIND,
    W,
    "empty line inside a continued instruction (Docker will make this an error)",
    "Docker's NoEmptyContinuation: empty continuation lines are deprecated and hide where an instruction ends.",
)
def no_empty_continuation(ctx: Context) -> Iterable[Finding]:
    for instr in ctx.parsed.instructions:
        for line in instr.empty_continuation_lines:
            yield ctx.finding("CF201", line, 1)


@_rule(
    "CF202",
    "ConsistentInstructionCasing",
    KIND,
    W,
    "'{word}' should match the case of the other instructions ({case})",
    "Docker's ConsistentInstructionCasing: mixed casing makes recipes harder to scan; upper case is the convention.",
)
def consistent_instruction_casing(ctx: Context) -> Iterable[Finding]:
    instrs = [i for i in ctx.parsed.instructions if i.known]
    upper = sum(1 for i in instrs if i.keyword.isupper())
    lower = sum(1 for i in instrs if i.keyword.islower())
    case = "upper case" if upper >= lower else "lower case"
    for i in instrs:
        if (case == "upper case" and not i.keyword.isupper()) or (case == "lower case" and not i.keyword.islower()):
            yield ctx.finding("CF202", i.start_line, i.column, word=i.keyword, case=case)


@_rule(
    "CF203",
    "FromAsCasing",
    KIND,
    W,
    "'{as_word}' should match the case of '{from_word}'",
    "Docker's FromAsCasing: FROM and AS in different cases look like a typo.",
)
def from_as_casing(ctx: Context) -> Iterable[Finding]:
    for stage in ctx.stages:
        args = stage.instr.args
        if len(args) == 3 and args[1].lower() == "as":
            kw, as_word = stage.instr.keyword, args[1]
            if (kw.isupper() and not as_word.isupper()) or (kw.islower() and not as_word.islower()):
                yield ctx.at("CF203", stage.instr, f" {as_word} ", as_word=as_word, from_word=kw)


@_rule(
    "CF204",
    "StageNameCasing",
    KIND,
    W,
    "stage name '{name}' should be lower case",
    "Docker's StageNameCasing: stage names are case-insensitive; lower case avoids look-alike names.",
)
def stage_name_casing(ctx: Context) -> Iterable[Finding]:
    for stage in ctx.stages:
        if stage.name_raw and stage.name_raw != stage.name_raw.lower() and not _skip_value(ctx, stage.name_raw):
            yield ctx.at("CF204", stage.instr, stage.name_raw, name=stage.name_raw)


@_rule(
    "CF205",
    "ReservedStageName",
    KIND,
    W,
    "'{name}' is reserved and cannot be used as a stage name",
    "Docker's ReservedStageName: 'scratch' and 'context' have special meanings in FROM and --from.",
)
def reserved_stage_name(ctx: Context) -> Iterable[Finding]:
    for stage in ctx.stages:
        if stage.name in ("scratch", "context"):
            yield ctx.at("CF205", stage.instr, stage.name_raw, name=stage.name_raw)


@_rule(
    "CF206",
    "WorkdirRelativePath",
    KIND,
    W,
    "relative WORKDIR '{path}' depends on the base image's working directory: use an absolute path",
    "Docker's WorkdirRelativePath: a relative WORKDIR resolves against whatever the base image set.",
    scope="file",
)
def workdir_relative_path(ctx: Context) -> Iterable[Finding]:
    for stage in ctx.stages:
        for instr in stage.instructions:
            if instr.cmd != "WORKDIR" or len(instr.args) != 1:
                continue
            path = instr.args[0].strip("\"'")
            if _skip_value(ctx, path) or path.startswith("/") or re.match(r"^[A-Za-z]:[\\/]", path) or path.startswith("\\"):
                break
            yield ctx.at("CF206", instr, path, path=path)
            break


@_rule(
    "CF207",
    "MultipleInstructionsDisallowed",
    KIND,
    W,
    "more than one {cmd} in this stage: only the last one (line {last_line}) takes effect",
    "Docker's MultipleInstructionsDisallowed: earlier CMD/ENTRYPOINT/HEALTHCHECK instructions are silently overridden.",
    scope="file",
)
def multiple_instructions(ctx: Context) -> Iterable[Finding]:
    for stage in ctx.stages:
        for cmd in ("CMD", "ENTRYPOINT", "HEALTHCHECK"):
            found = [i for i in stage.instructions if i.cmd == cmd]
            for instr in found[:-1]:
                yield ctx.finding("CF207", instr.start_line, instr.column, cmd=cmd, last_line=ctx.artifact.position(found[-1].start_line)[1])


@_rule(
    "CF208",
    "LegacyKeyValueFormat",
    KIND,
    W,
    "'{cmd} key value' is the legacy format: write {cmd} {key}=value",
    "Docker's LegacyKeyValueFormat: the space-separated form sets only one variable and is ambiguous with values containing spaces.",
)
def legacy_key_value(ctx: Context) -> Iterable[Finding]:
    for instr in ctx.all_instructions():
        if instr.cmd not in ("ENV", "LABEL") or instr.error or not instr.args:
            continue
        first = instr.rest_after_flags.split(None, 1)[0] if instr.rest_after_flags else ""
        if first and "=" not in first:
            yield ctx.finding("CF208", instr.start_line, instr.column, cmd=instr.cmd, key=first)


_SECRET_NAME = re.compile(r"(?i)(?:_|^)(?:apikey|auth|credential|credentials|key|password|pword|passwd|secret|token)(?:_|$)")


@_rule(
    "CF209",
    "SecretsUsedInArgOrEnv",
    KIND,
    W,
    "{cmd} {name} looks like a secret: build arguments and environment variables end up in the image; use RUN --mount=type=secret",
    "Docker's SecretsUsedInArgOrEnv: ARG and ENV values are visible in docker history and docker inspect.",
)
def secrets_in_arg_or_env(ctx: Context) -> Iterable[Finding]:
    for instr in ctx.all_instructions():
        if instr.cmd not in ("ARG", "ENV") or instr.error:
            continue
        names = instr.args[0::2] if instr.cmd == "ENV" else [a.split("=", 1)[0] for a in instr.args]
        for name in names:
            if _SECRET_NAME.search(name) and "public" not in name.lower():
                yield ctx.at("CF209", instr, name, cmd=instr.cmd, name=name)


@_rule(
    "CF210",
    "RedundantTargetPlatform",
    KIND,
    W,
    "--platform=$TARGETPLATFORM is the default: drop it",
    "Docker's RedundantTargetPlatform: it adds noise and suggests a cross-build that does not happen.",
)
def redundant_target_platform(ctx: Context) -> Iterable[Finding]:
    for stage in ctx.stages:
        if _flag(stage.instr, "platform") in ("$TARGETPLATFORM", "${TARGETPLATFORM}"):
            yield ctx.at("CF210", stage.instr, "--platform")


@_rule(
    "CF211",
    "FromPlatformFlagConstDisallowed",
    KIND,
    W,
    "FROM --platform={value} pins the platform: use $BUILDPLATFORM or $TARGETPLATFORM, or leave it out",
    "Docker's FromPlatformFlagConstDisallowed: a constant platform breaks multi-platform builds and runs emulated elsewhere.",
)
def from_platform_const(ctx: Context) -> Iterable[Finding]:
    for stage in ctx.stages:
        value = _flag(stage.instr, "platform")
        if value and "$" not in value and stage.name != value.replace("/", "-"):
            yield ctx.at("CF211", stage.instr, "--platform", value=value)


@_rule(
    "CF212", "ExposeProtoCasing", KIND, W, "protocol in '{arg}' should be lower case", "Docker's ExposeProtoCasing: protocols are lower case (tcp, udp, sctp)."
)
def expose_proto_casing(ctx: Context) -> Iterable[Finding]:
    for instr in ctx.all_instructions():
        if instr.cmd == "EXPOSE":
            for arg in instr.args:
                proto = arg.partition("/")[2]
                if proto and proto != proto.lower() and "$" not in proto:
                    yield ctx.at("CF212", instr, arg, arg=arg)


@_rule(
    "CF213",
    "ExposeInvalidFormat",
    KIND,
    W,
    "EXPOSE '{arg}' includes an IP address or host port: EXPOSE documents container ports only (publish with docker run -p)",
    "Docker's ExposeInvalidFormat: host mappings in EXPOSE are ignored and will be rejected.",
)
def expose_invalid_format(ctx: Context) -> Iterable[Finding]:
    for instr in ctx.all_instructions():
        if instr.cmd == "EXPOSE":
            for arg in instr.args:
                if ":" in arg and "$" not in arg:
                    yield ctx.at("CF213", instr, arg, arg=arg)


@_rule(
    "CF300",
    "HadolintFinding",
    KIND,
    W,
    "hadolint {hcode}: {text}",
    "Optional second engine (course-check --hadolint or COURSE_CHECK_HADOLINT=1): hadolint's other rules and ShellCheck on RUN, as advice. Off by default; see coursekit/validation/containerfile/hadolint_engine.py.",
    scope="file",
)
def hadolint_finding(ctx: Context) -> Iterable[Finding]:
    if not hadolint_engine.enabled() or ctx.placeholders:
        return
    spans = [(i.start_line, i.end_line) for i in ctx.parsed.instructions if i.heredocs]
    for r in hadolint_engine.run(hadolint_engine.prepare(ctx.parsed.lines, spans)):
        text = str(r.get("message", "")).splitlines()[0] if r.get("message") else ""
        yield ctx.finding("CF300", int(r.get("line") or 1), int(r.get("column") or 1), hcode=r.get("code", "?"), text=text)


# ---------------------------------------------------------------------------
# The kind

#: Docker's own build-check names (``# check=error=true`` turns these into errors).
DOCKER_CHECKS = frozenset(
    n.lower()
    for n in (
        "NoEmptyContinuation",
        "ConsistentInstructionCasing",
        "FromAsCasing",
        "StageNameCasing",
        "ReservedStageName",
        "WorkdirRelativePath",
        "MultipleInstructionsDisallowed",
        "LegacyKeyValueFormat",
        "SecretsUsedInArgOrEnv",
        "RedundantTargetPlatform",
        "FromPlatformFlagConstDisallowed",
        "ExposeProtoCasing",
        "ExposeInvalidFormat",
        "JSONArgsRecommended",
        "MaintainerDeprecated",
        "DuplicateStageName",
        "UndefinedArgInFrom",
        "InvalidDefaultArgInFrom",
    )
)

_FILE_ANNOTATION = re.compile(r"^\s*#\s*course-check:\s*(?P<body>.*?)\s*$")
_rules_cache: list = []


def _rules() -> list:
    if not _rules_cache:
        _rules_cache.extend(r for r in REGISTRY.of_kind(KIND) if r.check is not None)
    return _rules_cache


def _file_annotation(artifact: Artifact) -> Annotation | None:
    """A ``# course-check: ...`` comment among a Containerfile's leading comments annotates the file itself.

    Lab files have no Markdown around them; the same comment also works when the
    file is shown through a snippet (a block's own annotation takes precedence).
    """
    leading: list = []
    for src in artifact.lines[:40]:
        if src.text.strip() and not src.text.lstrip().startswith("#"):
            break
        leading.append(src)
    for src in leading:
        m = _FILE_ANNOTATION.match(src.text)
        if m:
            ann = parse_annotation(m.group("body"), src.path, src.line)
            # The comment stays in the file trainees see (page, print page, search, download: what they run
            # is exactly what was checked), so the file must say what it is.
            if not any("course-check" in o.text and not _FILE_ANNOTATION.match(o.text) for o in leading):
                ann.problems.append(
                    "a '# course-check:' comment is shown to trainees (page, print page, search, download): explain it in a comment "
                    "above it, e.g. '# The course-check line below is a marker for the course's own checker; Docker ignores it.'"
                )
            return ann
    return None


def check(artifact: Artifact) -> list[Finding]:
    """All Containerfile findings of one artefact (annotations are applied by the checker)."""
    if artifact.annotation is None:
        in_file = _file_annotation(artifact)
        if in_file is not None:
            annotated = dataclasses.replace(artifact, annotation=in_file)
            return apply_annotation(annotated, check(annotated))
    text = artifact.text
    placeholders = artifact.placeholders
    if placeholders:
        text = _mask_placeholders(text)
    parsed = cfp.parse(text)
    ctx = Context(artifact, parsed, artifact.fragment, placeholders, today())
    _build_stages(ctx)
    findings: list[Finding] = []
    for rule in _rules():
        if rule.scope == "file" and ctx.fragment:
            continue
        findings.extend(rule.check(ctx))
    if parsed.check_skip or parsed.check_error:
        findings = _apply_check_directive(findings, parsed)
    return findings


def _apply_check_directive(findings: list[Finding], parsed: cfp.ParsedContainerfile) -> list[Finding]:
    out = []
    for f in findings:
        rule = REGISTRY.get(f.code)
        if f.severity is Severity.WARNING and rule is not None:
            if "all" in parsed.check_skip or rule.name.lower() in parsed.check_skip or rule.code.lower() in parsed.check_skip:
                continue
            if parsed.check_error and rule.name.lower() in DOCKER_CHECKS:
                f = Finding(f.path, f.line, f.column, Severity.ERROR, f.code, f.message)
        out.append(f)
    return out


register_kind(Kind(KIND, block_matches, is_containerfile_name, check))
