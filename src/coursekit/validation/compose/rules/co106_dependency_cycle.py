"""CO106 DependencyCycle."""

from __future__ import annotations

from collections.abc import Iterator

from coursekit.validation.compose.context import (
    KIND,
    ComposeContext,
    Hit,
    extends_target,
    service_dependencies,
)
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule


def dependency_cycle(ctx: ComposeContext) -> Iterator[Hit]:
    services = ctx.services
    graph = {name: [(sub, dep) for sub, _opt, dep in service_dependencies(svc) if dep in services] for name, svc in services.items()}
    state: dict[str, int] = {}  # 1 = on stack, 2 = done
    reported: set[frozenset] = set()
    stack: list[str] = []

    def visit(name: str) -> Iterator[Hit]:
        state[name] = 1
        stack.append(name)
        for sub, dep in graph[name]:
            if state.get(dep) == 1:
                cycle = stack[stack.index(dep) :] + [dep]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    yield Hit(
                        ("services", name, *sub),
                        {"cycle": " → ".join(f"`{c}`" for c in cycle)},
                        at_key=isinstance(services[name].get("depends_on"), dict) and sub[0] == "depends_on",
                    )
            elif dep not in state:
                yield from visit(dep)
        stack.pop()
        state[name] = 2

    for name in services:
        if name not in state:
            yield from visit(name)
    # extends within the file: Compose refuses a service that extends itself, directly or not ("Circular reference")
    for name, svc in services.items():
        chain = [name]
        target, file = extends_target(svc)
        while target is not None and file is None and target in services and target not in chain:
            chain.append(target)
            target, file = extends_target(services[target])
        if target is not None and file is None and target == name:
            key = frozenset(chain) | {"extends"}
            if key not in reported:
                reported.add(key)
                sub = ("extends",) if isinstance(svc.get("extends"), str) else ("extends", "service")
                yield Hit(("services", name, *sub), {"cycle": " extends ".join(f"`{c}`" for c in [*chain, name])})


RULE = Rule(
    code="CO106",
    name="DependencyCycle",
    kind=KIND,
    severity=Severity.ERROR,
    message="services depend on each other in a cycle: {cycle}",
    rationale="Compose cannot order services that wait for each other ('dependency cycle detected') and refuses the file; a service that extends itself, directly or through others, is refused too ('Circular reference').",
    example="services:\n  web:\n    image: nginx:1.29-alpine\n    depends_on: [app]\n  app:\n    image: redis:8.2-alpine\n    depends_on: [web]\n",
    fixed="services:\n  web:\n    image: nginx:1.29-alpine\n    depends_on: [app]\n  app:\n    image: redis:8.2-alpine\n",
    scope="file",
    check=dependency_cycle,
)
