"""Parser conformance: our scanner against BuildKit's own Go parser (PyPI ``dockerfile``).

For every case and every corpus file, the instructions we find must have the
same keywords, line spans and heredoc bodies as BuildKit's; the cases cover
continuations, ``# escape=``, ``# syntax=``, ``# check=``, heredocs ``<<EOF`` and
``<<-EOF``, an instruction right after a heredoc terminator, ``ONBUILD``,
comments and empty lines inside continuations.  Where modern BuildKit differs
from the wrapped v0.12.5 (``# check=`` is a directive since v0.14), the test
states the modern behaviour explicitly.
"""

from __future__ import annotations

from pathlib import Path

import dockerfile
import pytest

from coursekit.validation import checker
from coursekit.validation.containerfile import parser as cfp

CORPUS = sorted((Path(__file__).parent / "data" / "containerfiles" / "valid").glob("*"))

CASES = {
    "continuation": 'FROM alpine:3.23\nRUN apk add --no-cache \\\n    curl \\\n    git\nCMD ["sh"]\n',
    "continuation-trailing-spaces": "FROM alpine:3.23\nRUN echo a \\   \n  b\n",
    "comment-inside-continuation": "FROM alpine:3.23\nRUN apk add \\\n  # tools\n  curl \\\n    # more\n  git\n",
    "empty-continuation-lines": 'FROM alpine:3.23\nRUN echo a \\\n\n   \n  b\nCMD ["x"]\n',
    "escape-backtick": "# escape=`\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir C:\\ `\n    && echo done\nCOPY a.txt C:\\app\\\n",
    "syntax-then-escape": "# syntax=docker/dockerfile:1\n# escape=`\nFROM alpine:3.23\nRUN echo `\n  b\n",
    "heredoc": 'FROM alpine:3.23\nRUN <<EOF\necho one\necho two\nEOF\nCMD ["sh"]\n',
    "heredoc-chomp": "FROM alpine:3.23\nRUN <<-EOF\n\techo one\n\tEOF\nRUN echo after\n",
    "heredoc-quoted": "FROM alpine:3.23\nRUN <<'EOF'\necho $HOME\nEOF\nRUN <<\"EOT\" bash\necho $HOME\nEOT\n",
    "heredoc-two": "FROM alpine:3.23\nCOPY <<EOF <<EOT /etc/\na\nEOF\nb\nEOT\n",
    "heredoc-fd": "FROM alpine:3.23\nRUN 3<<EOF cat /proc/self/fd/3\nhi\nEOF\n",
    "heredoc-in-command": "FROM alpine:3.23\nRUN cat <<EOF > /etc/motd && echo ok\nhello\nEOF\n",
    "instruction-right-after-terminator": 'FROM alpine:3.23\nRUN <<EOF\necho hi\nEOF\nRUN echo next\nCOPY <<EOF /x\ny\nEOF\nCMD ["sh"]\n',
    "heredoc-like-in-quotes": 'FROM alpine:3.23\nRUN echo "<<EOF"\nRUN echo done\n',
    "heredoc-not-for-cmd": "FROM alpine:3.23\nCMD cat <<EOF\nRUN echo hi\n",
    "onbuild": "FROM node:24-slim\nONBUILD COPY --chown=node package.json ./\nONBUILD RUN npm ci\n",
    "indented-and-lowercase": 'from alpine:3.23\n    run echo hi\n\tCmd ["sh"]\n',
    "bom": "\ufeffFROM alpine:3.23\nRUN echo\n",
    "crlf": "FROM alpine:3.23\r\nRUN echo a \\\r\n  b\r\n",
    "json-forms": 'FROM alpine:3.23\nCMD ["a", "b"]\nENTRYPOINT [ ]\nRUN ["echo", "<<EOF"]\nVOLUME ["/data"]\n',
}


def _go(text: str):
    return dockerfile.parse_string(text)


def _ours(text: str):
    return cfp.parse(text)


def assert_conforms(text: str) -> None:
    ours = _ours(text)
    assert not ours.problems, ours.problems
    go = _go(text)
    assert [(c.cmd, c.start_line, c.end_line) for c in go] == [(i.keyword, i.start_line, i.end_line) for i in ours.instructions]
    for c, i in zip(go, ours.instructions, strict=True):
        assert (c.flags, c.value, c.json) == (i.flags, i.args, i.json)
        assert [(h.name, h.content) for h in c.heredocs] == [(h.name, h.content) for h in i.heredocs]
        assert i.error is None


@pytest.mark.parametrize("name", sorted(CASES))
def test_conformance_case(name):
    assert_conforms(CASES[name])


