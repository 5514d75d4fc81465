"""The course structure as ``course-check`` sees it, without MkDocs.

``mkdocs build`` loads the course model in ``hooks/course_sources.py`` and stops at
the first problem (manifest, module and exercise front matter, exercise ids,
``/// exercises`` assignments).  ``course-check`` runs the same loader here so that
an editor, CI or the pre-commit hook reports the same error at the same
``file:line`` (rule CK009) before anyone builds.

It also holds the course-wide rule for diagrams: every ```` ```mermaid ```` fence
carries an accessible description (rule CK011), which mermaid renders as the
SVG's ``<desc>`` on the handout pages and on the slides.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

import yaml

from coursekit import settings
from coursekit.course import timetable
from coursekit.course.manifest import Course, load_course, manifest_lines
from coursekit.errors import SourceError
from coursekit.markdown.blocks import CodeBlock
from coursekit.validation.checker import Artifact, Kind, register_kind
from coursekit.validation.findings import Finding, Severity
from coursekit.validation.rules import REGISTRY

CONFIG = "mkdocs.yml"


class _ConfigLoader(yaml.SafeLoader):
    """Safe YAML that turns MkDocs' own tags (``!!python/...``, ``!ENV``) into None."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _load_config(config_file: str):
    with open(config_file, encoding="utf-8-sig") as fh:
        return yaml.load(fh, Loader=_ConfigLoader)  # noqa: S506 - a SafeLoader subclass


def read_config(config_file: str) -> dict | None:
    """mkdocs.yml as plain data (``!!python/...`` and ``!ENV`` values become None); None if unreadable."""
    try:
        data = _load_config(config_file)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return data if isinstance(data, dict) else None


def config_problem(config_file: str) -> tuple[int, int, str]:
    """Where and why ``read_config`` failed: line, column and message; for a YAML error its
    own line and message (the line MkDocs names too)."""
    try:
        data = _load_config(config_file)
    except OSError as exc:
        return 1, 1, f"mkdocs.yml cannot be read: {exc.strerror or exc}"
    except UnicodeDecodeError as exc:
        return 1, 1, f"mkdocs.yml is not UTF-8 text ({exc.reason} at byte {exc.start})"
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        detail = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem and exc.context_mark is not None:
            detail = f"{exc.problem} ({exc.context} at line {exc.context_mark.line + 1})"
        message = f"mkdocs.yml cannot be read as YAML: {detail}"
        return (mark.line + 1, mark.column + 1, message) if mark is not None else (1, 1, message)
    except yaml.YAMLError as exc:
        return 1, 1, f"mkdocs.yml cannot be read as YAML: {exc}"
    kind = "empty" if data is None else f"a {type(data).__name__}"
    return 1, 1, f"mkdocs.yml must be a mapping of settings (site_name: ..., nav: ...); it is {kind}"


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
        line, column, message = config_problem(config_file)
        return [Finding(CONFIG, line, column, Severity.ERROR, "CK009", message)]
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
            found.update(check_timing(loaded, root))
        except SourceError as exc:
            problems = getattr(exc, "problems", None) or [exc]
            found.update(
                Finding(p.path.replace(os.sep, "/") or CONFIG, max(p.line, 1), max(p.column, 1), Severity.ERROR, getattr(p, "code", "") or "CK009", p.message)
                for p in problems
            )
    return sorted(found)


# ---------------------------------------------------------------------------
# CK014, CK015: a day that fits its hours.

REGISTRY.rule(
    "CK014",
    "TooManySlidesForTalkTime",
    "markdown",
    Severity.ERROR,
    "{detail}",
    "A slide takes at least a minute and a half to present with its question to the room; a module that plans less talk time "
    "per content slide (its duration minus its exercises and demos, over its slides without the title, section and exercise "
    "slides) runs late, and the day with it: the images module at 1.1 min per slide cost the course half an hour a day. "
    "Merge or cut slides, move detail into the notes, or give the module the minutes it needs. Wrap-up modules are exempt.",
)(lambda *_: ())

REGISTRY.rule(
    "CK015",
    "DayExceedsAnnouncedHours",
    "markdown",
    Severity.ERROR,
    "{detail}",
    "The welcome module announces the hours of the day from the manifest; a day whose modules and breaks end less than 15 "
    "minutes before that end has no room for questions or a slow lab, so it overruns what trainees planned for.",
)(lambda *_: ())


