"""The rule registry (coursekit.validation.rules) on a fresh registry: registration, look-up by
code or name, order, and the errors for a code or name registered twice."""

from __future__ import annotations

import pytest

from coursekit.validation.findings import Severity
from coursekit.validation.rules import REGISTRY, Registry, Rule


@pytest.fixture
def registry() -> Registry:
    reg = Registry()

    @reg.rule("CO900", "ComposeThing", "compose", Severity.WARNING, "thing {x}", "why compose")
    def compose_thing(ctx):
        return ["compose"]

    @reg.rule("CF901", "LaterCode", "containerfile", Severity.ERROR, "later", "why later", scope="file")
    def later(ctx):
        return ["later"]

    reg.add(Rule("CF900", "EarlierCode", "containerfile", Severity.WARNING, "earlier", "why earlier"))
    return reg


def test_the_decorator_registers_every_field_and_returns_the_function(registry):
    rule = registry.get("CF901")
    assert (rule.code, rule.name, rule.kind, rule.severity, rule.message, rule.rationale, rule.scope) == (
        "CF901",
        "LaterCode",
        "containerfile",
        Severity.ERROR,
        "later",
        "why later",
        "file",
    )
    assert rule.check(None) == ["later"]
    assert registry.get("CO900").scope == "instruction" and registry.get("CO900").check(None) == ["compose"]


def test_look_up_by_code_or_by_name_in_any_case(registry):
    assert registry.get("CO900").name == "ComposeThing"
    assert registry.get("composething").code == "CO900"
    assert registry.get("COMPOSETHING").code == "CO900"
    assert registry.get("ComposeThing").code == "CO900"
    assert registry.get("CO999") is None and registry.get("NoSuchRule") is None
    assert registry.resolve("earliercode") == "CF900" and registry.resolve("CF900") == "CF900"
    assert registry.resolve("nothing") is None


def test_order_by_kind_then_code(registry):
    assert [r.code for r in registry] == ["CO900", "CF900", "CF901"]  # "compose" < "containerfile"
    assert [r.code for r in registry.of_kind("containerfile")] == ["CF900", "CF901"]
    assert list(registry.of_kind("markdown")) == []
    assert registry.codes() == ["CF900", "CF901", "CO900"]


def test_a_code_or_a_name_registered_twice_is_refused(registry):
    with pytest.raises(ValueError, match=r"^rule code CF900 registered twice$"):
        registry.add(Rule("CF900", "Other", "containerfile", Severity.ERROR, "m", "r"))
    with pytest.raises(ValueError, match=r"^rule name EARLIERCODE registered twice$"):
        registry.add(Rule("CF902", "EARLIERCODE", "containerfile", Severity.ERROR, "m", "r"))
    assert registry.codes() == ["CF900", "CF901", "CO900"]  # nothing half-registered


def test_the_course_registry_knows_its_rules_by_code_and_name():
    from coursekit.validation import checker

    checker._load_kinds()  # the checks register their rules when their kinds load
    # Written down from the rules' intent, not read back from the registry.
    assert REGISTRY.get("CF200").name == "EndOfLifeBaseImage" and REGISTRY.get("CF200").severity is Severity.ERROR
    assert REGISTRY.get("BaseImageNearEndOfLife").code == "CF250" and REGISTRY.get("CF250").severity is Severity.WARNING
    assert REGISTRY.get("CO250").kind == "compose" and REGISTRY.get("CO250").severity is Severity.WARNING
    assert REGISTRY.resolve("unclosedfence") == "CK001" and REGISTRY.resolve("MisplacedAnnotation") == "CK002"
