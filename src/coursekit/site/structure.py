"""Navigation, agenda and exercise cards generated from the course model."""

from __future__ import annotations

import posixpath
import re

from coursekit.course import audience
from coursekit.course.manifest import Course, Exercise
from coursekit.errors import SourceError

HOME_PAGE = "index.md"
BOOK_START = "exercises/index.md"
GUIDE_START = "guide/index.md"


def build_nav(course: Course, has_guide_start: bool = True) -> list:
    """MkDocs ``nav`` for the chosen variant: home, modules, exercise book, instructor guide."""
    modules = [{f"{m.number}. {m.short_title}": f"modules/{m.id}.md"} for m in course.modules]
    book: list = [BOOK_START]
    guide: list = [GUIDE_START] if has_guide_start else []
    appendices: list = []  # after every exercise, whichever module assigns them
    for m in course.modules:
        for ex in course.exercises_of(m.id):
            if ex.kind == "appendix":
                appendices.append({f"{ex.label} {ex.number}: {ex.title}": ex.src_uri})
                continue
            entry = {f"{ex.number} {ex.title}": ex.src_uri}
            (guide if ex.kind == "demo" else book).append(entry)
    book += appendices  # modules in course order: already lettered A, B, ...
    return [
        {"Home": HOME_PAGE},
        {"Modules": modules},
        {"Exercise book": book},
        {"Instructor guide": guide},
    ]


def relative_link(from_src: str, to_src: str) -> str:
    """Markdown link from one source file to another (MkDocs resolves it)."""
    return posixpath.relpath(to_src, posixpath.dirname(from_src) or ".")


def format_minutes(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest:02d} min"
    return f"{hours} h" if hours else f"{rest} min"


def agenda_markdown(course: Course, page_src: str) -> str:
    """A table of the variant's modules with durations, each day's sum (when it has several days) and the total."""
    rows = ["| # | Module | Exercises | Duration |", "|---:|---|---|---:|"]
    days = course.variant.days
    for day, modules, minutes in course.schedule:
        for m in modules:
            link = relative_link(page_src, f"modules/{m.id}.md")
            # Timed work only: demos are the instructor's, appendices are reference pages (the book lists them).
            work = ", ".join(f"[{e.number}]({relative_link(page_src, e.src_uri)})" for e in course.exercises_of(m.id) if e.kind not in ("demo", "appendix"))
            rows.append(f"| {m.number} | [{m.title}]({link}) | {work or '—'} | {format_minutes(m.duration)} |")
        if days > 1:
            rows.append(f"| | *Day {day}* | | *{format_minutes(minutes)}* |")
    over = f" ({days} days)" if days > 1 else ""
    rows.append(f"| | **Total**{over} | | **{format_minutes(course.total_minutes)}** |")
    return "\n".join(rows)


_AGENDA = re.compile(r"^/{3,}[ \t]*agenda[ \t]*\n/{3,}[ \t]*$", re.MULTILINE)
_ASSIGN = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>/{3,})\s*(?P<kind>exercises|demo)\b(?:\s*\|\s*(?P<title>[^\n]*))?\n(?P<body>.*?)^(?P=indent)(?P=fence)\s*$",
    re.MULTILINE | re.DOTALL,
)
_ID_LINE = re.compile(r"^\s*[-*]\s+([A-Za-z0-9_.-]+)\s*$")


