"""CK015 DayExceedsAnnouncedHours (run on every loaded course variant by ``ck009_ck012_course_source``)."""

from __future__ import annotations

import os

from coursekit.course import timetable
from coursekit.course.manifest import Course, manifest_lines
from coursekit.validation.findings import Finding, Severity
from coursekit.validation.rules import Rule

CONFIG = "mkdocs.yml"


def days_past_announced_hours(course: Course, root: str) -> list[Finding]:
    """CK015 for every day that leaves less than the slack before the announced end."""
    hours = course.variant.hours
    if hours is None:
        return []
    lines = manifest_lines(os.path.join(root, CONFIG))
    name = course.variant.name
    findings = []
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
        findings.append(RULE.finding(CONFIG, max(line, 1), 1, detail))
    return findings


RULE = Rule(
    "CK015",
    "DayExceedsAnnouncedHours",
    "markdown",
    Severity.ERROR,
    "{detail}",
    "The welcome module announces the hours of the day from the manifest; a day whose modules and breaks end less than 15 "
    "minutes before that end has no room for questions or a slow lab, so it overruns what trainees planned for.",
    example='site_name: t\nextra:\n  course:\n    default_variant: v\n    variants:\n      v:\n        title: V\n        modules:\n          - basics\n        hours:\n          start: "09:00"\n          end: "09:40"\n',
    fixed='site_name: t\nextra:\n  course:\n    default_variant: v\n    variants:\n      v:\n        title: V\n        modules:\n          - basics\n        hours:\n          start: "09:00"\n          end: "10:00"\n',
    check=days_past_announced_hours,
    example_path="mkdocs.yml",
)
