"""The ``command`` kind of the checker: ``docker`` command lines in console and shell blocks.

A block is cut into logical command lines (prompts, ``\\`` continuations, here-documents),
each into simple commands; each command is walked through the Docker CLI grammar once
(:mod:`coursekit.validation.commands.walk`) and every CL rule (``commands/rules/``) judges the walk.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coursekit.markdown.blocks import CodeBlock
from coursekit.shell_words import Word, split_commands
from coursekit.validation.artifact import Artifact, Kind
from coursekit.validation.commands.rules import RULES
from coursekit.validation.commands.walk import walk
from coursekit.validation.rules import Rule

KIND = "command"
CONSOLE_LANGS = {"console", "shell-session", "sh-session", "shellsession"}
SCRIPT_LANGS = {"bash", "sh", "shell", "zsh"}
# A prompt: "$ ", "# ", "root@host:/app# ", "/ # ", "(venv) $ ".
PROMPT = re.compile(r"^(?:\([^)]*\)\s*)?(?:[\w.-]+@[\w.-]+(?::[^\s$#]*)?|\[[^\]\n]+\]|/[^\s$#]*|~[^\s$#]*)?\s?[$#%]\s")


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
    if "<<" not in line:
        return []  # most command lines: nothing below can find an operator
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


@dataclass
class Problem:
    """One rule's finding in one command line, at a character offset."""

    rule: Rule
    offset: int
    fmt: dict

    @property
    def code(self) -> str:
        return self.rule.code


#: A ``<placeholder>`` on the line: the shell tokenizer reads it as a redirection, so the words
#: it stands for are missing from the command (``docker container logs <container>``).
PLACEHOLDER_ARG = re.compile(r"<[A-Za-z][^<>|&;]*>")


def check_docker_words(words: list[Word], *, more_args: bool = False) -> list[Problem]:
    """What the CL rules find in one simple command (``words[0]`` is its command word), in line order.

    ``more_args``: the command gets arguments the words do not show (``xargs docker ...``, a
    ``<placeholder>`` on the line), so their number is not judged."""
    walked = walk(words)
    walked.args_open = walked.args_open or more_args
    problems = [Problem(rule, offset, fmt) for rule in RULES for offset, fmt in rule.check(walked)]
    return sorted(problems, key=lambda p: p.offset)


def check(artifact: Artifact):
    console = artifact.lang in CONSOLE_LANGS
    texts = [line.text for line in artifact.lines]
    for logical in logical_lines(texts, console):
        for words in split_commands(logical.text):
            k = command_head(words)
            if k >= len(words):
                continue
            more_args = any(w.text == "xargs" for w in words[:k]) or bool(PLACEHOLDER_ARG.search(logical.text))
            for p in check_docker_words(words[k:], more_args=more_args):
                line, col = logical.position(p.offset)
                yield artifact.finding(p.rule, line, col, **p.fmt)


KIND_SPEC = Kind(KIND, _block_matches, _file_matches, check)
