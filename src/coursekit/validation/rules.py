"""The rule registry: every check has a stable code, a name, a severity, a one-line
message, a rationale and a documentation text (README's rule table is generated
from here).  Rules are registered, not chained in if-statements.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from coursekit.validation.findings import Severity


@dataclass(frozen=True)
class Rule:
    code: str  # stable, e.g. "CF101" or hadolint's "DL3006"
    name: str  # CamelCase, aligned with Docker build checks where they overlap
    kind: str  # "containerfile" | "compose" | "shell" | "markdown"
    severity: Severity
    message: str  # one line; may contain str.format fields filled by the check
    rationale: str
    #: "instruction": works on fragments; "file": needs a whole file (skipped for fragments)
    scope: str = "instruction"
    check: Callable | None = field(default=None, compare=False, repr=False)


class Registry:
    def __init__(self) -> None:
        self._rules: dict[str, Rule] = {}
        self._names: dict[str, str] = {}

    def add(self, rule: Rule) -> Rule:
        if rule.code in self._rules:
            raise ValueError(f"rule code {rule.code} registered twice")
        if rule.name.lower() in self._names:
            raise ValueError(f"rule name {rule.name} registered twice")
        self._rules[rule.code] = rule
        self._names[rule.name.lower()] = rule.code
        return rule

    def rule(self, code: str, name: str, kind: str, severity: Severity, message: str, rationale: str, scope: str = "instruction"):
        """Decorator: register ``func`` as the check of a new rule."""

        def register(func: Callable) -> Callable:
            self.add(Rule(code, name, kind, severity, message, rationale, scope, func))
            return func

        return register

    def get(self, code_or_name: str) -> Rule | None:
        if code_or_name in self._rules:
            return self._rules[code_or_name]
        code = self._names.get(code_or_name.lower())
        return self._rules[code] if code else None

    def resolve(self, code_or_name: str) -> str | None:
        rule = self.get(code_or_name)
        return rule.code if rule else None

    def __iter__(self):
        return iter(sorted(self._rules.values(), key=lambda r: (r.kind, r.code)))

    def of_kind(self, kind: str) -> Iterable[Rule]:
        return (r for r in self if r.kind == kind)

    def codes(self) -> list[str]:
        return sorted(self._rules)


REGISTRY = Registry()
