"""Issue 15: what maintainers' own repositories and the Docker CLI really accept.

File classification like Docker's tooling, prompts of real transcripts, fences that render inside
list continuations (compared with what the site's Markdown renders), .dockerignore'd COPY sources,
and a mutation test: realistic author mistakes applied one at a time to the course's own files,
each expected at its line.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup
from mkdocs.config import load_config

from coursekit import cli
from coursekit.markdown.blocks import extract_blocks
from coursekit.validation import checker
from coursekit.validation.file_names import is_compose_file_name, is_containerfile_name, skip_reason

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True)
def _pinned(monkeypatch):
    monkeypatch.setenv("COURSE_CHECK_DATE", "2026-12-06")


# -- file names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["Dockerfile", "Containerfile", "dockerfile", "app.Dockerfile", "Dockerfile.dev", "Dockerfile-dev", "Dockerfile.alpine", "Containerfile-debug"],
)
def test_containerfile_names(name):
    assert is_containerfile_name(name) and not is_compose_file_name(name)


@pytest.mark.parametrize(
    "name", ["compose.yaml", "compose.yml", "compose.override.yml", "docker-compose.yml", "docker-compose-dev.yml", "docker-compose.prod.yaml"]
)
def test_compose_names(name):
    assert is_compose_file_name(name) and not is_containerfile_name(name)


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("Dockerfile.template", "a template (.template)"),  # docker-library: a jq template
        ("Dockerfile-linux.template", "a template (.template)"),
        ("Dockerfile.j2", "a template (.j2)"),
        ("Dockerfile.in", "a template (.in)"),
        ("Containerfile.tmpl", "a template (.tmpl)"),
        ("dockerfile.min.js", "a .js file"),  # a syntax highlighter's language file
        ("Dockerfile.bak", "a .bak file"),
        ("compose.yaml.j2", "a template (.j2)"),
    ],
)
def test_templates_and_code_are_not_docker_files(name, why):
    assert not is_containerfile_name(name) and not is_compose_file_name(name)
    assert skip_reason(name).startswith(why)


def test_course_check_says_which_files_it_skipped_and_why(tmp_path, monkeypatch, capsys):
    # the layout of docker-library/python: generated Dockerfiles per version, templates at the top
    (tmp_path / "3.13/alpine3.24").mkdir(parents=True)
    (tmp_path / "3.13/alpine3.24/Dockerfile").write_text("FROM alpine:3.24\nENV PYTHON_VERSION 3.13.11\n", encoding="utf-8")
    (tmp_path / "Dockerfile-linux.template").write_text('FROM {{ env.variant }}\n{{ if env.variant | startswith("alpine") then ( -}}\n', encoding="utf-8")
    (tmp_path / "assets/highlight").mkdir(parents=True)
    (tmp_path / "assets/highlight/dockerfile.min.js").write_text("hljs.registerLanguage('dockerfile',function(e){});\n", encoding="utf-8")
    (tmp_path / "Dockerfile-dev").write_text("FROM python:3.13-alpine\nCMD python app.py\n", encoding="utf-8")
    (tmp_path / "docker-compose-dev.yml").write_text(
        "services:\n  app:\n    build:\n      context: .\n      dockerfile: Dockerfile-dev\n    image: app-dev\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert cli.main(["."]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[:-1] == [
        "3.13/alpine3.24/Dockerfile:2:1: warning CF208 'ENV key value' is the legacy format: write ENV PYTHON_VERSION=value",
        'Dockerfile-dev:2:1: warning DL3025 CMD in shell form runs under /bin/sh -c: prefer the exec form CMD ["executable", "arg"]',
    ]
    assert out[-1] == (
        "0 errors, 2 warnings in 3 files checked; skipped 2 files named like Docker files: Dockerfile-linux.template "
        "(a template (.template) that generates a Docker file, not one), assets/highlight/dockerfile.min.js (a .js file, not a Containerfile or compose file)"
    )


# -- prompts -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "column"),
    [
        ("[student@lab-vm coinminer]$ docker-compose up -d", 29),  # RHEL/Fedora's bash prompt
        ("student@lab-vm:~/labs$ docker-compose up -d", 24),  # Debian/Ubuntu's
        ("# docker-compose up -d", 3),  # root
        ("root@web:/app# docker-compose ps", 16),
    ],
)
def test_commands_after_real_prompts_are_checked(line, column):
    findings, _ = checker.check_markdown(f"# Run\n\n```console\n{line}\n```\n", "docs/page.md")
    assert [(f.line, f.column) for f in findings if f.code == "CL005"] == [(4, column)]


# -- what renders is what is checked --------------------------------------------------------------

TRICKY = """\
# Steps

