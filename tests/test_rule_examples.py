"""Every registered rule's ``example`` fires it and its ``fixed`` text is silent, run through
course-check in a small course folder: each rule code is asserted by one firing and one silent
case, by code, for every rule the registry lists (a new rule without both fails here)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from coursekit import cli
from coursekit.validation import checker
from coursekit.validation.meta.ck009_ck012_course_source import check_course
from coursekit.validation.registry import REGISTRY, RULES

MODULE = "---\ntitle: Basics\nduration: 30\n---\n\n# Basics\n\n## Exercise: first run\n\n/// exercises\n- first-run\n///\n"
EXERCISE = "---\nid: first-run\ntitle: First run\nmodule: basics\nkind: exercise\nduration: 10\nobjectives:\n  - Run one\n---\n\n# First run\n\nDo it.\n"
CONFIG = """\
site_name: t
extra:
  course:
    default_variant: v
    variants:
      v:
        title: V
        modules:
          - basics
"""
#: Where an example goes when its rule does not say (``Rule.example_path``).
DEFAULT_PATH = {"containerfile": "Containerfile", "compose": "compose.yaml"}


def course(root: Path) -> Path:
    for rel, text in {
        "mkdocs.yml": CONFIG,
        "docs/modules/basics.md": MODULE,
        "exercises/first-run/index.md": EXERCISE,
        "exercises/first-run/files/Containerfile": "FROM alpine:3.23\n",
    }.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    return root


def codes(rule, text: str, root: Path) -> set[str]:
    """The rule codes course-check reports for ``text`` placed where ``rule`` says examples go."""
    course(root)
    if rule.example_path == "sh":
        subprocess.run(["sh", "-c", text], cwd=root, check=True)
        target = root
    else:
        target = root / (rule.example_path or DEFAULT_PATH.get(rule.kind, "page.md"))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    report = checker.check_paths([str(target)], str(root))
    return {f.code for f in report.findings} | {f.code for f in check_course(str(root), [str(target)])}


@pytest.fixture(autouse=True)
def _pinned(monkeypatch):
    monkeypatch.setenv("COURSE_CHECK_DATE", "2026-12-06")
    monkeypatch.setenv("COURSE_CHECK_HADOLINT", "1")  # CF300's example needs the optional engine


@pytest.mark.parametrize("rule", RULES, ids=[r.code for r in RULES])
def test_example_fires_and_fix_is_silent(rule, tmp_path):
    assert rule.example and rule.fixed and rule.example != rule.fixed
    assert rule.code in codes(rule, rule.example, tmp_path / "example"), f"{rule.code}'s example does not fire it"
    assert rule.code not in codes(rule, rule.fixed, tmp_path / "fixed"), f"{rule.code}'s fixed text still fires it"


def test_the_base_course_of_the_examples_is_clean(tmp_path):
    root = course(tmp_path)
    assert checker.check_paths([str(root)], str(root)).findings == [] and check_course(str(root), [str(root)]) == []


def test_every_rule_is_listed_once_and_carries_its_own_check():
    assert len(REGISTRY) == len(RULES) == len({r.code for r in RULES})
    assert all(callable(r.check) and r.check.__name__ != "<lambda>" for r in RULES)


def test_list_rules_prints_every_rule_on_one_line(capsys):
    assert cli.main(["--list-rules"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(RULES)
    by_code = {line.split()[0]: line for line in lines}
    assert sorted(by_code) == sorted(r.code for r in RULES)
    assert by_code["DL3007"].split(None, 3) == ["DL3007", "LatestTag", "warning", REGISTRY.get("DL3007").message]
    assert by_code["CF100"].split(None, 3)[:3] == ["CF100", "UnknownInstruction", "error"]
    assert by_code["CL005"].endswith("'docker-compose' (Compose v1) is retired; use 'docker compose'")


def test_paths_are_required_without_list_rules(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main([])
    assert exc.value.code == 2 and "required: PATH" in capsys.readouterr().err
