"""The validation hook in a real ``mkdocs build`` and, called directly, in serve mode."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import copy_project, load_hook, mkdocs_build
from mkdocs.exceptions import PluginError

from coursekit.site import session


@pytest.fixture(autouse=True)
def _build_date(monkeypatch):
    monkeypatch.setenv("COURSE_CHECK_DATE", "2026-11-28")


def _append(path: Path, text: str) -> int:
    """Append ``text`` to a file; returns the 1-based line number of its first line."""
    old = path.read_text(encoding="utf-8")
    if not old.endswith("\n"):
        old += "\n"
    path.write_text(old + text, encoding="utf-8")
    return old.count("\n") + 1


@pytest.mark.slow
def test_build_fails_listing_every_finding_with_file_and_line(tmp_path):
    project = copy_project(tmp_path / "course")
    page = project / "docs" / "index.md"
    first = _append(page, "\nBad recipe:\n\n```dockerfile\nFROM centos:7\nRUNN echo hi\n```\n")
    lab = project / "exercises" / "container-run-inspect" / "files"
    lab.mkdir(parents=True, exist_ok=True)
    (lab / "Containerfile").write_text("FROM alpine:3.23\nWORKDIR\n")
    result = mkdocs_build(project, tmp_path / "site", env={"COURSE_CHECK_DATE": "2026-11-28"})
    assert result.returncode != 0
    err = result.stderr
    fence = first + 3
    assert f"docs/index.md:{fence + 1}:6: error CF200 base image 'centos:7'" in err
    assert f"docs/index.md:{fence + 2}:1: error CF100 unknown instruction 'RUNN' (did you mean RUN?)" in err
    assert "exercises/container-run-inspect/files/Containerfile:2:1: error CF103 WORKDIR requires exactly one argument" in err
    assert err.count("course-check found ") == 1  # one PluginError lists all of them
    assert "Traceback" not in err


@pytest.fixture
def course(tmp_path):
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "page.md").write_text("---\ntitle: Page\n---\n# Page\n\n```dockerfile\nFROM alpine:3.23\nWORKDIR\nCMD python app.py\n```\n")
    (docs / "clean.md").write_text("# Clean\n")
    lab = tmp_path / "exercises" / "lab" / "files"
    lab.mkdir(parents=True)
    (tmp_path / "exercises" / "lab" / "index.md").write_text("# Lab\n")
    (lab / "Containerfile").write_text("FROM ubuntu:16.04\n")
    config = SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"), docs_dir=str(docs), extra={})
    return tmp_path, config


def _page(path: Path):
    return SimpleNamespace(file=SimpleNamespace(abs_src_path=str(path)))


def test_serve_shows_a_banner_and_clears_it_when_fixed(course):
    root, config = course
    hook = load_hook("validation")
    session.start("serve")
    hook.on_config(config)
    hook.on_files([], config)  # errors: no exception in serve
    html = hook.on_page_content("<h1>Page</h1>", _page(root / "docs" / "page.md"), config, None)
    assert html.startswith('<div class="course-check-banner" role="alert"')
    assert "docs/page.md:8:1</code> <strong>error CF103</strong> WORKDIR requires exactly one argument" in html
    assert "docs/page.md:9:1</code> <strong>warning DL3025</strong>" in html
    assert html.endswith("<h1>Page</h1>")
    assert hook.on_page_content("<h1>Clean</h1>", _page(root / "docs" / "clean.md"), config, None) == "<h1>Clean</h1>"
    lab_page = hook.on_page_content("<h1>Lab</h1>", _page(root / "exercises" / "lab" / "index.md"), config, None)
    assert "exercises/lab/files/Containerfile:1:6" in lab_page and "ubuntu:16.04" in lab_page  # lab files show on their exercise page

    (root / "docs" / "page.md").write_text('---\ntitle: Page\n---\n# Page\n\n```dockerfile\nFROM alpine:3.23\nWORKDIR /app\nCMD ["python", "app.py"]\n```\n')
    hook.on_files([], config)  # the rebuild after the fix
    assert hook.on_page_content("<h1>Page</h1>", _page(root / "docs" / "page.md"), config, None) == "<h1>Page</h1>"
    assert session.current().validation.result.files_validated == 1  # only the changed page was validated again


def test_build_mode_raises_one_plugin_error(course):
    root, config = course
    hook = load_hook("validation")
    session.start("build")
    hook.on_config(config)
    with pytest.raises(PluginError) as exc:
        hook.on_files([], config)
        hook.on_post_build(config)  # on Linux the pass runs in a background worker, collected at the latest here
    # Errors first (MkDocs shows the first line after "ERROR -"), then one summary; the warning
    # was logged before as "course-check warning:" and does not name its file here.
    assert str(exc.value).splitlines() == [
        "docs/page.md:8:1: error CF103 WORKDIR requires exactly one argument",
        "exercises/lab/files/Containerfile:1:6: error CF200 base image 'ubuntu:16.04' reached its end of support on 2021-04-30: use ubuntu:24.04 (or 26.04)",
        "course-check found 2 errors in the course sources (listed above; 1 warning logged before them)",
    ]
    assert hook.on_page_content("<p/>", _page(root / "docs" / "page.md"), config, None) == "<p/>"  # no banner in builds


def test_cache_follows_snippet_files(course):
    root, config = course
    (root / "docs" / "snip.md").write_text('```dockerfile\n--8<-- "exercises/lab/files/Containerfile"\n```\n')
    hook = load_hook("validation")
    session.start("serve")
    hook.on_config(config)
    hook.on_files([], config)
    assert session.current().validation.result.files_validated == 5
    hook.on_files([], config)
    assert session.current().validation.result.files_validated == 0
    (root / "exercises" / "lab" / "files" / "Containerfile").write_text("FROM ubuntu:24.04\n")
    hook.on_files([], config)
    assert session.current().validation.result.files_validated == 2  # the lab file and the page that includes it
    assert not session.current().validation.result.errors or all("ubuntu" not in f.message for f in session.current().validation.result.errors)


def test_annotations_are_blanked_before_rendering():
    from coursekit.site.validation import strip_annotations

    md = "Text\n<!-- course-check: fragment -->\n```dockerfile\nCMD x\n```\n\n````markdown\n<!-- course-check: fragment -->\n```dockerfile\n```\n````\n"
    out = strip_annotations(md).split("\n")
    assert out[1] == "" and len(out) == len(md.split("\n"))  # blanked, line count kept
    assert out[7] == "<!-- course-check: fragment -->"  # documentation inside a code block stays


@pytest.mark.slow
def test_built_site_has_no_annotations(built_site):
    leaks = [str(p.relative_to(built_site)) for p in built_site.rglob("*.html") if "<!-- course-check:" in p.read_text(encoding="utf-8", errors="replace")]
    assert leaks == []
