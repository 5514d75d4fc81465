"""CK011 DiagramWithoutDescription: a ```mermaid fence without ``accDescr`` is a warning at
the fence's file:line (diagrams need a text alternative; mermaid renders ``accDescr`` as
the SVG's ``<desc>``).  The browser side is in test_deck_diagrams.py."""

from __future__ import annotations

import subprocess
import sys

import pytest
from conftest import REPO

from coursekit.course.lint import diagram_description
from coursekit.validation import checker
from coursekit.validation.findings import Severity
from coursekit.validation.registry import REGISTRY

PAGE = """\
# Diagrams

Some text.

```mermaid
flowchart LR
  a --> b
```

A caption.
"""
FENCE_LINE = PAGE.splitlines().index("```mermaid") + 1


def _ck011(text: str, path: str = "docs/modules/t.md", disabled: frozenset[str] = frozenset()) -> list:
    findings, _ = checker.check_markdown(text, path, str(REPO), disabled)
    return [f for f in findings if f.code == "CK011"]


def _with(body_lines: str) -> str:
    return PAGE.replace("flowchart LR\n", "flowchart LR\n" + body_lines)


def test_the_rule_is_registered_as_a_documented_warning():
    rule = REGISTRY.get("DiagramWithoutDescription")
    assert rule is not None and rule.code == "CK011"
    assert rule.severity is Severity.WARNING and rule.kind == "markdown"
    assert "accDescr" in rule.message and rule.rationale


def test_a_diagram_without_description_is_a_warning_at_its_fence():
    (f,) = _ck011(PAGE)
    assert (f.path, f.line, f.column, f.severity) == ("docs/modules/t.md", FENCE_LINE, 1, Severity.WARNING)
    assert f.format().startswith(f"docs/modules/t.md:{FENCE_LINE}:1: warning CK011 diagram without a text description")


@pytest.mark.parametrize(
    "body",
    [
        "  accTitle: Two boxes\n",  # a title alone is no description
        "  accDescr:\n",  # empty
        "  accDescr:    \n",
        "  %% accDescr: only in a comment\n",
        "  accDescr {\n  }\n",  # an empty block
    ],
)
def test_fires_without_a_real_description(body):
    assert [f.line for f in _ck011(_with(body))] == [FENCE_LINE]


@pytest.mark.parametrize(
    "body",
    [
        "  accTitle: Two boxes\n  accDescr: Box a points to box b.\n",
        "  accDescr: Box a points to box b.\n",
        "accDescr:Box a points to box b.\n",
        "  accDescr {\n    Box a points\n    to box b.\n  }\n",
        "  accDescr { Box a points to box b. }\n",
    ],
)
def test_silent_with_a_description(body):
    assert _ck011(_with(body)) == []


def test_state_diagrams_and_every_fence_of_a_page_are_checked():
    page = (
        "```mermaid\nstateDiagram-v2\n  accDescr: Off goes to on.\n  Off --> On\n```\n\n"
        "```mermaid\nstateDiagram-v2\n  Off --> On\n```\n\n"
        "```text\nflowchart LR\n  not a diagram\n```\n"
    )
    assert [f.line for f in _ck011(page)] == [7]


def test_description_text_is_read_from_line_and_block_forms():
    assert diagram_description(["flowchart LR", "  accDescr: A to B.", "  a --> b"]) == "A to B."
    assert diagram_description(["flowchart LR", "  accDescr {", "    A to", "    B.", "  }"]) == "A to B."
    assert diagram_description(["flowchart LR", "  a --> b"]) == ""


def test_an_annotation_or_the_course_switch_silences_it():
    annotated = PAGE.replace("```mermaid", "<!-- course-check: ignore DiagramWithoutDescription -- decorative only -->\n```mermaid")
    assert _ck011(annotated) == []
    disabled, _ = checker.resolve_disabled(["CK011"])
    assert _ck011(PAGE, disabled=disabled) == []


def test_every_course_diagram_has_a_description():
    report = checker.check_paths([str(REPO / "docs"), str(REPO / "exercises")], str(REPO))
    assert [f.format() for f in report.findings if f.code == "CK011"] == []
    sources = list((REPO / "docs").rglob("*.md")) + list((REPO / "exercises").rglob("*.md"))
    assert sum(p.read_text(encoding="utf-8").count("```mermaid") for p in sources) >= 20


def test_each_course_diagram_is_really_checked(tmp_path):
    # Every diagram of the course, its description removed one at a time in a copy of its page,
    # gives exactly one CK011 at that diagram's fence: the clean result above is not blindness.
    import re
    import shutil

    pages = sorted(p for p in [*(REPO / "docs").rglob("*.md"), *(REPO / "exercises").rglob("*.md")] if "```mermaid" in p.read_text(encoding="utf-8"))
    checked = 0
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for m in re.finditer(r"^```mermaid\n(?:.*\n)*?^\s*accDescr: .*\n", text, re.MULTILINE):
            rel = page.relative_to(REPO).as_posix()
            copy = tmp_path / rel
            copy.parent.mkdir(parents=True, exist_ok=True)
            start, end = m.span()
            block = re.sub(r"^\s*accDescr: .*\n", "", m.group(0), flags=re.MULTILINE)
            copy.write_text(text[:start] + block + text[end:], encoding="utf-8")
            findings, _ = checker.check_markdown(copy.read_text(encoding="utf-8"), rel, str(REPO))
            line = text.count("\n", 0, start) + 1
            assert [(f.code, f.line) for f in findings if f.code == "CK011"] == [("CK011", line)], (rel, line)
            checked += 1
    shutil.rmtree(tmp_path, ignore_errors=True)
    assert checked >= 20


def test_course_check_reports_it_and_exits_zero(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(PAGE, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "coursekit.cli", "page.md"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert f"page.md:{FENCE_LINE}:1: warning CK011 diagram without a text description" in run.stdout
