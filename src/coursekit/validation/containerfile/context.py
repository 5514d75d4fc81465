"""HELPERS"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from coursekit.validation import image_eol
from coursekit.validation.artifact import Artifact
from coursekit.validation.containerfile import parser as cfp
from coursekit.validation.findings import Finding, Severity

KIND = "containerfile"


E, W = Severity.ERROR, Severity.WARNING


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


def build_stages(ctx: Context) -> None:
    for instr in ctx.parsed.instructions:
        if instr.cmd == "FROM":
            args = from_args(instr)
            name_raw = args[2] if len(args) == 3 and args[1].lower() == "as" else ""
            ctx.stages.append(Stage(len(ctx.stages), name_raw.lower(), name_raw, args[0] if args else "", instr))
        elif ctx.stages:
            ctx.stages[-1].instructions.append(instr)
        else:
            ctx.preamble.append(instr)


def from_args(instr: cfp.Instruction) -> tuple[str, ...]:
    return instr.args


PLACEHOLDER = re.compile(r"(?<![<\w])<(?!<)[A-Za-z][\w .:/@-]*(?<! )>")


ELLIPSIS_LINE = re.compile(r"^(\s*)(\.\.\.|…)\s*$")


VAR = re.compile(r"\$(?:\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?P<modifier>:?[-+?][^}]*)?\}|(?P<plain>[A-Za-z_][A-Za-z0-9_]*))")


BUILTIN_ARGS = frozenset(
    ("TARGETPLATFORM", "TARGETOS", "TARGETARCH", "TARGETVARIANT", "BUILDPLATFORM", "BUILDOS", "BUILDARCH", "BUILDVARIANT")
    + ("HTTP_PROXY", "HTTPS_PROXY", "FTP_PROXY", "NO_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "ftp_proxy", "no_proxy", "all_proxy")
)


def has_placeholder(value: str) -> bool:
    return bool(PLACEHOLDER.search(value)) or "..." in value or "…" in value


def mask_placeholders(text: str) -> str:
    """Make ``<base image>`` one word and ``...`` lines comments, keeping every column."""
    out = []
    for line in text.split("\n"):
        m = ELLIPSIS_LINE.match(line)
        line = m.group(1) + "#" + line[len(m.group(1)) + 1 :] if m else PLACEHOLDER.sub(lambda mm: mm.group(0).replace(" ", "_"), line)
        out.append(line)
    return "\n".join(out)


def skip_value(ctx: Context, value: str) -> bool:
    """Values that cannot be judged statically: variables, and placeholders when allowed."""
    return "$" in value or (ctx.placeholders and has_placeholder(value))


def flag(instr: cfp.Instruction, name: str) -> str | None:
    """The value of ``--name=value`` (last one wins), '' for a bare ``--name``, None if absent."""
    found = None
    for f in instr.flags:
        key, sep, value = f[2:].partition("=")
        if key == name:
            found = value if sep else ""
    return found


OPERATOR = re.compile(r"&&|\|\||[;|&()\n]")


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
        m = OPERATOR.match(script, i)
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


def runs(ctx: Context) -> Iterator[cfp.Instruction]:
    for instr in ctx.all_instructions():
        if instr.cmd == "RUN" and instr.error is None:
            yield instr


def unwrap(words: list[str]) -> list[str]:
    """Drop command wrappers: ``sudo -E apt-get`` -> ``apt-get``."""
    while words and words[0] in ("sudo", "env", "nice", "time", "command", "exec", "nohup"):
        words = words[1:]
        while words and (words[0].startswith("-") or re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", words[0])):
            words = words[1:]
    return words


def subcommand(words: list[str]) -> str:
    for w in words[1:]:
        if not w.startswith("-"):
            return w
    return ""


def mounts(instr: cfp.Instruction) -> list[dict[str, str]]:
    out = []
    for f in instr.flags:
        if f.startswith("--mount="):
            opts = {}
            for part in f[len("--mount=") :].split(","):
                key, _, value = part.partition("=")
                opts[key.strip().lower()] = value.strip()
            out.append(opts)
    return out


def cache_mount_on(instr: cfp.Instruction, prefix: str) -> bool:
    for m in mounts(instr):
        target = m.get("target") or m.get("dst") or m.get("destination") or ""
        if m.get("type") in ("cache", "tmpfs") and target.rstrip("/").startswith(prefix):
            return True
    return False


# Flags each instruction accepts (BuildKit dockerfile frontend 1.x, stable channel).
FLAGS = {
    "FROM": {"platform": "value"},
    "RUN": {"mount": "multi", "network": "value", "security": "value", "device": "multi"},
    "COPY": {"from": "value", "chown": "value", "chmod": "value", "link": "bool", "parents": "bool", "exclude": "multi"},
    "ADD": {"chown": "value", "chmod": "value", "link": "bool", "keep-git-dir": "bool", "checksum": "value", "exclude": "multi", "unpack": "bool"},
    "HEALTHCHECK": {"interval": "value", "timeout": "value", "start-period": "value", "start-interval": "value", "retries": "value"},
}


# Meant as exec form: '[' then a quote, or a comma-separated first item ("[python, app.py]");
# not a shell test such as "[ -f /etc/app.conf ] && ...".
EXEC_FORM_INTENT = re.compile(r"""^\[\s*(?:["'\u201c\u2018]|[^\s\],]+\s*,|\])""")


COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"


DOMAIN = r"(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::\d+)?|\[[0-9a-fA-F:]+\](?::\d+)?)"


REFERENCE = re.compile(
    rf"^(?:{DOMAIN}/)?{COMPONENT}(?:/{COMPONENT})*(?::[\w][\w.-]{{0,127}})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{{32,}})?$"
)


def reference_problem(ref: str) -> str:
    """Why ``ref`` is not a valid image reference ('' when it is)."""
    if REFERENCE.match(ref):
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


def from_vars(instr: cfp.Instruction) -> Iterator[re.Match]:
    texts = [instr.args[0]] if instr.args else []
    platform = flag(instr, "platform")
    if platform:
        texts.append(platform)
    for text in texts:
        yield from VAR.finditer(text)


def global_args(ctx: Context) -> dict[str, str | None]:
    declared: dict[str, str | None] = {}
    for instr in ctx.preamble:
        if instr.cmd == "ARG":
            for arg in instr.args:
                key, sep, value = arg.partition("=")
                declared[key] = value if sep else None
    return declared


def image_refs(ctx: Context) -> Iterator[tuple[Stage, str]]:
    names = ctx.stage_names
    for stage in ctx.stages:
        ref = stage.base
        if not ref or ref == "scratch" or ref.lower() in names or skip_value(ctx, ref) or reference_problem(ref):
            continue
        yield stage, ref


APT_GET_INSTALL = re.compile(r"apt-get\b[^\n&;|]*\binstall\b")
