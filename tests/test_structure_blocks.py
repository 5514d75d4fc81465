"""CK010 UnclosedBlock: an unclosed or misnested ``///`` block fails course-check and the build
at the block's opening line (the review found an unclosed ``/// notes`` that swallowed the rest
of a module while the build passed)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, copy_project, mkdocs_build

from coursekit.markdown.blocks import block_problems
from coursekit.validation import checker

GOOD = """\
---
title: T
duration: 30
---

# T

## One

/// columns
Text.

***

```markdown title="How a note is written"
/// notes
inside a code block: not a block
```
///

/// notes
Say this.
///

//// details | Outer
/// hint
Nested, closed first.
///
////

## Two

/// exercises | Exercise
- first-run
///
"""


NOTES_LINE = GOOD.splitlines().index("Say this.")  # 1-based line of the /// notes above it
TWO_LINE = GOOD.splitlines().index("## Two") + 1


def _ck010(text: str, disabled: frozenset[str] = frozenset()) -> list[tuple[int, str]]:
    findings, _ = checker.check_markdown(text, "docs/modules/t.md", disabled=disabled)
    return [(f.line, f.message) for f in findings if f.code == "CK010"]


def test_silent_on_well_formed_blocks_and_on_the_real_course():
    assert _ck010(GOOD) == []
    pages = sorted([*REPO.glob("docs/**/*.md"), *REPO.glob("exercises/**/*.md")])
    assert len(pages) > 20
    assert {str(p): block_problems(p.read_text(encoding="utf-8")) for p in pages if block_problems(p.read_text(encoding="utf-8"))} == {}


def test_unclosed_notes_is_reported_at_its_opening_line_with_the_topics_it_swallows():
    text = GOOD.replace("Say this.\n///\n", "Say this.\n", 1)
    (line, message), *rest = _ck010(text)
    assert rest == [] and line == NOTES_LINE
    assert "'/// notes' opened here is never closed" in message and f"'## Two' (line {TWO_LINE - 1})" in message


def test_notes_closed_after_the_next_topic_is_reported():
    text = GOOD.replace("Say this.\n///\n", "Say this.\n", 1).replace("- first-run\n///\n", "- first-run\n///\n///\n")
    found = _ck010(text)
    assert [line for line, _ in found] == [NOTES_LINE]
    assert f"runs over the topic heading '## Two' (line {TWO_LINE - 1})" in found[0][1]


def test_misnested_close_names_both_blocks():
    text = "# T\n\n//// columns\n/// notes\nx\n////\n"
    assert _ck010(text) == [
        (4, "'/// notes' opened here is not closed before line 6, whose '////' closes '//// columns' (line 3): close the inner block first with its own '///'")
    ]


def test_a_variant_block_may_hold_whole_topics_but_a_notes_block_inside_it_may_not():
    # `/// variant` is resolved before rendering: its topics stay topics in the variants that keep them.
    assert _ck010("# T\n\n/// variant | full-day\n\n## Extra topic\n\nText.\n\n## Another\n\n///\n\n## Last\n") == []
    found = _ck010("# T\n\n/// variant | full-day\n\n## Extra\n\n/// notes\nx\n\n## Swallowed\n///\n\n///\n")
    assert [line for line, _ in found] == [7] and "'## Swallowed'" in found[0][1]


def test_stray_close_is_reported_at_its_line():
    assert [line for line, _ in _ck010("# T\n\ntext\n///\n")] == [4]


@pytest.mark.parametrize("name", ["notes", "columns", "exercises", "demo", "hint", "solution", "agenda", "exercise-index", "tab | One"])
def test_every_block_name_needs_its_close(name):
    found = _ck010(f"# T\n\n/// {name}\ntext\n\n## Next\n")
    assert [line for line, _ in found] == [3]


def test_the_rule_can_be_switched_off_like_any_other():
    disabled, unknown = checker.resolve_disabled(["UnclosedBlock"])
    assert (disabled, unknown) == (frozenset({"CK010"}), [])
    assert _ck010("# T\n/// notes\n", disabled) == []
    assert [line for line, _ in _ck010("# T\n/// notes\n")] == [2]


def _break_basics(project: Path) -> int:
    """Remove the closing line of the second ``/// notes`` of the basics module; return its opening line."""
    page = project / "docs/modules/basics.md"
    lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
    opens = [i for i, line in enumerate(lines) if line.strip() == "/// notes"]
    start = opens[1]
    end = next(i for i in range(start + 1, len(lines)) if lines[i].strip() == "///")
    del lines[end]
    page.write_text("".join(lines), encoding="utf-8")
    return start + 1


def test_course_check_and_the_build_fail_at_the_opening_line(tmp_path):
    project = copy_project(tmp_path / "course")
    line = _break_basics(project)
    check = subprocess.run([sys.executable, "-m", "coursekit.cli", "docs/modules/basics.md"], cwd=project, capture_output=True, text=True, timeout=120)
    assert check.returncode == 1, check.stdout
    assert f"docs/modules/basics.md:{line}:1: error CK010 '/// notes' opened here is never closed" in check.stdout
    build = mkdocs_build(project, tmp_path / "site")
    assert build.returncode != 0
    assert f"docs/modules/basics.md:{line}:1: error CK010" in build.stderr
