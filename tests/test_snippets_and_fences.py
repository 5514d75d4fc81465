"""What is checked is what renders: pymdownx.snippets targets (line ranges, sections, the block
form, bad targets) and which fences Python-Markdown + SuperFences show as code blocks.

The rendering side of every case is measured with the site's own Markdown extensions, so a
test fails when the checker and the renderer disagree.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import markdown
import pytest

from coursekit.markdown.blocks import block_problems, extract_blocks, load_snippet, parse_annotation, parse_info, resolve_snippet, split_target
from coursekit.validation import checker

COMPOSE = """\
services:
  web:
    image: docker.io/library/nginx:1.30-alpine
    networks: [front]
    ports:
      - "8080:80"
networks:
  front: {}
"""

CONTAINERFILE = """\
FROM docker.io/library/alpine:3.23
# --8<-- [start:install]
RUN apk add --no-cache curl
# --8<-- [end:install]
CMD ["curl", "--version"]
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    lab = tmp_path / "exercises/lab4/files"
    lab.mkdir(parents=True)
    (lab / "compose.yaml").write_text(COMPOSE)
    (lab / "Containerfile").write_text(CONTAINERFILE)
    (tmp_path / "docs").mkdir()
    return tmp_path


def check(repo: Path, page: str) -> list[tuple[str, int, str]]:
    text = textwrap.dedent(page)
    (repo / "docs/page.md").write_text(text)
    findings, _ = checker.check_markdown(text, "docs/page.md", str(repo))
    return [(f.path, f.line, f.code) for f in findings]


def render(text: str, repo: Path | None = None) -> str:
    exts = ["admonition", "attr_list", "md_in_html", "def_list", "footnotes", "pymdownx.details", "pymdownx.highlight", "pymdownx.superfences"]
    cfg: dict = {"pymdownx.highlight": {"pygments_lang_class": True}}
    if repo is not None:
        exts.append("pymdownx.snippets")
        cfg["pymdownx.snippets"] = {"base_path": [str(repo)], "restrict_base_path": True, "check_paths": True}
    return markdown.markdown(textwrap.dedent(text), extensions=exts, extension_configs=cfg)


# -- 1. part of a file is a fragment, reported at its real lines --------------------------------


def test_a_line_range_of_a_correct_compose_file_is_not_blamed(repo):
    # lines 1-6 leave out the top-level networks: no CO101 on the (correct) lab file
    assert check(repo, '```yaml\n--8<-- "exercises/lab4/files/compose.yaml:1:6"\n```\n') == []


def test_a_containerfile_excerpt_needs_no_from(repo):
    assert check(repo, '```dockerfile\n--8<-- "exercises/lab4/files/Containerfile:3:3"\n```\n') == []
    assert check(repo, '```dockerfile\n--8<-- "exercises/lab4/files/Containerfile:install"\n```\n') == []


def test_instruction_rules_still_fire_in_an_excerpt_at_the_real_line(repo):
    (repo / "exercises/lab4/files/Containerfile").write_text(CONTAINERFILE.replace("CMD [", "RUN apt install -y curl\nCMD ["))
    found = check(repo, '```dockerfile\n--8<-- "exercises/lab4/files/Containerfile:5:6"\n```\n')
    assert ("exercises/lab4/files/Containerfile", 5, "DL3027") in found
    assert not any(code == "CF108" for *_, code in found)


def test_the_whole_file_still_gets_whole_file_rules(repo):
    (repo / "exercises/lab4/files/compose.yaml").write_text(COMPOSE.replace("networks:\n  front: {}\n", ""))
    found = check(repo, '```yaml\n--8<-- "exercises/lab4/files/compose.yaml"\n```\n')
    assert ("exercises/lab4/files/compose.yaml", 4, "CO101") in found


# -- 2. pymdownx snippet features ---------------------------------------------------------------


def test_sections_are_read_like_pymdownx(repo):
    snip = load_snippet("exercises/lab4/files/Containerfile:install", str(repo))
    assert snip.partial and snip.lines == [(3, "RUN apk add --no-cache curl")]
    html = render('```dockerfile\n--8<-- "exercises/lab4/files/Containerfile:install"\n```\n', repo)
    assert "apk" in html and "FROM" not in html
    # a whole-file include leaves the section markers out, as pymdownx does
    whole = load_snippet("exercises/lab4/files/Containerfile", str(repo))
    assert [n for n, _ in whole.lines] == [1, 3, 5]
    assert "[start:install]" not in render('```dockerfile\n--8<-- "exercises/lab4/files/Containerfile"\n```\n', repo)


