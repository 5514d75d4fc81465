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

from coursekit.markdown.blocks import CodeBlock
from coursekit.shell_words import Word, split_commands
from coursekit.validation.checker import Artifact, Kind, register_kind
from coursekit.validation.findings import Severity
from coursekit.validation.rules import REGISTRY

KIND = "command"
CONSOLE_LANGS = {"console", "shell-session", "sh-session", "shellsession"}
SCRIPT_LANGS = {"bash", "sh", "shell", "zsh"}
# A prompt: "$ ", "# ", "root@host:/app# ", "/ # ", "(venv) $ ".
PROMPT = re.compile(r"^(?:\([^)]*\)\s*)?(?:[\w.-]+@[\w.-]+(?::[^\s$#]*)?|/[^\s$#]*|~[^\s$#]*)?\s?[$#%]\s")


def _wrapper(value_options: str, operands: int = 0) -> tuple[frozenset[str], int]:
    return frozenset(value_options.split()), operands


# Commands that run another command given as their arguments: the docker word may
# follow them, after their options.  Per wrapper: the options that take a value in
# the next word ("sudo -u admin docker ..."), and how many operands come before
# the command ("timeout 5 docker ...").
WRAPPERS: dict[str, tuple[frozenset[str], int]] = {
    "sudo": _wrapper(
        "-u -g -h -p -C -D -R -r -t -T -U --user --group --host --prompt --close-from --chdir --chroot --role --type --command-timeout --other-user"
    ),
    "doas": _wrapper("-u -C"),
    "runuser": _wrapper("-u -g -G --user --group --supp-group"),
    "env": _wrapper("-u -C -S --unset --chdir --split-string"),
    "xargs": _wrapper("-n -P -L -I -d -E -s -a --max-args --max-procs --max-lines --delimiter --eof --max-chars --arg-file"),
    "watch": _wrapper("-n -q --interval --equexit"),
    "timeout": _wrapper("-s -k --signal --kill-after", 1),
    "nice": _wrapper("-n --adjustment"),
    "ionice": _wrapper("-c -n --class --classdata"),
    "stdbuf": _wrapper("-i -o -e --input --output --error"),
    "time": _wrapper("-f -o --format --output"),
    "exec": _wrapper("-a"),
    "nohup": _wrapper(""),
    "setsid": _wrapper(""),
    "command": _wrapper(""),
    "builtin": _wrapper(""),
}
# Shell reserved words (and '!', '{') that may precede a command: "then docker ...".
SHELL_KEYWORDS = frozenset({"if", "then", "else", "elif", "do", "while", "until", "!", "{", "coproc"})  # `time` is a wrapper
ASSIGNMENT = re.compile(r"^[A-Za-z_]\w*(?:\[[^\]]*\])?\+?=")
# Positional words after which a command's remaining words belong to another program:
# the container's command (run, exec: "IMAGE [COMMAND] [ARG...]") or ps's options
# (top: "CONTAINER [ps OPTIONS]").  cobra stops parsing flags there.
PASS_THROUGH_USAGE = re.compile(r"\bCOMMAND\b|\[ps OPTIONS\]")
# CLI plugins that ship with Docker Desktop only (Docker Engine on Linux has none of them).
DESKTOP_PLUGINS = {
    "scout": "image vulnerability analysis",
    "init": "project scaffolding",
    "debug": "a debug shell for slim containers",
}
HELP_FLAG = {"help": {"short": "h", "value": False, "type": "bool"}}
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
    "'{command}' has no flag {flag}{hint}",
    "Docker rejects unknown flags ('unknown flag: --detatch'); the course must only show flags that exist.",
)
def _cl002(*_):
    return ()


