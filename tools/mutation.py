"""Mutation testing of the modules where a bug costs trainees or maintainers most (``nox -s mutation``):
the Markdown dialect scanner, snippet line mapping, audience filtering and leak scan, variants, the
top-level HTML split (slides, trainee cuts), lab archives, the rule registry and the end-of-life table.

Each module is mutated on its own with mutmut (pinned in constraints.txt) against the fast test
files that exercise it, in its own work folder under ``.mutation/<name>/`` (mutmut keeps its state
there, so a second run only re-tests what changed).  The score is killed / (killed + survived):
mutants that time out count as killed, mutants no selected test reaches count as survived.

    python tools/mutation.py                 all modules, table on stdout
    python tools/mutation.py variants leaks  some of them
    python tools/mutation.py --list          the modules and their test files

Results: ``.mutation/scores.json``; survivors: ``cd .mutation/<name> && mutmut results`` and
``mutmut show <mutant>``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".mutation"

#: name -> (module under src/, the fast test files that exercise it).  Real builds, browsers and
#: servers are deselected (NOT_SLOW): they run the installed library in a subprocess, which
#: never sees the mutant, and each mutant reruns only the in-process tests that reach it.
MODULES: dict[str, tuple[str, list[str]]] = {
    "scanner": ("coursekit/markdown/scanner.py", ["tests/test_markdown_scanner.py", "tests/test_structure_blocks.py", "tests/test_snippets_and_fences.py"]),
    "snippets": ("coursekit/markdown/blocks.py", ["tests/test_snippets_and_fences.py", "tests/test_compose_markdown.py", "tests/test_structure_blocks.py"]),
    "audience": ("coursekit/course/audience_filter.py", ["tests/test_audience_units.py", "tests/test_audience_sections.py"]),
    "variants": ("coursekit/course/variants.py", ["tests/test_course_manifest.py"]),
    # The top-level HTML split: slides, and the trainee build's cut of solution sections.
    "deck-split": ("coursekit/deck/builder.py", ["tests/test_deck_split.py", "tests/test_audience_sections.py"]),
    "lab-archives": ("coursekit/book/lab_archives.py", ["tests/test_lab_archives.py", "tests/test_build_hygiene.py", "tests/test_audience_sections.py"]),
    "rules": (
        "coursekit/validation/rules.py",
        ["tests/test_rule_registry.py", "tests/test_containerfile_rules.py", "tests/test_compose_rules.py", "tests/test_command_checks.py"],
    ),
    "image-eol": ("coursekit/validation/image_eol.py", ["tests/test_containerfile_eol.py", "tests/test_compose_rules.py"]),
}
#: Surviving mutants checked and left alive, because no page can tell them apart (mutmut's names):
#:   scanner (src/coursekit/markdown/scanner.py)
#:     _is_close 6, 17 and _scan_fences 66: ``fence[1]`` for ``fence[0]``: a fence is 3+ equal characters.
#:     _scan_fences 2, 12: ``in_comment = None`` for ``False``: only ever tested for truth.
#:     _scan_fences 52, 130: ``strip_quote_markers(x, 0)`` when not quoted: strips nothing, returns (x, 0).
#:     _scan_fences 169: ``j > len(lines)`` for ``>=``: j never passes len(lines); the loop ends anyway.
#:     _scan_fences 79: code spans replaced by "XXXX" instead of "" before looking for '<!--' / '-->':
#:       differs only when a span is glued inside the comment marker ("<!`x`--"); no page writes that.
#:     leading_heading 3: ``offset <= len(text)``: one more pass over an empty last line, which is blank.
#:   audience (src/coursekit/course/audience_filter.py)
#:     strip_blocks 8, solution_sections 6, drop_emptied_sections 4: ``front_matter=None``: falsy like False.
#:     _section_end 16: ``head.depth >= 0``: a closing line counts inside its block, so none closes at depth 0.
#:     strip_sections 5, mark_sections 5, filter_markdown 5, 13: the default class is the one passed.
#:     drop_emptied_sections 27, 30, 84, 87, 88: ``zip(strict=...)``: the lists are equally long by construction.
#:     strip_html_sections 3, 21: ``level = None`` for ``0``: only ever tested for truth.
#:     _DetailsLocator.__init__ 1, 2: ``convert_charrefs``: only text is converted; no handler reads text.
#:     _DetailsLocator.handle_starttag 13: "XXXX" as the class of a class-less element: no box class is "XXXX".
#:     strip_html_boxes 1: the early return is a shortcut; the locator finds nothing either.
#:     scan_for_leaks 46, 81: text between an archive member's name and its content: both are searched.
#:     scan_for_leaks 53, 71, 95, 127: "UTF-8" for "utf-8"; 121, 124: the locale's encoding (UTF-8 here).
#:     scan_for_leaks 74: "XXXX" as the text of a folder member: no marker is "XXXX".
#:   image-eol (src/coursekit/validation/image_eol.py)
#:     split_reference 5, 8: another ``maxsplit`` for '@': the part before the first '@' is the same.
#:     split_reference 28, 29, 31, 36-42: how a registry host is recognised matters only for Docker Hub's
#:       own hosts, which all contain a dot; any other host is kept in the name either way.
#:     _match 1, 10: ``best = ""`` (never None, but shorter than any key); ``>=``: two keys of one length
#:       cannot both be prefixes of a version.  _leading_version 12, _release 35, 50, 54, 85: another
#:       placeholder for "no version" that no table or codename list holds.
#:     lookup 21, 23: ``min`` over (date, hint) tuples without a key: the date decides first.
#:   lab-archives (src/coursekit/book/lab_archives.py)
#:     make_zip 12, 15, 16, 19, 52, 55, 56, 59, 60: each drops one of the three places that say "deflate at
#:       level 9"; the others still say it (tests/test_lab_archives.py checks the stored stream).
#:     make_zip 3: a 7-item date: ZipInfo reads the first six.
#:     make_tar_gz 8, 11: no ``format``: PAX is tarfile's default.  17, 18, 19: tarfile writes a folder's
#:       name with its trailing slash whatever it is given.  47, 52: no file name for a nameless buffer
#:       either.  55: level 9 is GzipFile's default.
#:   deck-split (src/coursekit/deck/builder.py)
#:     _TopLevel.__init__ 1, 2: ``convert_charrefs`` None/True: only text is converted; no handler reads text.
#:     _assignment 42: another default for a missing ``data-minutes``: int() fails on it too, minutes 0.
#:     split_slides 2: ``seen_h2 = None`` for ``False``: only ever tested for truth.
#:     split_slides 71, 74: the ``<summary>`` pattern is anchored at the start, so ``count`` cannot matter.
NOT_SLOW = ["-m", "not slow and not browser", "-k", "not build and not sitemap and not annotations_apply and not network and not course_check"]

#: Files the selected tests read from the repository root (they run inside mutants/).
ALSO_COPY = ["hooks", "docs", "exercises", "overrides", "tools", "mkdocs.yml", "README.md", ".ci"]


def _toml_list(items: list[str]) -> str:
    return "[" + ", ".join(json.dumps(i) for i in items) + "]"


def _prepare(name: str, module: str, tests: list[str], tests_dir: Path, root: Path) -> Path:
    work = root / name
    work.mkdir(parents=True, exist_ok=True)
    for entry in ["src", "tests", *ALSO_COPY]:
        link = work / entry
        if link.is_symlink():
            link.unlink()
        link.symlink_to(tests_dir if entry == "tests" else ROOT / entry)
    (work / "pyproject.toml").write_text(
        "[tool.mutmut]\n"
        'source_paths = ["src"]\n'
        f"only_mutate = {_toml_list(['src/' + module])}\n"
        f"also_copy = {_toml_list(ALSO_COPY)}\n"
        f"pytest_add_cli_args_test_selection = {_toml_list(tests)}\n"
        f"pytest_add_cli_args = {_toml_list(['-p', 'no:cacheprovider', '-q', *NOT_SLOW])}\n"
        "\n[tool.pytest.ini_options]\n"
        'addopts = "--strict-markers"\n'
        'markers = ["browser: needs chromium", "slow: builds the whole site or starts servers"]\n',
        encoding="utf-8",
    )
    return work


def _score(work: Path) -> dict:
    subprocess.run([sys.executable, "-m", "mutmut", "export-cicd-stats"], cwd=work, check=True, capture_output=True)
    stats = json.loads((work / "mutants" / "mutmut-cicd-stats.json").read_text(encoding="utf-8"))
    killed = stats.get("killed", 0) + stats.get("timeout", 0)
    survived = stats.get("survived", 0) + stats.get("no_tests", 0)
    stats["score"] = round(100 * killed / (killed + survived), 1) if killed + survived else None
    return stats


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help=f"modules (default: all of {', '.join(MODULES)})")
    parser.add_argument("--list", action="store_true", help="print the modules and their tests")
    parser.add_argument("--max-children", default=str(os.cpu_count() or 2), help="parallel mutants (default: the CPU count)")
    parser.add_argument("--tests", type=Path, default=ROOT / "tests", help="the test folder (default: tests/; an older copy measures an older suite)")
    parser.add_argument("--work", type=Path, default=WORK, help="work folder (default: .mutation/)")
    parser.add_argument("--resume", action="store_true", help="keep mutmut's results from an interrupted run (default: start over)")
    parser.add_argument("--scores", type=Path, default=None, help="where the scores are kept (default: WORK/scores.json)")
    args = parser.parse_args(argv)
    if args.list:
        for name, (module, tests) in MODULES.items():
            print(f"{name}: src/{module} <- {' '.join(tests)}")
        return 0
    unknown = [n for n in args.names if n not in MODULES]
    if unknown:
        parser.error(f"unknown module(s): {', '.join(unknown)} (known: {', '.join(MODULES)})")
    args.scores = args.scores or args.work / "scores.json"
    scores = json.loads(args.scores.read_text(encoding="utf-8")) if args.scores.exists() else {}
    for name in args.names or list(MODULES):
        module, tests = MODULES[name]
        present = [t for t in tests if (args.tests / t.split("::")[0].removeprefix("tests/")).exists()]
        if present != tests:  # an older suite (--tests) may lack a newer test file
            print(f"   not in {args.tests}: {', '.join(sorted(set(tests) - set(present)))}", flush=True)
        work = _prepare(name, module, present, args.tests.resolve(), args.work.resolve())
        if (work / "mutants").exists() and not args.resume:
            shutil.rmtree(work / "mutants")  # the tests may have changed: start over
        print(f"== {name}: src/{module}", flush=True)
        with open(work / "run.log", "w") as log:  # mutmut draws a progress spinner: keep it out of the terminal
            run = subprocess.run([sys.executable, "-m", "mutmut", "run", "--max-children", args.max_children], cwd=work, stdout=log, stderr=subprocess.STDOUT)
        if run.returncode != 0 and "could not find any test case for any mutant" in (work / "run.log").read_text(errors="replace"):
            scores[name] = {"module": f"src/{module}", "score": 0.0, "note": "no selected test reaches the module"}
        elif run.returncode != 0:
            print(f"mutmut failed for {name} (exit {run.returncode}): see {work / 'run.log'}", file=sys.stderr)
            return run.returncode
        else:
            scores[name] = {"module": f"src/{module}", **_score(work)}
        args.scores.parent.mkdir(parents=True, exist_ok=True)
        args.scores.write_text(json.dumps(scores, indent=2) + "\n", encoding="utf-8")
    print(f"\n{'module':14} {'mutants':>8} {'killed':>7} {'survived':>9} {'no tests':>9} {'score':>6}")
    for name, s in scores.items():
        print(
            f"{name:14} {s.get('total', 0):>8} {s.get('killed', 0) + s.get('timeout', 0):>7} {s.get('survived', 0):>9} {s.get('no_tests', 0):>9} {s['score']!s:>6}%"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
