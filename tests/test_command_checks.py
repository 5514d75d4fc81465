"""Issue 10: docker command lines checked against the Docker CLI grammar."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from coursekit.shell_words import split_commands
from coursekit.validation import checker
from coursekit.validation.commands.checks import PLACEHOLDER_ARG, check_docker_words, command_head
from coursekit.validation.commands.walk import grammar
from coursekit.validation.findings import Severity
from coursekit.validation.registry import REGISTRY

REPO = Path(__file__).resolve().parent.parent


def codes(command: str) -> list[str]:
    found = []
    for words in split_commands(command):
        k = command_head(words)
        if k < len(words) and words[k].text == "docker":
            more_args = any(w.text == "xargs" for w in words[:k]) or bool(PLACEHOLDER_ARG.search(command))
            found += [p.code for p in check_docker_words(words[k:], more_args=more_args)]
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
    ("docker container run --detatch nginx:1.30-alpine", ["CL002"]),
    ("docker container ls -z", ["CL002"]),
    ("docker compose up --detatch", ["CL002"]),
    ("docker container run --detach nginx:1.30-alpine", []),
    # flags after positional arguments (cobra intersperses them)
    ("docker image ls alpine --digests", []),
    ("docker container rm web --force", []),
    # `--` ends options
    ("docker container rm -f web -- --not-a-flag", []),
    # combined short flags
    ("docker container run -it --rm alpine:3.23 sh", []),
    ("docker container run -itz alpine:3.23", ["CL002"]),
    ("docker container run -dp 8080:80 nginx:1.30-alpine", []),
    # --format with spaces inside quotes
    ("docker container ls --format '{{.ID}}  {{.Names}}'", []),
    ('docker container inspect --format "{{ .State.Status }}" web', []),
    # flags after the image belong to the container's command
    ("docker container run --rm alpine:3.23 ls --color=never -la /", []),
    ("docker container exec -it web ps -ef --forest", []),
    ("docker compose exec db psql -U sonar -c '\\dt'", []),
    # CL003 value flag without a value
    ("docker container run --name", ["CL003"]),
    ("docker container run --name -d nginx:1.30-alpine", ["CL003"]),
    ("docker container run --name=web nginx:1.30-alpine", []),
    # CL004 a value for a boolean flag, given with a space
    ("docker container run --rm true alpine:3.23", ["CL004"]),
    ("docker container run --rm=true alpine:3.23", []),
    # CL006 legacy forms
    ("docker ps -a", ["CL006"]),
    ("docker run -d nginx:1.30-alpine", ["CL006"]),
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
    # commands after reserved words, in groups and subshells
    ('for c in a b; do docker contianer stop "$c"; done', ["CL001"]),
    ('for c in a b; do docker container stop "$c"; done', []),
    ("if docker container inspect web; then docker contianer rm web; fi", ["CL001"]),
    ("if docker contianer inspect web; then echo yes; fi", ["CL001"]),
    ("if true; then echo; else docker contianer rm web; fi", ["CL001"]),
    ("while true; do docker container ls; sleep 1; done", []),
    ("! docker contianer inspect web", ["CL001"]),
    ("{ docker contianer ls; }", ["CL001"]),
    ("(cd lab && docker contianer ls)", ["CL001"]),
    ("if (docker contianer ls); then :; fi", ["CL001"]),
    ("case $1 in up) docker contianer start web;; esac", ["CL001"]),
    ("diff <(docker contianer ls) old.txt", ["CL001"]),
    # wrappers, their options with a value and their operands
    ("xargs -n 1 docker contianer rm", ["CL001"]),
    ("docker container ls -q | xargs -n 1 docker container rm", []),
    ("xargs -I {} docker contianer rm {}", ["CL001"]),
    ("watch -n 1 docker contianer ls", ["CL001"]),
    ("watch -n 1 docker container ls", []),
    ("timeout 5 docker contianer logs -f web", ["CL001"]),
    ("timeout --signal=INT 5 docker container logs -f web", []),
    ("sudo -u admin docker contianer ls", ["CL001"]),
    ("sudo -u admin docker container ls", []),
    ("sudo -E -- docker contianer ls", ["CL001"]),
    ("env A=1 docker contianer ls", ["CL001"]),
    ("env -u HOME DOCKER_HOST=unix:///run/user/1000/docker.sock docker contianer ls", ["CL001"]),
    ("nice -n 10 docker contianer ls", ["CL001"]),
    ("time -p docker contianer ls", ["CL001"]),
    ("time docker image build -t hello:1.0 .", []),
    ("DOCKER_BUILDKIT=1 docker image build -t x .", []),
    # value types with a hyphen (gpu-request, credential-spec, pem-file, node-addr)
    ("docker container run --gpus all nvidia/cuda:12.6.0-base-ubuntu24.04 nvidia-smi", []),
    ("docker service create --credential-spec config://spec web", []),
    ("docker swarm init --listen-addr 10.0.0.1:2377", []),
    ("docker swarm ca --ca-cert ca.pem --ca-key key.pem --rotate", []),
    # buildx and help
    ("docker buildx build .", []),
    ("docker buildx build --platform linux/amd64,linux/arm64 -t hello:1.0 --push .", []),
    ("docker buildx b -t hello:1.0 .", []),
    ("docker buildx ls", []),
    ("docker buildx create --name lab --driver docker-container --use", []),
    ("docker buildx imagetools inspect alpine:3.23", []),
    ("docker buildx du --verbose", []),
    ("docker buildx prune -af", []),
    ("docker buildx biuld .", ["CL001"]),
    ("docker buildx build --pish .", ["CL002"]),
    ("docker image build --sbom=true --provenance=mode=max -t x .", []),
    ("docker help", []),
    ("docker help container", []),
    # `top CONTAINER [ps OPTIONS]`: the rest is ps's
    ("docker container top web -eo pid,cmd", []),
    ("docker container top web aux", []),
    ("docker container top --bogus web", ["CL002"]),
    # Docker Desktop plugins
    ("docker scout cves nginx:1.30-alpine", ["CL007"]),
    ("docker init", ["CL007"]),
    ("docker debug web", ["CL007"]),
    # a flag of a parent command after the subcommand
    ("docker compose up --file compose.yaml", ["CL002"]),
    ("docker compose up -f compose.yaml -d", ["CL002"]),
    ("docker compose -f compose.yaml up -d", []),
    ("docker container ls --debug", ["CL002"]),
    ("docker container ls -D", ["CL002"]),
    # docker's own short flags are not inherited: -v of `run` is --volume, not --version
    ("docker container run -v data:/data --rmm alpine:3.23 ls", ["CL002"]),
    ("docker container run -v data:/data --rm alpine:3.23 ls", []),
    # CL008: positional arguments after flag parsing, as the CLI counts them
    ("docker container logs --tail 5", ["CL008"]),
    ("docker container logs --tail 5 web", []),
    ("docker logs -f --since 10m web db", ["CL006", "CL008"]),
    ("docker container ls web", ["CL008"]),
    ("docker container exec web", ["CL008"]),
    ("docker container exec -it web sh -c 'ls -la /'", []),
    ("docker image tag hello:1.0", ["CL008"]),
    ("docker image tag hello:1.0 registry.example.org/team/hello:1.0", []),
    ("docker network connect lab-net", ["CL008"]),
    ("docker container rm $(docker container ls -aq)", []),
    ("docker image build -t hello:1.0", ["CL008"]),
    ("docker image build -t hello:1.0 -f Containerfile .", []),
    ("docker container run --rm -it alpine:3.24 sh -c 'echo hi'", []),
    ("docker container run --rm --name web", ["CL008"]),
    ("docker compose exec web", ["CL008"]),
    ("docker compose up -d web db", []),
    ("docker image ls --format '{{.Repository}}' alpine nginx", ["CL008"]),
    ("docker container stop web db cache", []),
]


@pytest.mark.parametrize(("command", "expected"), CASES, ids=[c for c, _ in CASES])
def test_command_line(command, expected):
    assert codes(command) == expected


def messages(command: str) -> list[str]:
    out = []
    for words in split_commands(command):
        k = command_head(words)
        out += [REGISTRY.get(p.code).message.format(**p.fmt) for p in check_docker_words(words[k:])]
    return out


def test_a_parent_commands_flag_says_where_it_goes():
    assert messages("docker compose up --file compose.yaml") == [
        "'docker compose up' has no flag --file (--file is an option of 'docker compose': put it before 'up')"
    ]
    assert messages("docker compose up -f compose.yaml") == ["'docker compose up' has no flag -f (-f is an option of 'docker compose': put it before 'up')"]
    assert messages("docker container ls --debug") == [
        "'docker container ls' has no flag --debug (--debug is an option of 'docker': put it before 'container')"
    ]
    # an unknown flag no parent has keeps the spelling suggestion
    assert messages("docker compose up --detatch") == ["'docker compose up' has no flag --detatch (did you mean '--detach'?)"]


def test_desktop_plugins_are_named_as_such():
    [message] = messages("docker scout quickview")
    assert message.startswith("'docker scout' (image vulnerability analysis) is a Docker Desktop plugin, not part of Docker Engine")
    assert REGISTRY.get("CL007").severity is Severity.WARNING


def check_block(lang: str, body: str, disabled: frozenset[str] = frozenset()) -> list[tuple[int, int, str]]:
    text = f"# Page\n\n```{lang}\n{body}```\n"
    findings, _ = checker.check_markdown(text, "page.md", disabled=disabled)
    # The exercise-book conventions (BK rules) check the same blocks; these tests look at CL rules.
    return [(f.line, f.column, f.code) for f in findings if not f.code.startswith("BK")]


def test_positions_in_a_console_block_point_at_the_word():
    body = "$ docker container ls\n$ docker contianer ls\nCONTAINER ID   IMAGE\n"
    assert check_block("console", body) == [(5, 10, "CL001")]


def test_continuation_lines_map_to_their_own_line():
    body = "$ docker container run \\\n    --detatch \\\n    nginx:1.30-alpine\n"
    assert check_block("console", body) == [(5, 5, "CL002")]


def test_prompt_forms_and_output_lines():
    body = "root@lab:~# docker contianer ls\n/ # ls\nfile\n"
    assert [c for *_, c in check_block("console", body)] == ["CL001"]


def test_compose_v1_is_reported_and_bash_blocks_are_checked():
    assert check_block("bash", "docker-compose up -d\n") == [(4, 1, "CL005")]
    assert check_block("bash", "sudo docker-compose version\n") == [(4, 6, "CL005")]


def test_command_v_asks_where_compose_v1_is_and_runs_nothing():
    # Through the whole block check, where CL005 lives: `command -v` only looks the name up.
    assert check_block("bash", "command -v docker-compose\n") == []
    assert check_block("bash", "command -v docker-compose || echo 'use docker compose'\n") == []
    assert check_block("bash", "command -v docker-compose && docker-compose version\n") == [(4, 30, "CL005")]
    assert check_block("sh", "sudo docker contianer ls\n") == [(4, 13, "CL001")]


def test_other_blocks_are_left_alone():
    assert check_block("text", "docker contianer ls\n") == []
    assert check_block("python", "docker contianer ls\n") == []


def test_heredoc_bodies_are_not_commands():
    body = "$ cat > run.sh <<'EOF'\ndocker contianer ls\nEOF\n"
    assert check_block("console", body) == []


def test_commands_after_a_heredoc_are_checked():
    body = "cat <<-EOF > a.txt\n\tdocker contianer ls\n\tEOF\ndocker contianer ps\n"
    assert check_block("bash", body) == [(7, 8, "CL001")]
    # two here-documents on one line: both bodies are skipped, in order
    body = 'paste <<A <<"B"\ndocker contianer a\nA\ndocker contianer b\nB\ndocker contianer c\n'
    assert check_block("bash", body) == [(9, 8, "CL001")]
    # a transcript whose here-document lines carry the '> ' prompt ends at '> EOF'
    body = "$ cat <<EOF\n> docker contianer ls\n> EOF\n$ docker contianer ps\n"
    assert check_block("console", body) == [(7, 10, "CL001")]


def test_continuation_prompts_of_an_unfinished_compound_command_are_commands():
    body = "$ if docker container inspect web >/dev/null 2>&1; then\n>   docker contianer rm -f web\n> fi\n"
    assert check_block("console", body) == [(5, 12, "CL001")]
    body = "$ docker container ls -q |\n> xargs docker contianer rm\n"
    assert check_block("console", body) == [(5, 16, "CL001")]
    # after a finished command, a line starting with '>' is output (a quoted mail, a diff)
    body = "$ cat notes.txt\n> docker contianer ls is what they typed\n"
    assert check_block("console", body) == []
    body = "$ for c in a b; do\n> docker container stop $c\n> done\n> docker contianer ls\n"
    assert check_block("console", body) == []


@pytest.mark.parametrize(
    "opener",
    [
        'docker container exec -i web sh <<< "ls"',  # a here-string
        "echo $((1<<2))",  # arithmetic
        "(( shift = 1 << 3 ))",
        "echo 'cat <<EOF'",  # quoted text
        "echo done  # no <<EOF here",  # a comment
    ],
)
def test_a_line_that_opens_no_heredoc_leaves_the_next_lines_checked(opener):
    assert check_block("bash", f"{opener}\ndocker contianer ls\n") == [(5, 8, "CL001")]
    assert check_block("console", f"$ {opener}\n$ docker contianer ls\n") == [(5, 10, "CL001")]


def test_annotation_suppresses_with_reason():
    text = "```console\n$ docker ps\n```\n\n<!-- course-check: ignore CL006 -- the slide compares both forms -->\n```console\n$ docker ps\n```\n"
    findings, _ = checker.check_markdown(text, "p.md")
    assert [(f.line, f.code) for f in findings] == [(2, "CL006")]


def test_the_management_command_house_style_can_be_switched_off_per_course():
    disabled, unknown = checker.resolve_disabled(["ManagementCommandStyle"])
    assert unknown == [] and disabled == {"CL006"}
    assert check_block("console", "$ docker ps\n", disabled) == []
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


def _generator():
    sys.path.insert(0, str(REPO / "tools"))
    try:
        import generate_cli_grammar as gen
    finally:
        sys.path.pop(0)
    return gen


HELP_SAMPLES = sorted((REPO / "tests" / "data" / "cli_help").glob("*.txt"))
# Every option line of a cobra help text, however its value type is spelt (continuation
# lines of a description are indented further and may start with a flag name too).
OPTION_LINE = re.compile(r"^ {2,6}(?:-(\w), )?--([\w-]+)(?: (\S+))?", re.MULTILINE)


@pytest.mark.parametrize("sample", HELP_SAMPLES, ids=[p.stem for p in HELP_SAMPLES])
def test_every_flag_of_a_recorded_help_text_is_parsed(sample):
    """Help texts recorded from docker 28.2.2 and compose v2.40.3: the generator's parser keeps every flag."""
    text = sample.read_text(encoding="utf-8")
    options = text[text.index("Options:") :]
    expected = {long: (short or None, typ or "bool") for short, long, typ in OPTION_LINE.findall(options)}
    parsed = _generator().parse_help(text)["flags"]
    assert expected and {name: (spec["short"], spec["type"]) for name, spec in parsed.items()} == expected
    # ... and the committed grammar has them too (the samples are from the versions it records)
    command = sample.stem.replace("_", " ").removeprefix("docker").strip()
    node = grammar().commands[command] if command else None
    assert node is not None and set(expected) <= set(node["flags"])


def test_generator_refuses_an_option_line_it_does_not_understand():
    gen = _generator()
    with pytest.raises(ValueError, match="option line not understood"):
        gen.parse_help("Options:\n      --weird=value  a flag written in a way pflag never prints\n")


def test_overlay_adds_buildx_and_its_build_flags():
    gen = _generator()
    overlay = json.loads((REPO / "tools" / "cli_grammar_overlay.json").read_text(encoding="utf-8"))
    commands = {"build": {"usage": "docker build", "flags": {"file": {"short": "f", "value": True, "type": "string"}}, "aliases": []}}
    gen.merge_overlay(commands, overlay)
    assert commands["buildx build"]["aliases"] == ["docker buildx build", "docker buildx b"]
    assert commands["buildx build"]["flags"]["push"] == {"short": None, "value": False, "type": "bool"}
    assert commands["build"]["flags"]["progress"]["value"] is True  # docker build is buildx build
    assert commands["buildx ls"]["usage"] == "docker buildx ls" and "help" in commands


def test_grammar_generator_parses_cobra_help(tmp_path):
    gen = _generator()
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
