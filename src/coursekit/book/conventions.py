"""Exercise-book conventions for command blocks (rules BK0xx).

The convention (handbook: "Writing an exercise"): a ```` ```console ```` block
holds commands only, each after a ``$ `` (lab VM) or ``# `` (inside a container)
prompt, long commands continued with a trailing ``\\``; what the commands print
goes into its own ```` ```output ```` block.  The copy button then copies exactly
the commands: Pygments' console lexer marks prompts (``.gp``) and every line that
is neither a prompt line nor a ``\\`` continuation as output (``.go``), and
course.css hides both while Material copies.

These rules run on the same console blocks as the docker CLI rules
(``validation.commands.checks``): every kind that matches a block runs, and annotations apply
to their merged findings.
"""

from __future__ import annotations

import re

from coursekit.markdown.blocks import CodeBlock
from coursekit.validation.artifact import Artifact, Kind
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule

KIND = "book"
CONSOLE_LANGS = {"console", "shell-session", "sh-session", "shellsession"}
SCRIPT_LANGS = {"bash", "sh", "shell", "zsh"}
COURSE_PROMPT = re.compile(r"^(?P<prompt>[$#] )(?P<command>.*)$")
# What Pygments' BashSessionLexer also takes for a prompt ("user@vm:~$ ", "/ # ", "(venv) $ ", "%").
OTHER_PROMPT = re.compile(r"^(?P<prompt>(?:\([^)]*\)\s*)?(?:[\w.-]+@[\w.-]+(?::[^\s$#]*)?|/[^\s$#]*|~[^\s$#]*|\[[^\]]+\])\s?[$#%]\s|%\s)(?P<command>.*)$")
GLUED_PROMPT = re.compile(r"^[$#](?=[^\s!])")
HEREDOC = re.compile(r"(?<!<)<<-?(?!<)\s*(?P<q>['\"]?)(?P<word>[A-Za-z_]\w*)(?P=q)")
SCRIPT_PROMPT = re.compile(r"^\s*\$ \S")


def _block_matches(block: CodeBlock) -> bool:
    return block.lang in CONSOLE_LANGS or block.lang in SCRIPT_LANGS


def _file_matches(_name: str) -> bool:
    return False


def _console_only(rule_name: str):
    def check(artifact: Artifact):
        if artifact.lang not in SCRIPT_LANGS:
            yield from (f for rule, f in _scan_console(artifact) if rule == rule_name)

    return check


prompt_missing = _console_only("prompt missing")
output_in_command_block = _console_only("output")
non_course_prompt = _console_only("other prompt")
heredoc_in_command_block = _console_only("heredoc")


def prompt_in_script_block(artifact: Artifact):
    if artifact.lang not in SCRIPT_LANGS:
        return
    for n, line in enumerate(artifact.lines, start=1):
        if SCRIPT_PROMPT.match(line.text):
            yield artifact.finding(PROMPT_IN_SCRIPT_BLOCK, n, line.text.index("$") + 1, lang=artifact.lang)


def _scan_console(artifact: Artifact):
    """(what, finding) of every convention broken in a console block, in line order."""
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
                    yield (
                        "prompt missing",
                        artifact.finding(
                            PROMPT_MISSING, n, 1, detail=f"prompt '{text[0]}' needs one space before the command ('{text[0]} {text[1:].lstrip()}')"
                        ),
                    )
                elif seen_prompt:
                    yield "output", artifact.finding(OUTPUT_IN_COMMAND_BLOCK, n, 1)
                else:
                    yield (
                        "prompt missing",
                        artifact.finding(PROMPT_MISSING, n, 1, detail="command without a '$ ' or '# ' prompt (or output before the first command)"),
                    )
                continue
            if other is not None:
                yield "other prompt", artifact.finding(NON_COURSE_PROMPT, n, 1, prompt=other.group("prompt").strip())
                m = other
            seen_prompt = True
            command = m.group("command")
            continued = command.rstrip().endswith("\\")
        hd = _heredoc(command)
        if hd and not continued:
            yield "heredoc", artifact.finding(HEREDOC_IN_COMMAND_BLOCK, n, hd.start() + 1 + (len(text) - len(command)))
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


# ---------------------------------------------------------------------------
# The rules (one family: they share the console scan)

PROMPT_MISSING = Rule(
    "BK001",
    "PromptMissing",
    KIND,
    Severity.ERROR,
    "{detail}",
    "Without its prompt a command renders as output: it is hidden from the copy button and readers cannot tell it is to be typed.",
    example="```console\ndocker container ls\n```\n",
    fixed="```console\n$ docker container ls\n```\n",
    check=prompt_missing,
)
OUTPUT_IN_COMMAND_BLOCK = Rule(
    "BK002",
    "OutputInCommandBlock",
    KIND,
    Severity.ERROR,
    "output line in a command block; move expected output into an ```output block after it",
    "Output mixed into a command block looks like something to type and blurs what the command printed; the output block shows it distinctly.",
    example="```console\n$ docker container run --rm alpine:3.23 echo hello\nhello\n```\n",
    fixed="```console\n$ docker container run --rm alpine:3.23 echo hello\n```\n\n```output\nhello\n```\n",
    check=output_in_command_block,
)
PROMPT_IN_SCRIPT_BLOCK = Rule(
    "BK003",
    "PromptInScriptBlock",
    KIND,
    Severity.ERROR,
    "'$ ' prompt in a {lang} block is copied with the command; use a ```console block",
    "Only console blocks strip prompts when copying: a '$ ' in a bash block ends up in the trainee's shell as 'command not found'.",
    example="```bash\n$ docker image pull alpine:3.23\n```\n",
    fixed="```console\n$ docker image pull alpine:3.23\n```\n",
    check=prompt_in_script_block,
)
NON_COURSE_PROMPT = Rule(
    "BK004",
    "NonCoursePrompt",
    KIND,
    Severity.WARNING,
    "prompt '{prompt}' is not a course prompt; use '$ ' on the lab VM or '# ' inside a container",
    "One prompt convention throughout the book tells trainees where to type: '$ ' on the VM, '# ' inside a container.",
    example="```console\nstudent@lab-vm:~$ docker container ls\n```\n",
    fixed="```console\n$ docker container ls\n```\n",
    check=non_course_prompt,
)
HEREDOC_IN_COMMAND_BLOCK = Rule(
    "BK005",
    "HeredocInCommandBlock",
    KIND,
    Severity.ERROR,
    "here-document in a command block: its body renders as output and is not copied; show the file in its own block",
    "The console lexer treats the lines of a here-document as output, so the copy button drops them and the pasted command waits for input forever.",
    example="```console\n$ cat > Containerfile <<EOF\nFROM alpine:3.23\nEOF\n```\n",
    fixed='```dockerfile title="Containerfile"\nFROM alpine:3.23\n```\n',
    check=heredoc_in_command_block,
)

RULES = (PROMPT_MISSING, OUTPUT_IN_COMMAND_BLOCK, PROMPT_IN_SCRIPT_BLOCK, NON_COURSE_PROMPT, HEREDOC_IN_COMMAND_BLOCK)


def check(artifact: Artifact):
    for rule in RULES:
        yield from rule.check(artifact)


KIND_SPEC = Kind(KIND, _block_matches, _file_matches, check)
