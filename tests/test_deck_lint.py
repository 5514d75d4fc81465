"""DK001 AssignmentWithoutOwnSlide and DK002 SlideTooLong: the deck rules on module pages.

Fire and silent cases through the real checker (``checker.check_markdown``, as
``course-check`` and the build run it), and the real course: no finding, and its
longest slide well under the DK002 limit (the calibration the limit rests on).
"""

from __future__ import annotations

import glob
from pathlib import Path

import pytest
from conftest import REPO

from coursekit.deck import lint as deck_lint
from coursekit.deck.rules import dk002_slide_too_long
from coursekit.validation import checker
from coursekit.validation.findings import Severity
from coursekit.validation.registry import REGISTRY

MODULE = "docs/modules/demo.md"

HEAD = """\
---
title: Demo
duration: 30
---

# Demo

Intro.

"""

GOOD = (
    HEAD
    + """\
## Topic

- one
- two

/// notes
Say this.
///

## Exercise: the topic

/// exercises | Exercise: Topic
- ex-a
- ex-b
///

/// notes
About 20 minutes. A `code` span and a

```console
$ docker container ls
```

in the notes do not count.
///

## Instructor demo: the topic

<!-- the demo is short -->
/// demo | Instructor demo: Topic
- show
///
"""
)


def findings(text: str, path: str = MODULE, root: str | None = None, code: str = "DK", disabled: frozenset[str] = frozenset()) -> list:
    found, _ = checker.check_markdown(text, path, root, disabled)
    return [f for f in found if f.code.startswith(code)]


def line_of(text: str, needle: str, nth: int = 1) -> int:
    hits = [i for i, line in enumerate(text.splitlines(), start=1) if line.strip() == needle]
    return hits[nth - 1]


def test_rules_are_registered_with_stable_codes():
    own = REGISTRY.get("DK001")
    long = REGISTRY.get("DK002")
    assert (own.name, own.kind, own.severity) == ("AssignmentWithoutOwnSlide", "deck", Severity.ERROR)
    assert (long.name, long.kind, long.severity) == ("SlideTooLong", "deck", Severity.WARNING)
    assert REGISTRY.resolve("SlideTooLong") == "DK002" and REGISTRY.resolve("assignmentwithoutownslide") == "DK001"
    assert own.rationale and long.rationale


def test_the_course_pattern_is_silent():
    assert findings(GOOD) == []


@pytest.mark.parametrize(
    "body, needle, expected",
    [
        # the review's case: a demo without a heading merges into the exercise slide before it
        (
            "## Exercise: topic\n\n/// exercises | Exercise\n- ex-a\n///\n\n/// demo | Demo\n- show\n///\n",
            "/// demo | Demo",
            "shares the slide '## Exercise: topic' (line 10) with the `/// exercises` block at line 12, and their countdowns would be summed",
        ),
        (
            "## Topic\n\n- one\n- two\n\n/// exercises | Exercise\n- ex-a\n///\n",
            "/// exercises | Exercise",
            "shares the slide '## Topic' (line 10) with other content (line 12)",
        ),
        ("/// exercises | Exercise\n- ex-a\n///\n", "/// exercises | Exercise", "has no `##` heading of its own and merges into the module's title slide"),
        (
            "## Topic\n\nText.\n\n### Detail\n\n/// demo\n- show\n///\n",
            "/// demo",
            "is under the sub-topic '### Detail' (line 14), not on a `##` slide of its own",
        ),
        (
            "## Exercise\n\n/// exercises\n- ex-a\n///\n\nWork in pairs.\n",
            "/// exercises",
            "shares the slide '## Exercise' (line 10) with other content (line 16)",
        ),
    ],
)
def test_dk001_fires_at_the_block_line(body, needle, expected):
    text = HEAD + body
    found = findings(text)
    assert [(f.code, f.line, f.severity) for f in found] == [("DK001", line_of(text, needle), Severity.ERROR)]
    assert expected in found[0].message
    assert "must be the only content of its own `##` slide (speaker notes aside)" in found[0].message


def test_dk001_ignores_blocks_in_code_and_other_pages():
    shown = HEAD + "## Writing an exercise slide\n\n```markdown\n/// exercises\n- ex-a\n///\n```\n"
    assert findings(shown) == []  # a block shown as an example is no block
    merged = HEAD + "/// exercises\n- ex-a\n///\n"
    assert findings(merged, "exercises/ex-a/index.md") == []  # only module pages become decks
    assert findings(merged, "docs/guide/index.md") == []
    assert [f.code for f in findings(merged, "docs/modules/other.md")] == ["DK001"]


