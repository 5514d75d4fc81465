"""BK004 NonCoursePrompt: ``user@vm:~$ `` and other prompts instead of the course's ``$ `` and ``# ``."""

from __future__ import annotations

from coursekit.book.conventions import KIND, console_findings
from coursekit.validation.artifact import Artifact
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule


def non_course_prompt(artifact: Artifact):
    yield from console_findings(artifact, "other prompt", RULE)


RULE = Rule(
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
