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
from coursekit.markdown.scanner import Block, Fence, Kind, fences, leading_heading, may_have_blocks, replace_blocks, scan, strip_quote_markers
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


@pytest.mark.parametrize(
    "text, names, expected",
    [
        (PAGE, ("exercises",), True),
        (PAGE, ("notes", "demo"), True),
        (PAGE, ("agenda", "hours"), False),
        ("/// demo | Title\r\n- a\r\n///\r\n", ("demo",), True),
        ("  //// exercises\n- a\n////\n", ("exercises",), True),
        ("/// exercises-extra\n///\n", ("exercises",), False),
        ("text /// demo\n", ("demo",), False),
        ("/// demo", ("demo",), True),
    ],
)
def test_may_have_blocks_is_false_only_without_such_a_block(text, names, expected):
    assert may_have_blocks(text, *names) is expected
    if not expected:
        assert not scan(text).blocks_named(*names)


def test_may_have_blocks_never_misses_a_block_the_scanner_finds():
    """The cheap test before a scan: wherever the scanner sees a block, the pre-test says 'may'."""
    pages = [PAGE, PAGE.replace("\n", "\r\n"), PAGE.replace("/// ", "//// ").replace("///\n", "////\n")]
    for text in pages:
        for block in scan(text).blocks:
            assert may_have_blocks(text, block.name), block


def test_solution_sections_need_a_class_in_an_attribute_list():
    text = "## Steps\n\nThe solution is below.\n\n/// solution\nx\n///\n\n## Answer { .solution }\n\nyes\n"
    assert audience_filter.solution_sections(text) == [(8, 11)]
    assert audience_filter.solution_sections(text.replace("{ .solution }", "")) == []


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


# -- one line of the dialect at a time (each kills a mutant `nox -s mutation -- scanner` found) ----


def _kinds(text: str, front_matter: bool = True) -> list[tuple[int, str]]:
    return [(line.number, line.kind.value) for line in scan(text, front_matter).lines]


def test_fence_close_rules():
    # A close needs as many fence characters, the same character, and at most 3 spaces more indent.
    assert [(f.open, f.close) for f in scan("````\n```\n````\n").fences] == [(0, 2)]
    assert [(f.open, f.close) for f in scan("~~~\n```\n~~~~\n").fences] == [(0, 2)]
    assert [(f.open, f.close) for f in scan("```\n    ```\n```\n").fences] == [(0, 2)]
    assert [(f.open, f.close) for f in scan("```\n   ```\nafter\n").fences] == [(0, 1)]
    assert [(f.open, f.close) for f in scan("```\n``` x\n```\n").fences] == [(0, 2)]  # a close has no info string
    assert [(f.open, f.close) for f in scan("```\n\n```\n").fences] == [(0, 2)]


def test_backtick_fence_info_with_a_backtick_is_text():
    assert scan("``` a`b\n```\n").fences[0].open == 1  # the first line is inline code, the second opens
    assert [(f.open, f.close, f.info) for f in scan("~~~ a`b\n~~~\n").fences] == [(0, 1, "a`b")]


def test_fence_fields_and_last_line():
    page = scan('text\n  ```python  title="a.py"  \ncode\n')
    (fence,) = page.fences
    assert fence == Fence(1, None, "```", "  ", "", 'python  title="a.py"', True, page_last=2)
    assert fence.last == 2
    assert [line.kind for line in page.lines] == [Kind.TEXT, Kind.FENCE_OPEN, Kind.CODE]


def test_quoted_fences():
    page = scan(">> ```sh\n>> ls\n>> ```\n> after\n")
    assert [(f.open, f.close, f.quote, f.info) for f in page.fences] == [(0, 2, ">> ", "sh")]
    assert [line.kind for line in page.lines] == [Kind.FENCE_OPEN, Kind.CODE, Kind.FENCE_CLOSE, Kind.TEXT]
    assert [(f.open, f.close) for f in scan("> ```\n> ~~~\n> ```\n").fences] == [(0, 2)]


def test_strip_quote_markers():
    assert strip_quote_markers("> > x", 2) == ("x", 4)
    assert strip_quote_markers(">x", 1) == ("x", 1)
    assert strip_quote_markers("> x", 3) == ("x", 2)  # fewer markers than asked: stops
    assert strip_quote_markers("   > x", 1) == ("x", 5)


