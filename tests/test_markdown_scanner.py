"""One dialect: tricky pages go through the scanner and through every consumer of it, and they
all agree with each other and with what Python-Markdown + pymdownx render.

The page below hides ``///`` lines and headings in places that are not what they look like:
inside a blockquoted fence, a fence in a list item, a four-backtick fence around a three-backtick
one, a ``~~~`` fence, and a code block inside a ``/// notes`` block whose ``///`` line is code.
The last ``/// notes`` is never closed.
"""

from __future__ import annotations

import markdown
import pytest

from coursekit.course import audience_filter, variants
from coursekit.course.manifest import assignments_in
from coursekit.deck import lint as deck_lint
from coursekit.markdown import blocks
from coursekit.markdown.scanner import Kind, replace_blocks, scan
from coursekit.site import serve_rebuilds, structure
from coursekit.site import validation as site_validation

PAGE = """\
---
title: Tricky
---
# Module { .statement }

> ```text
> /// notes
> ```

- item

    ~~~console
    /// notes
    ## not a topic
    ~~~

````markdown
```
/// notes
```
## not a heading
````

/// notes
secret text
```console
///
```
///

## Exercise: first

/// exercises
- ex-one
///

--8<-- "exercises/ex-one/files/compose.yaml"

```text
--8<--
exercises/ex-one/files/Containerfile
; a comment line
--8<--
```

/// notes
never closed
"""

#: The line numbers of PAGE that matter (1-based), written down once.
FRONT_MATTER = [1, 2, 3]
TITLE = 4
QUOTED_FENCE = (6, 8)
LIST_FENCE = (12, 15)
FOUR_BACKTICKS = (17, 22)
NOTES = (24, 29)
NOTES_CODE = (26, 28)
EXERCISE_HEADING = 31
EXERCISES_BLOCK = (33, 35)
SNIPPET_LINE = 37
SNIPPET_BLOCK = (39, 44)
UNCLOSED_NOTES = 46


def test_the_scanner_classifies_every_tricky_line():
    page = scan(PAGE)
    kinds = {line.number: line.kind for line in page.lines}
    assert [n for n, k in kinds.items() if k is Kind.FRONT_MATTER] == FRONT_MATTER
    assert [n for n, k in kinds.items() if k is Kind.HEADING] == [TITLE, EXERCISE_HEADING]
    opens = [(f.open + 1, f.close + 1, f.fence, f.info) for f in page.fences]
    assert opens == [
        (*QUOTED_FENCE, "```", "text"),
        (*LIST_FENCE, "~~~", "console"),
        (*FOUR_BACKTICKS, "````", "markdown"),
        (*NOTES_CODE, "```", "console"),
        (*SNIPPET_BLOCK, "```", "text"),
    ]
    assert page.fences[0].quote == "> " and page.fences[1].indent_text == "    "
    shown = [(b.name, b.open + 1, None if b.close is None else b.close + 1, b.depth) for b in page.blocks]
    assert shown == [("notes", *NOTES, 0), ("exercises", *EXERCISES_BLOCK, 0), ("notes", UNCLOSED_NOTES, None, 0)]
    assert page.lines[NOTES_CODE[0]].kind is Kind.CODE  # the '///' inside the notes' code block
    assert page.lines[NOTES[0]].depth == 1 and page.lines[NOTES[1] - 1].depth == 1 and page.lines[NOTES[1]].depth == 0
    assert page.lines[TITLE - 1].heading.classes == ("statement",) and page.lines[TITLE - 1].heading.title == "Module"
    snippets = [(line.number, line.snippet) for line in page.snippets]
    assert snippets == [(SNIPPET_LINE, "exercises/ex-one/files/compose.yaml"), (SNIPPET_BLOCK[0] + 2, "exercises/ex-one/files/Containerfile")]
    assert [line.number for line in page.lines if line.snippet_marker] == [SNIPPET_BLOCK[0] + 1, SNIPPET_BLOCK[1] - 1]


def test_the_renderer_agrees_on_fences_and_blocks():
    """What Python-Markdown + SuperFences + pymdownx.blocks make of the same page (front matter cut, as MkDocs does)."""
    body = PAGE.split("---\n", 2)[2]
    html = markdown.markdown(
        body,
        extensions=["admonition", "attr_list", "pymdownx.superfences", "pymdownx.blocks.details"],
        extension_configs={"pymdownx.blocks.details": {"types": [{"name": "notes", "class": "notes", "title": "Instructor notes"}]}},
    )
    assert html.count('<details class="notes">') == 2  # the real notes block and the unclosed one, nothing from code
    assert html.count("/// notes") == 3  # shown as code: quoted, in the list, in the four-backtick fence
    assert "<h2" in html and html.count("<h2") == 1  # '## Exercise: first' only
    secret = html.index("secret text")
    assert html.rfind('<details class="notes">', 0, secret) > html.rfind("</details>", 0, secret)