def expand_course_blocks(markdown: str, course: Course, page_src: str, shown_path: str, line_offset: int) -> str:
    """Replace ``/// agenda`` and ``/// exercises``/``/// demo`` blocks by generated Markdown.

    ``line_offset`` is the number of front-matter lines MkDocs stripped, so an
    unknown id is reported at its line in the source file.
    """
    markdown = _AGENDA.sub(lambda _m: agenda_markdown(course, page_src), markdown)

    def card(m: re.Match) -> str:
        start_line = markdown.count("\n", 0, m.start("body")) + 1 + line_offset
        items: list[Exercise] = []
        skipped: list[str] = []
        for i, line in enumerate(m.group("body").splitlines()):
            if not line.strip():
                continue
            idm = _ID_LINE.match(line)
            if not idm:
                raise SourceError(f"an {m.group('kind')} block lists exercise ids as '- id' items, not {line.strip()!r}", shown_path, start_line + i)
            ex = course.exercises.get(idm.group(1))
            if ex is None and idm.group(1) in course.variant.exclude_exercises:
                skipped.append(idm.group(1))  # dropped by this course variant (extra.course.variants.<name>.exclude_exercises)
                continue
            if ex is None:
                raise SourceError(f"unknown exercise id '{idm.group(1)}'", shown_path, start_line + i)
            items.append(ex)
        if not items and skipped:
            # The deck leaves out a slide that holds nothing but this note.
            return f"{m.group('indent')}*Not part of the course variant “{course.variant.title}”.*\n{m.group('indent')}{{ .course-skipped }}\n"
        return assignment_card(items, m.group("kind"), m.group("title"), page_src, m.group("indent"))

    return _ASSIGN.sub(card, markdown)


def assignment_card(items: list[Exercise], kind: str, title: str | None, page_src: str, indent: str = "") -> str:
    """The handout card of an ``/// exercises`` or ``/// demo`` block (a Markdown admonition).

    Its lead paragraph carries ``data-kind``, ``data-exercises`` and ``data-minutes``
    (attr_list) so the deck builder turns the same card into an exercise slide.
    Demo cards are dropped from trainee builds (demos are instructor-only).
    """
    if not items or kind == "demo" and audience.is_trainee():
        return ""
    title = (title or ("Instructor demo" if kind == "demo" else "Exercise")).strip()
    minutes = sum(e.duration for e in items)
    css = "demo" if kind == "demo" else "exercise"
    ids = " ".join(e.id for e in items)
    verb = "See the demo in the instructor guide:" if kind == "demo" else "Work through, in the exercise book:"
    shown_title = title.replace('"', "'")
    lines = [f'!!! {css} "{shown_title} · {format_minutes(minutes)}"', ""]
    lines.append(f"    {verb}")
    lines.append(f'    {{ .course-assignment data-kind="{css}" data-exercises="{ids}" data-minutes="{minutes}" }}')
    lines.append("")
    for i, e in enumerate(items, start=1):
        link = relative_link(page_src, e.src_uri)
        item = f"    {i}. [**{e.label} {e.number}** {e.title}]({link}) · {format_minutes(e.duration)}"
        if e.objectives:
            # A hard line break (two trailing spaces), then the first objective as a subtitle.
            lines.extend([item + "  ", f"       *{e.objectives[0]}*"])
        else:
            lines.append(item)
    return "\n".join(indent + line if line else line for line in lines) + "\n"


_OBJECTIVES_HEADING = re.compile(r"^##[ \t]+Learning objectives\b[^\n]*\n", re.MULTILINE)
_NEXT_H2 = re.compile(r"^##[ \t]", re.MULTILINE)


def fill_learning_objectives(markdown: str, objectives: list[str]) -> str:
    """Put the front matter's objectives under an empty ``## Learning objectives`` heading.

    Authors write the objectives once (front matter, also used by the agenda and
    the deck); the page and the slide show them without typing them twice.
    """
    m = _OBJECTIVES_HEADING.search(markdown)
    if not m or not objectives:
        return markdown
    nxt = _NEXT_H2.search(markdown, m.end())
    section = markdown[m.end() : nxt.start() if nxt else len(markdown)]
    if re.search(r"^\s*(?:[-*+]|\d+\.)\s+\S", section.split("///")[0], re.MULTILINE):
        return markdown  # the author wrote a list already
    items = "\n".join(f"- {o}" for o in objectives)
    block = f"\nBy the end of this module, you will be able to:\n\n{items}\n\n"
    return markdown[: m.end()] + block + markdown[m.end() :]