def test_indented_fences_in_containers_and_after_paragraphs():
    # four spaces after a paragraph: an indented code block, the backticks are text
    after_paragraph = "para\n\n    ```\n    code\n    ```\n"
    assert [(f.open, f.close, f.shown) for f in scan(after_paragraph).fences] == [(2, 4, False)]
    assert scan(after_paragraph).lines[3].kind is Kind.CODE
    # under a list item (even after lazy continuation lines) or an admonition: a fence
    for container in ["- item\n", "1. item\n", "- item\nlazy line\n", "!!! note\n", '=== "Tab"\n', "[^1]: note\n", ": definition\n"]:
        fences = scan(container + "\n    ```\n    code\n    ```\n").fences
        assert [f.shown for f in fences] == [True], container
    # an indented backtick line with no close: not a fence at all
    assert scan("para\n\n    ```\n    code\n").fences == ()
    # tabs count as four columns
    assert [f.shown for f in scan("- item\n\n\t```\n\tx\n\t```\n").fences] == [True]
    assert [f.shown for f in scan("\t```\n\tx\n\t```\n").fences] == [False]


def test_lazy_continuation_reaches_the_item_only_through_non_blank_lines():
    text = "- item\n\npara\nlazy\n\n    ```\n    x\n    ```\n"
    assert [f.shown for f in scan(text).fences] == [False]


def test_fences_in_html_comments_are_skipped():
    text = "<!--\n```\n-->\n```sh\nls\n```\n"
    assert [(f.open, f.close) for f in scan(text).fences] == [(3, 5)]
    # a comment opened and closed on one line, or inside a code span, does not hide what follows
    for line in ["<!-- x -->\n", "`<!--` x\n", "``<!--`` x\n"]:
        assert [(f.open, f.close) for f in scan(line + "```\nx\n```\n").fences] == [(1, 3)], line
    # the comment ends on the line holding '-->'; the next line is read again
    assert [(f.open, f.close) for f in scan("<!-- a\nb -->\n```\nx\n```\n").fences] == [(2, 4)]


def test_front_matter():
    assert _kinds("---\na: 1\n...\nx\n") == [(1, "front-matter"), (2, "front-matter"), (3, "front-matter"), (4, "text")]
    assert scan("---  \na: 1\n---\n").front_matter_end == 2
    assert scan("---\na: 1\n").front_matter_end == -1  # never closed: no front matter
    assert scan("x\n---\ny\n---\n").front_matter_end == -1
    assert scan("---\n---\n", front_matter=False).front_matter_end == -1
    assert scan("").front_matter_end == -1 and scan("").lines == ()
    # fences are searched only after the front matter
    assert [f.open for f in scan("---\n```\n---\n```\nx\n```\n").fences] == [3]


def test_headings():
    h = scan("## Title ## { .a #id .b }\n").lines[0].heading
    assert (h.level, h.title, h.classes, h.text) == (2, "Title", ("a", "b"), "Title ## { .a #id .b }")
    assert scan("### T {: .x }\n").lines[0].heading.classes == ("x",)
    assert scan("#\n").lines[0].heading.title == ""
    assert scan("###### six\n").lines[0].heading.level == 6
    assert _kinds("####### seven\n    # four spaces\n#nospace\n   # three\n") == [(1, "text"), (2, "text"), (3, "text"), (4, "heading")]
    assert scan("# C# ###\n").lines[0].heading.title == "C#"
    assert scan("# Title\t\n").lines[0].heading.text == "Title"


def test_snippet_lines():
    page = scan('--8<-- "a.md"\n;--8<-- "b.md"\n-8<- \'c.md\'\n--8<-- "d.md" x\n')
    assert [(line.number, line.snippet) for line in page.snippets] == [(1, "a.md"), (3, "c.md")]
    block = scan("--8<--\na.md\n\n;b.md\nc.md\n--8<--\nd.md\n")
    assert [(line.number, line.snippet) for line in block.snippets] == [(2, "a.md"), (5, "c.md")]
    assert [line.number for line in block.lines if line.snippet_marker] == [1, 6] and block.unclosed_snippet_block == -1
    assert scan(";--8<--\na.md\n").snippets == [] and scan(";--8<--\n").lines[0].snippet_marker is False
    assert scan("x\n--8<--\na.md\n").unclosed_snippet_block == 1
    # inside the block form, an inline snippet line is just a file name
    assert [line.snippet for line in scan('--8<--\n--8<-- "a.md"\n--8<--\n').lines] == [None, '--8<-- "a.md"', None]


