"""CL006 ManagementCommandStyle: a house-style rule (a course can switch it off)."""

from __future__ import annotations

from collections.abc import Iterator

from coursekit.validation.commands.walk import CommandWalk
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule

# Short top-level forms and the management command the course's house style uses instead.
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


def legacy_form(walk: CommandWalk) -> Iterator[tuple[int, dict]]:
    if walk.path and walk.path[0].text in LEGACY_FORMS:
        first = walk.path[0]
        yield first.start, {"legacy": first.text, "modern": LEGACY_FORMS[first.text]}


RULE = Rule(
    "CL006",
    "ManagementCommandStyle",
    "command",
    Severity.WARNING,
    "the course uses 'docker {modern}' (house style): write it instead of 'docker {legacy}'",
    "Docker documents both forms as current: the short commands (docker run, docker ps) and the management commands "
    "(docker container run, docker container ls). This course's house style is the management commands, so that trainees "
    "see one form throughout; a course that teaches the short forms switches the rule off (extra.course.checks.disable: [CL006]).",
    example="```console\n$ docker ps -a\n```\n",
    fixed="```console\n$ docker container ls -a\n```\n",
    check=legacy_form,
)