@pytest.mark.parametrize("path", ["docs/modules/README.md", "modules/readme.md", "docs/modules/index.md"])
def test_a_folders_readme_or_index_is_not_a_module(path):
    """Seen when course-check ran on other repositories: a ``modules/README.md`` describing the
    folder got slide-length warnings, though it never becomes a deck."""
    long_list = HEAD + "## Everything about images\n\n" + "".join(f"- point number {i} about images\n" for i in range(40))
    assert findings(long_list, path, code="DK") == []
    assert [f.code for f in findings(long_list, "docs/modules/readme-basics.md", code="DK")] == ["DK002"]


def test_dk002_fires_for_forty_bullets_at_the_heading_line():
    text = HEAD + "## Everything about images\n\n" + "".join(f"- point number {i} about images\n" for i in range(40))
    found = findings(text)
    assert [(f.code, f.line, f.severity) for f in found] == [("DK002", line_of(text, "## Everything about images"), Severity.WARNING)]
    assert "slide 'Everything about images' is too long to present: about 46 rendered lines (limit 25); mostly list items" in found[0].message


def test_dk002_fires_for_a_45_line_code_block_also_from_a_snippet(tmp_path):
    code = "".join(f"RUN echo step {i}\n" for i in range(45))
    inline = HEAD + "## A long recipe\n\n```dockerfile\nFROM alpine:3.22\n" + code + "```\n"
    found = findings(inline, code="DK")
    assert [(f.code, f.line) for f in found] == [("DK002", line_of(inline, "## A long recipe"))]
    assert "mostly code (about 29 lines)" in found[0].message
    # the same recipe as a snippet: the included file's lines count
    (tmp_path / "labs").mkdir()
    (tmp_path / "labs" / "Containerfile").write_text("FROM alpine:3.22\n" + code, encoding="utf-8")
    snippet = HEAD + '## A long recipe\n\n```dockerfile\n--8<-- "labs/Containerfile"\n```\n'
    assert [f.code for f in findings(snippet, root=str(tmp_path))] == ["DK002"]


def test_dk002_silent_for_what_fits():
    eighteen = "".join(f"RUN echo {i}\n" for i in range(17))
    text = (
        HEAD
        + "## Code that fits\n\n```dockerfile\nFROM alpine:3.22\n"
        + eighteen
        + "```\n\n## Twelve bullets\n\n"
        + "".join(f"- point {i}\n" for i in range(12))
        + "\n/// notes\n"
        + "".join(f"Notes line {i} can be as long as the instructor likes.\n" for i in range(80))
        + "///\n\n## Two columns\n\n/// columns\n"
        + "".join(f"- left {i}\n" for i in range(10))
        + "\n***\n\n"
        + "".join(f"- right {i}\n" for i in range(10))
        + "///\n"
    )
    assert findings(text) == []


def test_rules_can_be_switched_off():
    text = HEAD + "## Long\n\n" + "".join(f"- p{i}\n" for i in range(40)) + "\n/// exercises\n- ex-a\n///\n"
    assert sorted(f.code for f in findings(text)) == ["DK001", "DK002"]
    disabled, unknown = checker.resolve_disabled(["SlideTooLong", "DK001"])
    assert unknown == []
    assert findings(text, disabled=disabled) == []


def test_real_course_has_no_deck_findings_and_fits_the_limit_with_margin():
    pages = sorted(glob.glob(str(REPO / "docs/modules/*.md")))
    assert len(pages) >= 10
    longest = 0.0
    for page in pages:
        text = Path(page).read_text(encoding="utf-8")
        shown = "docs/modules/" + page.rsplit("/", 1)[1]
        assert findings(text, shown, str(REPO)) == [], shown
        for slide in deck_lint.split_page(text, shown, str(REPO)):
            longest = max(longest, dk002_slide_too_long.estimate_lines(slide)[0])
    # every real slide fits (tests/test_deck_browser.py checks it in Chromium); the limit keeps a wide margin
    assert 8 < longest < dk002_slide_too_long.MAX_SLIDE_LINES * 0.75, longest
