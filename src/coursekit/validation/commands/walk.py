"""One ``docker ...`` command walked like the Docker CLI (cobra) does, against the grammar in
``data/docker_cli_grammar.json`` (generated from the real CLIs' help output by
``tools/generate_cli_grammar.py``).  The walk records what it meets (the command path, unknown
words, flag problems); the CL rules (``commands/rules/``) each judge one of those.
"""

from __future__ import annotations

import difflib
import functools
import json
import re
from dataclasses import dataclass, field
from importlib import resources

from coursekit.shell_words import Word

# Positional words after which a command's remaining words belong to another program:
# the container's command (run, exec: "IMAGE [COMMAND] [ARG...]") or ps's options
# (top: "CONTAINER [ps OPTIONS]").  cobra stops parsing flags there.
PASS_THROUGH_USAGE = re.compile(r"\bCOMMAND\b|\[ps OPTIONS\]")
HELP_FLAG = {"help": {"short": "h", "value": False, "type": "bool"}}


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


def suggest(word: str, options) -> str:
    match = difflib.get_close_matches(word, sorted(set(options)), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def is_placeholder(word: Word) -> bool:
    t = word.text
    return t.startswith("<") or t.startswith("$") or t.startswith("{{") or t in ("...", "…") or "<" in t and ">" in t


@dataclass
class Level:
    """A command reached while walking the words: its typed path and its own flags."""

    path: str  # "" (docker itself), "compose", "compose up", ...
    flags: dict


@dataclass
class FlagUse:
    """A flag the walk met that is a problem: unknown, missing its value, or a boolean given one."""

    problem: str  # "unknown" | "missing value" | "boolean value"
    flag: str
    offset: int  # of the flag (unknown, missing value) or of the value word (boolean value)
    levels: list[Level]
    path: list[str]
    value: str = ""

    @property
    def command(self) -> str:
        return f"docker {self.levels[-1].path}".rstrip()


@dataclass(frozen=True)
class ArgSpec:
    """How many positional arguments a command takes, read from its usage line like cobra's
    ``cli.NoArgs``/``ExactArgs``/``RequiresMinArgs``/``RequiresMaxArgs``/``RequiresRangeArgs``
    declare them in docker/cli (``logs [OPTIONS] CONTAINER`` is ``ExactArgs(1)``)."""

    usage: str  # the arguments part of the usage line, e.g. "CONTAINER [CONTAINER...]"
    min: int
    max: int | None  # None: no limit


#: Where docker/cli declares other counts than its usage line says (cli/command/image/import.go
#: RequiresMinArgs(1), cli/command/plugin/create.go RequiresMinArgs(2), cli/command/volume/update.go
#: ExactArgs(1)); the other 112 commands with a declared count agree with their usage line.
ARG_OVERRIDES = {"image import": (1, None), "plugin create": (2, None), "volume update": (1, 1)}
#: CLI plugins whose upper limits are not cross-checked with their source: only the minimum is enforced.
PLUGINS = ("compose", "buildx")


def command_args(command: str) -> ArgSpec | None:
    """The positional arguments of a grammar command (``container logs``)."""
    node = grammar().commands.get(command)
    spec = arg_spec(node.get("usage", "")) if node else None
    if spec is None:
        return None
    low, high = ARG_OVERRIDES.get(command, (spec.min, spec.max))
    if command.split()[0] in PLUGINS:
        high = None
    return ArgSpec(spec.usage, low, high)


def arg_spec(usage: str) -> ArgSpec | None:
    """The arguments a usage line declares (None when it cannot be read)."""
    words = usage.splitlines()[0].split() if usage else []
    try:
        start = next(i for i, w in enumerate(words) if w == "[OPTIONS]" or w.isupper() or w.startswith("[") or not w.islower())
    except StopIteration:
        return ArgSpec("", 0, 0)
    rest = " ".join(w for w in words[start:] if w != "[OPTIONS]")
    rest = re.sub(r"\s*\|\s*", "|", rest)  # "PATH | URL | -" is one argument
    rest = re.sub(r"\[ps OPTIONS\]", "[ARG...]", rest)
    low, high = 0, 0
    for token in rest.split():
        if "..." in token:
            high = None
            low += 0 if token.startswith("[") else 1
        elif token.startswith("["):
            high = None if high is None else high + 1
        else:
            low += 1
            high = None if high is None else high + 1
    return ArgSpec(rest, low, high)


@dataclass
class CommandWalk:
    """What walking one simple command met.  ``words[0]`` is the command word (``docker``,
    ``docker-compose``, ...); only ``docker`` is walked through the grammar."""

    words: list[Word]
    #: the command words matched in the grammar (``docker container ls`` -> [container, ls])
    path: list[Word] = field(default_factory=list)
    #: the first word that names no command, and the (sub)command path it extends
    unknown: Word | None = None
    unknown_parent: list[str] = field(default_factory=list)
    flag_uses: list[FlagUse] = field(default_factory=list)
    #: the grammar key of the command reached ("container logs") and its positional arguments
    command: str = ""
    args: list[Word] = field(default_factory=list)
    #: the arguments were not all seen: the rest belongs to the container's command, or
    #: a word could not be judged (help asked for, an unknown flag)
    args_open: bool = False

    @property
    def head(self) -> Word:
        return self.words[0]

    @property
    def is_docker(self) -> bool:
        return self.head.text == "docker" and not self.head.quoted


def walk(words: list[Word]) -> CommandWalk:
    """Walk one simple command (``words[0]`` is its command word) like cobra does.

    Flags of the command reached so far (docker's own flags only before the first command
    word: they are not inherited, and neither are ``docker compose``'s), positional words
    that extend the command path while the node has subcommands, and no flag parsing after
    the first positional argument of commands that pass the rest on (``run``, ``exec``: the
    container's command; ``top``: ps options).
    """
    result = CommandWalk(words)
    if not result.is_docker:
        return result
    g = grammar()
    path: list[str] = []
    levels = [Level("", {**g.global_flags, **HELP_FLAG})]
    usage = ""
    i = 1
    while i < len(words):
        w = words[i]
        t = w.text
        if not w.quoted and t.startswith("-") and t != "-" and not (result.args and PASS_THROUGH_USAGE.search(usage)):
            if t == "--":
                result.args.extend(words[i + 1 :])  # cobra: everything after -- is an argument
                break
            i = _flag(words, i, levels, path, result)
            continue
        children = g.children.get(" ".join(path), [])
        if children and not is_placeholder(w):
            candidate = " ".join(path + [t])
            if candidate in g.canonical:
                path.append(t)
                result.path.append(w)
                node = g.commands.get(g.canonical[candidate], {})
                levels.append(Level(candidate, {**node.get("flags", {}), **HELP_FLAG}))
                usage = node.get("usage", "")
                result.command = g.canonical[candidate]
                i += 1
                continue
            result.unknown, result.unknown_parent = w, list(path)
            return result
        if not path:
            return result  # `docker <command>`: a placeholder the course uses on purpose
        result.args.append(w)
        if PASS_THROUGH_USAGE.search(usage) and len(result.args) >= (arg_spec(usage) or ArgSpec("", 1, None)).min:
            result.args_open = True
            break  # the rest belongs to the container's command (or to ps)
        i += 1
    return result


def lookup(flags: dict, word: str):
    """The spec of ``--name`` or ``-x`` in ``flags`` (None when unknown)."""
    if word.startswith("--"):
        return flags.get(word[2:])
    return next((s for s in flags.values() if s.get("short") == word[1:]), None)


def _flag(words: list[Word], i: int, levels: list[Level], path: list[str], result: CommandWalk) -> int:
    w = words[i]
    t = w.text
    flags = levels[-1].flags
    if t.startswith("--"):
        name, has_eq, _value = t[2:].partition("=")
        if not name or name.startswith("<"):
            return i + 1
        spec = flags.get(name)
        if spec is None:
            result.flag_uses.append(FlagUse("unknown", "--" + name, w.start, list(levels), list(path)))
            return i + 1
        return _take_value(words, i, "--" + name, spec, has_eq, levels, path, result)
    # short flags, possibly combined: -it, -p8080:80
    shorts = t[1:]
    for j, letter in enumerate(shorts):
        spec = lookup(flags, "-" + letter)
        if spec is None:
            result.flag_uses.append(FlagUse("unknown", "-" + letter, w.start + 1 + j, list(levels), list(path)))
            return i + 1
        if spec["value"]:
            if j + 1 < len(shorts):
                return i + 1  # value attached: -p8080:80
            return _take_value(words, i, "-" + letter, spec, False, levels, path, result)
    return i + 1


def _take_value(words, i, flag, spec, has_eq, levels, path, result: CommandWalk) -> int:
    w = words[i]
    if has_eq:
        return i + 1
    nxt = words[i + 1] if i + 1 < len(words) else None
    if spec["value"]:
        if nxt is None or (nxt.text.startswith("-") and not nxt.quoted and len(nxt.text) > 1 and not nxt.text[1:2].isdigit()):
            result.flag_uses.append(FlagUse("missing value", flag, w.start, list(levels), list(path)))
            return i + 1
        return i + 2
    if nxt is not None and nxt.text in ("true", "false") and not nxt.quoted:
        result.flag_uses.append(FlagUse("boolean value", flag, nxt.start, list(levels), list(path), nxt.text))
        return i + 2
    return i + 1
