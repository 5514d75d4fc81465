"""Background workers: forked while the process is single-threaded, spawned once the Go parser has
started its threads (a child forked after that hung at its first parse: the 10x benchmark course)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from coursekit.site import workers

pytestmark = pytest.mark.skipif(not workers.supported(), reason="background workers only on Linux")


def parse_instructions(text: str) -> list[str]:
    # Imported here: importing the Go library alone starts the Go runtime's threads.
    from coursekit.validation.containerfile import parser as containerfile_parser

    return [i.keyword for i in containerfile_parser.parse(text).instructions]


def fail(message: str) -> None:
    raise ValueError(message)


def test_after_the_go_parser_started_its_threads_a_worker_is_spawned_and_can_parse():
    parse_instructions("FROM alpine:3.23\n")  # the Go runtime is up from here on
    assert not workers.single_threaded()
    worker = workers.Worker("test: the worker")
    try:
        assert worker.method == "spawn"
        job = worker.submit("test: the job", parse_instructions, ("FROM alpine:3.23\nRUN echo hi\n",))
        assert [k.upper() for k in job.wait(120)] == ["FROM", "RUN"]
    finally:
        worker.close()


def test_a_single_threaded_process_forks_its_worker_and_the_child_can_parse():
    # A fresh interpreter that has not parsed anything yet: fork is safe and fast there.
    code = textwrap.dedent(
        """
        from coursekit.site import workers
        from test_workers import parse_instructions
        w = workers.Worker("test: the worker")
        job = w.submit("test: the job", parse_instructions, ("FROM alpine:3.23\\n",))
        print(w.method, [k.upper() for k in job.wait(120)], workers.single_threaded())
        """
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=__file__.rsplit("/", 1)[0], capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr
    # ... and the parent stays single-threaded: only the child loaded the Go library.
    assert out.stdout.strip() == "fork ['FROM'] True"


def test_a_failing_job_is_reported_with_its_traceback_and_the_worker_goes_on():
    worker = workers.Worker("test: the worker")
    try:
        failing = worker.submit("test: the job", fail, ("boom",))
        after = worker.submit("test: the next job", parse_instructions, ("FROM alpine:3.23\n",))
        with pytest.raises(RuntimeError) as exc:
            failing.wait(120)
        assert str(exc.value).startswith("test: the job failed:") and "ValueError: boom" in str(exc.value)
        assert [k.upper() for k in after.wait(120)] == ["FROM"]
    finally:
        worker.close()


def test_one_worker_runs_its_jobs_in_order_and_a_dead_worker_fails_its_jobs():
    worker = workers.Worker("test: the worker")
    jobs = [worker.submit(f"test: job {i}", sorted, ([3, i, 1],)) for i in range(3)]
    assert jobs[2].wait(120) == [1, 2, 3]  # answers to earlier jobs are kept while waiting for a later one
    assert [j.poll() for j in jobs] == [True, True, True] and jobs[0].wait(0) == [0, 1, 3]
    worker._process.kill()
    worker._process.join(5)
    late = worker.submit("test: the late job", sorted, ([2, 1],))
    with pytest.raises(RuntimeError, match="^test: the late job: the worker died"):
        late.wait(30)
    worker.close()


def test_the_hooks_leave_the_build_process_single_threaded_so_workers_fork():
    # What the MkDocs hooks import must not load the Go parser: else every worker is spawned
    # (correct, but ~0.3 s more CPU each). Workers and page checks load it when they need it.
    code = textwrap.dedent(
        r"""
        import importlib, re
        from pathlib import Path
        from coursekit.site import workers
        for hook in sorted(Path("hooks").glob("*.py")):
            for name in re.findall(r"^(?:from|import) (coursekit[.\w]*)", hook.read_text(), re.MULTILINE):
                importlib.import_module(name)
        print(workers.start_method())
        """
    )
    repo = __file__.rsplit("/", 2)[0]
    out = subprocess.run([sys.executable, "-c", code], cwd=repo, capture_output=True, text=True, timeout=180)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "fork"
