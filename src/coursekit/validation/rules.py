"""The rule model: every check has a stable code, a name, a severity, a one-line
message, a rationale, an example that makes it fire and the fixed version that is
silent (the rule reference is generated from these fields, and a test runs every
example and fix through the checker).

Rules are plain values: each rule module defines one ``RULE`` (or a small family of
them) and :mod:`coursekit.validation.registry` lists them explicitly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import KW_ONLY, dataclass, field

from coursekit.validation.findings import Finding, Severity


@dataclass(frozen=True)
class Rule:
    code: str  # stable, e.g. "CF101" or hadolint's "DL3006"
    name: str  # CamelCase, aligned with Docker build checks where they overlap
    kind: str  # "containerfile" | "compose" | "command" | "book" | "deck" | "markdown"
    severity: Severity
    message: str  # one line; may contain str.format fields filled by the check
    rationale: str
    _: KW_ONLY
    #: the text an author writes that makes this rule fire ...
    example: str
    #: ... and the corrected text, on which it is silent
    fixed: str
    #: the rule's own check; what it is called with depends on the kind (a Containerfile
    #: context, a compose context, one docker command, a Markdown page, ...)
    check: Callable = field(compare=False, repr=False)
    #: "instruction": works on fragments; "file": needs a whole file (skipped for fragments)
    scope: str = "instruction"
    #: where ``example``/``fixed`` live in a course folder: "" = the kind's usual file
    #: (see ``tests/test_rule_examples.py``); "sh" = they are shell commands that set the
    #: situation up (symlinks, bytes that are not text)
    example_path: str = ""

    def format(self, **fields) -> str:
        return self.message.format(**fields)

    def finding(self, path: str, line: int, column: int = 1, message: str | None = None, /, **fields) -> Finding:
        """A finding of this rule at ``path:line:column``; the message is the rule's own, filled with ``fields``."""
        return Finding(path, line, column, self.severity, self.code, message if message is not None else self.message.format(**fields))


class Registry:
    """Rules by code and by name (case-insensitive), built from an explicit list."""

    def __init__(self, rules: Iterable[Rule] = ()) -> None:
        self._rules: dict[str, Rule] = {}
        self._names: dict[str, str] = {}
        for rule in rules:
            self.add(rule)

    def add(self, rule: Rule) -> Rule:
        if rule.code in self._rules:
            raise ValueError(f"rule code {rule.code} registered twice")
        if rule.name.lower() in self._names:
            raise ValueError(f"rule name {rule.name} registered twice")
        self._rules[rule.code] = rule
        self._names[rule.name.lower()] = rule.code
        return rule

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

    def __len__(self) -> int:
        return len(self._rules)

    def of_kind(self, kind: str) -> Iterable[Rule]:
        return (r for r in self if r.kind == kind)

    def codes(self) -> list[str]:
        return sorted(self._rules)