def test_audience_filter_strips_exactly_the_notes_blocks():
    out = audience_filter.strip_blocks(PAGE, ("notes",))
    assert "secret text" not in out and "never closed" not in out
    assert out.count("/// notes") == 3  # the three in code
    assert "## Exercise: first\n\n/// exercises\n- ex-one\n///\n" in out
    assert out.endswith("```\n\n")  # everything after the unclosed notes block is gone


def test_block_problems_see_only_the_unclosed_block():
    problems = blocks.block_problems(PAGE)
    assert [p.line for p in problems] == [UNCLOSED_NOTES]
    assert "'/// notes' opened here is never closed" in problems[0].message


def test_assignments_and_cards_ignore_code():
    assert [(a.exercise_id, a.line, a.block) for a in assignments_in(PAGE)] == [("ex-one", EXERCISES_BLOCK[0] + 1, "exercises")]
    in_code = "```markdown\n/// exercises\n- ex-one\n///\n```\n"
    assert assignments_in(in_code) == []
    assert structure.expand_course_blocks(in_code, course=None, page_src="x.md", shown_path="x.md", line_offset=0) == in_code


def test_deck_slides_split_at_real_headings_only():
    slides = deck_lint.split_page(PAGE, "docs/modules/tricky.md")
    assert [(s.level, s.line, s.title) for s in slides] == [(1, TITLE, "Module"), (2, EXERCISE_HEADING, "Exercise: first")]
    codes = [item.lang for s in slides for _, item in s.items if isinstance(item, deck_lint.Code)]
    assert codes == ["text", "console", "markdown", "console", "text"]


def test_checker_code_blocks_are_the_scanned_fences():
    found, problems = blocks.extract_blocks(PAGE, "docs/page.md")
    assert problems == []
    assert [(b.fence_line, b.lang) for b in found] == [
        (QUOTED_FENCE[0], "text"),
        (LIST_FENCE[0], "console"),
        (FOUR_BACKTICKS[0], "markdown"),
        (NOTES_CODE[0], "console"),
        (SNIPPET_BLOCK[0], "text"),
    ]
    assert found[0].lines[0].text == "/// notes" and found[0].lines[0].column_offset == 2


def test_snippet_targets_agree_between_validation_and_serve(tmp_path):
    assert site_validation.snippet_targets(PAGE) == ["exercises/ex-one/files/compose.yaml", "exercises/ex-one/files/Containerfile"]
    page = tmp_path / "page.md"
    page.write_text(PAGE)
    deps = serve_rebuilds.dependencies(str(page), "modules/tricky.md", "/repo")
    assert deps == ["/repo/exercises/ex-one/files/compose.yaml", "/repo/exercises/ex-one/files/Containerfile"]


def test_variants_resolve_around_code_that_looks_like_a_close():
    text = "/// variant | full\nbefore\n```text\n///\n```\nafter\n///\ntail\n"
    assert variants.filter_variants(text, "half", ["full", "half"], "p.md") == "\n\n\n\n\n\n\ntail\n"
    assert variants.filter_variants(text, "full", ["full", "half"], "p.md") == "\nbefore\n```text\n///\n```\nafter\n\ntail\n"


def test_title_and_annotations_ignore_code():
    text = "```console\n# whoami\n```\n# Real title\n<!-- course-check: fragment -->\n```dockerfile\nFROM x\n```\n"
    assert site_validation.failed_build_page(text) == "# Real title\n"
    assert "course-check" not in site_validation.strip_annotations(text)
    documented = "````markdown\n<!-- course-check: fragment -->\n```dockerfile\n```\n````\n"
    assert site_validation.strip_annotations(documented) == documented


def test_unclosed_fence_swallows_the_rest_for_everyone():
    text = "# T\n\n~~~~\n/// notes\n## inside\n~~~\n"
    page = scan(text)
    assert page.fences[0].close is None and page.blocks == ()
    assert audience_filter.strip_blocks(text, ("notes",)) == text
    assert blocks.block_problems(text) == []
    assert [s.title for s in deck_lint.split_page(text, "docs/modules/t.md")] == ["T"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("/// a\n//// b\n////\n///\n", [("a", 0, 3, False), ("b", 1, 2, False)]),
        ("//// a\n/// b\n////\n", [("a", 0, 2, False), ("b", 1, 2, True)]),  # the outer close closes the inner one too
        ("/// a\n", [("a", 0, None, False)]),
    ],
)
def test_block_nesting(text, expected):
    assert [(b.name, b.open, b.close, b.closed_by_outer) for b in scan(text).blocks] == expected


def test_replace_blocks_keeps_what_is_around():
    text = "a\n/// x\n///\nb\n/// y\ninner\n///\n"
    assert replace_blocks(text, lambda b: "X" if b.name == "x" else None) == "a\nX\nb\n/// y\ninner\n///\n"
