"""Issue 10: docker command lines checked against the Docker CLI grammar."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from coursekit import checker
from coursekit.command_checks import check_docker_words, command_head, grammar
from coursekit.shell_words import split_commands

REPO = Path(__file__).resolve().parent.parent


def codes(command: str) -> list[str]:
    found = []
    for words in split_commands(command):
        k = command_head(words)
        if k < len(words) and words[k].text == "docker":
            found += [p.code for p in check_docker_words(words[k:])]
    return found


# (command line, expected rule codes) — each finding kind fires, and the tricky
# valid forms stay silent.
CASES = [
    # CL001 unknown command / subcommand, with a suggestion
    ("docker contianer ls", ["CL001"]),
    ("docker container lss", ["CL001"]),
    ("docker imgae pull alpine:3.23", ["CL001"]),
    ("docker compose upp -d", ["CL001"]),
    ("docker container ls", []),
    ("docker <command> --help", []),
    # CL002 unknown flag
    ("docker container run --detatch nginx:1.28-alpine", ["CL002"]),
    ("docker container ls -z", ["CL002"]),
    ("docker compose up --detatch", ["CL002"]),
    ("docker container run --detach nginx:1.28-alpine", []),
    # flags after positional arguments (cobra intersperses them)
    ("docker image ls alpine --digests", []),
    ("docker container rm web --force", []),
    # `--` ends options
    ("docker container rm -f web -- --not-a-flag", []),
    # combined short flags
    ("docker container run -it --rm alpine:3.23 sh", []),
    ("docker container run -itz alpine:3.23", ["CL002"]),
    ("docker container run -dp 8080:80 nginx:1.28-alpine", []),
    # --format with spaces inside quotes
    ("docker container ls --format '{{.ID}}  {{.Names}}'", []),
    ('docker container inspect --format "{{ .State.Status }}" web', []),
    # flags after the image belong to the container's command
    ("docker container run --rm alpine:3.23 ls --color=never -la /", []),
    ("docker container exec -it web ps -ef --forest", []),
    ("docker compose exec db psql -U sonar -c '\\dt'", []),
    # CL003 value flag without a value
    ("docker container run --name", ["CL003"]),
    ("docker container run --name -d nginx:1.28-alpine", ["CL003"]),
    ("docker container run --name=web nginx:1.28-alpine", []),
    # CL004 a value for a boolean flag, given with a space
    ("docker container run --rm true alpine:3.23", ["CL004"]),
    ("docker container run --rm=true alpine:3.23", []),
    # CL006 legacy forms
    ("docker ps -a", ["CL006"]),
    ("docker run -d nginx:1.28-alpine", ["CL006"]),
    ("docker rmi alpine:3.23", ["CL006"]),
    # placeholders the course uses on purpose
    ("docker container logs <container>", []),
    ("docker container stop $ID", []),
    ("docker container inspect ${CONTAINER}", []),
    # substitutions, pipelines, lists
    ("docker container stop $(docker container ls -q)", []),
    ("docker container stop $(docker contianer ls -q)", ["CL001"]),
    ("docker container ls -q | xargs docker container inspect --formt x", ["CL002"]),
    ("docker volume create data && docker volume ls", []),
    # global flags before the command
    ("docker --debug system info", []),
    ("docker -H unix:///var/run/docker.sock container ls", []),
    # buildx build flags (from the overlay)
    ("docker image build --progress=plain -t hello:1.0 .", []),
    ("docker image build --target build -t hello:build .", []),
    ("docker compose up -d --scale worker=4", []),
    ("docker compose -f compose.yaml --profile debug up -d", []),
]


@pytest.mark.parametrize(("command", "expected"), CASES, ids=[c for c, _ in CASES])
def test_command_line(command, expected):
    assert codes(command) == expected


def check_block(lang: str, body: str) -> list[tuple[int, int, str]]:
    text = f"# Page\n\n```{lang}\n{body}```\n"
    findings, _ = checker.check_markdown(text, "page.md")
    # The exercise-book conventions (BK rules) check the same blocks; these tests look at CL rules.
    return [(f.line, f.column, f.code) for f in findings if not f.code.startswith("BK")]


def test_positions_in_a_console_block_point_at_the_word():
    body = "$ docker container ls\n$ docker contianer ls\nCONTAINER ID   IMAGE\n"
    assert check_block("console", body) == [(5, 10, "CL001")]


def test_continuation_lines_map_to_their_own_line():
    body = "$ docker container run \\\n    --detatch \\\n    nginx:1.28-alpine\n"
    assert check_block("console", body) == [(5, 5, "CL002")]


def test_prompt_forms_and_output_lines():
    body = "root@lab:~# docker contianer ls\n/ # ls\nfile\n"
    assert [c for *_, c in check_block("console", body)] == ["CL001"]


def test_compose_v1_is_reported_and_bash_blocks_are_checked():
    assert check_block("bash", "docker-compose up -d\n") == [(4, 1, "CL005")]
    assert check_block("sh", "sudo docker contianer ls\n") == [(4, 13, "CL001")]


def test_other_blocks_are_left_alone():
    assert check_block("text", "docker contianer ls\n") == []
    assert check_block("python", "docker contianer ls\n") == []


def test_heredoc_bodies_are_not_commands():
    body = "$ cat > run.sh <<'EOF'\ndocker contianer ls\nEOF\n"
    assert check_block("console", body) == []


def test_annotation_suppresses_with_reason():
    text = "```console\n$ docker ps\n```\n\n<!-- course-check: ignore CL006 -- the slide compares both forms -->\n```console\n$ docker ps\n```\n"
    findings, _ = checker.check_markdown(text, "p.md")
    assert [(f.line, f.code) for f in findings] == [(2, "CL006")]


def test_legacy_forms_can_be_switched_off_per_course():
    try:
        assert checker.configure(["LegacyCommandForm"]) == []
        assert check_block("console", "$ docker ps\n") == []
    finally:
        checker.configure([])
    assert check_block("console", "$ docker ps\n") == [(4, 10, "CL006")]


def test_grammar_records_versions_and_aliases():
    g = grammar()
    assert g.versions["docker"].startswith("Docker version")
    assert "v2" in g.versions["compose"]
    assert "docker ps" in g.commands["container ls"]["aliases"]
    assert g.canonical["container list"] == "container ls"
    assert g.commands["container run"]["flags"]["detach"] == {"short": "d", "value": False, "type": "bool"}
    assert g.commands["container run"]["flags"]["name"]["value"] is True
    assert "compose up" in g.commands


def test_grammar_generator_parses_cobra_help(tmp_path):
    sys.path.insert(0, str(REPO / "tools"))
    try:
        import generate_cli_grammar as gen
    finally:
        sys.path.pop(0)
    help_text = """Usage:  docker container run [OPTIONS] IMAGE [COMMAND] [ARG...]

Create and run a new container from an image

Aliases:
  docker container run, docker run

Options:
      --add-host list                    Add a custom host-to-IP mapping
                                         (host:ip)
  -d, --detach                           Run container in background
  -e, --env list                         Set environment variables
"""
    parsed = gen.parse_help(help_text)
    assert parsed["aliases"] == ["docker container run", "docker run"]
    assert parsed["flags"]["detach"] == {"short": "d", "value": False, "type": "bool"}
    assert parsed["flags"]["env"]["value"] is True
    assert parsed["flags"]["add-host"]["short"] is None


def test_the_whole_course_has_no_command_findings():
    result = subprocess.run([sys.executable, "-m", "coursekit.cli", "--format", "json", "docs", "exercises"], cwd=REPO, capture_output=True, text=True)
    report = json.loads(result.stdout)
    command_findings = [f for f in report["findings"] if f["code"].startswith("CL")]
    assert command_findings == []
