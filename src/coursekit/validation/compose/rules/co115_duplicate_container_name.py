"""CO115 DuplicateContainerName."""

from __future__ import annotations

from collections.abc import Iterator

from coursekit.validation.compose.context import KIND, ComposeContext, Hit, with_defaults
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule


def duplicate_container_name(ctx: ComposeContext) -> Iterator[Hit]:
    first: dict[str, tuple[str, tuple]] = {}
    for sname, svc in ctx.services.items():
        name = svc.get("container_name")
        resolved = with_defaults(name) if isinstance(name, str) and not ctx.is_placeholder(name) else None
        if not resolved:
            continue
        path = ("services", sname, "container_name")
        if resolved in first:
            other, other_path = first[resolved]
            yield Hit(path, {"name": resolved, "other": other, "line": ctx.shown_line(ctx.doc.where(other_path)[0])})
        else:
            first[resolved] = (sname, path)


RULE = Rule(
    "CO115",
    "DuplicateContainerName",
    KIND,
    Severity.ERROR,
    "container_name '{name}' is already used by service `{other}` (line {line}): the engine refuses the second container ('Conflict. The container name is already in use')",
    "A container name is unique on the engine: `docker compose config` accepts two services with the same container_name, "
    "but `docker compose up` starts the first and fails on the second, so the lab stops half started.",
    example="services:\n  web:\n    image: nginx:1.29-alpine\n    container_name: lab-web\n  api:\n    image: httpd:2.4\n    container_name: lab-web\n",
    fixed="services:\n  web:\n    image: nginx:1.29-alpine\n    container_name: lab-web\n  api:\n    image: httpd:2.4\n    container_name: lab-api\n",
    check=duplicate_container_name,
    scope="file",
)