1. Start the stack. The file looks like this:

    ```yaml title="compose.yaml"
    services:
      web:
        image: nginx:1.30-alpine
    ```

2. Which image was the container made from, without reading the JSON
   of the whole container? Which command prints just that for the container
   `failing`?

    /// solution
    ```console
    $ docker container inspect --format '{{.Config.Image}}' failing
    ```
    ///

- A bullet
  that continues

    ```console
    $ docker container ls --all
    ```

Some text.

    ```text
    an indented code block that merely shows a fence
    ```

<!--
```console
$ docker commented out
```
-->
"""


def _site_markdown() -> markdown.Markdown:
    cfg = load_config(str(REPO / "mkdocs.yml"))
    return markdown.Markdown(extensions=cfg["markdown_extensions"], extension_configs=cfg["mdx_configs"])


def rendered_code(md: markdown.Markdown, text: str) -> list[str]:
    md.reset()
    soup = BeautifulSoup(md.convert(text), "html.parser")
    return sorted((pre.find("code") or pre).get_text().strip("\n") for pre in soup.find_all("pre"))


def checked_code(text: str, path: str) -> list[str]:
    blocks, _ = extract_blocks(text, path, str(REPO))
    return sorted(b.text.strip("\n") for b in blocks)


def test_the_checker_sees_every_code_block_that_renders_on_a_tricky_page():
    md = _site_markdown()
    rendered = rendered_code(md, TRICKY)
    assert len(rendered) == 4 and any("inspect --format" in r for r in rendered)  # three fences and the indented code block
    assert checked_code(TRICKY, "docs/page.md") == sorted(r for r in rendered if not r.startswith("```text"))


def test_the_checker_sees_every_code_block_that_renders_in_the_course():
    md = _site_markdown()
    pages = sorted((REPO / "docs").rglob("*.md")) + sorted((REPO / "exercises").glob("*/index.md"))
    assert len(pages) > 30
    differ = {}
    for page in pages:
        text = page.read_text(encoding="utf-8")
        rel = str(page.relative_to(REPO))
        if rendered_code(md, text) != checked_code(text, rel):
            differ[rel] = (rendered_code(md, text), checked_code(text, rel))
    assert differ == {}


# -- COPY of a file the .dockerignore excludes ------------------------------------------------------


def _lab(tmp_path: Path, containerfile: str, ignore: str, ignore_name: str = ".dockerignore") -> list[tuple[int, str]]:
    lab = tmp_path / "exercises/web/files"
    lab.mkdir(parents=True)
    (lab / "Containerfile").write_text(containerfile, encoding="utf-8")
    (lab / ignore_name).write_text(ignore, encoding="utf-8")
    report = checker.check_paths([str(lab)], str(tmp_path))
    return [(f.line, f.code) for f in report.findings if f.code == "CF217"]


IGNORE = "# what never goes into the image\n.git\n*.md\n!README.md\n**/__pycache__\n**/*.pyc\nnode_modules\n"


def test_copy_of_an_ignored_file_fires(tmp_path):
    containerfile = "FROM python:3.13-alpine\nWORKDIR /app\nCOPY requirements.txt .\nCOPY CHANGELOG.md docs/\nCOPY src/__pycache__/app.cpython-313.pyc /app/\n"
    assert _lab(tmp_path, containerfile, IGNORE) == [(4, "CF217"), (5, "CF217")]


def test_copy_of_files_the_ignore_file_keeps_is_silent(tmp_path):
    containerfile = "FROM python:3.13-alpine\nWORKDIR /app\nCOPY README.md requirements.txt ./\nCOPY docs/guide.md docs/\nCOPY . .\nCOPY --from=busybox:1.37 /bin/busybox /bin/\n"
    assert _lab(tmp_path, containerfile, IGNORE) == []  # *.md is the root's only (as in Docker), !README.md keeps it


def test_a_containerfile_specific_ignore_file_is_read(tmp_path):
    assert _lab(tmp_path, "FROM alpine:3.24\nCOPY notes.txt /srv/\n", "*.txt\n", "Containerfile.dockerignore") == [(2, "CF217")]


# -- mutation test: realistic mistakes in the course's own files -----------------------------------

#: (file, text before, text after, rule code expected on the changed line)
MUTATIONS = [
    ("exercises/multi-stage-builds/files/Containerfile", "FROM alpine:3.24 AS build\n", "FROM alpine:3.24\n", "CF215", "COPY --from=build"),
    ("exercises/containerfile-cmd-entrypoint/files/Containerfile.entrypoint", 'ENTRYPOINT ["ping"', 'ENTRYPOINT "ping"', "CF110", 'ENTRYPOINT "ping"'),
    ("exercises/compose-start-app/files/coinminer/hasher/Containerfile", "COPY hasher.py .\n", "COPY hasher.py $APP_HOME/\n", "CF216", "COPY hasher.py"),
    ("exercises/containerfile-basics/files/Containerfile", "    && rm -rf /var/lib/apt/lists/*\n", "\n", "DL3009", "apt-get install"),
    ("exercises/wrapup-sonarqube/solution/compose.yaml", "    image: postgres:17\n", "    image: postgres:17\n    container_name: sonarqube\n", None, None),
    ("exercises/wrapup-sonarqube/solution/compose.yaml", "    image: postgres:17\n", "    image: postgres\n", "CO202", "image: postgres"),
    ("exercises/container-detached-logs/index.md", "$ docker container logs --tail 3 pinger\n", "$ docker container logs --tail 3\n", "CL008", "--tail 3"),
    (
        "exercises/compose-start-app/index.md",
        "$ docker compose up --detach\n",
        "[student@lab-vm coinminer]$ docker-compose up --detach\n",
        "CL005",
        "docker-compose up",
    ),
    (
        "exercises/container-run-inspect/index.md",
        "$ docker container inspect --format '{{.Config.Image}}' failing",
        "$ docker container inspekt --format '{{.Config.Image}}' failing",
        "CL001",
        "inspekt",
    ),
]


@pytest.fixture(scope="module")
def course_copy(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("course")
    for part in ("docs", "exercises"):
        shutil.copytree(REPO / part, root / part)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def _errors_of(root: Path, rel: str) -> set[tuple[str, int, str]]:
    report = checker.check_paths([str(root / rel)], str(root))
    return {(f.path, f.line, f.code) for f in report.findings}


def test_the_course_files_are_clean_before_any_mutation(course_copy):
    assert {rel for rel, *_ in MUTATIONS if _errors_of(course_copy, rel)} == set()


@pytest.mark.parametrize(("rel", "old", "new", "code", "anchor"), MUTATIONS, ids=[f"{m[3]}-{Path(m[0]).name}" for m in MUTATIONS])
def test_each_mistake_is_reported_at_its_line(course_copy, rel, old, new, code, anchor):
    path = course_copy / rel
    original = path.read_text(encoding="utf-8")
    assert original.count(old) >= 1, f"{rel} changed: the mutation no longer applies"
    mutated = original.replace(old, new, 1)
    if code is None:  # a second service with the same container_name: CO115 at the second one
        mutated = mutated.replace("    image: sonarqube:", "    container_name: sonarqube\n    image: sonarqube:", 1)
        code, anchor = "CO115", "container_name: sonarqube"
        lines = mutated.splitlines()
        expected_line = max(i for i, text in enumerate(lines, 1) if anchor in text)
    else:
        expected_line = next(i for i, text in enumerate(mutated.splitlines(), 1) if anchor in text)
    path.write_text(mutated, encoding="utf-8")
    try:
        found = _errors_of(course_copy, rel)
    finally:
        path.write_text(original, encoding="utf-8")
    shown = rel if rel.endswith(".md") else rel
    assert (shown, expected_line, code) in found, sorted(found)


def test_an_ignore_file_added_to_a_lab_reports_the_copy_it_hides(course_copy):
    lab = course_copy / "exercises/compose-start-app/files/coinminer/hasher"
    (lab / ".dockerignore").write_text("*.py\n", encoding="utf-8")
    try:
        found = _errors_of(course_copy, "exercises/compose-start-app/files/coinminer/hasher/Containerfile")
    finally:
        (lab / ".dockerignore").unlink()
    assert ("exercises/compose-start-app/files/coinminer/hasher/Containerfile", 5, "CF217") in found
