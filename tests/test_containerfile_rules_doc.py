"""README's rules section is generated from the registry and must not drift."""

from __future__ import annotations

from pathlib import Path

from coursekit.validation import rules_doc
from coursekit.validation.rules import REGISTRY

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_rules_section_is_up_to_date():
    text = README.read_text(encoding="utf-8")
    assert rules_doc.START in text and rules_doc.END in text
    assert rules_doc.update(text) == text, "README.md's rules section is out of date: run  python -m coursekit.validation.rules_doc --write README.md"


def test_every_rule_of_every_kind_is_in_the_section():
    section = rules_doc.render_section()
    for rule in REGISTRY:
        assert f"| {rule.code} | {rule.name} | {rule.kind} | {rule.severity} |" in section
    for keyword in ("fragment", "placeholders", "expect", "ignore", "# check=skip="):
        assert keyword in section


def test_update_is_idempotent_and_escapes_cells(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("# Title\n\nIntro.\n")
    assert rules_doc.main(["--check", str(readme)]) == 1
    assert rules_doc.main(["--write", str(readme)]) == 0
    once = readme.read_text()
    assert rules_doc.main(["--check", str(readme)]) == 0
    assert rules_doc.update(once) == once and once.startswith("# Title\n\nIntro.\n")
    row = next(line for line in once.splitlines() if line.startswith("| CF108 |"))
    assert "&lt;!-- course-check: fragment --&gt;" not in row and "&lt;!-- course-check: fragment -->" in row
