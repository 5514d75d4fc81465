"""Developer and CI entry points.  Every session installs pinned packages from
``constraints.txt`` and the browser assets from ``package-lock.json``."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import nox

ROOT = Path(__file__).parent
CONSTRAINTS = ("-c", str(ROOT / "constraints.txt"))
nox.options.reuse_venv = "yes"
nox.options.sessions = ["build", "tests"]
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def install_project(session: nox.Session, extras: str = "") -> None:
    target = f".[{extras}]" if extras else "."
    session.install(*CONSTRAINTS, "-e", target)


def npm_ci(session: nox.Session) -> None:
    """``npm ci`` only when package-lock.json changed since the last install."""
    lock = ROOT / "package-lock.json"
    stamp = ROOT / "node_modules" / ".course-lock-sha256"
    digest = hashlib.sha256(lock.read_bytes()).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    if not shutil.which("npm"):
        session.error("npm is missing: install Node.js 20+ with npm (the course serves reveal.js and mermaid from npm packages)")
    session.run("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts", external=True)
    stamp.write_text(digest)


def audience_option(posargs: list[str]) -> tuple[list[str], str]:
    """``--audience NAME`` taken out of the session arguments (default: $COURSE_AUDIENCE or instructor)."""
    args = list(posargs)
    audience = os.environ.get("COURSE_AUDIENCE") or "instructor"
    if "--audience" in args:
        i = args.index("--audience")
        audience = args[i + 1] if i + 1 < len(args) else ""
        del args[i : i + 2]
    return args, audience


@nox.session
def build(session: nox.Session) -> None:
    """Strict build of the whole course into site/ (a failed build leaves the old site/ intact)."""
    install_project(session)
    npm_ci(session)
    session.run("python", "-m", "coursekit.site.safe_build", "--site-dir", "site", *session.posargs)


@nox.session
def serve(session: nox.Session) -> None:
    """Live-reloading server on http://127.0.0.1:8000 (docs/, exercises/ and hooks/ are watched)."""
    install_project(session)
    npm_ci(session)
    # --dirty: changed pages and the pages that show what changed (a lab file, a snippet, an
    # exercise's front matter) are rebuilt, about 0.5 s from save to page instead of 2-3 s; a change
    # to the navigation rebuilds everything (hooks/serve_speed.py).  Plain `mkdocs serve` always does.
    session.run("mkdocs", "serve", "--dirty", "--dev-addr", "127.0.0.1:8000", *session.posargs)


@nox.session
def tests(session: nox.Session) -> None:
    """The test suite: real builds, real HTML, headless Chromium."""
    install_project(session, "test,hadolint")
    npm_ci(session)
    session.run("pytest", *session.posargs)


@nox.session
def handbook(session: nox.Session) -> None:
    """Strict build of the authors' handbook (handbook/mkdocs.yml) into handbook/site/; the
    rule reference is generated from the rule registry while it builds."""
    install_project(session)
    npm_ci(session)
    session.run("mkdocs", "build", "--strict", "--config-file", "handbook/mkdocs.yml", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Build and serve cost against plain MkDocs, hook shares, scaling, validator throughput
    (medians of several runs; table on stdout, JSON in bench-results/bench.json)."""
    install_project(session)
    npm_ci(session)
    session.run("python", "benchmarks/bench.py", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff (lint + format check) and a spell check of the course text and the documentation."""
    session.install(*CONSTRAINTS, "ruff", "codespell")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")
    session.run("codespell", "docs", "exercises", "handbook", "README.md", "CONTRIBUTING.md")


@nox.session
def check(session: nox.Session) -> None:
    """course-check PATH... (default: docs exercises)."""
    install_project(session)
    session.run("course-check", *(session.posargs or ["docs", "exercises"]))


@nox.session
def dist(session: nox.Session) -> None:
    """Release zip dist/containerization-fundamentals-<version>.zip from a fresh strict build:
    site, decks, exercise book, guide and lab bundle; works unzipped from file://, search
    included, with the edition's exercise-book PDF in pdf/ (Chromium; ``--no-pdf`` leaves it out).
    ``nox -s dist -- --audience trainee`` packages the trainee edition."""
    install_project(session, "pdf")
    npm_ci(session)
    session.run("python", "-m", "coursekit.site.dist", *session.posargs)


@nox.session
def pdf(session: nox.Session) -> None:
    """PDFs with headless Debian Chromium (Playwright, never a browser download): a fresh
    strict build into site/, then site/pdf/deck.pdf (one slide per page, fragments collapsed),
    handout.pdf (each slide followed by its notes) and exercise-book.pdf.  Page counts are
    checked against the slides.  ``-- --audience trainee``: the trainee edition's
    deck-trainee.pdf and exercise-book-trainee.pdf (no notes, no solutions).  Needs
    /usr/bin/chromium (apt-get install chromium)."""
    install_project(session, "pdf")
    npm_ci(session)
    args, audience = audience_option(session.posargs)
    session.run("python", "-m", "coursekit.site.safe_build", "--site-dir", "site", env={"COURSE_AUDIENCE": audience})
    session.run("python", "-m", "coursekit.deck.pdf_export", "--site", "site", "--out", "site/pdf", *args)


@nox.session
def a11y(session: nox.Session) -> None:
    """Accessibility audit: a fresh strict build into site/, then axe-core (npm, served from
    node_modules) in headless Debian Chromium on every page in light and dark mode and on
    every slide of the course deck.  Fails on serious or critical violations, reports the rest."""
    install_project(session, "pdf")
    npm_ci(session)
    session.run("python", "-m", "coursekit.site.safe_build", "--site-dir", "site")
    session.run("python", "-m", "coursekit.site.a11y", "--site", "site", *session.posargs)


@nox.session
def new(session: nox.Session) -> None:
    """A new course repository: ``nox -s new -- PATH --title "Kubernetes fundamentals"`` (one
    variant, one module, one exercise with a lab file, hooks, noxfile, CI workflow, README),
    depending on this generator package instead of copying it (handbook/docs/new-course.md)."""
    install_project(session)
    session.run("python", "-m", "coursekit.site.new_course", *session.posargs)


@nox.session
def labs(session: nox.Session) -> None:
    """Run every exercise and demo against a real engine (coursekit.labs, also `course-labs`):
    ``-- --plan`` prints the script of every lab and needs no engine; ``-- [--engine docker|podman]
    [EXERCISE ...] [--junit PATH] [--report PATH] [--record]`` runs them in scratch homes and
    removes what they created.  See handbook/docs/labs.md."""
    install_project(session)
    session.run("course-labs", *session.posargs)


@nox.session
def mutation(session: nox.Session) -> None:
    """Mutation testing (mutmut, not part of the default run) of the Markdown dialect scanner,
    snippet line mapping, audience filtering and leak scan, variants, the top-level HTML split,
    lab archives, the rule registry and the end-of-life table, each against its fast tests; scores per module on stdout and in
    .mutation/scores.json.  ``nox -s mutation -- variants`` runs one module; see tools/mutation.py."""
    install_project(session, "test")
    session.install(*CONSTRAINTS, "mutmut")
    session.run("python", "tools/mutation.py", *session.posargs)
