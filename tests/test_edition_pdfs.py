"""The exercise-book PDF per edition: the trainee edition's PDF holds no solutions and no
notes, the trainee release zip carries it, and the book's print CSS keeps a command with
its output."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from book_support import HINT_TEXT, NOTES_SECRET, SOLUTION_SECRET, write_course
from conftest import mkdocs_build
from pypdf import PdfReader

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def pdf_text(path: Path) -> str:
    return " ".join(" ".join((page.extract_text() or "").split()) for page in PdfReader(str(path)).pages)


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    return write_course(tmp_path_factory.mktemp("editions") / "course")


def export(site: Path, out: Path) -> subprocess.CompletedProcess:
    # Own process: the session's Playwright browser cannot share its thread with another.
    return subprocess.run(
        [sys.executable, "-m", "coursekit.deck.pdf_export", "--site", str(site), "--out", str(out)], capture_output=True, text=True, timeout=600
    )


def test_trainee_pdfs_have_no_solutions_and_no_handout(course, tmp_path, browser):
    site = tmp_path / "site"
    assert mkdocs_build(course, site, env={"COURSE_AUDIENCE": "trainee"}).returncode == 0
    result = export(site, tmp_path / "pdf")
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(p.name for p in (tmp_path / "pdf").iterdir()) == ["deck-trainee.pdf", "exercise-book-trainee.pdf"]
    book = pdf_text(tmp_path / "pdf" / "exercise-book-trainee.pdf")
    assert HINT_TEXT in book
    assert SOLUTION_SECRET not in book and NOTES_SECRET not in book


def test_instructor_book_pdf_keeps_the_solutions(course, tmp_path, browser):
    site = tmp_path / "site"
    assert mkdocs_build(course, site).returncode == 0
    result = export(site, tmp_path / "pdf")
    assert result.returncode == 0, result.stdout + result.stderr
    assert sorted(p.name for p in (tmp_path / "pdf").iterdir()) == ["deck.pdf", "exercise-book.pdf", "handout.pdf"]
    assert SOLUTION_SECRET in pdf_text(tmp_path / "pdf" / "exercise-book.pdf")


def test_trainee_release_zip_contains_its_book_pdf(course, tmp_path, browser):
    result = subprocess.run(
        [sys.executable, "-m", "coursekit.site.dist", "-f", str(course / "mkdocs.yml"), "--audience", "trainee", "--out", str(tmp_path)],
        cwd=course,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1", COURSE_VERSION="v9.9"),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    archive = tmp_path / "containerization-fundamentals-v9.9-trainee.zip"
    with zipfile.ZipFile(archive) as zf:
        zf.extract("containerization-fundamentals-v9.9-trainee/pdf/exercise-book-trainee.pdf", tmp_path)
    book = pdf_text(tmp_path / "containerization-fundamentals-v9.9-trainee/pdf/exercise-book-trainee.pdf")
    assert HINT_TEXT in book and SOLUTION_SECRET not in book