@pytest.mark.parametrize(
    ("spec", "lines"),
    [(":2:3", [2, 3]), (":7", [7, 8]), (":-2", [8]), (":1:2,7:", [1, 2, 7, 8]), (":4:4", [4])],
)
def test_line_ranges_select_what_pymdownx_shows(repo, spec, lines):
    snip = load_snippet("exercises/lab4/files/compose.yaml" + spec, str(repo))
    assert [n for n, _ in snip.lines] == lines
    html = render(f'```text\n--8<-- "exercises/lab4/files/compose.yaml{spec}"\n```\n', repo)
    for n, text in snip.lines:
        assert text.strip().split(":")[0].strip('- "{') in html, (n, text)


@pytest.mark.parametrize(
    ("target", "words"),
    [
        ("exercises/lab4/files/Containerfile:nope", "section 'nope' is not marked"),
        ("exercises/lab4/files/Containerfile:9:12", "selects no line: the file has 5 lines"),
        ("exercises/lab4/files/Containerfile:4:9", "runs past the end of the file (5 lines)"),
        ("exercises/lab4/files/Conta\0inerfile", "contains a control character"),
        ("exercises/lab4/files/missing", "does not exist"),
    ],
)
def test_bad_targets_are_ck004_at_the_snippet_line(repo, target, words):
    found = check(repo, f'# Page\n\n```dockerfile\n--8<-- "{target}"\n```\n')
    assert found == [("docs/page.md", 4, "CK004")]
    findings, _ = checker.check_markdown((repo / "docs/page.md").read_text(), "docs/page.md", str(repo))
    assert words in findings[0].message


def test_a_range_past_the_end_renders_an_empty_block(repo):
    """Why it is an error: pymdownx shows nothing, silently."""
    html = render('```dockerfile\n--8<-- "exercises/lab4/files/Containerfile:9:12"\n```\n', repo)
    assert "FROM" not in html and "RUN" not in html


def test_section_without_end_marker(repo):
    (repo / "exercises/lab4/files/Containerfile").write_text(CONTAINERFILE.replace("# --8<-- [end:install]\n", ""))
    found = check(repo, '```dockerfile\n--8<-- "exercises/lab4/files/Containerfile:install"\n```\n')
    assert found == [("docs/page.md", 2, "CK004")]


def test_the_block_form_is_expanded(repo):
    page = "```dockerfile\n--8<--\nexercises/lab4/files/Containerfile\n--8<--\n```\n"
    assert check(repo, page) == []  # no CF100 for the marker or the file name
    blocks, _ = extract_blocks(page, "docs/page.md", str(repo))
    assert [(s.path, s.line) for s in blocks[0].lines] == [("exercises/lab4/files/Containerfile", n) for n in (1, 3, 5)]
    html = render(page, repo)
    assert "apk" in html and "8&lt;" not in html
    broken = "```dockerfile\n--8<--\nexercises/lab4/files/missing\n--8<--\n```\n"
    assert check(repo, broken) == [("docs/page.md", 3, "CK004")]


def test_an_unclosed_block_form_is_ck004_at_the_fence_not_a_crash(repo):
    """The block form's closing '--8<--' missing: one CK004 at the fence line (was a ValueError traceback)."""
    page = "# Page\n\n```text\n--8<--\nexercises/lab4/files/Containerfile\n```\n"
    assert check(repo, page) == [("docs/page.md", 3, "CK004")]
    findings, _ = checker.check_markdown(page, "docs/page.md", str(repo))
    assert "never closed by a second '--8<--' line" in findings[0].message


def test_undecodable_snippet_file_is_ck006_at_its_byte(repo):
    bad = repo / "exercises/lab4/files/rng.py"
    bad.write_bytes(b"import os\n# \xff\n")
    found = check(repo, '# Page\n\n```python\n--8<-- "exercises/lab4/files/rng.py"\n```\n')
    assert found == [("exercises/lab4/files/rng.py", 2, "CK006")]


