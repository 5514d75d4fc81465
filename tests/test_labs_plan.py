"""The lab runner without an engine: the plan of the fixture and of the real course, the
annotation dialect and its mistakes, the masks and the comparison, recording."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from coursekit.labs.cli import main
from coursekit.labs.masks import compare
from coursekit.labs.pages import read_page
from coursekit.labs.plan import build_plan, format_plan, plan_page
from coursekit.labs.record import merged
from coursekit.site.validation import strip_annotations

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "data" / "labs-course"
FENCE = "```"


def page(text: str):
    return plan_page(read_page(text.replace("'''", FENCE), "ex.md"), 60.0)


def messages(text: str) -> list[str]:
    return [f"{line}: {msg}" for _, line, msg in page(text)[1]]


# ---------------------------------------------------------------------------
# Plans


def test_fixture_plan_lists_steps_skips_and_the_counts():
    text = format_plan(build_plan(str(FIXTURE / "mkdocs.yml")))
    assert text.endswith("Images the labs pull (kept between exercises): none\n3 exercises, 31 commands planned, 1 skipped\n")
    assert (
        "Skipped:\n  exercises/fx-basics/index.md:83: xdg-open http://127.0.0.1:18931/  -- a browser on the trainee's desktop; the curl above fetched the same page\n"
    ) in text
    assert "exercises/fx-basics/index.md:57  [~] $ docker image build --quiet --file Containerfile --tag fx-web:1 ." in text
    assert "exercises/fx-basics/index.md:65  [~/labs/fx-basics] $ docker container run --detach --name fx-web" in text
    # the terminal session runs without --tty and is fed the typed lines
    assert "exercises/fx-basics/index.md:114  [~/labs/fx-basics] $ docker container run --interactive --name fx-shell localhost/labs-busybox:1 sh\n" in text
    assert '  exercises/fx-basics/index.md:119  typed: echo "PID $$"\n  exercises/fx-basics/index.md:120  typed: exit\n' in text
    assert (
        "exercises/fx-broken/index.md:37  check  docker container inspect --format '{{.State.Running}}' fx-left-behind | grep -qx false   # `fx-left-behind` has stopped."
        in text
    )
    assert "Not planned" not in text
    assert (
        "  exercises/fx-compose/index.md:47  [~/labs/fx-compose] $ printf 'written\\n' > notes.txt   (before the block: what the trainee did by hand)\n"
        "  exercises/fx-compose/index.md:49  [~/labs/fx-compose] $ cat notes.txt\n"
    ) in text


def _prompt_lines(text: str) -> int:
    """Commands of the console blocks, counted by their prompts (independently of the runner)."""
    count, fence = 0, None
    for line in text.splitlines():
        stripped = line.strip()
        if fence is None and stripped.startswith(FENCE) and stripped[3:].split(" ")[0] == "console":
            fence = "console"
        elif fence is None and stripped.startswith(FENCE) and len(stripped) > 3:
            fence = "other"
        elif fence is not None and stripped == FENCE:
            fence = None
        elif fence == "console" and re.match(r"[$#] ", stripped):
            count += 1
    return count


def test_real_course_plan_covers_every_exercise_and_demo():
    plan = build_plan(str(REPO / "mkdocs.yml"), "full-day")
    assert plan.problems == []
    pages = sorted(p.parent.name for p in (REPO / "exercises").glob("*/index.md"))
    assert sorted(e.id for e in plan.exercises) == pages
    for ex in plan.exercises:
        written = _prompt_lines((REPO / ex.page).read_text(encoding="utf-8"))
        assert ex.planned + sum(len(s.skipped) for s in ex.steps) == written, ex.id
    assert all(step.reason for step, _ in plan.skipped)
    assert re.fullmatch(rf"{len(pages)} exercises, \d+ commands planned, {len(plan.skipped)} skipped", format_plan(plan).splitlines()[-1])


def test_commands_that_need_a_person_are_plan_problems_at_their_line():
    assert messages("'''console\n$ docker container run -it alpine:3.23 sh\n'''\n\n'''console\n# ls\n'''\n") == [
        "2: terminal session without input: add the commands typed in it as a following '# ' block annotated <!-- labs: input -->, or annotate this block",
        "6: cannot run unattended (typed inside a container): annotate the block with <!-- labs: input -->, <!-- labs: run CMD --> or <!-- labs: skip -- reason -->",
    ]
    cases = {
        "docker container logs --follow web": "'docker container logs --follow' never ends by itself",
        "docker compose up": "'docker compose up' without --detach runs in the foreground until stopped",
        "nano Containerfile": "'nano' needs a person at a terminal",
        "ping 127.0.0.1": "'ping' without -c never ends by itself",
    }
    for opener in ("docker container attach web", "sudo docker container exec -ti web sh", "docker container start -ai web"):
        assert messages(f"'''console\n$ {opener}\n'''\n") == [
            "2: terminal session without input: add the commands typed in it as a following '# ' block annotated <!-- labs: input -->, or annotate this block"
        ], opener
    for command, why in cases.items():
        found = messages(f"'''console\n$ {command}\n'''\n")
        assert any(why in m for m in found), (command, found)
    for fine in ("docker compose exec web ls", "docker container run --detach nginx:1.30-alpine", "docker compose up --detach", "ping -c 2 127.0.0.1"):
        assert messages(f"'''console\n$ {fine}\n'''\n") == [], fine


def test_annotation_mistakes_are_reported_at_their_line():
    text = (
        "<!-- labs: skip -->\n'''console\n$ echo a\n'''\n\n"  # 1
        "<!-- labs: exit one -->\n'''console\n$ echo b\n'''\n\n"  # 6
        "<!-- labs: frobnicate -->\n'''console\n$ echo c\n'''\n\n"  # 11
        "<!-- labs: input -->\n'''console\n# echo d\n'''\n\n"  # 16
        "<!-- labs: run echo e -->\n'''output\ne\n'''\n\n"  # 21
        "<!-- labs: check -->\n\ntext\n"  # 26
    )
    assert messages(text) == [
        "1: 'skip' needs a reason: <!-- labs: skip -- why -->",
        "6: 'exit' needs a number, not 'one'",
        "11: unknown labs annotation 'frobnicate' (use skip, run, before, input, exit, timeout, unchecked, check)",
        "17: 'input' block without a terminal session before it (a 'docker container run --interactive --tty ...' block)",
        "22: an output block takes only 'unchecked -- reason', not run",
        "26: labs annotation is not directly above a console or output block (only 'check CMD' stands alone, above a checkpoint list)",
    ]


def test_run_replaces_a_block_and_input_feeds_a_session():
    steps, problems = page(
        "<!-- labs: run timeout 3 ping 127.0.0.1 -->\n<!-- labs: exit 124 -->\n<!-- course-check: ignore CL001 -- beside a labs annotation -->\n'''console\n$ ping 127.0.0.1\n'''\n\n"
        "'''console\n$ cd ~/labs/x\n$ docker container run --rm --interactive --tty alpine:3.23 sh\n'''\n\n"
        "<!-- labs: input -->\n'''console\n# echo one\n# exit\n'''\n\n'''output\none\n'''\n"
    )
    assert problems == []
    ping, session = steps
    assert [(c.line, c.text) for c in ping.commands] == [(1, "timeout 3 ping 127.0.0.1")] and ping.exit == 124 and ping.planned == 1
    assert session.kind == "session" and session.cwd == "~"
    assert session.commands[-1].text == "docker container run --rm --interactive alpine:3.23 sh"
    assert [(c.line, c.text) for c in session.input] == [(15, "echo one"), (16, "exit")] and session.planned == 4
    assert [b.fence_line for b in session.expected] == [19]


def test_plan_cli_exit_status(tmp_path, capsys):
    assert main(["--config", str(FIXTURE / "mkdocs.yml"), "--plan"]) == 0
    assert capsys.readouterr().out.endswith("3 exercises, 31 commands planned, 1 skipped\n")
    course = tmp_path / "course"
    shutil.copytree(FIXTURE, course)
    basics = course / "exercises" / "fx-basics" / "index.md"
    basics.write_text(basics.read_text(encoding="utf-8") + "\n```console\n$ vim notes.txt\n```\n", encoding="utf-8")
    assert main(["--config", str(course / "mkdocs.yml"), "--plan"]) == 1
    out = capsys.readouterr().out
    assert "Not planned (annotate these):\n  exercises/fx-basics/index.md:133: cannot run unattended ('vim' needs a person at a terminal)" in out
    assert main(["--config", str(course / "mkdocs.yml"), "--engine", "docker", "fx-basics"]) == 1  # refused before any engine starts
    assert "exercises/fx-basics/index.md:133: cannot run unattended" in capsys.readouterr().err


# ---------------------------------------------------------------------------
# Masks and comparison

PAGE_TABLE = """\
CONTAINER ID   IMAGE         COMMAND                  CREATED          STATUS                      PORTS     NAMES
8d1f0a3c92b4   alpine:3.23   "ps"                     20 seconds ago   Exited (0) 19 seconds ago             festive_hopper
f02a9b7715ce   alpine:3.23   "echo 'Hello from a …"   2 minutes ago    Exited (0) 2 minutes ago              laughing_moser
"""
REAL_TABLE = """\
CONTAINER ID   IMAGE         COMMAND                  CREATED              STATUS                          PORTS     NAMES
0a1b2c3d4e5f   alpine:3.23   "ps"                     About a minute ago   Exited (0) About a minute ago             sharp_galileo3
9f8e7d6c5b4a   alpine:3.23   "echo 'Hello from a …"   3 hours ago          Exited (0) 3 hours ago                    vigilant_shannon
"""


def test_masks_hide_ids_durations_invented_names_and_column_widths():
    assert compare(PAGE_TABLE, REAL_TABLE).ok


def test_a_real_difference_is_a_readable_diff():
    result = compare(PAGE_TABLE, REAL_TABLE.replace("Exited (0) 3 hours", "Exited (1) 3 hours"), label="ex.md:7")
    assert not result.ok
    assert result.diff == (
        "--- expected (ex.md:7, masked)\n"
        "+++ actual (masked)\n"
        "@@ -1,3 +1,3 @@\n"
        " CONTAINER ID IMAGE COMMAND CREATED STATUS PORTS NAMES\n"
        ' <id> alpine:3.23 "ps" <duration> ago Exited (0) <duration> ago <name>\n'
        '-<id> alpine:3.23 "echo \'Hello from a …" <duration> ago Exited (0) <duration> ago <name>\n'
        '+<id> alpine:3.23 "echo \'Hello from a …" <duration> ago Exited (1) <duration> ago <name>'
    )


def test_abridged_and_truncated_page_outputs_match_the_full_output():
    page_json = '[\n    {\n        "Id": "b71c0e9d4f3a5e2c8d6b1a7f9e0c3d5b2a4f6e8c1d3b5a7f9e2c4d6b8a0f1e3c",\n        ...\n        "Name": "/hello",\n        ...\n    }\n]\n'
    real = '[\n    {\n        "Id": "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",\n        "Created": "2026-12-06T01:02:03.123456789Z",\n        "Path": "echo",\n        "Name": "/hello",\n        "RestartCount": 0,\n        "Driver": "overlay2"\n    }\n]\n'
    assert compare(page_json, real).ok
    assert not compare(page_json, real.replace('"/hello"', '"/other"')).ok
    assert compare("Digest: sha256:4bcff63911fc…\nDone\n", "Digest: sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1\nDone\n").ok
    assert compare(
        'docker: Error response from daemon: Conflict. The container name "/hello" is already in use by container "b71c0e9d4f3a…". You…\n',
        'docker: Error response from daemon: Conflict. The container name "/hello" is already in use by container "0123456789ab". You have to remove it.\n',
    ).ok


def test_pull_lines_and_engine_notices_are_not_compared():
    page_text = "Unable to find image 'alpine:3.23' locally\n3.23: Pulling from library/alpine\n1074353eec0d: Pull complete\nDigest: sha256:4bcff63911fc…\nStatus: Downloaded newer image for alpine:3.23\nHello\n"
    assert compare(page_text, "Hello\n").ok
    assert compare(
        "sha256:0b1f7c9d2e4a6b8c0d2e4f6a8b0c2d4e6f8a0b2c4d6e8f0a2b4c6d8e0f2a4b6c\n",
        "DEPRECATED: The legacy builder is deprecated and will be removed in a future release.\n            Install the buildx component to build images with BuildKit:\n            https://docs.docker.com/go/buildx/\n\nsha256:1111111111111111111111111111111111111111111111111111111111111111\n",
    ).ok


def test_session_prompts_are_dropped_only_in_a_session():
    page_text = "root@5e3a1c7b9f20:/# hostname\n5e3a1c7b9f20\n/ # exit\n"
    assert compare(page_text, "0123456789ab\n", session=True).ok
    assert not compare(page_text, "0123456789ab\n").ok


def test_record_keeps_masked_page_values_and_pull_lines():
    page_lines = ["Unable to find image 'alpine:3.23' locally", "5e3a1c7b9f20   alpine   2 minutes ago", "old text"]
    real = ["DEPRECATED: The legacy builder is deprecated and will be removed in a future release.", "0a1b2c3d4e5f   alpine   3 seconds ago", "new text"]
    assert merged(page_lines, real) == ["Unable to find image 'alpine:3.23' locally", "5e3a1c7b9f20   alpine   2 minutes ago", "new text"]


def test_labs_annotations_never_reach_the_page():
    markdown = "<!-- labs: check test -e x -->\n- [ ] x\n\n<!-- labs: exit 1 -->\n<!-- course-check: fragment -->\n```console\n$ false\n<!-- labs: shown in a code block -->\n```\n"
    assert strip_annotations(markdown) == "\n- [ ] x\n\n\n\n```console\n$ false\n<!-- labs: shown in a code block -->\n```\n"


@pytest.mark.parametrize("variant", ["full-day", "half-day"])
def test_every_variant_plans_without_problems(variant):
    plan = build_plan(str(REPO / "mkdocs.yml"), variant)
    assert plan.problems == [] and plan.exercises


def test_a_fence_in_a_list_item_after_its_lazy_continuation_lines_is_a_fence():
    """A question's text wrapped with fewer spaces than its content (lazy continuation) still
    holds the solution's console block; Python-Markdown renders it as code, so the runner and
    the checker must see it (container-run-inspect's second question)."""
    from coursekit.markdown.scanner import scan

    item = "2. A question whose text\n   continues here.\n\n    /// solution\n    ```console\n    $ echo hi\n    ```\n    ///\n"
    assert [(f.open, f.shown) for f in scan(item, front_matter=False).fences] == [(4, True)]
    paragraph = "A paragraph\n   continued.\n\n    ```console\n    $ echo hi\n    ```\n"
    assert [(f.open, f.shown) for f in scan(paragraph, front_matter=False).fences] == [(3, False)]  # an indented code block


def test_an_engine_that_does_not_answer_is_one_clear_message(tmp_path, capsys, monkeypatch):
    """No daemon behind the Docker CLI (a fake `docker` that fails like the real one): exit 2, no traceback."""
    fake = tmp_path / "docker"
    fake.write_text("#!/bin/sh\necho 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:/usr/bin:/bin")
    assert main(["--config", str(FIXTURE / "mkdocs.yml"), "--engine", "docker", "fx-broken"]) == 2
    assert capsys.readouterr().err == (
        "course-labs: the docker engine does not answer: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n"
    )
