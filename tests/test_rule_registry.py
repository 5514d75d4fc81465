"""The rule registry (coursekit.validation.rules.Registry) on a fresh registry: look-up by code
or name, order, and the errors for a code or name registered twice; and known rules of the
course's registry, written down."""

from __future__ import annotations

import pytest

from coursekit.validation.findings import Severity
from coursekit.validation.registry import REGISTRY
from coursekit.validation.rules import Registry, Rule


def _rule(code: str, name: str, kind: str, severity: Severity = Severity.ERROR, scope: str = "instruction") -> Rule:
    return Rule(code, name, kind, severity, f"{name} message", f"{name} why", example="x", fixed="y", check=lambda ctx: [code], scope=scope)


@pytest.fixture
def registry() -> Registry:
    return Registry([_rule("CO900", "ComposeThing", "compose", Severity.WARNING), _rule("CF901", "LaterCode", "containerfile", scope="file")])


def test_every_rule_of_the_list_is_kept_with_its_fields(registry):
    registry.add(_rule("CF900", "EarlierCode", "containerfile"))
    rule = registry.get("CF901")
    assert (rule.code, rule.name, rule.kind, rule.severity, rule.message, rule.rationale, rule.scope) == (
        "CF901",
        "LaterCode",
        "containerfile",
        Severity.ERROR,
        "LaterCode message",
        "LaterCode why",
        "file",
    )
    assert rule.check(None) == ["CF901"]
    assert len(registry) == 3


def test_look_up_by_code_or_by_name_in_any_case(registry):
    assert registry.get("CO900").name == "ComposeThing"
    assert registry.get("composething").code == "CO900"
    assert registry.get("COMPOSETHING").code == "CO900"
    assert registry.get("ComposeThing").code == "CO900"
    assert registry.get("CO999") is None and registry.get("NoSuchRule") is None
    assert registry.resolve("latercode") == "CF901" and registry.resolve("CF901") == "CF901"
    assert registry.resolve("nothing") is None


def test_order_by_kind_then_code(registry):
    registry.add(_rule("CF900", "EarlierCode", "containerfile"))
    assert [r.code for r in registry] == ["CO900", "CF900", "CF901"]  # "compose" < "containerfile"
    assert [r.code for r in registry.of_kind("containerfile")] == ["CF900", "CF901"]
    assert list(registry.of_kind("markdown")) == []
    assert registry.codes() == ["CF900", "CF901", "CO900"]


def test_a_code_or_a_name_registered_twice_is_refused(registry):
    with pytest.raises(ValueError, match=r"^rule code CF901 registered twice$"):
        registry.add(_rule("CF901", "Other", "containerfile"))
    with pytest.raises(ValueError, match=r"^rule name LATERCODE registered twice$"):
        registry.add(_rule("CF902", "LATERCODE", "containerfile"))
    assert registry.codes() == ["CF901", "CO900"]  # nothing half-registered
    with pytest.raises(ValueError, match=r"^rule code CO900 registered twice$"):
        Registry([_rule("CO900", "A", "compose"), _rule("CO900", "B", "compose")])


def test_the_course_registry_knows_its_rules_by_code_and_name():
    # Written down from the rules' intent, not read back from the registry.
    assert REGISTRY.get("CF200").name == "EndOfLifeBaseImage" and REGISTRY.get("CF200").severity is Severity.ERROR
    assert REGISTRY.get("BaseImageNearEndOfLife").code == "CF250" and REGISTRY.get("CF250").severity is Severity.WARNING
    assert REGISTRY.get("CO250").kind == "compose" and REGISTRY.get("CO250").severity is Severity.WARNING
    assert REGISTRY.get("CO204").severity is Severity.ERROR and REGISTRY.get("CL005").name == "ComposeV1Command"
    assert REGISTRY.resolve("unclosedfence") == "CK001" and REGISTRY.resolve("MisplacedAnnotation") == "CK002"
    assert REGISTRY.get("CK013").name == "BrokenSymlink"
