"""Compose blocks in Markdown pages: which blocks are compose files, real file:line
positions (indented fences, snippets), annotations and the course-check CLI."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from coursekit.markdown.blocks import extract_blocks
from coursekit.validation import checker
from coursekit.validation.compose import checks as compose_checks


def page_findings(text: str, root=None, path: str = "docs/page.md") -> list:
    found, _count = checker.check_markdown(textwrap.dedent(text), path, str(root) if root else None)
    return found


def kinds(text: str) -> list[str | None]:
    blocks, _ = extract_blocks(textwrap.dedent(text), "page.md")
    return [getattr(checker.kind_of_block(b), "name", None) for b in blocks]


@pytest.mark.parametrize(
    ("fence", "is_compose"),
    [
        ('```yaml title="compose.yaml"\nservices: {}\n```', True),
        ('```yaml title="docker-compose.yml"\nname: x\n```', True),
        ('```yaml title="exercises/lab/compose.override.yaml"\nservices: {}\n```', True),
        ('```yml title="compose.prod.yml"\nservices: {}\n```', True),
        ("```yaml\n# comment\nservices:\n  web:\n    image: nginx:1.30\n```", True),
        ("```yaml\napiVersion: apps/v1\nkind: Deployment\nspec:\n  template: {}\n```", False),
        ("```yaml\napiVersion: v1\nkind: Service\nservices: {}\n```", False),
        ("```yaml\nname: ci\non: [push]\njobs:\n  test:\n    runs-on: ubuntu-24.04\n    services:\n      redis:\n        image: redis:8.2\n```", False),
        ('```yaml title="mkdocs.yml"\nsite_name: x\n```', False),
        ("```console\n$ docker compose up -d\n```", False),
        ('```json\n{"services": {}}\n```', False),
    ],
)
def test_which_blocks_are_compose_files(fence, is_compose):
    assert (kinds(fence) == ["compose"]) is is_compose


def test_compose_file_names():
    for name in (
        "compose.yaml",
        "compose.yml",
        "docker-compose.yaml",
        "docker-compose.yml",
        "compose.override.yaml",
        "docker-compose.prod.yml",
        "compose.ci.test.yaml",
    ):
        assert compose_checks.is_compose_file_name(f"exercises/x/{name}"), name
    for name in ("composer.yaml", "compose.json", "mkdocs.yml", "my-compose.yaml", "compose.yaml.bak"):
        assert not compose_checks.is_compose_file_name(name), name


def test_findings_point_at_the_page_line_and_column_of_an_indented_fence():
    text = """\
    # Page

    1. Write the file:

        ```yaml title="compose.yaml"
        services:
          web:
            image: nginx:1.30
            enviroment:
              A: "1"
        ```
    """
    [f] = page_findings(text)
    assert (f.path, f.line, f.column, f.code) == ("docs/page.md", 9, 9, "CO004")
    assert f.format() == "docs/page.md:9:9: error CO004 `enviroment` is not a service option (did you mean `environment`?)"


def test_snippet_findings_point_at_the_lab_file(tmp_path, monkeypatch):
    lab = tmp_path / "exercises" / "lab" / "files"
    lab.mkdir(parents=True)
    (lab / "compose.yaml").write_text("# the lab\nservices:\n  web:\n    image: nginx:1.30\n    networks: [front]\n")
    monkeypatch.chdir(tmp_path)
    text = """\
    Intro line.

    ```yaml title="compose.yaml"
    --8<-- "exercises/lab/files/compose.yaml"
    ```
    """
    [f] = page_findings(text, root=tmp_path, path="exercises/lab/index.md")
    assert (f.path, f.line, f.code) == ("exercises/lab/files/compose.yaml", 5, "CO101")


def test_snippet_of_a_lab_file_gets_the_lab_file_checks(tmp_path, monkeypatch):
    lab = tmp_path / "exercises" / "lab" / "files"
    lab.mkdir(parents=True)
    (lab / "compose.yaml").write_text("services:\n  web:\n    build: ./web\n")
    monkeypatch.chdir(tmp_path)
    text = '```yaml title="compose.yaml"\n--8<-- "exercises/lab/files/compose.yaml"\n```\n'
    [f] = page_findings(text, root=tmp_path, path="exercises/lab/index.md")
    assert (f.path, f.line, f.code) == ("exercises/lab/files/compose.yaml", 3, "CO113")


def test_expect_annotation_for_a_deliberate_bad_example():
    text = """\
    <!-- course-check: expect UnknownComposeKey UndefinedNetwork -->
    ```yaml title="compose.yaml"
    services:
      db:
        image: postgres:17
        networks: [sonarnet]
        sonarnet:
          driver: bridge
    ```
    """
    assert page_findings(text) == []


def test_expectation_that_no_longer_holds_is_reported():
    text = """\
    <!-- course-check: expect CO101 -->
    ```yaml title="compose.yaml"
    services:
      db:
        image: postgres:17
    ```
    """
    [f] = page_findings(text)
    assert (f.code, f.line) == ("CK005", 1)


def test_ignore_needs_a_reason_and_suppresses():
    body = '```yaml title="compose.yaml"\nservices:\n  ci:\n    image: docker:28-cli\n    volumes: ["/var/run/docker.sock:/var/run/docker.sock"]\n```\n'
    assert [f.code for f in page_findings(body)] == ["CO207"]
    assert page_findings("<!-- course-check: ignore DockerSocketMounted -- the CI runner demo needs the engine -->\n" + body) == []
    assert [f.code for f in page_findings("<!-- course-check: ignore CO207 -->\n" + body)] == ["CK003"]


def test_fragment_annotation():
    text = """\
    <!-- course-check: fragment -->
    ```yaml
    services:
      web:
        depends_on:
          db:
            condition: service_healthy
    ```
    """
    assert page_findings(text) == []


def test_yaml_error_in_a_block_points_at_the_page_line():
    text = 'Text\n\n```yaml title="compose.yaml"\nservices:\n  web:\n\timage: nginx:1.30\n```\n'
    [f] = page_findings(text)
    assert (f.line, f.column, f.code) == (6, 1, "CO001") and "tab" in f.message


def test_alias_bomb_in_a_page_fails_fast():
    bomb = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"] + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    text = '```yaml title="compose.yaml"\n' + "\n".join(bomb) + "\n```\n"
    [f] = page_findings(text)
    assert f.code == "CO003"


def test_course_check_cli_on_compose_files(tmp_path):
    (tmp_path / "compose.yaml").write_text('services:\n  web:\n    image: nginx\n    privileged: true\n    ports: ["80:80/tcpx"]\n')
    proc = subprocess.run([sys.executable, "-m", "coursekit.cli", "compose.yaml", "--format", "json"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1, proc.stderr
    report = json.loads(proc.stdout)
    assert [(f["line"], f["code"], f["severity"]) for f in report["findings"]] == [(3, "CO202", "warning"), (4, "CO206", "warning"), (5, "CO110", "error")]
    (tmp_path / "compose.yaml").write_text("services:\n  web:\n    image: nginx:1.30-alpine\n")
    proc = subprocess.run([sys.executable, "-m", "coursekit.cli", "."], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and proc.stdout.strip() == "0 errors, 0 warnings in 1 file checked"


def test_cli_from_another_folder_checks_lab_files_once(tmp_path):
    repo = tmp_path / "repo"
    lab = repo / "exercises" / "lab" / "files"
    lab.mkdir(parents=True)
    (lab / "compose.yaml").write_text("services:\n  web:\n    build: ./web\n")
    (repo / "exercises" / "lab" / "index.md").write_text('# Lab\n\n```yaml title="compose.yaml"\n--8<-- "exercises/lab/files/compose.yaml"\n```\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    proc = subprocess.run(
        [sys.executable, "-m", "coursekit.cli", "--root", str(repo), str(repo / "exercises")], cwd=elsewhere, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 1, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("exercises/lab/files/compose.yaml:3:12: error CO113 build context './web' does not exist")
    assert lines[1:] == ["1 error, 0 warnings in 2 files checked"]


def test_mkdocs_build_fails_at_the_line_of_a_broken_compose_block(project_copy, tmp_path):
    """The real build (hooks/validation.py) refuses a page with a broken compose block and names file:line."""
    from conftest import mkdocs_build

    page = project_copy / "docs" / "modules" / "compose.md"
    text = page.read_text(encoding="utf-8")
    broken = '\n```yaml title="compose.yaml"\nservices:\n  db:\n    image: postgres:17\n    networks: [sonarnet]\n    sonarnet:\n      driver: bridge\n```\n'
    page.write_text(text + broken, encoding="utf-8")
    first = len(text.splitlines()) + 2  # the line of the opening fence
    proc = mkdocs_build(project_copy, tmp_path / "site")
    assert proc.returncode != 0
    output = proc.stdout + proc.stderr
    assert f"docs/modules/compose.md:{first + 4}:16: error CO101 service `db` uses network `sonarnet`" in output, output[-3000:]
    assert f"docs/modules/compose.md:{first + 5}:5: error CO004 `sonarnet` is not a service option" in output
