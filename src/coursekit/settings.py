"""The build's switches: every environment variable the course reads, read here and nowhere else,
and the course options of ``extra.course`` in mkdocs.yml, validated once into typed values.

Environment variables (all optional):

=========================  =====================================================================
``COURSE_AUDIENCE``        ``instructor`` (default) or ``trainee``: what the build leaves out
``COURSE_VARIANT``         the course variant to build (default: ``extra.course.default_variant``)
``COURSE_VERSION``         the version shown everywhere (default: ``git describe``)
``COURSE_CHECK_DATE``      ``YYYY-MM-DD``: the date end-of-support checks compare with (default: today)
``COURSE_CHECK_HADOLINT``  ``1``: run hadolint as a second Containerfile engine
``COURSE_NODE_MODULES``    where ``npm ci`` put the browser libraries (default: ``node_modules/``)
``SOURCE_DATE_EPOCH``      the date every output file carries (default: HEAD's commit time)
``COURSE_CHROMIUM``        the Chromium the PDF export drives (default: ``/usr/bin/chromium``)
``LABS_ENGINE``            ``docker`` (default) or ``podman``: the engine ``course-labs`` drives
=========================  =====================================================================

Subprocesses (the safe build, the release build, git) get a copy of the environment as it is.
The accessors read the process environment on every call (``course-check --hadolint`` and tests
set variables at run time; a forked or spawned worker inherits them); :func:`read_switches`
validates all of them at once, so a build stops at its start with every bad value named.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from datetime import date
from typing import Any

from coursekit.errors import SourceError

AUDIENCES = ("instructor", "trainee")
AUDIENCE = "COURSE_AUDIENCE"
VARIANT = "COURSE_VARIANT"
VERSION = "COURSE_VERSION"
CHECK_DATE = "COURSE_CHECK_DATE"
HADOLINT = "COURSE_CHECK_HADOLINT"
NODE_MODULES = "COURSE_NODE_MODULES"
SOURCE_DATE_EPOCH = "SOURCE_DATE_EPOCH"
CHROMIUM = "COURSE_CHROMIUM"
LABS_ENGINE = "LABS_ENGINE"
#: Set with SOURCE_DATE_EPOCH when the build pins it (the environment carries the mark to workers and rebuilds).
_PINNED_BY_BUILD = "COURSEKIT_SOURCE_DATE_EPOCH_PINNED"


def _env(environ: dict | None) -> Any:
    return os.environ if environ is None else environ


def audience(environ: dict | None = None) -> str:
    value = _env(environ).get(AUDIENCE, "instructor").strip().lower() or "instructor"
    if value not in AUDIENCES:
        raise SourceError(f"{AUDIENCE} must be one of {', '.join(AUDIENCES)}, not {value!r}")
    return value


def variant(environ: dict | None = None) -> str | None:
    return _env(environ).get(VARIANT) or None


def explicit_version(environ: dict | None = None) -> str:
    return (_env(environ).get(VERSION) or "").strip()


def check_date(environ: dict | None = None) -> date:
    """The date end-of-support dates are compared with: today, or ``COURSE_CHECK_DATE`` (YYYY-MM-DD)."""
    override = _env(environ).get(CHECK_DATE)
    return _parse_date(override) if override else date.today()


@functools.lru_cache(maxsize=8)
def _parse_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        # course-check exits 2 with this line and the build stops with it (no traceback)
        raise ValueError(f"{CHECK_DATE}={text!r} is not a date: write YYYY-MM-DD (for example 2026-11-28)") from None


def hadolint(environ: dict | None = None) -> bool:
    return _env(environ).get(HADOLINT, "").lower() in ("1", "true", "yes", "on")


def enable_hadolint() -> None:
    """``course-check --hadolint``: for this process and the workers it starts."""
    os.environ[HADOLINT] = "1"


def node_modules(environ: dict | None = None) -> str | None:
    return _env(environ).get(NODE_MODULES) or None


def labs_engine(environ: dict | None = None) -> str:
    return _env(environ).get(LABS_ENGINE, "docker")


def chromium(environ: dict | None = None) -> str:
    return _env(environ).get(CHROMIUM, "/usr/bin/chromium")


def source_date_epoch(environ: dict | None = None) -> int | None:
    """``SOURCE_DATE_EPOCH`` in seconds, None when unset."""
    value = (_env(environ).get(SOURCE_DATE_EPOCH) or "").strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise SourceError(f"{SOURCE_DATE_EPOCH} must be a whole number of seconds, not {value!r}") from None


def raw_source_date_epoch(environ: dict | None = None) -> str | None:
    return _env(environ).get(SOURCE_DATE_EPOCH) or None


def pin_source_date_epoch(value: int, environ: dict | None = None) -> None:
    """Set ``SOURCE_DATE_EPOCH`` for this process (MkDocs dates the sitemap from it), marked as
    pinned by the build (:func:`source_date_epoch_pinned_by_build`) rather than by the caller."""
    env = _env(environ)
    env[SOURCE_DATE_EPOCH] = env[_PINNED_BY_BUILD] = str(value)


def source_date_epoch_pinned_by_build(environ: dict | None = None) -> bool:
    """Whether ``SOURCE_DATE_EPOCH`` is the build's own pin (refreshed on every rebuild) or the caller's (kept)."""
    env = _env(environ)
    return bool(env.get(SOURCE_DATE_EPOCH)) and env.get(_PINNED_BY_BUILD) == env.get(SOURCE_DATE_EPOCH)


@dataclass(frozen=True)
class Switches:
    """The environment of one build, validated."""

    audience: str
    variant: str | None
    check_date: date
    hadolint: bool


def read_switches(environ: dict | None = None) -> Switches:
    """Every switch at once; a bad value raises one :class:`SourceError` naming all of them."""
    problems: list[str] = []
    values: dict[str, Any] = {}
    for name, read in (("audience", audience), ("check_date", check_date), ("source_date_epoch", source_date_epoch)):
        try:
            values[name] = read(environ)
        except (SourceError, ValueError) as exc:
            problems.append(str(exc))
    if problems:
        raise SourceError("; ".join(problems))
    return Switches(values["audience"], variant(environ), values["check_date"], hadolint(environ))


@dataclass(frozen=True)
class CourseOptions:
    """``extra.course`` options beyond the manifest (modules, variants: :mod:`coursekit.course.manifest`)."""

    trainee_solutions: bool = False  # trainee builds keep the solutions
    disabled_checks: tuple[str, ...] = ()  # extra.course.checks.disable: rule codes switched off


def course_options(extra: dict | None, config_file: str, lines: dict[tuple, int] | None = None) -> CourseOptions:
    """The typed options, or a :class:`SourceError` at the line of the bad key in mkdocs.yml."""
    course = (extra or {}).get("course") or {}
    lines = lines or {}
    if not isinstance(course, dict):
        return CourseOptions()
    solutions = course.get("trainee_solutions", False)
    if not isinstance(solutions, bool):
        raise SourceError(
            f"'extra.course.trainee_solutions' must be true or false, not {solutions!r}", config_file, lines.get(("course", "trainee_solutions"), 0)
        )
    checks = course.get("checks") or {}
    disable = checks.get("disable") if isinstance(checks, dict) else None
    if not isinstance(checks, dict) or not isinstance(disable or [], list):
        raise SourceError("'extra.course.checks' must be a mapping with a list 'disable: [CODE, ...]'", config_file, lines.get(("course", "checks"), 0))
    return CourseOptions(solutions, tuple(str(code) for code in disable or []))
