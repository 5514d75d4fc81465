"""A small shell tokenizer for command lines in the course: words with their
offsets, split into simple commands at ``|``, ``||``, ``&&``, ``;``, ``&``,
``(`` and ``)``, with ``$(...)``, ``<(...)`` and backtick substitutions checked
as commands of their own.  Reserved words (``if``, ``then``, ``do``, ``!``,
``{`` ...) stay words: ``validation.commands.checks.command_head`` skips them.

It is not a shell; it knows quoting, escapes, substitutions, comments and
operators well enough to find every ``docker ...`` invocation and its words.

:func:`raw_words` is the simpler split of BuildKit's lexer (quotes kept, no operators), for
Containerfile heredoc names and the words of a ``course-check`` annotation.  The course has no
other shell tokenizer.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Word:
    text: str  # with quotes removed
    start: int  # offset of the word's first character in the line
    quoted: bool = False  # contained quotes (so '<x>' or '{{.ID}}' are plain values)


OPERATORS = ("&&", "||", ";;", "|&", "|", ";", "&")
REDIRECT_CHARS = "<>"
_OPERATOR_START = frozenset(o[0] for o in OPERATORS)  # every operator starts with & | or ;
_WORD_END = frozenset(" \t") | _OPERATOR_START  # and each of those is an operator on its own


def split_commands(line: str, base: int = 0) -> list[list[Word]]:
    """Simple commands of ``line`` (each a list of words); substitutions are appended as extra commands."""
    commands: list[list[Word]] = []
    extra: list[list[Word]] = []
    current: list[Word] = []
    i, n = 0, len(line)
    while i < n:
        c = line[i]
        if c in " \t":
            i += 1
            continue
        if c == "#" and (i == 0 or line[i - 1] in " \t;|&("):
            break  # comment to end of line
        op = next((o for o in OPERATORS if line.startswith(o, i)), None) if c in _OPERATOR_START else None
        if op:
            if current:
                commands.append(current)
            current = []
            i += len(op)
            continue
        if c in "()":
            # A subshell or group opens or closes ("(docker ...)", "if (...)", a case
            # pattern "a)"): what follows is a new command.
            if current:
                commands.append(current)
            current = []
            i += 1
            continue
        # a word (possibly with quotes, substitutions, redirections attached)
        start = i
        text = []
        quoted = False
        redirect = False
        closes = False
        while i < n and line[i] not in _WORD_END:  # same as: not blank and no operator starts here
            ch = line[i]
            if ch == "\\" and i + 1 < n:
                text.append(line[i + 1])
                i += 2
            elif ch == "'":
                end = line.find("'", i + 1)
                end = n if end < 0 else end
                text.append(line[i + 1 : end])
                quoted = True
                i = end + 1
            elif ch == '"':
                j = i + 1
                buf = []
                while j < n and line[j] != '"':
                    if line[j] == "\\" and j + 1 < n:
                        buf.append(line[j + 1])
                        j += 2
                    elif line.startswith("$(", j):
                        k = _matching_paren(line, j + 1)
                        extra.extend(split_commands(line[j + 2 : k], base + j + 2))
                        buf.append(line[j : k + 1])
                        j = k + 1
                    else:
                        buf.append(line[j])
                        j += 1
                text.append("".join(buf))
                quoted = True
                i = j + 1
            elif line.startswith("$(", i) or (not text and (line.startswith("<(", i) or line.startswith(">(", i))):
                # command substitution, or process substitution "<(docker ...)"
                k = _matching_paren(line, i + 1)
                extra.extend(split_commands(line[i + 2 : k], base + i + 2))
                text.append(line[i : k + 1])
                i = k + 1
            elif ch == "`":
                end = line.find("`", i + 1)
                end = n if end < 0 else end
                extra.extend(split_commands(line[i + 1 : end], base + i + 1))
                text.append(line[i : end + 1])
                i = end + 1
            elif ch in REDIRECT_CHARS and not text or (ch in REDIRECT_CHARS and "".join(text).isdigit()):
                redirect = True
                text.append(ch)
                i += 1
                while i < n and line[i] in "&>" + REDIRECT_CHARS:
                    text.append(line[i])
                    i += 1
                # the redirection target may follow after spaces
                while i < n and line[i] in " \t":
                    i += 1
                while i < n and line[i] not in " \t;|&":
                    text.append(line[i])
                    i += 1
                break
            elif ch == ")":
                # "a)" of a case pattern, or a subshell closing right after a word
                i += 1
                closes = True
                break
            else:
                text.append(ch)
                i += 1
        if not redirect and (text or quoted):
            current.append(Word("".join(text), base + start, quoted))
        if closes and current:
            commands.append(current)
            current = []
    if current:
        commands.append(current)
    return commands + extra


def _matching_paren(line: str, open_index: int) -> int:
    depth = 0
    i = open_index
    while i < len(line):
        ch = line[i]
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
        elif ch == "'":
            end = line.find("'", i + 1)
            i = len(line) if end < 0 else end
        elif ch == "\\":
            i += 1
        i += 1
    return len(line)


def raw_words(text: str) -> list[str]:
    """Words of ``text`` as BuildKit's shell lexer splits them with RawQuotes/RawEscapes: quotes and
    escapes kept, no operators (Containerfile heredoc names, annotation words)."""
    words: list[str] = []
    cur: list[str] = []
    in_word = False
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in " \t":
            if in_word:
                words.append("".join(cur))
                cur, in_word = [], False
            i += 1
            continue
        in_word = True
        if c == "\\" and i + 1 < n:
            cur.append(text[i : i + 2])
            i += 2
        elif c == "'":
            j = text.find("'", i + 1)
            j = n - 1 if j < 0 else j
            cur.append(text[i : j + 1])
            i = j + 1
        elif c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            cur.append(text[i : j + 1])
            i = j + 1
        else:
            cur.append(c)
            i += 1
    if in_word:
        words.append("".join(cur))
    return words


def unquote(word: str) -> str:
    """A raw word without its quotes and escapes."""
    out, quote, i = [], "", 0
    while i < len(word):
        c = word[i]
        if quote:
            if c == quote:
                quote = ""
            elif c == "\\" and quote == '"' and i + 1 < len(word):
                i += 1
                out.append(word[i])
            else:
                out.append(c)
        elif c in "'\"":
            quote = c
        elif c == "\\" and i + 1 < len(word):
            i += 1
            out.append(word[i])
        else:
            out.append(c)
        i += 1
    return "".join(out)
