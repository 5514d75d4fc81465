"""A new course repository from this generator (``nox -s new -- PATH --title "..."``).

The new course depends on the generator package (``containerization-course``,
which provides ``coursekit``) instead of copying it: its ``requirements.txt``
names the package, its hooks are this repository's thin hook files (they import
``coursekit``), its ``mkdocs.yml`` is this repository's with the course's own
names and manifest.  What it gets:

- ``mkdocs.yml`` with one variant, ``docs/index.md`` (agenda), ``docs/guide/``,
  one module (``docs/modules/intro.md``: slides, speaker notes, an exercise slide),
- ``exercises/first-lab/`` with one lab file and the exercise book's start page,
- ``hooks/``, ``overrides/``, ``docs/assets/`` and ``package.json`` + lock (reveal.js,
  mermaid) from this repository,
- ``noxfile.py`` (build, serve, tests), ``requirements.txt``, ``tests/test_course.py``,
  ``.github/workflows/ci.yml``, ``README.md`` with its two commands, ``.gitignore``.

    python -m coursekit.site.new_course PATH --title "Kubernetes fundamentals" [--generator SPEC]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sys
import textwrap
from pathlib import Path

#: This checkout (src/coursekit/site/new_course.py -> repository root).
SOURCE_ROOT = Path(__file__).resolve().parents[3]
NOX_PIN = "nox==2026.10.20"
#: Copied from this repository: thin hooks, template overrides, site assets, the npm lock.
COPIED = ("hooks", "overrides", "docs/assets", "package.json", "package-lock.json")


class NewCourseError(Exception):
    pass


def slug(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "course"


def default_generator_spec(source: Path = SOURCE_ROOT) -> str:
    """The requirement for the generator package: this checkout, by path (a git URL for a published one)."""
    return f"containerization-course @ {source.resolve().as_uri()}"


def _yaml_str(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def mkdocs_yml(source_yml: str, title: str) -> str:
    """This repository's mkdocs.yml with the new course's names and a one-variant manifest."""
    q = _yaml_str(title)
    replacements = [
        (r"^site_name: .*$", f"site_name: {q}"),
        (r"^site_description: .*$", f"site_description: {_yaml_str(f'{title}: slides, exercise book and instructor guide.')}"),
        (r"^site_author: .*$", f"site_author: {_yaml_str(f'{title} course team')}"),
        (r"^copyright: .*$", f"copyright: {_yaml_str(f'{title} course material')}"),
        (r"^    title: .*$", f"    title: {q}"),
        (r"^    default_variant: .*$", "    default_variant: main"),
    ]
    out = source_yml
    for pattern, new in replacements:
        out, count = re.subn(pattern, new.replace("\\", "\\\\"), out, count=1, flags=re.M)
        if count != 1:
            raise NewCourseError(f"mkdocs.yml of the generator has no line matching {pattern!r}")
    manifest = f"    variants:\n      main:\n        title: {q}\n        modules:\n          - intro\n"
    out, count = re.subn(r"^    variants:\n(?:(?:      |        |          |            ).*\n|\s*#.*\n)+", manifest, out, count=1, flags=re.M)
    if count != 1:
        raise NewCourseError("mkdocs.yml of the generator has no `variants:` block under extra.course")
    return out


def _pages(title: str) -> dict[str, str]:
    return {
        "docs/index.md": f"""
            # {title}

            Welcome to the course. The slides, the exercise book and the instructor
            guide are built from this repository.

            ## Agenda

            /// agenda
            ///
        """,
        "docs/guide/index.md": """
            ---
            title: Instructor guide
            ---

            # Instructor guide

            How to prepare the room and run the course.

            ## Demos

            /// guide-index
            ///
        """,
        "docs/modules/intro.md": f"""
            ---
            title: Introduction
            duration: 30
            objectives:
              - Say what this course is about
            ---

            # Introduction

            ## Learning objectives

            ## What this course is about

            - One Markdown tree
            - Slides, handout and exercise book from it

            /// notes
            Introduce yourself. **Ask the room:** what do you expect from {title}?
            ///

            ## Exercise: first lab

            /// exercises | Exercise: First lab
            - first-lab
            ///
        """,
        "exercises/index.md": """
            # Exercise book

            Every lab of the course, with its steps, checkpoints and lab files.

            ## How to use this book

            Work through each step and tick its checkpoints.

            ## Lab files

            Download the files of a lab from its page.
        """,
        "exercises/first-lab/index.md": """
            ---
            id: first-lab
            title: First lab
            module: intro
            kind: exercise
            duration: 15
            objectives:
              - Find and read a lab file
            ---

            # First lab

            ## Step 1: Read the lab file

            ```text title="hello.txt"
            --8<-- "exercises/first-lab/files/hello.txt"
            ```

            - [ ] You downloaded the lab files and read `hello.txt`.

            ## Conclusion

            You found your way around the exercise book.
        """,
        "exercises/first-lab/files/hello.txt": """
            Hello from the first lab.
        """,
    }


def _project_files(title: str, generator_spec: str) -> dict[str, str]:
    name = slug(title)
    return {
        "requirements.txt": f"""
            # The course generator (MkDocs hooks, validators, deck and book builders).
            # Upgrade: change this line, then see the generator's handbook ("new-course").
            {generator_spec}
            # The course's own tests.
            pytest>=8
            beautifulsoup4>=4.12
        """,
        "noxfile.py": f'''
            """Build, serve and test the course (see README.md)."""

            import nox

            nox.options.reuse_venv = "yes"
            nox.options.sessions = ["build", "tests"]


            def install(session):
                session.install("-r", "requirements.txt")
                session.run("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts", external=True)


            @nox.session
            def build(session):
                """Strict build into site/."""
                install(session)
                session.run("mkdocs", "build", "--strict", env={{"NO_MKDOCS_2_WARNING": "1"}})


            @nox.session
            def serve(session):
                """Live-reloading server on http://127.0.0.1:8000."""
                install(session)
                session.run("mkdocs", "serve", "--dev-addr", "127.0.0.1:8000", env={{"NO_MKDOCS_2_WARNING": "1"}})


            @nox.session
            def tests(session):
                """The course's tests: a strict build with a deck, a book and lab downloads."""
                install(session)
                session.run("pytest", *session.posargs)
        ''',
        "tests/test_course.py": '''
            """The course builds strict (every Containerfile, compose file and command checked) into
            a site with a slide deck, an exercise book and the lab downloads."""

            import os
            import subprocess
            import sys
            from pathlib import Path

            from bs4 import BeautifulSoup

            ROOT = Path(__file__).resolve().parent.parent


            def test_strict_build_has_deck_book_and_lab_download(tmp_path):
                site = tmp_path / "site"
                result = subprocess.run(
                    [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
                    cwd=ROOT,
                    env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
                    capture_output=True,
                    text=True,
                )
                assert result.returncode == 0, result.stderr
                assert "WARNING" not in result.stderr and "error" not in result.stderr.lower(), result.stderr
                deck = BeautifulSoup((site / "slides/index.html").read_text(encoding="utf-8"), "html.parser")
                assert deck.select(".reveal .slides section"), "the course deck has no slides"
                book = BeautifulSoup((site / "exercises/first-lab/index.html").read_text(encoding="utf-8"), "html.parser")
                assert book.select("li.task-list-item"), "the exercise has no checkpoints"
                assert (site / "downloads/first-lab.zip").stat().st_size > 0
        ''',
        ".github/workflows/ci.yml": f"""
            # Tests on every push and pull request: README's test command in Debian
            # (Debian's chromium and Node.js; the course's tests build the site strict).
            name: tests

            on:
              push:
              pull_request:

            permissions:
              contents: read

            jobs:
              tests:
                runs-on: ubuntu-latest
                container: debian:trixie
                steps:
                  - run: apt-get update -qq && apt-get install -y -qq --no-install-recommends git ca-certificates python3 python3-venv nodejs npm
                  # actions/checkout v7.0.1, commit verified in github.com/actions/checkout (tag v7.0.1)
                  - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1
                    with:
                      fetch-depth: 0
                  - run: git config --global --add safe.directory "$GITHUB_WORKSPACE"
                  - run: python3 -m venv .venv && .venv/bin/pip install -q {NOX_PIN} && .venv/bin/nox -s tests
        """,
        "README.md": f"""
            # {title}

            ```bash
            python3 -m venv .venv && .venv/bin/pip install -q {NOX_PIN} && .venv/bin/nox -s build   # build the course into site/  (or: .venv/bin/nox -s serve)
            .venv/bin/nox -s tests                                                                         # run the course's tests
            ```

            Both need Python 3.11+ (Debian/Ubuntu: `python3-venv`) and Node.js 20+ with npm.
            The site, slide decks (`site/slides/`), exercise book (`site/exercises/`) and
            instructor guide are built by the course generator `{name}` depends on
            (`requirements.txt`: the `containerization-course` package, module `coursekit`).

            - Modules: `docs/modules/<id>.md`, listed in `mkdocs.yml` under
              `extra.course.variants.main.modules`; every `##` is a slide, `/// notes` the
              speaker notes.
            - Exercises: `exercises/<id>/index.md` with lab files in `exercises/<id>/files/`.
            - `.github/workflows/ci.yml` runs the tests on every push and pull request.
        """,
        ".gitignore": """
            /site/
            /.venv/
            /.nox/
            /node_modules/
            __pycache__/
        """,
    }


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def create(dest: Path, title: str, generator_spec: str | None = None, source: Path = SOURCE_ROOT) -> list[Path]:
    """Write a new course into ``dest`` (which must not exist or be empty); returns the files written."""
    if dest.exists() and any(dest.iterdir()):
        raise NewCourseError(f"{dest} exists and is not empty; choose a new folder")
    for name in ("mkdocs.yml", *COPIED):
        if not (source / name).exists():
            raise NewCourseError(f"{source / name} is missing: run the generator from a checkout of the course repository")
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "mkdocs.yml").write_text(mkdocs_yml((source / "mkdocs.yml").read_text(encoding="utf-8"), title), encoding="utf-8")
    for name in COPIED:
        src, target = source / name, dest / name
        if src.is_dir():
            shutil.copytree(src, target, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)
    for rel, text in {**_pages(title), **_project_files(title, generator_spec or default_generator_spec(source))}.items():
        _write(dest / rel, text)
    return sorted(p for p in dest.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coursekit.site.new_course", description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="folder of the new course (new or empty)")
    parser.add_argument("--title", required=True, help='the course title, e.g. "Kubernetes fundamentals"')
    parser.add_argument("--generator", help="requirement for the generator package (default: this checkout by path)")
    args = parser.parse_args(argv)
    try:
        files = create(args.path, args.title, args.generator)
    except NewCourseError as exc:
        print(f"new: {exc}", file=sys.stderr)
        return 1
    print(f"{args.path}: new course {args.title!r} ({len(files)} files). Next: cd {args.path} && git init, then README's two commands.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
