"""Run a plan: each exercise in a fresh scratch home with its lab files, one shell session,
a timeout per command, outputs compared under masks, checkpoints asserted, and everything
the exercise created removed afterwards, even when it failed."""

from __future__ import annotations

import io
import os
import shutil
import tarfile
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ..book import lab_archives
from ..book.images import normalise
from ..course.exercise_root import exercise_root_files
from .engine import Engine, EngineError, Session
from .masks import compare
from .plan import ExercisePlan, Plan, Step

PASSED, FAILED, SKIPPED, NOT_RUN = "passed", "failed", "skipped", "not run"


@dataclass
class StepResult:
    step: Step
    status: str
    message: str = ""  # the report text for a failure, a skip's reason
    output: str = ""  # the real output of the step's commands, joined
    seconds: float = 0.0

    @property
    def where(self) -> str:
        return f"{self.step.page}:{self.step.line}"


@dataclass
class ExerciseResult:
    exercise: ExercisePlan
    steps: list[StepResult] = field(default_factory=list)
    cleanup: list[str] = field(default_factory=list)
    error: str = ""  # the exercise could not run at all (engine, lab files)
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for s in self.steps if s.status == status)

    @property
    def ok(self) -> bool:
        return not self.error and self.count(FAILED) == 0


def lab_bundle(root: str, exercise_ids: list[str]) -> bytes | None:
    """The lab bundle (``course-labs.tar.gz``) the site offers for these exercises, built by the
    same function from the same files."""
    items = [(uri, path) for uri, path in exercise_root_files(root)]
    files = [f for f in lab_archives.lab_files_from_uris(items) if f.exercise in exercise_ids]
    for archive in lab_archives.build_archives(files, lab_archives.source_epoch()):
        if archive.uri.endswith(f"{lab_archives.BUNDLE_NAME}.tar.gz"):
            return archive.content
    return None


def unpack(bundle: bytes | None, home: str) -> None:
    if bundle:
        with tarfile.open(fileobj=io.BytesIO(bundle), mode="r:gz") as tf:
            tf.extractall(home, filter="data")


def _with_output(problem: str, output: str) -> str:
    return problem + ("\n--- output ---\n" + output.rstrip() if output.strip() else "")


def run_step(step: Step, session: Session, scratch: str) -> StepResult:
    if step.kind == "skip":
        return StepResult(step, SKIPPED, step.reason)
    if step.kind == "check":
        outcome = session.run(step.commands[0].text, step.timeout)
        if outcome.status is None:
            return StepResult(step, FAILED, f"{step.page}:{step.line}: checkpoint check timed out after {step.timeout:g} s", outcome.output, outcome.seconds)
        if outcome.status != 0:
            what = f" ({step.reason})" if step.reason else ""
            msg = f"{step.page}:{step.line}: checkpoint not reached{what}: `{step.commands[0].text}` exited with {outcome.status}"
            return StepResult(step, FAILED, _with_output(msg, outcome.output), outcome.output, outcome.seconds)
        return StepResult(step, PASSED, "", outcome.output, outcome.seconds)
    seconds = 0.0
    for command in step.before:
        outcome = session.run(command.text, step.timeout)
        seconds += outcome.seconds
        if outcome.status != 0:
            what = "timed out" if outcome.status is None else f"failed with exit status {outcome.status}"
            msg = f"{step.page}:{command.line}: the 'before' command {what}: {command.text}"
            return StepResult(step, FAILED, _with_output(msg, outcome.output), outcome.output, seconds)
    outputs: list[str] = []
    statuses: list[int] = []
    stdin = None
    for k, command in enumerate(step.commands):
        if step.kind == "session" and k == len(step.commands) - 1:
            stdin = os.path.join(scratch, f"input-{step.line}.txt")
            with open(stdin, "w", encoding="utf-8") as fh:
                fh.write("".join(c.text + "\n" for c in step.input))
        outcome = session.run(command.text, step.timeout, stdin)
        outputs.append(outcome.output)
        seconds += outcome.seconds
        joined = "".join(outputs)
        if outcome.status is None:
            msg = f"{step.page}:{command.line}: timed out after {step.timeout:g} s: {command.shown}\n(the shell was stopped; the rest of this exercise is not run)"
            return StepResult(step, FAILED, _with_output(msg, outcome.output), joined, seconds)
        statuses.append(outcome.status)
        if outcome.status not in (0, step.exit):
            want = f"success or exit status {step.exit}" if step.exit else "success"
            msg = f"{step.page}:{command.line}: command failed with exit status {outcome.status} (the page expects {want}): {command.shown}"
            return StepResult(step, FAILED, _with_output(msg, outcome.output), joined, seconds)
    joined = "".join(outputs)
    if step.exit and step.exit not in statuses:
        msg = f"{step.page}:{step.line}: no command of this block ended with exit status {step.exit}, as its 'exit {step.exit}' annotation says: the failure the page shows no longer happens"
        return StepResult(step, FAILED, _with_output(msg, joined), joined, seconds)
    if step.expected and step.unchecked is None:
        expected = "".join(b.text for b in step.expected)
        result = compare(expected, joined, session=step.kind == "session", label=f"{step.page}:{step.expected[0].fence_line}")
        if not result.ok:
            msg = f"{step.page}:{step.expected[0].fence_line}: output differs from the page (command at line {step.commands[0].line}):\n{result.diff}"
            return StepResult(step, FAILED, msg, joined, seconds)
    return StepResult(step, PASSED, "", joined, seconds)


def run_exercise(ex: ExercisePlan, engine: Engine, bundle: bytes | None, pulled: frozenset[str] = frozenset(), keep: bool = False) -> ExerciseResult:
    result = ExerciseResult(ex)
    started = time.monotonic()
    scratch = tempfile.mkdtemp(prefix=f"labs-{ex.id}-")
    home = os.path.join(scratch, "home")
    os.makedirs(home)
    session = None
    try:
        before = engine.inventory()
    except EngineError as exc:
        result.error = str(exc)
        result.steps = [StepResult(s, NOT_RUN, "engine unavailable") for s in ex.steps]
        shutil.rmtree(scratch, ignore_errors=True)
        return result
    try:
        unpack(bundle, home)
        engine.prepare_home(home)
        session = Session(home, engine)
        for step in ex.steps:
            if not session.alive:
                result.steps.append(StepResult(step, NOT_RUN, "an earlier command timed out"))
                continue
            result.steps.append(run_step(step, session, scratch))
    finally:
        if session is not None:
            session.close()
        result.cleanup = engine.cleanup(before, lambda tag: normalise(tag) in pulled)
        if not keep:
            shutil.rmtree(scratch, ignore_errors=True)
        result.seconds = time.monotonic() - started
    return result


def run_plan(plan: Plan, engine: Engine, progress: Callable[[ExerciseResult], None] | None = None) -> list[ExerciseResult]:
    bundle = lab_bundle(plan.root, [e.id for e in plan.exercises])
    pulled = frozenset(plan.images)
    results = []
    for ex in plan.exercises:
        r = run_exercise(ex, engine, bundle, pulled)
        results.append(r)
        if progress:
            progress(r)
    return results