def check_timing(course: Course, root: str) -> list[Finding]:
    """CK014 for every lecture module of the variant, CK015 for every day that leaves less than the slack before its end."""
    config = os.path.join(root, CONFIG)
    lines = manifest_lines(config)
    name = course.variant.name
    findings = []
    for m in course.modules:
        if timetable.is_wrap_up(course, m.id):
            continue
        with open(m.abs_path, encoding="utf-8-sig") as fh:
            slides = timetable.content_slides(fh.read(), course, m.abs_path, root)
        talk = timetable.talk_minutes(course, m)
        if not slides or talk >= timetable.MIN_TALK_PER_SLIDE * len(slides):
            continue
        fits = int(talk // timetable.MIN_TALK_PER_SLIDE)
        needed = -(-len(slides) * 3 // 2)  # ceil(1.5 per slide), in whole minutes
        if m.id in course.variant.durations:
            where, line = CONFIG, lines.get((name, "durations", m.id), 0)
        else:
            where, line = os.path.relpath(m.abs_path, root).replace(os.sep, "/"), m.duration_line
        detail = (
            f"module '{m.id}' has {talk} min of talk for {len(slides)} content slides in course variant '{name}' "
            f"({talk / len(slides):.2f} min per slide, at least {timetable.MIN_TALK_PER_SLIDE} needed): cut or merge slides to {fits} or fewer, "
            f"move detail into the notes, or plan {needed - talk} min more"
        )
        findings.append(Finding(where, max(line, 1), 1, Severity.ERROR, "CK014", detail))
    hours = course.variant.hours
    if hours is not None:
        for day, _modules, _minutes in course.schedule:
            end = timetable.day_end(course, day) or hours.start
            if end + timetable.SLACK_MINUTES <= hours.end:
                continue
            on = f"day {day} of course variant '{name}'" if course.variant.days > 1 else f"course variant '{name}'"
            detail = (
                f"{on} ends at {timetable.clock(end)} (modules and breaks from {timetable.clock(hours.start)}), "
                f"less than {timetable.SLACK_MINUTES} min before the announced end {timetable.clock(hours.end)}: "
                f"shorten it by {end + timetable.SLACK_MINUTES - hours.end} min or announce a later end"
            )
            line = lines.get((name, "hours", "end"), 0) or lines.get((name, "hours"), 1)
            findings.append(Finding(CONFIG, max(line, 1), 1, Severity.ERROR, "CK015", detail))
    return findings


# ---------------------------------------------------------------------------
# CK011: diagrams carry a text alternative.

DIAGRAM_KIND = "diagram"
# mermaid's accessibility statements (flowchart, state, sequence, ... diagrams):
# ``accDescr: one line`` or ``accDescr { several lines }``.
_ACC_DESCR_LINE = re.compile(r"^\s*accDescr\s*:\s*(?P<text>.*?)\s*$")
_ACC_DESCR_BLOCK = re.compile(r"^\s*accDescr\s*\{(?P<rest>.*)$")


@REGISTRY.rule(
    "CK011",
    "DiagramWithoutDescription",
    "markdown",
    Severity.WARNING,
    "diagram without a text description: add 'accDescr: <what the picture shows>' (and 'accTitle: <short title>') after the diagram type line",
    "A diagram is only a picture to a screen reader, a text-only handout or search: mermaid's accDescr becomes the SVG's <desc> "
    "(aria-describedby), so everybody gets what the diagram shows. Alt text for every picture is part of the course's requirements.",
)
def _ck011(*_):
    return ()


def diagram_description(lines: Iterable[str]) -> str:
    """The ``accDescr`` text of a mermaid diagram's source lines ('' when there is none)."""
    lines = list(lines)
    for i, text in enumerate(lines):
        if text.lstrip().startswith("%%"):
            continue  # a mermaid comment
        m = _ACC_DESCR_LINE.match(text)
        if m:
            return m.group("text")
        m = _ACC_DESCR_BLOCK.match(text)
        if m:
            body = [m.group("rest")]
            for more in lines[i + 1 :]:
                if "}" in more:
                    body.append(more.split("}", 1)[0])
                    break
                body.append(more)
            else:
                body = [m.group("rest").split("}", 1)[0]]
            return " ".join(part.strip() for part in body if part.strip())
    return ""


def _diagram_matches(block: CodeBlock) -> bool:
    return block.lang == "mermaid"


def _no_file(_name: str) -> bool:
    return False


def check_diagram(artifact: Artifact) -> list[Finding]:
    """CK011 at the opening fence of a diagram without ``accDescr``."""
    if diagram_description(line.text for line in artifact.lines):
        return []
    rule = REGISTRY.get("CK011")
    return [Finding(artifact.origin, artifact.origin_line, 1, rule.severity, rule.code, rule.message)]


register_kind(Kind(DIAGRAM_KIND, _diagram_matches, _no_file, check_diagram))