@REGISTRY.rule(
    "CL003",
    "FlagNeedsValue",
    KIND,
    Severity.ERROR,
    "flag {flag} of '{command}' needs a value",
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


@REGISTRY.rule(
    "CL007",
    "DesktopOnlyCommand",
    KIND,
    Severity.WARNING,
    "'docker {command}' ({what}) is a Docker Desktop plugin, not part of Docker Engine: trainees on a Linux VM with Docker Engine get 'unknown command'",
    "docker scout, docker init and docker debug ship with Docker Desktop only; a course run on Docker Engine must say so where it shows them (ignore with a reason), or show an Engine alternative.",
)
def _cl007(*_):
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


@dataclass
class Level:
    """A command reached while walking the words: its typed path and its own flags."""

    path: str  # "" (docker itself), "compose", "compose up", ...
    flags: dict


def check_docker_words(words: list[Word], legacy: bool = True) -> list[Problem]:
    """Problems of one ``docker ...`` simple command (words[0] is ``docker``).

    Walks the words like cobra does: flags of the command reached so far (docker's
    own flags only before the first command word: they are not inherited, and
    neither are ``docker compose``'s), positional words that extend the command
    path while the node has subcommands, and no flag parsing after the first
    positional argument of commands that pass the rest on (``run``, ``exec``:
    the container's command; ``top``: ps options).
    """
    g = grammar()
    problems: list[Problem] = []
    path: list[str] = []
    levels = [Level("", {**g.global_flags, **HELP_FLAG})]
    usage = ""
    i = 1
    while i < len(words):
        w = words[i]
        t = w.text
        if not w.quoted and t.startswith("-") and t != "-":
            if t == "--":
                break
            i = _check_flag(words, i, levels, path, problems)
            continue
        children = g.children.get(" ".join(path), [])
        if children and not _is_placeholder(w):
            candidate = " ".join(path + [t])
            if candidate in g.canonical:
                path.append(t)
                node = g.commands.get(g.canonical[candidate], {})
                levels.append(Level(candidate, {**node.get("flags", {}), **HELP_FLAG}))
                usage = node.get("usage", "")
                if legacy and len(path) == 1 and t in LEGACY_FORMS:
                    problems.append(Problem("CL006", w.start, {"legacy": t, "modern": LEGACY_FORMS[t]}))
                i += 1
                continue
            if not path and t in DESKTOP_PLUGINS:
                problems.append(Problem("CL007", w.start, {"command": t, "what": DESKTOP_PLUGINS[t]}))
                return problems
            problems.append(Problem("CL001", w.start, {"command": candidate, "hint": _suggest(t, children)}))
            return problems
        if not path:
            return problems  # `docker <command>`: a placeholder the course uses on purpose
        if PASS_THROUGH_USAGE.search(usage):
            break  # the rest belongs to the container's command (or to ps)
        i += 1
    return problems


def _lookup(flags: dict, word: str):
    """The spec of ``--name`` or ``-x`` in ``flags`` (None when unknown)."""
    if word.startswith("--"):
        return flags.get(word[2:])
    return next((s for s in flags.values() if s.get("short") == word[1:]), None)


def _unknown_flag(flag: str, offset: int, levels: list[Level], path: list[str], problems: list[Problem]) -> None:
    """CL002 for ``flag`` at the deepest level, pointing to the parent command that has it."""
    current = levels[-1]
    hint = ""
    for depth in range(len(levels) - 2, -1, -1):
        if flag not in ("--help", "-h") and _lookup(levels[depth].flags, flag) is not None:
            owner = f"docker {levels[depth].path}".rstrip()
            hint = f" ({flag} is an option of '{owner}': put it before '{path[depth]}')"
            break
    if not hint and flag.startswith("--"):
        hint = _suggest(flag, ["--" + f for f in current.flags])
    problems.append(Problem("CL002", offset, {"command": f"docker {current.path}".rstrip(), "flag": flag, "hint": hint}))


def _check_flag(words: list[Word], i: int, levels: list[Level], path: list[str], problems: list[Problem]) -> int:
    w = words[i]
    t = w.text
    flags = levels[-1].flags
    typed = f"docker {levels[-1].path}".rstrip()
    if t.startswith("--"):
        name, has_eq, _value = t[2:].partition("=")
        if not name or name.startswith("<"):
            return i + 1
        spec = flags.get(name)
        if spec is None:
            _unknown_flag("--" + name, w.start, levels, path, problems)
            return i + 1
        return _consume_value(words, i, "--" + name, spec, has_eq, typed, problems)
    # short flags, possibly combined: -it, -p8080:80
    shorts = t[1:]
    for j, letter in enumerate(shorts):
        spec = _lookup(flags, "-" + letter)
        if spec is None:
            _unknown_flag("-" + letter, w.start + 1 + j, levels, path, problems)
            return i + 1
        if spec["value"]:
            if j + 1 < len(shorts):
                return i + 1  # value attached: -p8080:80
            return _consume_value(words, i, "-" + letter, spec, False, typed, problems)
    return i + 1


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


# A here-document operator: "<<" or "<<-", not the here-string "<<<", then the
# delimiter word, possibly quoted ('EOF', "EOF", \EOF).
_HEREDOC = re.compile(r"""(?<!<)<<(?!<)-?[ \t]*(?:'(?P<sq>[^']*)'|"(?P<dq>[^"]*)"|\\?(?P<word>[^\s;&|<>()'"]+))""")


def heredoc_delimiters(line: str) -> list[str]:
    """The delimiters of the here-documents a command line opens, in order.

    Quoted text, comments, here-strings (``<<<``) and arithmetic (``$((1<<2))``,
    ``(( x << 1 ))``) open none."""
    out: list[str] = []
    i, n = 0, len(line)
    while i < n:
        c = line[i]
        if c == "\\":
            i += 2
        elif c == "'":
            end = line.find("'", i + 1)
            i = n if end < 0 else end + 1
        elif c == '"':
            j = i + 1
            while j < n and line[j] != '"':
                j += 2 if line[j] == "\\" else 1
            i = j + 1
        elif c == "#" and (i == 0 or line[i - 1] in " \t;|&("):
            break  # a comment
        elif line.startswith("$((", i) or line.startswith("((", i):
            i = _arithmetic_end(line, i + (1 if c == "$" else 0))
        elif line.startswith("<<<", i):
            i += 3
        elif line.startswith("<<", i):
            m = _HEREDOC.match(line, i)
            if m:
                out.append(m.group("sq") if m.group("sq") is not None else m.group("dq") if m.group("dq") is not None else m.group("word"))
                i = m.end()
            else:
                i += 2
        else:
            i += 1
    return out


def _arithmetic_end(line: str, start: int) -> int:
    """Offset after the ``))`` closing the ``((`` at ``start``."""
    depth = 0
    for j in range(start, len(line)):
        if line[j] == "(":
            depth += 1
        elif line[j] == ")":
            depth -= 1
            if depth == 0:
                return j + 1
    return len(line)


_OPENERS = {"if": "fi", "for": "done", "while": "done", "until": "done", "select": "done", "case": "esac", "{": "}"}


def _unfinished(text: str) -> bool:
    """Whether typed shell text still waits for more lines (an open if/for/while/case/{, a
    trailing | && ||): the shell then prompts with '> '.  Reserved words are counted where
    they start a command; quoted text counts as nothing."""
    depth = 0
    for words in split_commands(text):
        k = 0
        while k < len(words) and not words[k].quoted and words[k].text in SHELL_KEYWORDS:
            k += 1  # "then", "do", "!" ... before the command word
        heads = [w.text for w in words[: k + 1] if not w.quoted]
        depth += sum(1 for t in heads if t in _OPENERS)
        depth -= sum(1 for t in heads if t in _OPENERS.values())
        depth -= sum(1 for w in words[k + 1 :] if not w.quoted and w.text in ("fi", "done", "esac", "}"))
    return depth > 0 or text.rstrip().endswith(("|", "&&", "||"))


def logical_lines(lines: list[str], console: bool) -> list[LogicalLine]:
    out: list[LogicalLine] = []
    current: LogicalLine | None = None
    pending: list[str] = []  # here-document delimiters still to read, in order
    compound = ""  # console: the typed text of a compound command still open (if ... then)
    for n, raw in enumerate(lines, start=1):
        if pending:
            body = raw[1:] if console and raw.startswith(">") else raw  # a PS2 prompt in a transcript
            if body.strip() == pending[0]:
                pending.pop(0)
            continue
        if current is None:
            if console:
                m = None
                if compound and raw.startswith(">"):
                    # the shell's '> ' prompt: the next line of an unfinished if/for/while
                    m = re.match(r">\s*", raw)
                else:
                    m = PROMPT.match(raw)
                    compound = ""
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
        pending = heredoc_delimiters(current.text)
        if console:
            compound = f"{compound}; {current.text}" if _unfinished(f"{compound}; {current.text}") else ""
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
    """Index of the command word: past ``VAR=value`` assignments, reserved words
    (``then``, ``do``, ``!``, ``{`` ...) and wrappers with their options and
    operands (``sudo -u admin``, ``xargs -n 1``, ``timeout 5``, ``env A=1``)."""
    k, n = 0, len(words)
    while k < n and not words[k].quoted:
        t = words[k].text
        if ASSIGNMENT.match(t) or t in SHELL_KEYWORDS:
            k += 1
            continue
        if t == "command" and k + 1 < n and words[k + 1].text in ("-v", "-V"):
            return n  # "command -v docker" asks where docker is; it runs nothing
        wrapper = WRAPPERS.get(t)
        if wrapper is None:
            break
        value_options, operands = wrapper
        k += 1
        while k < n and words[k].text.startswith("-") and words[k].text != "-" and not words[k].quoted:
            option = words[k].text
            k += 1
            if option == "--":
                break
            if option in value_options:
                k += 1  # the option's value
        k += operands
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
