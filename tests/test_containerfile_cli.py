"""``course-check``: output format, JSON, exit codes, Markdown pages and lab files."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from coursekit import cli

LINE = re.compile(r"^(?P<path>[^:\s]+):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning) (?P<code>(?:[A-Z]{2}\d{3}|DL\d{4})) (?P<msg>\S.*)$")
SUMMARY = re.compile(r"^\d+ errors?, \d+ warnings? in \d+ files? checked$")


@pytest.fixture(autouse=True)
def _build_date(monkeypatch):
    monkeypatch.setenv("COURSE_CHECK_DATE", "2026-11-28")


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_text("# Page\n\n```dockerfile\nFROM centos:7\nRUNN echo\n```\n")
    (tmp_path / "docs" / "good.md").write_text('# Good\n\n```dockerfile\nFROM alpine:3.23\nCMD ["sh"]\n```\n')
    lab = tmp_path / "exercises" / "lab" / "files"
    lab.mkdir(parents=True)
    (lab / "Containerfile").write_text("FROM alpine:3.23\nWORKDIR\n")
    (lab / "app.Dockerfile").write_text("FROM alpine:latest\n")
    (lab / "notes.txt").write_text("FROM centos:7\n")  # not a Containerfile: ignored
    return tmp_path


def run_cli(args, capsys):
    code = cli.main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_text_output_format_and_exit_1(tree, capsys, monkeypatch):
    monkeypatch.chdir(tree)
    code, out, _ = run_cli(["docs", "exercises"], capsys)
    lines = out.splitlines()
    assert code == 1
    assert SUMMARY.match(lines[-1]) and lines[-1] == "3 errors, 1 warning in 4 files checked"
    parsed = [LINE.match(line) for line in lines[:-1]]
    assert all(parsed), lines
    assert [(m["path"], m["line"], m["col"], m["sev"], m["code"]) for m in parsed] == [
        ("docs/page.md", "4", "6", "error", "CF200"),
        ("docs/page.md", "5", "1", "error", "CF100"),
        ("exercises/lab/files/Containerfile", "2", "1", "error", "CF103"),
        ("exercises/lab/files/app.Dockerfile", "1", "6", "warning", "DL3007"),
    ]


def test_json_output(tree, capsys, monkeypatch):
    monkeypatch.chdir(tree)
    code, out, _ = run_cli(["--format", "json", "docs/page.md"], capsys)
    data = json.loads(out)
    assert code == 1
    assert data["files_checked"] == 1 and data["errors"] == 2 and data["warnings"] == 0
    assert data["findings"][0] == {
        "path": "docs/page.md",
        "line": 4,
        "column": 6,
        "severity": "error",
        "code": "CF200",
        "message": data["findings"][0]["message"],
    }
    assert "centos:7" in data["findings"][0]["message"]


def test_warnings_only_exit_0(tree, capsys, monkeypatch):
    monkeypatch.chdir(tree)
    code, out, _ = run_cli(["exercises/lab/files/app.Dockerfile", "docs/good.md"], capsys)
    assert code == 0 and out.splitlines()[-1] == "0 errors, 1 warning in 2 files checked"


def test_usage_errors_exit_2(tree, capsys, monkeypatch):
    monkeypatch.chdir(tree)
    with pytest.raises(SystemExit) as exc:
        cli.main(["--bogus", "docs"])
    assert exc.value.code == 2
    code, _, err = run_cli(["docs/missing.md"], capsys)
    assert code == 2 and "no such file or folder: docs/missing.md" in err
    with pytest.raises(SystemExit) as exc:
        cli.main([])
    assert exc.value.code == 2


def test_disable_option(tree, capsys, monkeypatch):
    monkeypatch.chdir(tree)
    code, out, _ = run_cli(["--disable", "EndOfLifeBaseImage", "--disable", "CF100", "docs/page.md"], capsys)
    assert code == 0 and out.strip() == "0 errors, 0 warnings in 1 file checked"
    code, _, err = run_cli(["--disable", "NoSuchRule", "docs/page.md"], capsys)
    assert code == 2 and "NoSuchRule" in err


def test_console_script_is_installed(tree):
    script = Path(sys.executable).with_name("course-check")
    assert script.exists(), "course-check is not installed with the project (pip install -e .)"
    result = subprocess.run(
        [str(script), "exercises/lab/files/Containerfile"],
        cwd=tree,
        capture_output=True,
        text=True,
        timeout=60,
        env=dict(os.environ, COURSE_CHECK_DATE="2026-11-28"),
    )
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == "exercises/lab/files/Containerfile:2:1: error CF103 WORKDIR requires exactly one argument"


def test_pre_commit_hook_definitions():
    import yaml

    repo = Path(__file__).resolve().parent.parent
    hooks = yaml.safe_load((repo / ".pre-commit-hooks.yaml").read_text())
    assert hooks[0]["id"] == "course-check" and hooks[0]["entry"] == "course-check"
    files = re.compile(hooks[0]["files"])
    for path in (
        "docs/modules/images.md",
        "exercises/x/files/Containerfile",
        "exercises/x/files/app.Dockerfile",
        "exercises/x/files/Dockerfile.dev",
        "exercises/x/files/compose.yaml",
    ):
        assert files.search(path), path
    for path in ("docs/assets/logo.png", "exercises/x/files/app.py", "exercises/x/files/Containerfile.dockerignore"):
        assert not files.search(path), path
    config = yaml.safe_load((repo / ".pre-commit-config.yaml").read_text())
    local = next(r for r in config["repos"] if r["repo"] == "local")
    hook = local["hooks"][0]
    assert hook["id"] == "course-check" and hook["entry"] == "course-check" and re.compile(hook["files"]).search("exercises/x/files/Containerfile")