def test_split_target_matches_pymdownx():
    assert split_target("a/b.py:top") == ("a/b.py", None, "top")
    assert split_target("a/b.py:1:5,9:") == ("a/b.py", ":1:5,9:", None)
    assert split_target("a/b.py") == ("a/b.py", None, None)


# -- 5. which fences are code blocks ----------------------------------------------------------


FENCES = """\
Para.

> ```dockerfile
> FROM docker.io/library/alpine:3.23
> RUNN echo quoted
> ```

```docker
FROM docker.io/library/alpine:3.23
RUNN echo docker-fence
```

<!--
```dockerfile
RUNN echo commented
```
-->

    ```dockerfile
    RUNN echo indented-code-block
    ```

- item

    ```dockerfile
    FROM docker.io/library/alpine:3.23
    RUNN echo in-a-list
    ```
"""


def test_checked_fences_are_the_rendered_ones():
    blocks, problems = extract_blocks(FENCES, "docs/page.md")
    assert problems == []
    shown = {b.lines[-1].text.split()[-1]: (b.fence_line, b.lang) for b in blocks}
    assert shown == {"quoted": (3, "dockerfile"), "docker-fence": (8, "docker"), "in-a-list": (25, "dockerfile")}
    html = render(FENCES)
    # quoted, docker, the indented code block (as text), the list's, and the commented one inside <!-- -->
    assert html.count('<div class="language-') == 5
    assert "language-docker highlight" in html and "<!--\n<div" in html  # the commented fence never shows
    assert "<code>```dockerfile\nRUNN echo indented-code-block" in html  # text, not a Containerfile


def test_quoted_and_docker_fences_are_checked_at_their_columns():
    findings, _ = checker.check_markdown(FENCES, "docs/page.md", None)
    got = sorted((f.line, f.column, f.code) for f in findings)
    assert got == [(5, 3, "CF100"), (10, 1, "CF100"), (27, 5, "CF100")]


# -- 6. lab-file annotations stay visible, so they must explain themselves ----------------------


def test_a_lab_file_annotation_needs_an_explanation_for_trainees():
    bare = "# course-check: expect JSONArgsRecommended -- shell form on purpose\nFROM docker.io/library/alpine:3.23\nCMD echo hi\n"
    found = checker.check_lab_file(bare, "exercises/x/files/Containerfile")
    assert [(f.line, f.code) for f in found] == [(1, "CK003")] and "explain it in a comment" in found[0].message
    explained = "# The course-check line below is a marker for the course's own checker; Docker ignores it.\n" + bare
    assert checker.check_lab_file(explained, "exercises/x/files/Containerfile") == []


def test_the_course_lab_file_with_an_annotation_passes():
    root = Path(__file__).resolve().parents[1]
    path = root / "exercises/containerfile-cmd-entrypoint/files/Containerfile.shell"
    text = path.read_text(encoding="utf-8")
    assert "# course-check: expect" in text  # kept verbatim: the download is the file that was checked
    assert checker.check_lab_file(text, "exercises/containerfile-cmd-entrypoint/files/Containerfile.shell") == []


# -- CK001, CK002, CK013 asserted by code, line and message (issue 18) -----------------------


def _page_findings(text: str) -> list[tuple[int, str, str]]:
    findings, _count = checker.check_markdown(textwrap.dedent(text), "page.md")
    return sorted((f.line, f.code, f.message) for f in findings if f.code in ("CK001", "CK002"))


def test_ck001_an_unclosed_fence():
    assert _page_findings("# Page\n\nText.\n\n````console\n$ docker container ls\n```\n") == [
        (5, "CK001", "code fence '````' opened here is never closed (a closing '````' is missing)")
    ]


def test_ck002_an_annotation_away_from_its_fence():
    text = "# Page\n\n<!-- course-check: fragment -->\n\nSome text.\n\n```dockerfile\nRUN echo hi\n```\n"
    assert _page_findings(text) == [(3, "CK002", "course-check annotation is not directly above a code fence")]
    at_end = "# Page\n\nText.\n\n<!-- course-check: fragment -->\n"
    assert _page_findings(at_end) == [(5, "CK002", "course-check annotation is not directly above a code fence")]


def test_ck001_and_ck002_on_one_page_keep_their_own_codes():
    text = "# Page\n\n<!-- course-check: fragment -->\nText.\n\n```dockerfile\nFROM alpine:3.24\n"
    assert [(line, code) for line, code, _m in _page_findings(text)] == [(3, "CK002"), (6, "CK001")]


