"""Rules for ``docker`` command lines in console/shell blocks, checked against the
Docker CLI grammar in ``data/docker_cli_grammar.json`` (generated from the real
CLIs' help output by ``tools/generate_cli_grammar.py``).
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from dataclasses import dataclass
from importlib import resources

from .checker import Artifact, Kind, register_kind
from .findings import Severity
from .markdown_blocks import CodeBlock
from .rules import REGISTRY
from .shell_words import Word, split_commands

KIND = "command"
CONSOLE_LANGS = {"console", "shell-session", "sh-session", "shellsession"}
SCRIPT_LANGS = {"bash", "sh", "shell", "zsh"}
# A prompt: "$ ", "# ", "root@host:/app# ", "/ # ", "(venv) $ ".
PROMPT = re.compile(r"^(?:\([^)]*\)\s*)?(?:[\w.-]+@[\w.-]+(?::[^\s$#]*)?|/[^\s$#]*|~[^\s$#]*)?\s?[$#%]\s")
# Commands that wrap another command: the docker word may follow them.
WRAPPERS = {"sudo", "time", "watch", "exec", "command", "nohup", "env", "xargs"}
# Legacy top-level forms and the management command the course teaches instead.
LEGACY_FORMS = {
    "attach": "container attach",
    "commit": "container commit",
    "cp": "container cp",
    "create": "container create",
    "diff": "container diff",
    "exec": "container exec",
    "export": "container export",
    "kill": "container kill",
    "logs": "container logs",
    "pause": "container pause",
    "port": "container port",
    "ps": "container ls",
    "rename": "container rename",
    "restart": "container restart",
    "rm": "container rm",
    "run": "container run",
    "start": "container start",
    "stats": "container stats",
    "stop": "container stop",
    "top": "container top",
    "unpause": "container unpause",
    "update": "container update",
    "wait": "container wait",
    "build": "image build",
    "history": "image history",
    "images": "image ls",
    "import": "image import",
    "load": "image load",
    "pull": "image pull",
    "push": "image push",
    "rmi": "image rm",
    "save": "image save",
    "tag": "image tag",
    "events": "system events",
    "info": "system info",
}


@REGISTRY.rule(
    "CL001",
    "UnknownDockerCommand",
    KIND,
    Severity.ERROR,
    "unknown command 'docker {command}'{hint}",
    "A misspelled command fails in the classroom with a terse usage message; catch it before trainees type it.",
)
def _cl001(*_):
    return ()


@REGISTRY.rule(
    "CL002",
    "UnknownDockerFlag",
    KIND,
    Severity.ERROR,
    "'docker {command}' has no flag {flag}{hint}",
    "Docker rejects unknown flags ('unknown flag: --detatch'); the course must only show flags that exist.",
)
def _cl002(*_):
    return ()


@REGISTRY.rule(
    "CL003",
    "FlagNeedsValue",
    KIND,
    Severity.ERROR,
    "flag {flag} of 'docker {command}' needs a value",
    "A value flag without its value either fails ('flag needs an argument') or silently swallows the next flag as its value.",
)
def _cl003(*_):
    return ()


@REGISTRY.rule(
    "CL004",
    "BooleanFlagWithValue",
    KIND,
    Severity.ERROR,
    "boolean flag {flag} takes no separate value; '{value}' becomes an argument (use {flag}={value})",
    "'--rm true' passes 'true' as the image name; booleans take '=value' or nothing.",
)
def _cl004(*_):
    return ()


@REGISTRY.rule(
    "CL005",
    "ComposeV1Command",
    KIND,
    Severity.ERROR,
    "'docker-compose' (Compose v1) is retired; use 'docker compose'",
    "Compose v1 reached end of life in 2023 and is missing on current Docker installations; v2 is the 'docker compose' plugin.",
)
def _cl005(*_):
    return ()


@REGISTRY.rule(
    "CL006",
    "LegacyCommandForm",
    KIND,
    Severity.WARNING,
    "'docker {legacy}' is the legacy form; the course teaches 'docker {modern}'",
    "The course teaches management commands (docker container ..., docker image ...) consistently; mixing forms confuses trainees. Switch off per course if it teaches the short forms.",
)
def _cl006(*_):
    return ()


@dataclass(frozen=True)
class Grammar:
    commands: dict
    global_flags: dict
    versions: dict

    @functools.cached_property
    def canonical(self) -> dict[str, str]:
        """Alias path ("ps") -> grammar key ("container ls")."""
        out = {}
        for key, node in self.commands.items():
            out[key] = key
            for alias in node.get("aliases", []):
                words = alias.split()
                if words and words[0] == "docker":
                    out.setdefault(" ".join(words[1:]), key)
        return out

    @functools.cached_property
    def children(self) -> dict[str, list[str]]:
        kids: dict[str, list[str]] = {}
        for path in self.canonical:
            parent, _, last = path.rpartition(" ")
            kids.setdefault(parent, []).append(last)
        return kids


@functools.lru_cache(maxsize=1)
def grammar() -> Grammar:
    data = json.loads(resources.files(__package__).joinpath("data/docker_cli_grammar.json").read_text(encoding="utf-8"))
    return Grammar(data["commands"], data["global_flags"], data["versions"])


def _suggest(word: str, options) -> str:
    match = difflib.get_close_matches(word, sorted(set(options)), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def _is_placeholder(word: Word) -> bool:
    t = word.text
    return t.startswith("<") or t.startswith("$") or t.startswith("{{") or t in ("...", "…") or "<" in t and ">" in t


@dataclass
class Problem:
    code: str
    offset: int
    fmt: dict


def check_docker_words(words: list[Word], legacy: bool = True) -> list[Problem]:
    """Problems of one ``docker ...`` simple command (words[0] is ``docker``).

    Walks the words like cobra does: flags of the command reached so far (plus the
    global ones), positional words that extend the command path while the node
    has subcommands, and no flag parsing after the first positional argument of
    commands that run a COMMAND (``run``, ``exec``): those belong to the container.
    """
    g = grammar()
    problems: list[Problem] = []
    path: list[str] = []
    flags = {**g.global_flags, "help": {"short": "h", "value": False, "type": "bool"}}
    usage = ""
    i = 1
    while i < len(words):
        w = words[i]
        t = w.text
        if not w.quoted and t.startswith("-") and t != "-":
            if t == "--":
                break
            i = _check_flag(words, i, flags, " ".join(path) or "", problems)
            continue
        children = g.children.get(" ".join(path), [])
        if children and not _is_placeholder(w):
            candidate = " ".join(path + [t])
            if candidate in g.canonical:
                path.append(t)
                node = g.commands.get(g.canonical[candidate], {})
                flags = {**g.global_flags, **node.get("flags", {})} if path[0] != "compose" or len(path) > 1 else {**g.global_flags, **node.get("flags", {})}
                flags.setdefault("help", {"short": "h", "value": False, "type": "bool"})
                usage = node.get("usage", "")
                if legacy and len(path) == 1 and t in LEGACY_FORMS:
                    problems.append(Problem("CL006", w.start, {"legacy": t, "modern": LEGACY_FORMS[t]}))
                i += 1
                continue
            problems.append(Problem("CL001", w.start, {"command": candidate, "hint": _suggest(t, children)}))
            return problems
        if not path:
            return problems  # `docker <command>`: a placeholder the course uses on purpose
        if re.search(r"\bCOMMAND\b", usage):
            break  # flags after the image/container belong to the container's command
        i += 1
    return problems


def _check_flag(words: list[Word], i: int, flags: dict, typed: str, problems: list[Problem]) -> int:
    w = words[i]
    t = w.text
    if t.startswith("--"):
        name, has_eq, _value = t[2:].partition("=")
        if not name or name.startswith("<"):
            return i + 1
        spec = flags.get(name)
        if spec is None:
            problems.append(Problem("CL002", w.start, {"command": typed, "flag": "--" + name, "hint": _suggest("--" + name, ["--" + f for f in flags])}))
            return i + 1
        return _consume_value(words, i, "--" + name, spec, has_eq, typed, problems)
    # short flags, possibly combined: -it, -p8080:80
    shorts = t[1:]
    for j, letter in enumerate(shorts):
        spec = next((s for s in flags.values() if s.get("short") == letter), None)
        if spec is None:
            problems.append(Problem("CL002", w.start + 1 + j, {"command": typed, "flag": "-" + letter, "hint": ""}))
            return i + 1
        if spec["value"]:
            if j + 1 < len(shorts):
                return i + 1  # value attached: -p8080:80
            return _consume_value(words, i, "-" + letter, spec, False, typed, problems)
    return i + 1


def _flag_spec(table: dict, name: str):
    if name.startswith("--"):
        return table.get(name[2:])
    if len(name) == 2:
        return next((s for s in table.values() if s.get("short") == name[1]), None)
    return None


def _consume_value(words, i, flag, spec, has_eq, typed, problems) -> int:
    w = words[i]
    if has_eq:
        return i + 1
    if spec["value"]:
        nxt = words[i + 1] if i + 1 < len(words) else None
        if nxt is None or (nxt.text.startswith("-") and not nxt.quoted and len(nxt.text) > 1 and not nxt.text[1:2].isdigit()):
            problems.append(Problem("CL003", w.start, {"flag": flag, "command": typed}))
            return i + 1
        return i + 2
    nxt = words[i + 1] if i + 1 < len(words) else None
    if nxt is not None and nxt.text in ("true", "false") and not nxt.quoted:
        problems.append(Problem("CL004", nxt.start, {"flag": flag, "value": nxt.text}))
        return i + 2
    return i + 1


# ---------------------------------------------------------------------------
# Logical command lines of a block, with positions.


@dataclass
class LogicalLine:
    text: str
    #: for each character offset range start, (local line 1-based, local column 1-based)
    segments: list[tuple[int, int, int]]  # (offset in text, local_line, column of that offset)

    def position(self, offset: int) -> tuple[int, int]:
        line, col, seg_start = self.segments[0][1], self.segments[0][2], 0
        for start, ln, c in self.segments:
            if start <= offset:
                seg_start, line, col = start, ln, c
        return line, col + (offset - seg_start)


def logical_lines(lines: list[str], console: bool) -> list[LogicalLine]:
    out: list[LogicalLine] = []
    current: LogicalLine | None = None
    heredoc: str | None = None
    for n, raw in enumerate(lines, start=1):
        if heredoc is not None:
            if raw.strip() == heredoc:
                heredoc = None
            continue
        if current is None:
            if console:
                m = PROMPT.match(raw)
                if not m:
                    continue  # output line (or a continuation without a prompt)
                body, col = raw[m.end() :], m.end() + 1
            else:
                body, col = raw, 1
            current = LogicalLine("", [])
        else:
            body, col = raw.lstrip(">").lstrip() if console and raw.startswith(">") else raw, 1
            if console and raw.startswith(">"):
                col = len(raw) - len(body) + 1
        current.segments.append((len(current.text), n, col))
        if body.rstrip().endswith("\\"):
            current.text += body.rstrip()[:-1] + " "
            continue
        current.text += body
        hd = re.search(r"<<-?\s*['\"]?(\w+)['\"]?", current.text)
        if hd:
            heredoc = hd.group(1)
        out.append(current)
        current = None
    if current is not None:
        out.append(current)
    return out


def _block_matches(block: CodeBlock) -> bool:
    return block.lang in CONSOLE_LANGS or block.lang in SCRIPT_LANGS


def _file_matches(_name: str) -> bool:
    return False


SETTINGS = {"legacy_forms": True}


def command_head(words: list[Word]) -> int:
    """Index of the command word, past ``VAR=value`` assignments and wrappers like ``sudo``."""
    k = 0
    while k < len(words) and (
        re.match(r"^[A-Za-z_]\w*=", words[k].text) or words[k].text in WRAPPERS or (k and words[k - 1].text in WRAPPERS and words[k].text.startswith("-"))
    ):
        k += 1
    return k


def check(artifact: Artifact):
    console = artifact.lang in CONSOLE_LANGS
    texts = [line.text for line in artifact.lines]
    for logical in logical_lines(texts, console):
        for words in split_commands(logical.text):
            k = command_head(words)
            if k >= len(words):
                continue
            head = words[k]
            if head.text == "docker-compose":
                line, col = logical.position(head.start)
                yield artifact.finding("CL005", line, col)
                continue
            if head.text != "docker" or head.quoted:
                continue
            for p in check_docker_words(words[k:], SETTINGS["legacy_forms"]):
                line, col = logical.position(p.offset)
                yield artifact.finding(p.code, line, col, **p.fmt)


register_kind(Kind(KIND, _block_matches, _file_matches, check))