def test_block_lines():
    page = scan("/// a | the  argument \nx\n////  b\n////\n///\n/// c |\n///x\n")
    assert [(b.name, b.argument, b.fence, b.open, b.close, b.depth) for b in page.blocks] == [
        ("a", "the  argument", "///", 0, 4, 0),
        ("b", "", "////", 2, 3, 1),
        ("c", "", "///", 5, None, 0),
        ("x", "", "///", 6, None, 1),  # '///x' opens a block named x
    ]
    assert [line.depth for line in page.lines] == [0, 1, 1, 2, 1, 0, 1]
    assert page.lines[4].block == page.blocks[0] and page.lines[0].block == page.blocks[0]  # lines see the closed block
    assert [b.name for b in page.blocks_named("a", "c")] == ["a", "c"]
    assert list(page.block_lines(page.blocks[1])) == [2, 3] and list(page.block_lines(page.blocks[2])) == [5, 6]


def test_a_close_without_an_open_block_closes_nothing():
    page = scan("x\n  ///  \n")
    assert page.lines[1].kind is Kind.BLOCK_CLOSE and page.lines[1].block is None and page.lines[1].depth == 0
    assert scan("a/b\n").lines[0].kind is Kind.TEXT


def test_crlf_and_starts():
    page = scan("a\r\nbb\r\n")
    assert [line.text for line in page.lines] == ["a", "bb"]
    assert page.starts == (0, 3, 7, 8)
    assert [line.text for line in scan("a\nb").lines] == ["a", "b"]
    assert [line.text for line in scan("a\n\n").lines] == ["a", ""]


def test_replace_blocks_skips_nested_and_unclosed_blocks():
    text = "/// x\n/// y\n///\n///\nmid\n/// z\n"
    assert replace_blocks(text, lambda b: f"<{b.name}>") == "<x>\nmid\n/// z\n"
    assert replace_blocks("/// x\n///", lambda b: "X") == "X"
    # a nested block is skipped, the blocks after it are still replaced
    assert replace_blocks("/// x\n/// y\n///\n///\n/// z\n///\n", lambda b: f"<{b.name}>") == "<x>\n<z>\n"


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("- item\n    ```\n    x\n    ```\n", True),  # the item right above, no blank line between
        ("- item\n\n    more\n\n    ```\n    x\n    ```\n", True),  # a paragraph of the item, as indented as the fence
        ("x\n\n- item\nlazy\n\n    ```\n    a\n    ```\n", True),
        ("- item\n\npara\n\n    ```\n    x\n    ```\n", False),  # a blank line ends the item's paragraph
        ("para\n\n    ```\n    x\n    ```\n- end\n", False),  # only lines above count
        ("para\n\n    ```\n- x\n    ```\n", False),
        ("\n    ```\n    x\n    ```\n- z\n", False),
    ],
)
def test_indented_fence_shown_only_under_a_container(text, shown):
    assert [f.shown for f in scan(text).fences] == [shown]


def test_fences_right_after_each_other_and_after_an_unclosed_indented_one():
    assert [(f.open, f.close) for f in scan("```\na\n```\n```\nb\n```\n").fences] == [(0, 2), (3, 5)]
    assert [(f.open, f.close) for f in scan("para\n\n    ```\n~~~\nx\n~~~\n").fences] == [(3, 5)]


def test_html_comment_edges():
    # the last '<!--' on a line decides; an empty comment '<!---->' is closed
    for first in ["<!-- a --> <!-- b\n", "x --><!-- open\n"]:
        assert [(f.open, f.close) for f in scan(first + "```\n-->\n```sh\nx\n```\n").fences] == [(3, 5)], first
    assert [(f.open, f.close) for f in scan("<!---->\n```\nx\n```\n").fences] == [(1, 3)]


def test_front_matter_closing_line():
    assert scan("---\n---\nx\n").front_matter_end == 1
    assert scan("---\na: 1\n---  \nx\n").front_matter_end == 2
    assert scan("---\na: 1\n  ---\nx\n").front_matter_end == -1


def test_closed_blocks_keep_their_fields_and_lines_keep_theirs():
    page = scan("  /// a | arg\n  ///\n")
    assert page.blocks[0] == Block("a", "arg", "///", "  ", 0, 1, 0)
    named = scan("--8<--\n/// a\n///\n--8<--\n")  # a block line that is also a snippet name
    assert [line.snippet for line in named.lines] == [None, "/// a", "///", None]


def test_replace_blocks_edges():
    text = "/// keep\n///\n/// x\n///\n/// y\n///\n"
    assert replace_blocks(text, lambda b: None if b.name == "keep" else b.name.upper()) == "/// keep\n///\nX\nY\n"
    # a misnested inner block closed by the outer close goes with the outer one
    assert replace_blocks("//// a\n/// b\n////\nz\n", lambda b: f"<{b.name}>") == "<a>\nz\n"
    # no front matter by default: a '---' line is text
    assert replace_blocks("---\n/// x\n---\n///\n", lambda b: "X") == "---\nX\n"
    assert replace_blocks("---\n/// x\n---\n///\n", lambda b: "X", front_matter=True) == "---\n/// x\n---\n///\n"


