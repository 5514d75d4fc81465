"""CK009 InvalidCourseSource and CK012 ModuleDurationTooShort: one family, found by the course loader
(which also runs the timing rules CK014 and CK015).

``mkdocs build`` loads the course model in ``hooks/course_sources.py`` and stops at the first
problem (manifest, module and exercise front matter, exercise ids, ``/// exercises``
assignments).  ``course-check`` runs the same loader here so that an editor, CI or the
pre-commit hook reports the same error at the same ``file:line`` before anyone builds.
"""

from __future__ import annotations

import os
from collections.abc import Iterable

from coursekit import settings
from coursekit.course.lint import CONFIG, config_problem, covers_course, read_config
from coursekit.course.manifest import load_course
from coursekit.errors import SourceError
from coursekit.validation.findings import Finding, Severity
from coursekit.validation.meta.ck014_too_many_slides_for_talk_time import too_little_talk_time
from coursekit.validation.meta.ck015_day_exceeds_announced_hours import days_past_announced_hours
from coursekit.validation.rules import Rule


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
        line, column, message = config_problem(config_file)
        return [RULE.finding(CONFIG, line, column, message)]
    extra = data.get("extra") if isinstance(data.get("extra"), dict) else {}
    if "course" not in extra:
        return []
    docs_dir = os.path.join(root, str(data.get("docs_dir") or "docs"))
    if paths is not None and not covers_course(paths, root, docs_dir):
        return []
    chosen = variant or settings.variant()
    course = extra.get("course")
    variants = course.get("variants") if isinstance(course, dict) else None
    # Without a chosen variant, every variant is loaded: each has its own modules, days and durations.
    names = [chosen] if chosen or not isinstance(variants, dict) or not variants else [str(n) for n in variants]
    found: set[Finding] = set()
    for name in names:
        try:
            loaded = load_course(config_file, docs_dir, extra, name)
            found.update(too_little_talk_time(loaded, root))
            found.update(days_past_announced_hours(loaded, root))
        except SourceError as exc:
            problems = getattr(exc, "problems", None) or [exc]
            found.update(
                (DURATION_RULE if getattr(p, "code", "") == DURATION_RULE.code else RULE).finding(
                    p.path.replace(os.sep, "/") or CONFIG, max(p.line, 1), max(p.column, 1), p.message
                )
                for p in problems
            )
    return sorted(found)


RULE = Rule(
    "CK009",
    "InvalidCourseSource",
    "markdown",
    Severity.ERROR,
    "{detail}",
    "The course manifest, module and exercise front matter and the exercise assignments must be consistent, or the site cannot be built.",
    example="---\ntitle: Basics\nduration: 60\n---\n\n# Basics\n\n## Exercise: first run\n\n/// exercises\n- frist-run\n///\n",
    fixed="---\ntitle: Basics\nduration: 60\n---\n\n# Basics\n\n## Exercise: first run\n\n/// exercises\n- first-run\n///\n",
    check=check_course,
    example_path="docs/modules/basics.md",
)


def short_modules(root: str, paths: Iterable[str] | None = None) -> list[Finding]:
    """The modules (and variant ``durations`` entries) shorter than the exercises they assign."""
    return [f for f in check_course(root, paths) if f.code == DURATION_RULE.code]


DURATION_RULE = Rule(
    "CK012",
    "ModuleDurationTooShort",
    "markdown",
    Severity.ERROR,
    "{detail}",
    "A module's duration includes its exercises and demos; one shorter than their sum is a contradiction the agenda would print as the plan "
    "(basics at 15 min with 43 min of labs), so the day overruns. An error, not a warning: the number is wrong, and the fix (raise it, move "
    "an exercise) is one line. A variant's 'durations' entry must likewise cover the exercises it keeps.",
    example="---\ntitle: Basics\nduration: 5\n---\n\n# Basics\n\n## Exercise: first run\n\n/// exercises\n- first-run\n///\n",
    fixed="---\ntitle: Basics\nduration: 30\n---\n\n# Basics\n\n## Exercise: first run\n\n/// exercises\n- first-run\n///\n",
    check=short_modules,
    example_path="docs/modules/basics.md",
)