def test_well_formed_fences_and_annotations_give_neither():
    text = "# Page\n\n<!-- course-check: fragment -->\n```dockerfile\nRUN echo hi\n```\n"
    assert _page_findings(text) == []


def test_ck013_a_broken_and_a_looping_symlink(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "page.md").write_text("# Page\n", encoding="utf-8")
    (docs / "gone.txt").symlink_to("missing.txt")
    (docs / "loop.txt").symlink_to("loop.txt")
    (docs / "ok.txt").write_text("x\n", encoding="utf-8")
    (docs / "fine.txt").symlink_to("ok.txt")
    report = checker.check_paths([str(docs)], str(tmp_path))
    found = sorted((f.path, f.line, f.code, f.severity.name, f.message) for f in report.findings)
    assert found == [
        (
            "docs/gone.txt",
            1,
            "CK013",
            "ERROR",
            "is a symlink to 'missing.txt', which does not exist or loops: it would be left out of the site and the lab downloads",
        ),
        (
            "docs/loop.txt",
            1,
            "CK013",
            "ERROR",
            "is a symlink to 'loop.txt', which does not exist or loops: it would be left out of the site and the lab downloads",
        ),
    ]


# -- the small parsers, one case each (mutation survivors of `nox -s mutation -- snippets`) -------


@pytest.mark.parametrize(
    ("info", "expected"),
    [
        ("", ("", {})),
        ("Dockerfile title=\"a b\" hl_lines='1 2' linenums=3", ("dockerfile", {"title": "a b", "hl_lines": "1 2", "linenums": "3"})),
        ('title="x.yaml"', ("", {"title": "x.yaml"})),  # options only: no language
        ("{ .Console .other #id title=t }", ("console", {"title": "t"})),
        ("{.yaml}", ("yaml", {})),
        ("{ #id }", ("", {})),
        ("{ x", ("{", {})),  # not an attribute list: the first word is the language
        ("x }", ("x", {})),
    ],
)
def test_parse_info(info, expected):
    assert parse_info(info) == expected


def test_parse_annotation_keywords_and_problems():
    ann = parse_annotation("fragment, placeholders expect DL3007, CK001 ignore DL3008, -- pinned elsewhere", "p.md", 7)
    assert (ann.fragment, ann.placeholders, ann.expect, ann.ignore, ann.problems, ann.line, ann.path) == (
        True,
        True,
        ["DL3007", "CK001"],
        {"DL3008": "pinned elsewhere"},
        [],
        7,
        "p.md",
    )
    assert parse_annotation("PLACEHOLDERS", "p.md", 1).placeholders is True
    assert parse_annotation("expect ,A", "p.md", 1).expect == [",A"]  # only a trailing comma is punctuation
    assert parse_annotation("ignore ,A -- r", "p.md", 1).ignore == {",A": "r"}
    assert parse_annotation("expect", "p.md", 1).problems == ["'expect' needs at least one rule code"]
    assert parse_annotation("EXPECT", "p.md", 1).problems == ["'expect' needs at least one rule code"]
    assert parse_annotation("ignore -- why", "p.md", 1).problems == ["'ignore' needs at least one rule code"]
    assert parse_annotation("ignore DL3008", "p.md", 1).problems == ["'ignore' needs a reason after ' -- '"]
    assert parse_annotation("fragment expect", "p.md", 1).expect == []
    # a keyword ends the list before it: codes after 'fragment' are unknown words
    assert parse_annotation("expect A fragment B", "p.md", 1).problems == [
        "unknown annotation keyword 'B' (use fragment, placeholders, expect CODE..., ignore CODE... -- reason)"
    ]


def test_resolve_snippet(tmp_path):
    (tmp_path / "a.txt").write_text("one\r\ntwo\rthree\n")
    (tmp_path / "bad.txt").write_bytes(b"ok\n\xff\n")
    assert resolve_snippet("a.txt", str(tmp_path)) == (str(tmp_path / "a.txt"), "")
    assert resolve_snippet("missing.txt", str(tmp_path)) == (None, "snippet file 'missing.txt' does not exist")
    assert resolve_snippet("bad.txt:1:1", str(tmp_path)) == (
        None,
        "snippet file 'bad.txt' is not valid UTF-8 (byte 0xff), so the snippet 'bad.txt:1:1' cannot be shown",
    )
    # \r\n and a lone \r both end a line, as pymdownx reads the file
    assert load_snippet("a.txt", str(tmp_path)).lines == [(1, "one"), (2, "two"), (3, "three")]
    (tmp_path / "empty.txt").write_text("")
    assert load_snippet("empty.txt", str(tmp_path)).lines == []


