"""A new course from the generator (``nox -s new``): created in a temporary folder,
installed without network (a wheel built from this checkout into a fresh venv that
sees the test environment's third-party packages only), built strict with zero
findings, its own tests run, and its site holds a deck, a book and a lab download."""

from __future__ import annotations

import os
import site
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from coursekit.site import new_course

REPO = Path(__file__).resolve().parent.parent
TITLE = "Kubernetes fundamentals"
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1", PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1")


def run(*args, cwd=None, timeout=600) -> subprocess.CompletedProcess:
    return subprocess.run([str(a) for a in args], cwd=cwd, env=ENV, capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    dest = tmp_path_factory.mktemp("new") / "kubernetes-course"
    assert new_course.main([str(dest), "--title", TITLE]) == 0
    return dest


@pytest.fixture(scope="module")
def course_python(course, tmp_path_factory) -> Path:
    """A venv with the generator installed from a wheel of this checkout, offline."""
    work = tmp_path_factory.mktemp("install")
    wheels = work / "wheels"
    built = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", wheels, REPO)
    assert built.returncode == 0, built.stderr
    venv = work / "venv"
    created = run(sys.executable, "-m", "venv", venv)
    assert created.returncode == 0, created.stderr
    python = venv / "bin" / "python"
    purelib = run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip()
    # Third-party packages (mkdocs, Material, ...) from the test environment; a plain path
    # line, so that environment's own .pth files (its editable coursekit) stay inactive.
    Path(purelib, "test_env_packages.pth").write_text("\n".join(site.getsitepackages()) + "\n", encoding="utf-8")
    assert run(python, "-c", "import coursekit").returncode != 0, "the venv must not see this checkout before the install"
    wheel = next(wheels.glob("containerization_course-*.whl"))
    installed = run(python, "-m", "pip", "install", "--no-index", "--no-deps", wheel)
    assert installed.returncode == 0, installed.stderr
    where = run(python, "-c", "import coursekit; print(coursekit.__file__)").stdout.strip()
    assert where.startswith(str(venv)), f"coursekit must come from the installed wheel, not {where}"
    (course / "node_modules").symlink_to(REPO / "node_modules")
    return python


def test_new_course_has_its_files_and_depends_on_the_generator(course):
    for rel in (
        "mkdocs.yml",
        "docs/index.md",
        "docs/modules/intro.md",
        "exercises/first-lab/index.md",
        "exercises/first-lab/files/hello.txt",
        "hooks/book.py",
        "noxfile.py",
        "requirements.txt",
        ".github/workflows/ci.yml",
        "README.md",
        "tests/test_course.py",
        "package-lock.json",
    ):
        assert (course / rel).is_file(), rel
    assert not list(course.rglob("coursekit")), "the generator package is a dependency, not copied"
    assert "containerization-course @ file://" in (course / "requirements.txt").read_text(encoding="utf-8")
    config = (course / "mkdocs.yml").read_text(encoding="utf-8")
    assert f'site_name: "{TITLE}"' in config
    manifest = yaml.load(config, Loader=yaml.BaseLoader)["extra"]["course"]
    assert manifest["default_variant"] == "main"
    assert manifest["variants"] == {"main": {"title": TITLE, "modules": ["intro"]}}


def test_new_course_readme_commands_and_nox_sessions(course):
    readme = (course / "README.md").read_text(encoding="utf-8")
    assert ".venv/bin/pip install -q nox==2026.10.20 && .venv/bin/nox -s build" in readme
    assert "\n.venv/bin/nox -s tests " in readme
    noxfile = (course / "noxfile.py").read_text(encoding="utf-8")
    for session in ("def build(", "def serve(", "def tests("):
        assert session in noxfile
    compiled = compile(noxfile, "noxfile.py", "exec")
    assert compiled is not None


def test_new_course_ci_workflow_matches_github_schema(course):
    check = Path(sys.executable).with_name("check-jsonschema")
    result = run(check, "--builtin-schema", "vendor.github-workflows", course / ".github/workflows/ci.yml")
    assert result.returncode == 0, result.stdout + result.stderr


def test_generator_refuses_a_folder_with_files(course, capsys):
    assert new_course.main([str(course), "--title", "Again"]) == 1
    assert "exists and is not empty" in capsys.readouterr().err


@pytest.mark.slow
def test_new_course_builds_strict_with_zero_findings_and_passes_its_tests(course, course_python, tmp_path):
    site_dir = tmp_path / "site"
    build = run(course_python, "-m", "mkdocs", "build", "--strict", "-d", site_dir, cwd=course)
    assert build.returncode == 0, build.stderr
    assert "WARNING" not in build.stderr
    check = run(course_python.with_name("course-check"), "docs", "exercises", cwd=course)
    assert check.returncode == 0 and check.stdout.strip().endswith("0 errors, 0 warnings in 5 files checked"), check.stdout + check.stderr

    deck = (site_dir / "slides/index.html").read_text(encoding="utf-8")
    assert "What this course is about" in deck and "deck-countdown" in deck
    book = (site_dir / "exercises/first-lab/index.html").read_text(encoding="utf-8")
    assert "You downloaded the lab files" in book
    with zipfile.ZipFile(site_dir / "downloads/first-lab.zip") as lab:
        assert any(name.endswith("hello.txt") for name in lab.namelist())

    own_tests = run(course_python, "-m", "pytest", "-q", "-p", "no:cacheprovider", cwd=course)
    assert own_tests.returncode == 0, own_tests.stdout + own_tests.stderr
    assert "1 passed" in own_tests.stdout
