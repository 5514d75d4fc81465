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


#: Rows written down from the rules' intent (not read back from the registry under test).
KNOWN_ROWS = [
    "| CF200 | EndOfLifeBaseImage | containerfile | error |",
    "| CF250 | BaseImageNearEndOfLife | containerfile | warning |",
    "| DL3025 | JSONArgsRecommended | containerfile | warning |",
    "| CO204 | ServiceImageEndOfLife | compose | error |",
    "| CL005 | ComposeV1Command | command | error |",
    "| CK001 | UnclosedFence | markdown | error |",
    "| CK002 | MisplacedAnnotation | markdown | error |",
    "| CK013 | BrokenSymlink | markdown | error |",
]


def test_the_section_shows_known_rules_with_their_kind_and_severity():
    section = rules_doc.render_section()
    for row in KNOWN_ROWS:
        assert row in section


def test_every_rule_of_every_kind_is_in_the_section():
    section = rules_doc.render_section()
    import re

    codes = [line.split("|")[1].strip() for line in section.splitlines() if re.match(r"^\| [A-Z]{2}\d{3,4} \|", line)]
    assert len(codes) == len(set(codes))  # no rule listed twice
    assert set(codes) == set(REGISTRY.codes())
    # each heading's count is the number of rows under it
    for heading, count in re.findall(r"^### (.+) \((\d+) rules\)$", section, re.MULTILINE):
        body = section.split(f"### {heading} ({count} rules)", 1)[1].split("\n### ", 1)[0]
        assert sum(1 for line in body.splitlines() if re.match(r"^\| [A-Z]{2}\d{3,4} \|", line)) == int(count), heading
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
