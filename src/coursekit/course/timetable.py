"""The course day by the clock: the hours a variant announces, its breaks, and when each module starts.

A variant states its hours once, in the manifest (``extra.course.variants.<name>.hours``)::

    hours:
      start: "08:30"
      end: "17:30"
      breaks:
        - {after: basics, minutes: 15, title: Coffee break}
        - {after: images, minutes: 45, title: Lunch}

The home page's agenda prints the clock time of every module and break from it,
the welcome module announces the hours with ``/// hours`` and ``course-check``
checks that the day (breaks included) ends at least :data:`SLACK_MINUTES`
before ``end`` (CK015).  Each day of a several-day variant starts at ``start``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from coursekit.course.manifest import Course, Module

#: Minutes the planned day must end before the announced end (questions, a late start, a slow lab).
SLACK_MINUTES = 15
HOURS_KEYS = ("start", "end", "breaks")
BREAK_KEYS = ("after", "minutes", "title")
_CLOCK = re.compile(r"^(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)$")


@dataclass
class Break:
    after: str  # module id the break follows
    minutes: int
    title: str


@dataclass
class Hours:
    start: int  # minutes after midnight
    end: int
    breaks: list[Break] = field(default_factory=list)


@dataclass
class Slot:
    """One row of the day: a module, or a break (``module`` None)."""

    day: int
    start: int
    minutes: int
    title: str
    module: Module | None = None

    @property
    def end(self) -> int:
        return self.start + self.minutes


def clock(minutes: int) -> str:
    """``510`` -> ``"08:30"``."""
    hours, rest = divmod(minutes, 60)
    return f"{hours:02d}:{rest:02d}"


def _minutes_of(value: Any) -> int | None:
    # PyYAML (YAML 1.1) reads an unquoted 13:00 as the base-60 number 780, which is the same minute.
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 <= value < 24 * 60 else None
    m = _CLOCK.match(str(value).strip()) if isinstance(value, str) else None
    return int(m.group("h")) * 60 + int(m.group("m")) if m else None


def parse_hours(spec: Any, modules: list[str], fail, lines: dict[tuple, int], variant: str) -> Hours | None:
    """Validate a variant's ``hours`` mapping; ``fail(message, line)`` makes the SourceError."""
    if spec is None:
        return None
    at = lines.get((variant, "hours"), 0)
    if not isinstance(spec, dict):
        raise fail("needs 'hours' as a mapping: 'start: \"08:30\"', 'end: \"17:30\"' and optional 'breaks'", at)
    for key in spec:
        if key not in HOURS_KEYS:
            raise fail(f"has an unknown key '{key}' in 'hours' (known: {', '.join(HOURS_KEYS)})", lines.get((variant, "hours", str(key)), at))
    times = {}
    for key in ("start", "end"):
        minutes = _minutes_of(spec.get(key))
        if minutes is None:
            raise fail(f"needs 'hours: {key}' as a clock time in quotes, e.g. '{key}: \"09:00\"'", lines.get((variant, "hours", key), at))
        times[key] = minutes
    if times["end"] <= times["start"]:
        raise fail(f"has 'hours: end' {clock(times['end'])} not after 'start' {clock(times['start'])}", lines.get((variant, "hours", "end"), at))
    raw = spec.get("breaks", []) or []
    if not isinstance(raw, list):
        raise fail("needs 'hours: breaks' as a list of '{after: MODULE, minutes: N, title: TEXT}'", lines.get((variant, "hours", "breaks"), at))
    breaks = []
    for i, item in enumerate(raw):
        line = lines.get((variant, "breaks", i), at)
        if not isinstance(item, dict) or set(item) - set(BREAK_KEYS) or "after" not in item or "minutes" not in item:
            raise fail("has a break that is not '{after: MODULE, minutes: N, title: TEXT}'", line)
        after, minutes, title = item["after"], item["minutes"], item.get("title", "Break")
        if after not in modules:
            raise fail(f"has a break after module '{after}', which it does not list", line)
        if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
            raise fail(f"has a break of {minutes!r} minutes: use a positive whole number", line)
        if not isinstance(title, str) or not title.strip():
            raise fail("has a break without a 'title' text", line)
        breaks.append(Break(after, minutes, title.strip()))
    return Hours(times["start"], times["end"], breaks)


def day_slots(course: Course) -> list[Slot]:
    """Every module and break of the variant with its clock time (empty without ``hours``)."""
    hours = course.variant.hours
    if hours is None:
        return []
    after: dict[str, list[Break]] = {}
    for b in hours.breaks:
        after.setdefault(b.after, []).append(b)
    slots: list[Slot] = []
    for day, modules, _minutes in course.schedule:
        now = hours.start
        for m in modules:
            slots.append(Slot(day, now, m.duration, m.title, m))
            now += m.duration
            for b in after.get(m.id, []):
                slots.append(Slot(day, now, b.minutes, b.title))
                now += b.minutes
    return slots


def day_end(course: Course, day: int = 1) -> int | None:
    """Clock minute when ``day`` ends as planned: its last module (or break) ends."""
    ends = [s.end for s in day_slots(course) if s.day == day]
    return max(ends) if ends else None


def hours_markdown(course: Course) -> str:
    """The announcement of ``/// hours``: the day's hours, then each break with its clock time."""
    hours = course.variant.hours
    if hours is None:
        return ""
    each = "Each day" if course.variant.days > 1 else "Hours"
    lines = [f"- {each}: {clock(hours.start)}–{clock(hours.end)}"]
    breaks = [s for s in day_slots(course) if s.module is None and s.day == 1]
    if breaks:
        lines.append("- Breaks: " + ", ".join(f"{s.title.lower()} {clock(s.start)}–{clock(s.end)}" for s in breaks))
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# Talk time per slide (CK014)

#: A lecture module needs at least this many minutes of talk per content slide, or the day runs late.
MIN_TALK_PER_SLIDE = 1.5


def is_wrap_up(course: Course, module_id: str) -> bool:
    """Wrap-up modules (they assign a wrap-up lab) are mostly lab time with a few orientation slides."""
    return any(e.kind == "wrap-up" for e in course.exercises_of(module_id))


def talk_minutes(course: Course, module: Module) -> int:
    """What the variant spends on ``module`` minus the exercises and demos it keeps there (appendices are not timed)."""
    return module.duration - sum(e.duration for e in course.exercises_of(module.id) if e.kind != "appendix")