@pytest.mark.parametrize(
    "text",
    [
        "# Title\n\nText\n",
        "\n\n  \n# Title { .statement }\r\nText\n",
        "## Not a title\n# Title\n",
        "```\n# prompt\n```\n# Title\n",
        "<!--\n# hidden\n-->\n# Title\n",
        "    # indented code\n",
        "/// notes\n# In a block\n///\n",
        "",
        "\n\n",
        "Text first\n# Title\n",
        "# Title without a line break",
    ],
)
def test_leading_heading_agrees_with_the_scan(text):
    """The first non-blank line needs no scan of the rest: whatever it is, the scan says the same."""
    first = leading_heading(text)
    nonblank = [line for line in scan(text, front_matter=False).lines if line.text.strip()]
    if first is None:
        assert not nonblank or nonblank[0].kind is not Kind.HEADING
    else:
        offset, line, heading = first
        assert nonblank[0].kind is Kind.HEADING and nonblank[0].heading == heading and nonblank[0].text == line
        assert scan(text, front_matter=False).starts[nonblank[0].index] == offset


@pytest.mark.parametrize("front_matter", [True, False])
def test_fences_alone_are_the_fences_of_the_scan(front_matter):
    unclosed = PAGE + "\n```console\n$ never closed\n"
    for text in (PAGE, PAGE.replace("\n", "\r\n"), unclosed, "", "```\n"):
        assert fences(text, front_matter) == scan(text, front_matter).fences


def test_a_fence_line_in_front_matter_is_no_fence():
    text = "---\ntitle: x\nnote: |\n  ```\n---\n# T\n```console\n$ ls\n```\n"
    assert [(f.open, f.close) for f in fences(text)] == [(6, 8)] == [(f.open, f.close) for f in scan(text).fences]
    assert [(f.open, f.close) for f in fences(text, front_matter=False)] == [(3, 8)]  # read as page text: it opens one


@pytest.mark.parametrize(
    "text, shown",
    [
        ("`a` <!-- closed --> <!-- open\n```\nhidden\n```\n-->\n", []),  # the last comment on the line counts
        ("<!-- `a` open\n```\nhidden\n```\n-->\n```\nshown\n```\n", [(5, 7)]),  # a comment from column 0
        ("`a` <!---->\n```\nshown\n```\n", [(1, 3)]),  # '<!---->' opens and closes
        ("`a` <!-- `b` -->\n```\nshown\n```\n", [(1, 3)]),
    ],
)
def test_html_comments_on_lines_with_code_spans(text, shown):
    """A line with a backtick takes the long way (its code spans are discounted); comments must
    open and close there as on any other line."""
    assert [(f.open, f.close) for f in scan(text).fences] == shown
    assert [(f.open, f.close) for f in fences(text)] == shown


def test_lines_mentioning_the_snippet_marker_are_text():
    text = "Use --8<-- lines to include a file.\n```\nx\n```\n"
    page = scan(text)
    assert not any(line.snippet_marker or line.snippet for line in page.lines)
    assert [(f.open, f.close) for f in page.fences] == [(1, 3)]
    assert page.unclosed_snippet_block == -1


def test_a_last_line_of_a_lone_carriage_return_is_a_line():
    assert [line.text for line in scan("a\n\r").lines] == ["a", ""]
    assert [line.text for line in scan("a\n").lines] == ["a"]


def test_annotations_are_blanked_above_fences_only_and_never_in_code():
    text = (
        "<!-- course-check: ignore CF101 reason: demo -->\n"  # 0: above a fence: blanked
        "```dockerfile\n"
        "<!-- course-check: ignore CF101 reason: in code -->\n"  # 2: code: kept
        "```\n"
        "<!-- course-check: ignore CF101 reason: above text -->\n"  # 4: above text: kept
        "Text\n"
        "<!-- labs: skip -->\n"  # 6: a labs comment: blanked wherever it stands outside code
        "<!-- course-check: ignore CF101 reason: two -->\r\n"  # 7, 8: two above a fence: blanked
        "<!-- course-check: ignore CF102 reason: lines -->\n"
        "~~~dockerfile\n"
        "<!-- labs: skip -->\n"  # 10: unclosed fence: code to the end, kept
    )
    out = site_validation.strip_annotations(text).split("\n")
    assert [i for i, line in enumerate(out) if line == "" and text.split("\n")[i] != ""] == [0, 6, 7, 8]
    assert len(out) == len(text.split("\n"))