@pytest.mark.parametrize("path", CORPUS, ids=[p.name for p in CORPUS])
def test_conformance_corpus(path):
    text = path.read_text(encoding="utf-8")
    if "# check=" in text:
        # v0.12.5 predates the check directive; the structure after the directives must still agree.
        text = "\n".join("" if line.startswith("# check=") else line for line in text.split("\n"))
    assert_conforms(text)


def test_corpus_is_large_enough_and_valid():
    assert len(CORPUS) >= 20
    for path in CORPUS:
        found = checker.check_lab_file(path.read_text(encoding="utf-8"), path.name)
        assert found == [], [f.format() for f in found]


def test_corpus_covers_the_required_features():
    text = "\n".join(p.read_text(encoding="utf-8") for p in CORPUS)
    for feature in (
        "AS build",
        "<<EOF",
        "<<-EOT",
        "# escape=`",
        "ONBUILD",
        "RUN --mount=",
        "COPY --link --chmod",
        "windows/servercore",
        "nanoserver",
        "# syntax=",
        "# check=",
    ):
        assert feature in text, feature
    assert any(p.read_text().startswith("ARG ") for p in CORPUS)


# --- what modern BuildKit does that the wrapped v0.12.5 does not -------------


def test_check_directive_does_not_end_the_directive_block():
    parsed = _ours("# check=skip=JSONArgsRecommended\n# escape=`\nFROM alpine:3.23\nRUN echo `\n  b\n")
    assert parsed.escape == "`"
    assert [(i.keyword, i.start_line, i.end_line) for i in parsed.instructions] == [("FROM", 3, 3), ("RUN", 4, 5)]
    assert parsed.check_skip == {"jsonargsrecommended"}


def test_directives_stop_at_the_first_other_line():
    parsed = _ours("# syntax=docker/dockerfile:1\n\n# escape=`\nFROM alpine:3.23\n")
    assert [d.name for d in parsed.directives] == ["syntax"] and parsed.escape == "\\"
    parsed = _ours("# unknown=1\n# escape=`\nFROM alpine:3.23\n")
    assert parsed.directives == []


def test_empty_continuation_lines_are_recorded():
    parsed = _ours(CASES["empty-continuation-lines"])
    assert parsed.instructions[1].empty_continuation_lines == (3, 4)


def test_onbuild_trigger_keeps_its_flags():
    parsed = _ours(CASES["onbuild"])
    trigger = parsed.instructions[1].trigger
    assert trigger.keyword == "COPY" and trigger.flags == ("--chown=node",) and trigger.column == 9


def test_unknown_instructions_keep_their_arguments():
    parsed = _ours("FROM alpine:3.23\nRUNN --x=1 apk add curl\n")
    i = parsed.instructions[1]
    assert (i.keyword, i.known, i.flags, i.args) == ("RUNN", False, ("--x=1",), ("apk", "add", "curl"))


# --- errors with lines (the Go parser reports none) ---------------------------


def test_go_errors_get_the_line_of_their_instruction_and_all_are_found():
    text = 'FROM alpine:3.23\nLABEL version\nRUN echo ok\nENV \\\n  APP_HOME\nCMD ["sh"]\n'
    with pytest.raises(dockerfile.GoParseError):
        _go(text)
    parsed = _ours(text)
    assert [(p.kind, p.line) for p in parsed.problems] == [("arguments", 2), ("arguments", 4)]
    assert [i.keyword for i in parsed.instructions] == ["FROM", "LABEL", "RUN", "ENV", "CMD"]
    assert parsed.instructions[2].args == ("echo ok",)


def test_unterminated_heredoc_is_reported_where_it_opens():
    parsed = _ours("FROM alpine:3.23\nRUN echo\nRUN <<EOF\necho hi\nEOT\n")
    assert [(p.kind, p.line) for p in parsed.problems] == [("heredoc", 3)]


def test_invalid_directives():
    assert [p.line for p in _ours("# escape=x\nFROM a\n").problems] == [1]
    assert "only one" in _ours("# escape=`\n# escape=\\\nFROM a\n").problems[0].message
    assert "invalid check option" in _ours("# check=skip\nFROM a\n").problems[0].message


def test_escape_token_changes_continuations():
    parsed = _ours("# escape=`\nFROM a\nRUN echo \\\nRUN echo `\n  b\n")
    assert [(i.keyword, i.start_line, i.end_line) for i in parsed.instructions] == [("FROM", 2, 2), ("RUN", 3, 3), ("RUN", 4, 5)]
