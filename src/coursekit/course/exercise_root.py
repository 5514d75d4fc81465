"""The second source root: ``exercises/`` is published under ``/exercises/``."""

from __future__ import annotations

import os

from coursekit.errors import SourceError

SKIP_NAMES = {"__pycache__", ".pytest_cache", "node_modules", ".DS_Store"}


def exercise_root_files(project_root: str, folder: str = "exercises") -> list[tuple[str, str]]:
    """(site URI, absolute path) of every file under ``exercises/``, sorted.

    Symlinks that leave the repository are refused: a lab file must be part of
    the course, not something that happens to exist on the build machine.
    """
    root = os.path.join(project_root, folder)
    real_project = os.path.realpath(project_root)
    found: list[tuple[str, str]] = []
    if not os.path.isdir(root):
        return found
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_NAMES and not d.startswith("."))
        for name in sorted(filenames):
            if name in SKIP_NAMES or name.startswith(".") and name not in (".env", ".dockerignore", ".containerignore"):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, project_root).replace(os.sep, "/")
            real = os.path.realpath(path)
            if os.path.commonpath([real, real_project]) != real_project:
                raise SourceError("is a symlink that points outside the repository; lab files must live in the course", rel, 1)
            if not os.path.isfile(real):
                continue
            found.append((rel, path))
        # Symlinked folders are not walked (followlinks=False); refuse them if they escape.
        for d in list(dirnames):
            p = os.path.join(dirpath, d)
            if os.path.islink(p):
                real = os.path.realpath(p)
                if os.path.commonpath([real, real_project]) != real_project:
                    rel = os.path.relpath(p, project_root).replace(os.sep, "/")
                    raise SourceError("is a symlinked folder that points outside the repository", rel, 1)
    return found


def is_page(site_uri: str) -> bool:
    """Markdown pages are built; everything else (lab files) is copied for download."""
    parts = site_uri.split("/")
    return site_uri.endswith(".md") and "files" not in parts[:-1] and "solution" not in parts[:-1]


def is_leftout(site_uri: str, project_root: str, in_course) -> bool:
    """Whether ``site_uri`` (``exercises/<id>/...``) belongs to an exercise that is not in
    ``in_course`` (the chosen variant's exercises): its page, lab files and solutions
    are then not published.  Folders without an ``index.md`` are not exercises."""
    parts = site_uri.split("/")
    if len(parts) < 3 or parts[1] in in_course:
        return False
    return os.path.isfile(os.path.join(project_root, parts[0], parts[1], "index.md"))


def published_files(project_root: str, in_course) -> list[tuple[str, str, bool]]:
    """(site URI, absolute path, is a page) of the files under ``exercises/`` this build publishes:
    every file but those of exercises not in ``in_course`` (the chosen variant's exercises) and
    Markdown that is not a page."""
    found = []
    for uri, path in exercise_root_files(project_root):
        if is_leftout(uri, project_root, in_course):
            continue  # an exercise the chosen course variant leaves out: neither its page nor its lab files
        if is_page(uri) or not uri.endswith(".md"):
            found.append((uri, path, is_page(uri)))
    return found
