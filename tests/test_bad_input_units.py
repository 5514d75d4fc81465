"""Unit tests of the library fixes made for the bad-input suite (issue 9):
every authoring mistake ends in a clear error at file:line."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from coursekit.course import lint as course_lint
from coursekit.course import manifest as course
from coursekit.errors import SourceError
from coursekit.site import safe_build
from coursekit.site.validation import SiteValidator
from coursekit.validation import checker
from coursekit.validation.meta.ck009_ck012_course_source import check_course

MODULE = """\
---
title: Basics
duration: 30
---

# Basics

## Topic

Text.

/// exercises
- first-run
///
"""

EXERCISE = """\
---
id: first-run
title: First run
module: basics
kind: exercise
duration: 10
objectives:
  - Run one
---

# First run

Do it.
"""

CONFIG = """\
site_name: t
markdown_extensions:
  - pymdownx.superfences:
      custom_fences:
        - name: output
          format: !!python/name:pymdownx.superfences.fence_code_format
extra:
  course:
    default_variant: v
    variants:
      v:
        title: V
        modules:
          - basics
"""


def _course(tmp_path: Path, config: str = CONFIG, module: str = MODULE, exercise: str = EXERCISE) -> Path:
    (tmp_path / "docs/modules").mkdir(parents=True)
    (tmp_path / "exercises/first-run").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    (tmp_path / "docs/modules/basics.md").write_text(module, encoding="utf-8")
    (tmp_path / "exercises/first-run/index.md").write_text(exercise, encoding="utf-8")
    return tmp_path


def _load(root: Path):
    extra = course_lint.read_config(str(root / "mkdocs.yml"))["extra"]
    return course.load_course(str(root / "mkdocs.yml"), str(root / "docs"), extra)


def test_fixture_course_loads(tmp_path):
    loaded = _load(_course(tmp_path))
    assert [m.id for m in loaded.modules] == ["basics"] and loaded.exercises["first-run"].number == "1.1"
    assert check_course(str(tmp_path)) == []


# -- course.py --------------------------------------------------------------------


def test_manifest_lines_point_at_each_module_entry(tmp_path):
    root = _course(tmp_path, CONFIG.replace("          - basics\n", "          - basics\n          - images\n"))
    lines = course.manifest_lines(str(root / "mkdocs.yml"))
    text = (root / "mkdocs.yml").read_text().splitlines()
    assert text[lines[("v", 0)] - 1].strip() == "- basics" and text[lines[("v", 1)] - 1].strip() == "- images"


def test_module_listed_twice_names_the_manifest_line(tmp_path):
    root = _course(tmp_path, CONFIG.replace("          - basics\n", "          - basics\n          - basics\n"))
    with pytest.raises(SourceError) as exc:
        _load(root)
    assert (exc.value.path, exc.value.line) == ("mkdocs.yml", 15) and "twice" in exc.value.message


def test_missing_module_file_names_the_manifest_line(tmp_path):
    root = _course(tmp_path, CONFIG.replace("          - basics\n", "          - basics\n          - networking\n"))
    with pytest.raises(SourceError) as exc:
        _load(root)
    assert (exc.value.path, exc.value.line) == ("mkdocs.yml", 15)
    assert "docs/modules/networking.md does not exist" in exc.value.message


@pytest.mark.parametrize(
    ("which", "text", "line", "words"),
    [
        ("module", "", 1, "module page is empty"),
        ("module", "   \n\n", 1, "module page is empty"),
        ("module", "---\ntitle: Basics\nduration: 30\n---\n\n", 5, "front matter but no content"),
        ("module", "---\ntitle: Basics\nduration: 30\n---\nJust text.\n", 5, "no '# Title' heading"),
        ("exercise", "", 1, "exercise page is empty"),
        ("exercise", EXERCISE.split("# First run")[0], 10, "front matter but no content"),
    ],
)
def test_empty_module_and_exercise_pages_are_errors(tmp_path, which, text, line, words):
    root = _course(tmp_path, **{which: text})
    with pytest.raises(SourceError) as exc:
        _load(root)
    assert exc.value.line == line and words in exc.value.message
    assert exc.value.path.endswith("basics.md" if which == "module" else "first-run/index.md")


def test_several_front_matter_problems_keep_their_own_lines(tmp_path):
    root = _course(tmp_path, exercise=EXERCISE.replace("duration: 10", "duration: ten").replace("kind: exercise", "kind: lab"))
    findings = check_course(str(root))
    assert [(f.path, f.line, f.code) for f in findings] == [("exercises/first-run/index.md", 5, "CK009"), ("exercises/first-run/index.md", 6, "CK009")]


# -- course_lint.py -------------------------------------------------------------------


def test_course_check_reports_the_course_structure(tmp_path):
    root = _course(tmp_path, module=MODULE.replace("- first-run", "- frist-run"))
    [finding] = check_course(str(root), [str(root / "docs")])
    assert finding.format().startswith("docs/modules/basics.md:13:1: error CK009 unknown exercise id 'frist-run'")


def test_course_structure_is_not_loaded_for_files_outside_the_course(tmp_path):
    root = _course(tmp_path, module="")
    elsewhere = root / "notes"
    elsewhere.mkdir()
    assert check_course(str(root), [str(elsewhere)]) == []
    assert check_course(str(root), [str(root / "exercises")])


def test_course_check_cli_exits_1_on_a_course_error(tmp_path, capsys, monkeypatch):
    from coursekit import cli

    root = _course(tmp_path, config=CONFIG.replace("          - basics\n", "          - basics\n          - basics\n"))
    monkeypatch.chdir(root)
    assert cli.main(["docs", "exercises"]) == 1
    assert "mkdocs.yml:15:1: error CK009 course variant 'v' lists module 'basics' twice" in capsys.readouterr().out


# -- checker.py -----------------------------------------------------------------------


def test_oversized_code_block_is_refused_before_any_check():
    body = "FROM docker.io/library/alpine:3.23\n" + "RUN true\n" * 1500
    findings, count = checker.check_markdown(f"# T\n\n```dockerfile\n{body}```\n", "docs/x.md")
    assert [(f.line, f.code) for f in findings] == [(3, "CK007")] and count == 0
    assert "1501 lines" in findings[0].message


def test_oversized_block_by_bytes():
    findings, _ = checker.check_markdown("```text\n" + "x" * 150_000 + "\n```\n", "docs/x.md")
    assert [(f.line, f.code) for f in findings] == [(1, "CK007")] and "150 kB" in findings[0].message


def test_block_at_the_limit_is_checked_normally():
    body = "FROM docker.io/library/alpine:3.23\n" + "RUN true\n" * (checker.MAX_BLOCK_LINES - 1)
    findings, count = checker.check_markdown(f"```dockerfile\n{body}```\n", "docs/x.md")
    assert count == 1 and "CK007" not in {f.code for f in findings}


def test_oversized_lab_file():
    text = "services:\n" + "".join(f"  s{i}:\n    image: docker.io/library/alpine:3.23\n" for i in range(600))
    [finding] = checker.check_lab_file(text, "exercises/x/files/compose.yaml")
    assert (finding.line, finding.code) == (1, "CK007")


def test_symlinks_leaving_the_repository_are_refused_and_never_read(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/page.md").write_text("# Page\n")
    (tmp_path / "docs/inside.md").symlink_to(tmp_path / "docs/page.md")
    (tmp_path / "docs/compose.yaml").symlink_to("/etc/passwd")
    (tmp_path / "docs/folder").symlink_to("/etc")
    report = checker.check_paths([str(tmp_path / "docs")], str(tmp_path))
    assert sorted((f.path, f.code) for f in report.findings) == [("docs/compose.yaml", "CK008"), ("docs/folder", "CK008")]
    assert "root:" not in " ".join(f.message for f in report.findings)


def test_a_markdown_page_that_is_a_folder(tmp_path):
    (tmp_path / "docs/notes.md").mkdir(parents=True)
    report = checker.check_paths([str(tmp_path / "docs")], str(tmp_path))
    assert [(f.path, f.line, f.code) for f in report.findings] == [("docs/notes.md", 1, "CK006")]


def test_site_validator_refuses_outside_links_in_the_build(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/leak.txt").symlink_to("/etc/hostname")
    result = SiteValidator(str(tmp_path)).validate([str(tmp_path / "docs")])
    assert [(f.path, f.code) for f in result.errors] == [("docs/leak.txt", "CK008")]


# -- safe_build.py --------------------------------------------------------------------


def test_read_only_site_folder_is_detected_even_for_root(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    assert not safe_build.is_read_only(str(site))
    os.chmod(site, 0o555)
    try:
        assert safe_build.is_read_only(str(site))
        assert safe_build.safe_build(str(tmp_path / "mkdocs.yml"), str(site)) == 1
    finally:
        os.chmod(site, 0o755)


# -- frontmatter.py (parsed once per text; errors keep the caller's path) ---------------------


def test_front_matter_cache_keeps_each_callers_path():
    from coursekit.course.frontmatter import split_front_matter

    bad = "---\ntitle: [unclosed\n---\n# T\n"
    for path in ("docs/modules/a.md", "modules/a.md"):
        with pytest.raises(SourceError) as exc:
            split_front_matter(bad, path)
        assert (exc.value.path, exc.value.line) == (path, 3)
    fm1, body1 = split_front_matter(MODULE, "x.md")
    fm2, body2 = split_front_matter(MODULE, "y.md")
    assert fm1.data == {"title": "Basics", "duration": 30} and fm1.key_lines == {"title": 2, "duration": 3}
    assert (fm2, body2) == (fm1, body1) and body1.startswith("\n# Basics")


def test_control_characters_are_escaped_in_findings():
    from coursekit.validation.findings import Finding, Severity

    f = Finding("docs/a\x1b.md", 3, 6, Severity.ERROR, "CF111", "'alp\x07ine:3.23' is not valid\n  second line\twith tab")
    assert f.format() == "docs/a\\x1b.md:3:6: error CF111 'alp\\x07ine:3.23' is not valid\n  second line\twith tab"
    assert f.as_dict()["message"].startswith("'alp\x07ine")  # JSON keeps the real text (json escapes it)
