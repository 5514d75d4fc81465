"""course-check as a command: clear one-line errors, never a traceback (issue 10)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from conftest import REPO, mkdocs_build

COURSE_CHECK = str(Path(sys.executable).with_name("course-check"))


def course_check(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([COURSE_CHECK, *args], cwd=cwd, env=dict(os.environ, **(env or {})), capture_output=True, text=True, timeout=120)


def test_a_bad_course_check_date_is_a_one_line_usage_error(tmp_path):
    (tmp_path / "page.md").write_text("# Page\n", encoding="utf-8")
    result = course_check("page.md", cwd=tmp_path, env={"COURSE_CHECK_DATE": "bogus"})
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == "course-check: error: COURSE_CHECK_DATE='bogus' is not a date: write YYYY-MM-DD (for example 2026-11-28)\n"


def test_a_bad_course_check_date_stops_mkdocs_build_with_one_line(tmp_path):
    result = mkdocs_build(REPO, tmp_path / "site", env={"COURSE_CHECK_DATE": "28.11.2026"})
    assert result.returncode != 0
    assert "COURSE_CHECK_DATE='28.11.2026' is not a date: write YYYY-MM-DD" in result.stderr
    assert "Traceback" not in result.stderr and "worker failed" not in result.stderr
    assert not (tmp_path / "site").exists()


def test_a_reader_that_stops_early_gets_no_traceback(tmp_path):
    # About 1 MB of findings: far more than a pipe holds, so writing fails once the reader is gone.
    block = "```console\n" + "$ docker ps\n" * 100 + "```\n\n"
    for i in range(20):
        (tmp_path / f"p{i}.md").write_text("# P\n\n" + block * 5, encoding="utf-8")
    for fmt in ("json", "text"):
        proc = subprocess.Popen([COURSE_CHECK, "--format", fmt, "."], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        first = proc.stdout.readline()  # course-check ... | head -1
        proc.stdout.close()
        stderr = proc.stderr.read()
        proc.wait(timeout=120)
        assert first.strip() in ("{", "p0.md:4:10: warning CL006 the course uses 'docker container ls' (house style): write it instead of 'docker ps'")
        assert stderr == "" and proc.returncode == 0  # warnings only: the exit status is kept


def test_files_no_check_reads_are_reported_as_skipped(tmp_path):
    (tmp_path / "random.txt").write_text("docker contianer ls\n", encoding="utf-8")
    (tmp_path / "page.md").write_text("# Page\n\n```console\n$ docker container ls\n```\n", encoding="utf-8")
    result = course_check("random.txt", cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == "0 errors, 0 warnings in 0 files checked; skipped 1 file that is not a Markdown page, Containerfile or compose file: random.txt\n"
    result = course_check("--format", "json", "page.md", "random.txt", cwd=tmp_path)
    data = json.loads(result.stdout)
    assert data["files_checked"] == 1 and data["skipped"] == ["random.txt"] and data["findings"] == []


def test_a_broken_mkdocs_yml_is_reported_at_the_yaml_errors_line(tmp_path):
    lines = ["site_name: Broken course", "extra:", "  course:", "    title: x", "markdown_extensions:", "  - toc", "  bad: [unclosed", ""]
    (tmp_path / "mkdocs.yml").write_text("\n".join(lines), encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    result = course_check("docs", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == (
        "mkdocs.yml:7:3: error CK009 mkdocs.yml cannot be read as YAML: expected <block end>, but found '?' (while parsing a block collection at line 6)"
    )
    # not YAML's problem, the file's: a list instead of settings
    (tmp_path / "mkdocs.yml").write_text("- site_name: x\n", encoding="utf-8")
    result = course_check("docs", cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stdout.splitlines()[0] == "mkdocs.yml:1:1: error CK009 mkdocs.yml must be a mapping of settings (site_name: ..., nav: ...); it is a list"