_RANGE_SPECS = [
    ":2:3",
    ":-2",
    ":-2:",
    "::-2",
    ":2:-1",
    ":-3:-2",
    ":0:2",
    ":0",
    ":7",
    ":6:9",
    ":1:3,5:",
    ":-1",
    "::",
    ":",
    ":3:2",
    ":-9:2",
    ":2:-9",
    ":4:4",
    ":-6",
    ":1:-6",
    ":5",
    ":3:,1:1",
    ":-7:",
]


@pytest.mark.parametrize("ending", ["\n", "", "\r\n", "\r"])
@pytest.mark.parametrize("spec", _RANGE_SPECS)
def test_every_line_range_form_against_pymdownx(tmp_path, spec, ending):
    """What load_snippet selects is what pymdownx.snippets includes (its extra empty line after a
    final line break left out); where pymdownx would show nothing, or stop short of what the range
    asks for, the snippet is a CK004 problem instead.  (Negative positions in a file without a final
    line break were off by one until this test compared every form.)"""
    (tmp_path / "f.txt").write_text("\n".join(f"L{i}" for i in range(1, 7)) + ending, encoding="utf-8")
    md = markdown.Markdown(extensions=["pymdownx.snippets"], extension_configs={"pymdownx.snippets": {"base_path": [str(tmp_path)]}})
    shown = [line for line in md.preprocessors["snippet"].run([f'--8<-- "f.txt{spec}"']) if line]
    snip = load_snippet(f"f.txt{spec}", str(tmp_path))
    if snip.code:
        assert snip.code == "CK004"
        assert ("selects no line: the file has 6 lines" in snip.reason and shown == []) or (
            "runs past the end of the file (6 lines)" in snip.reason and max(int(n) for p in spec[1:].split(",") for n in p.split(":")[1:2] if n) > 6
        ), (snip.reason, shown)
    else:
        assert [text for _, text in snip.lines] == shown
        assert [n for n, _ in snip.lines] == [int(text[1:]) for text in shown]
        assert snip.partial is True and snip.full == str(tmp_path / "f.txt")


def test_one_line_files_say_line_not_lines(tmp_path):
    (tmp_path / "one.txt").write_text("only\n", encoding="utf-8")
    assert load_snippet("one.txt:3:4", str(tmp_path)).reason == "snippet 'one.txt:3:4': line range '3:4' selects no line: the file has 1 line"
    assert load_snippet("one.txt:1:4", str(tmp_path)).reason.endswith("runs past the end of the file (1 line): the block would miss lines")
    assert load_snippet("one.txt:", str(tmp_path)).lines == [(1, "only")]


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("x" * 1001, "snippet target of 1001 characters is too long"),
        ("a\x01b.txt", "snippet path 'a\x01b.txt' contains a control character"),
        (":1:2", "snippet ':1:2' names no file"),
        ("/etc/hostname", "snippet '/etc/hostname' uses an absolute path; use a path relative to the repository"),
        ("../outside.txt", "snippet '../outside.txt' points outside the repository"),
        ("missing.txt", "snippet file 'missing.txt' does not exist"),
        ("folder", "snippet file 'folder' does not exist"),
        ("f.txt:1:1,4:4", "snippet 'f.txt:1:1,4:4': line range '4:4' selects no line: the file has 2 lines"),
        ("f.txt:nope", "snippet 'f.txt:nope': section 'nope' is not marked in the file (a line with '--8<-- [start:nope]' and one with '--8<-- [end:nope]')"),
    ],
)
def test_every_refused_target_is_ck004_with_its_reason(tmp_path, target, reason):
    (tmp_path / "f.txt").write_text("one\ntwo\n", encoding="utf-8")
    (tmp_path / "folder").mkdir()
    (tmp_path.parent / "outside.txt").write_text("x\n", encoding="utf-8")
    snip = load_snippet(target, str(tmp_path))
    assert (snip.code, snip.reason, snip.full, snip.lines) == ("CK004", reason, None, [])


