"""The course structure as ``course-check`` sees it, without MkDocs.

``mkdocs build`` loads the course model in ``hooks/course_sources.py`` and stops at
the first problem (manifest, module and exercise front matter, exercise ids,
``/// exercises`` assignments).  ``course-check`` runs the same loader here so that
an editor, CI or the pre-commit hook reports the same error at the same
``file:line`` (rule CK009) before anyone builds.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

import yaml

from .course import load_course
from .errors import SourceError
from .findings import Finding, Severity

CONFIG = "mkdocs.yml"


def read_config(config_file: str) -> dict | None:
    """mkdocs.yml as plain data (``!!python/...`` and ``!ENV`` values become None); None if unreadable."""

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        with open(config_file, encoding="utf-8-sig") as fh:
            data = yaml.load(fh, Loader=_Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return data if isinstance(data, dict) else None


def covers_course(paths: Iterable[str], root: str, docs_dir: str) -> bool:
    """Whether the checked ``paths`` include course sources (the root, docs/, exercises/ or mkdocs.yml)."""
    areas = [os.path.abspath(docs_dir), os.path.join(os.path.abspath(root), "exercises")]
    for p in paths:
        full = os.path.abspath(p)
        if full == os.path.abspath(root) or full == os.path.join(os.path.abspath(root), CONFIG):
            return True
        if any(full == a or full.startswith(a + os.sep) for a in areas):
            return True
    return False


def check_course(root: str, paths: Iterable[str] | None = None, variant: str | None = None) -> list[Finding]:
    """CK009 (and CK012) findings for the course under ``root`` (empty when there is no course manifest).

    Every variant of the manifest is loaded unless ``variant`` (or ``COURSE_VARIANT``) picks one.

    With ``paths``, the course is only loaded when they include course sources, so that
    checking a stray file elsewhere does not report unrelated course problems.
    """
    config_file = os.path.join(root, CONFIG)
    if not os.path.isfile(config_file):
        return []
    data = read_config(config_file)
    if data is None:
        return [Finding(CONFIG, 1, 1, Severity.ERROR, "CK009", "mkdocs.yml cannot be read as YAML")]
    extra = data.get("extra") if isinstance(data.get("extra"), dict) else {}
    if "course" not in extra:
        return []
    docs_dir = os.path.join(root, str(data.get("docs_dir") or "docs"))
    if paths is not None and not covers_course(paths, root, docs_dir):
        return []
    chosen = variant or os.environ.get("COURSE_VARIANT") or None
    course = extra.get("course")
    variants = course.get("variants") if isinstance(course, dict) else None
    # Without a chosen variant, every variant is loaded: each has its own modules, days and durations.
    names = [chosen] if chosen or not isinstance(variants, dict) or not variants else [str(n) for n in variants]
    found: set[Finding] = set()
    for name in names:
        try:
            load_course(config_file, docs_dir, extra, name)
        except SourceError as exc:
            problems = getattr(exc, "problems", None) or [exc]
            found.update(
                Finding(p.path.replace(os.sep, "/") or CONFIG, max(p.line, 1), max(p.column, 1), Severity.ERROR, getattr(p, "code", "") or "CK009", p.message)
                for p in problems
            )
    return sorted(found)
