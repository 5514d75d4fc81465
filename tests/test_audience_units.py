"""The audience filter's pure functions, one expectation each (what a trainee edition drops and
what an instructor edition keeps).  In-process and fast: the mutation run (``nox -s mutation --
audience``) tests each mutant of ``coursekit.course.audience_filter`` against this file; the real
trainee builds are in tests/test_audience_sections.py and tests/test_book_build.py."""

from __future__ import annotations

import gzip
import io
import tarfile
import zipfile

import pytest
from mkdocs.structure.toc import get_toc

from coursekit.course import audience_filter as af


@pytest.mark.parametrize(
    "who, solutions, expected",
    [
        ("instructor", False, (False, False, False, False, ())),
        ("instructor", True, (False, False, False, False, ())),
        ("trainee", False, (True, True, True, True, ("notes", "demo", "solution"))),
        ("trainee", True, (True, True, True, False, ("notes", "demo"))),
    ],
)
def test_policy_per_audience(who, solutions, expected):
    pol = af.policy(who, trainee_solutions=solutions)
    assert pol.audience == who
    assert (pol.drop_notes, pol.drop_demos, pol.drop_guide, pol.drop_solutions, pol.blocks) == expected
    html_classes = {"notes": "notes", "demo": "demo", "solution": "solution"}
    assert set(pol.html_classes) == {html_classes[b] for b in pol.blocks}


def test_html_classes_follow_each_switch_on_its_own():
    assert af.Policy("x", True, False, False, False).html_classes == ("notes",)
    assert af.Policy("x", False, False, False, True).html_classes == ("solution",)
    assert af.Policy("x", False, True, False, False).html_classes == ("demo",)
    assert af.Policy("x", False, True, False, False).blocks == ("demo",)


TRAINEE = af.policy("trainee")
KEEPING_SOLUTIONS = af.policy("trainee", trainee_solutions=True)
INSTRUCTOR = af.policy("instructor")


@pytest.mark.parametrize(
    "uri, pol, expected",
    [
        ("guide/index.md", TRAINEE, True),
        ("guide/index.md", INSTRUCTOR, False),
        ("exercises/show/index.md", TRAINEE, True),  # a demo
        ("exercises/show/files/app.py", TRAINEE, True),
        ("exercises/show/index.md", INSTRUCTOR, False),
        ("exercises/ex-a/index.md", TRAINEE, False),
        ("exercises/ex-a/solution/app.py", TRAINEE, True),
        ("exercises/ex-a/solution/app.py", KEEPING_SOLUTIONS, False),
        ("exercises/ex-a/solution/app.py", INSTRUCTOR, False),
        ("exercises/ex-a/files/solution", TRAINEE, False),  # a file named so is no solution folder
        ("exercises/solution", TRAINEE, False),
        ("modules/guide.md", TRAINEE, False),
        ("index.md", TRAINEE, False),
    ],
)
def test_instructor_only_files(uri, pol, expected):
    assert af.is_instructor_file(uri, {"show"}, pol) is expected


def test_filter_nav_drops_pages_and_emptied_sections():
    nav = [
        "index.md",
        {"Modules": ["modules/a.md", {"Demo": "exercises/show/index.md"}]},
        {"Instructor guide": [{"Guide": "guide/index.md"}]},
        {"Book": "exercises/index.md"},
        {"Gone": "guide/x.md"},
        "guide/index.md",
        42,
    ]
    removed = {"guide/index.md", "guide/x.md", "exercises/show/index.md"}
    assert af.filter_nav(nav, removed) == ["index.md", {"Modules": ["modules/a.md"]}, {"Book": "exercises/index.md"}]
    assert af.filter_nav(nav[:4], set()) == nav[:4]


def _toc(markdown_html: str):
    return get_toc(
        [
            {"level": 2, "id": "keep", "name": "Keep", "children": [{"level": 3, "id": "answer", "name": "Answer", "children": []}]},
            {"level": 2, "id": "solution", "name": "Solution", "children": [{"level": 3, "id": "inner", "name": "Inner", "children": []}]},
            {"level": 2, "id": "last", "name": "Last", "children": []},
        ]
    )


