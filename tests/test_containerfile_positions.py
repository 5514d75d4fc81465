"""Findings point at the real Markdown (or snippet) line and column.

A problem on line 3 of a block whose fence opens on line 40 is reported at
line 43; fences nested in longer fences, indented in lists and admonitions,
tilde fences and ``pymdownx.snippets`` includes are all mapped.
"""

from __future__ import annotations

import textwrap

import pytest

from coursekit.validation import checker


@pytest.fixture(autouse=True)
def _build_date(monkeypatch):
    monkeypatch.setenv("COURSE_CHECK_DATE", "2026-11-28")


def check(md: str, root=None):
    findings, count = checker.check_markdown(textwrap.dedent(md).lstrip("\n"), "docs/page.md", str(root) if root else None)
    return findings, count


def where(findings, code):
    return [(f.path, f.line, f.column) for f in findings if f.code == code]


def test_line_inside_a_block_is_offset_by_the_fence_line():
    md = "---\ntitle: T\n---\n" + "text\n" * 36 + "```dockerfile\nFROM alpine:3.23\nRUN echo\nRUNN x\n```\n"
    findings, _ = checker.check_markdown(md, "docs/page.md", None)
    assert md.splitlines()[39] == "```dockerfile"  # fence on line 40, front matter included
    assert where(findings, "CF100") == [("docs/page.md", 43, 1)]


def test_every_finding_of_a_page_is_reported():
    findings, count = check(
        """
        ```dockerfile
        FROM centos:7
        ```

        ```Containerfile
        FROM alpine:3.23
        WORKDIR
        ```
        """
    )
    assert count == 2
    assert [(f.line, f.code) for f in findings] == [(2, "CF200"), (7, "CF103")]


def test_indented_fence_in_a_list_and_in_an_admonition():
    findings, _ = check(
        """
        1. Build it:

            ```dockerfile
            FROM alpine:3.23
            RUN apk add curl
            ```

        !!! warning "Old base"
            ```dockerfile
            FROM ubuntu:16.04
            ```
        """
    )
    assert where(findings, "DL3019") == [("docs/page.md", 5, 9)]  # 'apk' after 4 spaces of indentation
    assert where(findings, "CF200") == [("docs/page.md", 10, 10)]


def test_tilde_fence_and_title_classification():
    findings, _ = check(
        """
        ~~~ {.text title="app.Dockerfile"}
        FROM alpine:latest
        ~~~

        ```bash
        FROM=alpine
        RUNN=1
        ```
        """
    )
    # the bash block is not a Containerfile: no Containerfile rule looks at it
    assert [(f.line, f.code) for f in findings if f.code[:2] in ("CF", "DL")] == [(2, "DL3007")]
    assert where(findings, "DL3007") == [("docs/page.md", 2, 6)]


def test_nested_fence_is_content_of_the_outer_block():
    findings, count = check(
        """
        ````markdown
        ```dockerfile
        FROM centos:7
        ```
        ````

        ````dockerfile
        FROM alpine:3.23
        RUN echo "```"
        RUNN x
        ````
        """
    )
    assert count == 1
    assert [(f.line, f.code) for f in findings] == [(10, "CF100")]


def test_annotation_is_read_and_applied():
    findings, _ = check(
        """
        <!-- course-check: fragment -->
        ```dockerfile
        CMD ["ping", "127.0.0.1"]
        ```

        ```dockerfile
        CMD ["ping", "127.0.0.1"]
        ```
        """
    )
    assert [(f.line, f.code) for f in findings] == [(7, "CF108")]


def test_snippet_findings_point_at_the_included_file(tmp_path):
    lab = tmp_path / "exercises" / "lab" / "files"
    lab.mkdir(parents=True)
    (lab / "Containerfile").write_text("# a lab file\nFROM alpine:3.23\nRUN apk add curl\nCMD python app.py\n")
    findings, _ = check(
        """
        Intro.

        ```dockerfile title="Containerfile"
        --8<-- "exercises/lab/files/Containerfile"
        ```

        ```dockerfile
        FROM alpine:3.23
        --8<-- "exercises/lab/files/Containerfile:3:4"
        ```
        """,
        root=tmp_path,
    )
    rel = "exercises/lab/files/Containerfile"
    assert where(findings, "DL3019") == [(rel, 3, 5)]  # both blocks include line 3: reported once
    assert where(findings, "DL3025") == [(rel, 4, 1)]


def test_missing_snippet_is_reported_at_the_markdown_line(tmp_path):
    findings, _ = check('```dockerfile\nFROM alpine:3.23\n--8<-- "exercises/none/Containerfile"\n```\n', root=tmp_path)
    assert where(findings, "CK004") == [("docs/page.md", 3, 1)]
