"""CK014 TooManySlidesForTalkTime (run on every loaded course variant by ``ck009_ck012_course_source``)."""

from __future__ import annotations

import os

from coursekit.course import timetable
from coursekit.course.manifest import Course, manifest_lines
from coursekit.deck.lint import content_slides
from coursekit.validation.findings import Finding, Severity
from coursekit.validation.rules import Rule

CONFIG = "mkdocs.yml"


def too_little_talk_time(course: Course, root: str) -> list[Finding]:
    """CK014 for every lecture module of the variant with less than the minimum talk time per content slide."""
    lines = manifest_lines(os.path.join(root, CONFIG))
    name = course.variant.name
    findings = []
    for m in course.modules:
        if timetable.is_wrap_up(course, m.id):
            continue
        with open(m.abs_path, encoding="utf-8-sig") as fh:
            slides = content_slides(fh.read(), course, m.abs_path, root)
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
        findings.append(RULE.finding(where, max(line, 1), 1, detail))
    return findings


RULE = Rule(
    "CK014",
    "TooManySlidesForTalkTime",
    "markdown",
    Severity.ERROR,
    "{detail}",
    "A slide takes at least a minute and a half to present with its question to the room; a module that plans less talk time "
    "per content slide (its duration minus its exercises and demos, over its slides without the title, section and exercise "
    "slides) runs late, and the day with it: the images module at 1.1 min per slide cost the course half an hour a day. "
    "Merge or cut slides, move detail into the notes, or give the module the minutes it needs. Wrap-up modules are exempt.",
    example="---\ntitle: Basics\nduration: 12\n---\n\n# Basics\n\n## Images\n\nAn image is a template.\n\n## Containers\n\nA container is a process.\n\n"
    "## Exercise: first run\n\n/// exercises\n- first-run\n///\n",
    fixed="---\ntitle: Basics\nduration: 13\n---\n\n# Basics\n\n## Images\n\nAn image is a template.\n\n## Containers\n\nA container is a process.\n\n"
    "## Exercise: first run\n\n/// exercises\n- first-run\n///\n",
    check=too_little_talk_time,
    example_path="docs/modules/basics.md",
)
