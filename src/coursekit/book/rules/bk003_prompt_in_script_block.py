"""BK003 PromptInScriptBlock: a ``$ `` prompt in a bash/sh block, where the copy button keeps it."""

from __future__ import annotations

import re

from coursekit.book.conventions import KIND, SCRIPT_LANGS
from coursekit.validation.artifact import Artifact
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule

SCRIPT_PROMPT = re.compile(r"^\s*\$ \S")


def prompt_in_script_block(artifact: Artifact):
    if artifact.lang not in SCRIPT_LANGS:
        return
    for n, line in enumerate(artifact.lines, start=1):
        if SCRIPT_PROMPT.match(line.text):
            yield artifact.finding(RULE, n, line.text.index("$") + 1, lang=artifact.lang)


RULE = Rule(
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
