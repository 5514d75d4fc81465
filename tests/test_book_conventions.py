"""Issue 6: the command/output convention (rules BK001-BK005) in the shared checker."""

from __future__ import annotations

import pytest

from coursekit.validation import checker


def findings(lang: str, body: str, annotation: str = "") -> list[tuple[int, int, str]]:
    text = f"# Page\n\n{annotation}```{lang}\n{body}```\n"
    found, _ = checker.check_markdown(text, "page.md")
    return [(f.line, f.column, f.code) for f in found if f.code.startswith(("BK", "CK"))]


@pytest.mark.parametrize(
    "body",
    [
        "$ docker container ls\n",
        "$ docker container run --rm \\\n    --name web \\\n    nginx:1.30-alpine\n",
        "$ docker container exec -it web sh\n# cat /etc/os-release\n",
        "$ docker container ls\n\n$ docker image ls\n",
        '$ echo "a <<b"\n',
    ],
    ids=["one", "continuation", "root-prompt", "blank-line", "not-a-heredoc"],
)
def test_clean_console_blocks_pass(body):
    assert findings("console", body) == []


def test_command_without_prompt_is_bk001():
    assert findings("console", "docker container ls\n") == [(4, 1, "BK001")]


def test_glued_prompt_is_bk001():
    found, _ = checker.check_markdown("```console\n$docker container ls\n```\n", "p.md")
    assert [(f.code, f.message) for f in found if f.code.startswith("BK")] == [
        ("BK001", "prompt '$' needs one space before the command ('$ docker container ls')")
    ]


def test_output_inside_a_command_block_is_bk002_on_each_output_line():
    body = "$ docker container ls\nCONTAINER ID   IMAGE\n$ docker image ls\nREPOSITORY   TAG\n"
    assert findings("console", body) == [(5, 1, "BK002"), (7, 1, "BK002")]


def test_prompt_in_a_bash_block_is_bk003():
    assert findings("bash", "docker image ls\n$ docker container ls\n") == [(5, 1, "BK003")]
    assert findings("sh", "  $ ls\n") == [(4, 3, "BK003")]
    assert findings("bash", "# a comment\necho $HOME\n") == []


def test_other_prompts_are_a_bk004_warning():
    found, _ = checker.check_markdown("```console\nuser@vm:~$ docker container ls\n```\n", "p.md")
    assert [(f.code, str(f.severity)) for f in found] == [("BK004", "warning")]


def test_heredoc_in_a_command_block_is_bk005_and_its_body_is_not_output():
    body = "$ cat > app.py <<'EOF'\nprint('hi')\nEOF\n$ python3 app.py\n"
    assert findings("console", body) == [(4, 16, "BK005")]


def test_annotation_expects_and_ignores_bk_rules():
    assert findings("console", "$ ls\nfile\n", "<!-- course-check: expect BK002 -->\n") == []
    assert findings("console", "$ ls\nfile\n", "<!-- course-check: ignore OutputInCommandBlock -- shows a real terminal -->\n") == []
    assert findings("console", "$ ls\n", "<!-- course-check: expect BK002 -->\n") == [(3, 1, "CK005")]


def test_cli_rules_and_book_rules_run_on_the_same_block():
    found, count = checker.check_markdown("```console\n$ docker contianer ls\nCONTAINER ID\n```\n", "p.md")
    assert {f.code for f in found} == {"CL001", "BK002"}
    assert count == 1


def test_the_course_sources_follow_the_convention():
    """Every console/bash block of the real course passes the BK rules."""
    from conftest import REPO

    report = checker.check_paths([str(REPO / "docs"), str(REPO / "exercises")], str(REPO))
    bk = [f.format() for f in report.findings if f.code.startswith("BK")]
    assert bk == []