def test_targets_at_the_limits_load(tmp_path):
    name = "n" * 996 + ".txt"  # 1000 characters: the longest target accepted
    (tmp_path / "a b.txt").write_text("\ufeffbom first\nsecond\n", encoding="utf-8")
    assert load_snippet("a b.txt", str(tmp_path)).lines == [(1, "bom first"), (2, "second")]  # a space is no control character
    long = load_snippet(name, str(tmp_path))
    assert (long.code, long.reason) == ("CK004", f"snippet file '{name}' does not exist")
    assert load_snippet("a b.txt", str(tmp_path)).partial is False


def test_sections_skip_other_markers_and_keep_escaped_ones(tmp_path):
    text = "a\n# --8<-- [start:s]\nb\n# --8<-- [start:other]\nc\n# --8<-- [end:other]\n# ;--8<-- [end:s]\nd\n# --8<-- [end:s]\ne\n"
    (tmp_path / "f.txt").write_text(text, encoding="utf-8")
    snip = load_snippet("f.txt:s", str(tmp_path))
    assert [n for n, _ in snip.lines] == [3, 5, 7, 8]
    whole = load_snippet("f.txt", str(tmp_path))
    assert [n for n, _ in whole.lines] == [1, 3, 5, 7, 8, 10]  # markers left out, the escaped one kept


def test_annotations_stacked_above_one_fence_add_up():
    text = (
        "# P\n\n<!-- course-check: fragment -->\n"
        "<!-- course-check: expect CF101 ignore CF102 -- why -->\n"
        "<!-- course-check: placeholders expect CF103 -->\n"
        "<!-- course-check: ignore CF104 -->\n"
        "```dockerfile\nRUN x\n```\n"
    )
    blocks, problems = extract_blocks(text, "p.md")
    ann = blocks[0].annotation
    assert (ann.fragment, ann.placeholders, ann.expect, ann.ignore, ann.line, ann.path) == (
        True,
        True,
        ["CF101", "CF103"],
        {"CF102": "why", "CF104": ""},
        3,
        "p.md",
    )
    assert ann.problems == ["'ignore' needs a reason after ' -- '"]
    assert problems == []


def test_an_annotation_above_an_indented_code_block_is_ck002():
    text = "# P\n\nText.\n\n<!-- course-check: fragment -->\n    ```dockerfile\n    RUN x\n    ```\n\n```console\n$ ls\n```\n"
    blocks, problems = extract_blocks(text, "p.md")
    assert [(p.line, p.code, p.message) for p in problems] == [(5, "CK002", "course-check annotation is above a fence that does not render as a code block")]
    assert [(b.fence_line, b.annotation) for b in blocks] == [(10, None)]


def test_bodies_of_quoted_and_indented_fences_lose_only_the_fence_indentation():
    text = "# P\n\n> ```console\n> $ ls\n>   $ two\n> ```\n\n- item\n\n    ```console\n    $ a\n      $ b\n   $ c\n    ```\n"
    blocks, problems = extract_blocks(text, "p.md")
    assert [(b.fence_line, b.indent, [line.text for line in b.lines]) for b in blocks] == [(3, 0, ["$ ls", "  $ two"]), (10, 4, ["$ a", "  $ b", "$ c"])]
    assert problems == []


@pytest.mark.parametrize(
    ("text", "tail"),
    [
        ("# M\n\n/// notes\nsay\n\n## One\n\na\n", "; it swallows '## One' (line 6)"),
        ("# M\n\n/// notes\nsay\n\n## One\n\na\n\n## Two\n\nb\n", "; it swallows '## One' (line 6) and 1 more topic"),
        ("# M\n\n/// notes\nsay\n\n## One\n\n## Two\n\n### Three\n\n## Four\n", "; it swallows '## One' (line 6) and 2 more topics"),
        ("# M\n\n/// notes\nsay\n", ""),
    ],
)
def test_an_unclosed_block_names_the_topics_it_swallows(text, tail):
    never = "'/// notes' opened here is never closed: add a line '///' where it ends, or the rest of the page becomes part of it"
    assert [(p.line, p.message) for p in block_problems(text)] == [(3, never + tail)]