def test_prune_toc_drops_entries_and_their_children_in_place():
    toc = _toc("")
    af.prune_toc(toc, {"solution", "answer"})
    assert [(i.id, [c.id for c in i.children]) for i in toc.items] == [("keep", []), ("last", [])]
    links = list(_toc("").items)
    af.prune_toc(links, {"last"})
    assert [i.id for i in links] == ["keep", "solution"]
    af.prune_toc(links, set())
    assert [i.id for i in links] == ["keep", "solution"]


BOXES = (
    '<p>a</p><details class="notes"><summary>Instructor notes</summary><p>n</p></details>'
    '<div class="admonition solution"><p class="admonition-title">Solution</p><div><p>s</p></div></div>'
    '<div class="solution"><p>not an admonition: kept</p></div>'
    '<details class="hint"><summary>Hint</summary><details class="notes"><p>nested</p></details></details>'
    '<details class="demo notes"><p>two classes</p></details><p>z</p>'
)


def test_strip_html_boxes_removes_outermost_boxes_of_the_classes():
    out = af.strip_html_boxes(BOXES, ("notes", "solution"))
    assert out == ('<p>a</p><div class="solution"><p>not an admonition: kept</p></div><details class="hint"><summary>Hint</summary></details><p>z</p>')
    assert af.strip_html_boxes(BOXES, ("solution",)).count("<details") == 4
    assert af.strip_html_boxes(BOXES, ()) == BOXES
    assert af.strip_html_boxes(BOXES, ("absent",)) == BOXES


def test_strip_html_boxes_across_lines_and_nested_boxes_of_the_class():
    html = '<p>a</p>\n<details class="notes">\n<details class="notes"><p>inner</p></details>\n</details>\n<p>b</p>\n<div>\n<p>c</p></div>'
    assert af.strip_html_boxes(html, ("notes",)) == "<p>a</p>\n\n<p>b</p>\n<div>\n<p>c</p></div>"


def test_filter_html_removes_solution_sections_and_their_toc_entries():
    html = '<h2 id="keep">Keep</h2><p>k</p><h2 class="solution" id="solution">Solution</h2><p>s</p><h3 id="inner">Inner</h3><p>i</p><h2 id="last">Last</h2>'
    toc = _toc("")
    out = af.filter_html(html, TRAINEE, toc)
    assert out == '<h2 id="keep">Keep</h2><p>k</p><h2 id="last">Last</h2>'
    assert [i.id for i in toc.items] == ["keep", "last"]
    toc = _toc("")
    assert af.filter_html(html, KEEPING_SOLUTIONS, toc) == html and len(toc.items) == 3
    assert af.filter_html(html, TRAINEE) == out  # without a toc


def test_markdown_editions():
    page = "# T\n\n## Task\n\ndo\n\n## Answer { .solution }\n\nsecret\n\n/// notes\nsay\n///\n\n## Next\n"
    instructor = af.filter_markdown(page, INSTRUCTOR)
    assert instructor == page.replace("## Answer { .solution }\n", "## Answer { .solution }\n\n" + af.SOLUTION_MARKER + "\n")
    assert af.filter_markdown(page, TRAINEE) == "# T\n\n## Task\n\ndo\n\n## Next\n"
    assert af.filter_markdown(page, KEEPING_SOLUTIONS) == "# T\n\n## Task\n\ndo\n\n## Answer { .solution }\n\nsecret\n\n\n## Next\n"
    assert af.mark_sections("## A { .solution }", "solution") == "## A { .solution }\n\n" + af.SOLUTION_MARKER + "\n"
    assert af.strip_sections("# T\n## A { .solution }\nx\n", "solution") == "# T\n"
    assert af.strip_sections("# T\n", "solution") == "# T\n"


def test_strip_blocks_respects_nesting_code_and_unclosed_blocks():
    text = "a\n/// notes\nn\n//// demo\nd\n////\n///\nb\n```\n/// notes\n```\n/// demo\nopen to the end\n"
    assert af.strip_blocks(text, ("notes",)) == "a\nb\n```\n/// notes\n```\n/// demo\nopen to the end\n"
    assert af.strip_blocks(text, ("demo",)) == "a\n/// notes\nn\n///\nb\n```\n/// notes\n```\n"
    assert af.strip_blocks(text, ()) == text


