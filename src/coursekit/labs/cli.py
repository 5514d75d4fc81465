"""``course-labs`` (also ``nox -s labs``): plan, run or record the labs of a course variant.

    course-labs --plan                         every step, skip and problem; no engine needed
    course-labs [--engine docker|podman] [EXERCISE ...] [--junit PATH] [--record]

Exit status: 0 all passed (or a complete plan), 1 a failure or an unplanned command, 2 usage
or engine errors.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import settings
from ..errors import SourceError
from .engine import Engine, EngineError
from .plan import DEFAULT_TIMEOUT, build_plan, format_plan, summary_line
from .record import record
from .report import failures, junit_xml, summary_table
from .run import run_plan


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="course-labs", description="Run every exercise and demo of the course against a real container engine.")
    ap.add_argument("exercises", nargs="*", metavar="EXERCISE", help="exercise ids (default: every exercise and demo of the variant)")
    ap.add_argument("--plan", action="store_true", help="print the plan and stop (needs no engine)")
    ap.add_argument("--engine", choices=("docker", "podman"), default=settings.labs_engine())
    ap.add_argument("--variant", default=settings.variant(), help="course variant (default: the manifest's default_variant)")
    ap.add_argument("--config", default="mkdocs.yml", help="the course's mkdocs.yml (default: ./mkdocs.yml)")
    ap.add_argument(
        "--timeout", type=float, default=DEFAULT_TIMEOUT, help=f"seconds per command (default {DEFAULT_TIMEOUT:g}; a block's 'timeout' annotation wins)"
    )
    ap.add_argument("--junit", metavar="PATH", help="write JUnit XML here")
    ap.add_argument("--report", metavar="PATH", help="write the failures and the summary table here too")
    ap.add_argument("--record", action="store_true", help="write real outputs into the pages' output blocks that differ (masks kept)")
    ap.add_argument("--compose", metavar="PATH", help="a docker compose v2 binary to use as the CLI plugin")
    args = ap.parse_args(argv)

    try:
        plan = build_plan(args.config, args.variant, args.exercises or None, args.timeout)
    except SourceError as exc:
        print(f"{exc.path or args.config}:{exc.line or 1}: {exc.message}", file=sys.stderr)
        return 2
    if args.plan:
        sys.stdout.write(format_plan(plan))
        return 1 if plan.problems else 0
    if plan.problems:
        for page, line, msg in plan.problems:
            print(f"{page}:{line}: {msg}", file=sys.stderr)
        print(f"{len(plan.problems)} command(s) cannot run unattended; see `course-labs --plan`", file=sys.stderr)
        return 1
    print(summary_line(plan), flush=True)
    try:
        engine = Engine.start(args.engine, args.compose)
    except EngineError as exc:
        print(f"course-labs: {exc}", file=sys.stderr)
        return 2
    try:
        results = run_plan(plan, engine, progress=lambda r: print(f"{'ok    ' if r.ok else 'FAILED'} {r.exercise.id} ({r.seconds:.1f} s)", flush=True))
    finally:
        engine.close()
    text = failures(results) + "\n" + summary_table(results)
    sys.stdout.write("\n" + text)
    if args.report:
        Path(args.report).write_text(text, encoding="utf-8")
    if args.junit:
        Path(args.junit).write_bytes(junit_xml(results))
    if args.record:
        for note in record(plan.root, results):
            print(note)
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
