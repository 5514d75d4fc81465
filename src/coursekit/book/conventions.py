"""Exercise-book conventions for command blocks: what the BK rules share (the rules
themselves are ``book/rules/bk001_....py``, the kind ``book/checks.py``).

The convention (handbook: "Writing an exercise"): a ```` ```console ```` block
holds commands only, each after a ``$ `` (lab VM) or ``# `` (inside a container)
prompt, long commands continued with a trailing ``\\``; what the commands print
goes into its own ```` ```output ```` block.  The copy button then copies exactly
the commands: Pygments' console lexer marks prompts (``.gp``) and every line that
is neither a prompt line nor a ``\\`` continuation as output (``.go``), and
course.css hides both while Material copies.

The BK rules run on the same console blocks as the docker CLI rules
(``validation.commands.checks``): every kind that matches a block runs, and annotations apply
to their merged findings.
"""

from __future__ import annotations

import re

from coursekit.markdown.blocks import CodeBlock
from coursekit.validation.artifact import Artifact
from coursekit.validation.rules import Rule

KIND = "book"
CONSOLE_LANGS = {"console", "shell-session", "sh-session", "shellsession"}
SCRIPT_LANGS = {"bash", "sh", "shell", "zsh"}
COURSE_PROMPT = re.compile(r"^(?P<prompt>[$#] )(?P<command>.*)$")
# What Pygments' BashSessionLexer also takes for a prompt ("user@vm:~$ ", "/ # ", "(venv) $ ", "%").
OTHER_PROMPT = re.compile(r"^(?P<prompt>(?:\([^)]*\)\s*)?(?:[\w.-]+@[\w.-]+(?::[^\s$#]*)?|/[^\s$#]*|~[^\s$#]*|\[[^\]]+\])\s?[$#%]\s|%\s)(?P<command>.*)$")
GLUED_PROMPT = re.compile(r"^[$#](?=[^\s!])")
HEREDOC = re.compile(r"(?<!<)<<-?(?!<)\s*(?P<q>['\"]?)(?P<word>[A-Za-z_]\w*)(?P=q)")


def block_matches(block: CodeBlock) -> bool:
    return block.lang in CONSOLE_LANGS or block.lang in SCRIPT_LANGS


def file_matches(_name: str) -> bool:
    return False


def console_findings(artifact: Artifact, what: str, rule: Rule):
    """``rule``'s findings in a console block: the places where the console scan finds ``what``."""
    if artifact.lang not in SCRIPT_LANGS:
        for found, line, column, fields in scan_console(artifact):
            if found == what:
                yield artifact.finding(rule, line, column, **fields)


def scan_console(artifact: Artifact):
    """(what, line, column, message fields) of every convention broken in a console block, in line order."""
    seen_prompt = False
    continued = False  # the previous line ended with a backslash
    heredoc: str | None = None
    for n, line in enumerate(artifact.lines, start=1):
        text = line.text
        if heredoc is not None:
            if text.strip() == heredoc or text.lstrip("> ").strip() == heredoc:
                heredoc = None
            continue
        if continued:
            continued = text.rstrip().endswith("\\")
            command = text
        elif not text.strip():
            continue  # a blank line between commands
        else:
            m = COURSE_PROMPT.match(text)
            other = None if m else OTHER_PROMPT.match(text)
            if m is None and other is None:
                if GLUED_PROMPT.match(text):
                    yield "prompt missing", n, 1, {"detail": f"prompt '{text[0]}' needs one space before the command ('{text[0]} {text[1:].lstrip()}')"}
                elif seen_prompt:
                    yield "output", n, 1, {}
                else:
                    yield "prompt missing", n, 1, {"detail": "command without a '$ ' or '# ' prompt (or output before the first command)"}
                continue
            if other is not None:
                yield "other prompt", n, 1, {"prompt": other.group("prompt").strip()}
                m = other
            seen_prompt = True
            command = m.group("command")
            continued = command.rstrip().endswith("\\")
        hd = _heredoc(command)
        if hd and not continued:
            yield "heredoc", n, hd.start() + 1 + (len(text) - len(command)), {}
            heredoc = hd.group("word")


_QUOTED = re.compile(r"'[^']*'|\"(?:\\.|[^\"\\])*\"")


def _heredoc(command: str) -> re.Match | None:
    """The first ``<<WORD`` outside quotes (``echo "a <<b"`` is no here-document)."""
    blanked = _QUOTED.sub(lambda m: " " * len(m.group()), command)
    for m in re.finditer(r"<<", blanked):
        hd = HEREDOC.match(command, m.start())
        if hd:
            return hd
    return None