def test_emptied_sections_go_with_their_blocks():
    page = (
        "# Module\n\n## Demo only\n\n/// demo\nshow\n///\n\n### Under it\n\n/// notes\nn\n///\n\n"
        "## Statement { .statement }\n\n/// notes\nn\n///\n\n## Learning objectives\n\n/// notes\nn\n///\n\n"
        "## Mixed\n\ntext\n\n/// notes\nn\n///\n\n## Empty from the start\n\n## End\n"
    )
    out = af.drop_emptied_sections(page, ("notes", "demo"))
    assert out == ("# Module\n\n## Statement { .statement }\n\n\n## Learning objectives\n\n\n## Mixed\n\ntext\n\n\n## Empty from the start\n\n## End\n")
    assert af.drop_emptied_sections(page, ()) == page


def test_lines_keepends_splits_where_the_scanner_splits():
    assert af._lines_keepends("a\nb") == ["a\n", "b"]
    assert af._lines_keepends("a\r\nb\n") == ["a\r\n", "b\n"]
    assert af._lines_keepends("") == []


def _site(tmp_path, files: dict[str, bytes | str]):
    for rel, content in files.items():
        path = tmp_path / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return str(tmp_path)


def _zip(members: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, text in members.items():
            zf.writestr(name, text)
    return buf.getvalue()


def _tgz(members: dict[str, str]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        for name, text in members.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
        folder = tarfile.TarInfo("lab/solution")
        folder.type = tarfile.DIRTYPE
        tf.addfile(folder)
    return buf.getvalue()


def test_scan_for_leaks_names_each_place_and_what_leaked(tmp_path):
    site = _site(
        tmp_path,
        {
            "a.html": '<details class="notes"><p>x</p></details><h2 class="x solution" id="ans">A</h2>',
            "b.json": '{"html": "<div class=\\"solution\\">"}',
            "c.js": '<aside class="notes">',
            "d.txt": "the SECRET marker",
            "e.xml": '<p class="course-solution-marker">',
            "f.md": "<h3 class=solution>",  # not the attribute form Python-Markdown writes
            "lab.zip": _zip({"lab/solution/app.py": "SECRET"}),
            "lab.tar.gz": _tgz({"lab/notes.txt": '<details class="notes">'}),
            "sitemap.xml.gz": gzip.compress(b"<loc>SECRET</loc>"),
            "assets/vendor/lib.js": "SECRET",
            "image.png": b"SECRET",
        },
    )
    found = af.scan_for_leaks(site, ["SECRET", ""], solutions_dropped=True)
    assert sorted(found) == sorted(
        [
            "a.html: instructor notes box",
            "a.html: solution section #ans",
            "b.json: solution box",
            "c.js: speaker notes",
            "d.txt: contains 'SECRET'",
            "e.xml: solution section",
            "lab.zip!lab/solution/app.py: contains 'SECRET'",
            "lab.tar.gz!lab/notes.txt: instructor notes box",
            "sitemap.xml.gz!: contains 'SECRET'",
        ]
    )
    kept = af.scan_for_leaks(site, [], solutions_dropped=False)
    assert sorted(kept) == ["a.html: instructor notes box", "c.js: speaker notes", "lab.tar.gz!lab/notes.txt: instructor notes box"]


def test_a_trainee_edition_drops_solutions_unless_told_otherwise():
    assert af.policy("trainee").drop_solutions is True


def test_a_leading_thematic_break_is_no_front_matter():
    """Pages reach the filter without their front matter: a page that starts with '---' (a rule)
    must not hide the blocks and headings below it."""
    text = "---\n/// notes\nsecret\n///\n---\n## A { .solution }\n\nanswer\n\n## B\n"
    assert af.strip_blocks(text, ("notes",)) == "---\n---\n## A { .solution }\n\nanswer\n\n## B\n"
    assert af.solution_sections(text) == [(5, 9)]
    assert af.drop_emptied_sections("---\n## Demo\n\n/// demo\nx\n///\n## B\n\nb\n", ("demo",)) == "---\n## B\n\nb\n"
    # two rules around a heading are no front matter either
    assert af.solution_sections("---\n## A { .solution }\nx\n---\n## B\n") == [(1, 4)]
    assert af.drop_emptied_sections("---\n## Demo\n\n/// demo\nx\n///\n---\n## B\n\nb\n", ("demo",)) == "---\n## Demo\n\n---\n## B\n\nb\n"


def test_lines_keepends_of_three_lines():
    assert af._lines_keepends("a\nb\nc") == ["a\n", "b\n", "c"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("## A { .solution }\n## B\n", [(0, 1)]),  # the next heading right below
        ("## A { .solution }\nx\n# Top\ny\n", [(0, 2)]),  # a higher level ends it
        ("## A { .solution }\nx\n### Sub\ny\n## C\n", [(0, 4)]),  # a lower level does not
        # inside a block: the block's end ends it; a block opening inside does not
        ("/// details | Q\n## A { .solution }\nx\n/// notes\ny\n///\nz\n///\nafter\n", [(1, 7)]),
    ],
)
def test_where_a_solution_section_ends(text, expected):
    assert af.solution_sections(text) == expected


@pytest.mark.parametrize(
    "page, expected",
    [
        # text before the first heading stays
        ("intro\n## Demo\n\n/// demo\nx\n///\n## B\n\nb\n", "intro\n## B\n\nb\n"),
        # the first and the last heading's sections are judged too
        ("## Demo\n\n/// demo\nx\n///\n\n## B\n\ntext\n", "## B\n\ntext\n"),
        ("## A\n\ntext\n\n## Demo\n\n/// demo\nx\n///\n", "## A\n\ntext\n\n"),
        # a line of text right under the heading keeps the section
        ("## H\ntext\n/// notes\nx\n///\n", "## H\ntext\n"),
        # an emptied heading with sub-headings running to the end of the page
        ("## A\n\na\n\n## Demo\n\n/// demo\nx\n///\n\n### Sub\n\n/// notes\ny\n///\n", "## A\n\na\n\n"),
    ],
)
def test_emptied_sections_at_the_edges(page, expected):
    assert af.drop_emptied_sections(page, ("notes", "demo")) == expected


def test_strip_html_sections_without_a_set_of_removed_ids():
    html = '<h2 class="solution" id="s">S</h2><p id="para">x</p><h3 id="sub">Sub</h3><h2 id="n">N</h2>'
    assert af.strip_html_sections(html, "solution") == '<h2 id="n">N</h2>'
    removed: set[str] = set()
    assert af.strip_html_sections(html, "solution", removed) == '<h2 id="n">N</h2>'
    assert removed == {"s", "sub"}  # headings only


def test_prune_toc_of_plain_entries():
    from types import SimpleNamespace

    items = [SimpleNamespace(id="a"), SimpleNamespace(children=[SimpleNamespace(id="b")]), SimpleNamespace(id="c", children=[])]
    af.prune_toc(items, {"b", "c"})
    assert len(items) == 2 and items[1].children == []


def test_filter_html_also_removes_instructor_boxes():
    html = '<p>a</p><details class="notes"><summary>Instructor notes</summary><p>n</p></details><p>b</p>'
    assert af.filter_html(html, TRAINEE) == "<p>a</p><p>b</p>"
    assert af.filter_html(html, INSTRUCTOR) == html


def test_strip_html_boxes_with_stray_and_unbalanced_tags():
    assert af.strip_html_boxes('</div><details class="notes">x</details><p>after</p>', ("notes",)) == "</div><p>after</p>"
    unclosed_inner = '<div class="admonition notes"><details><summary>s</summary>never closed</div><p>after</p>'
    assert af.strip_html_boxes(unclosed_inner, ("notes",)) == "<p>after</p>"


def test_boxes_after_a_nested_box_go_too():
    html = '<details class="notes"><details class="notes">in</details></details><p>k</p><details class="notes">later</details><p>z</p>'
    assert af.strip_html_boxes(html, ("notes",)) == "<p>k</p><p>z</p>"


def test_scan_for_leaks_reads_files_that_are_not_utf8(tmp_path):
    site = _site(
        tmp_path,
        {
            "page.html": b"\xff SECRET",
            "sitemap.xml.gz": gzip.compress(b"\xff<loc>SECRET</loc>"),
        },
    )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("bin/data", b"\xff\xfe SECRET")
    (tmp_path / "lab.zip").write_bytes(buf.getvalue())
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        data = b"\xff SECRET"
        info = tarfile.TarInfo("lab/bin")
        info.size = len(data)
        tf.addfile(info, io.BytesIO(data))
    (tmp_path / "lab.tar.gz").write_bytes(buf.getvalue())
    found = sorted(af.scan_for_leaks(site, ["SECRET"], solutions_dropped=True))
    assert found == [
        "lab.tar.gz!lab/bin: contains 'SECRET'",
        "lab.zip!bin/data: contains 'SECRET'",
        "page.html: contains 'SECRET'",
        "sitemap.xml.gz!: contains 'SECRET'",
    ]
