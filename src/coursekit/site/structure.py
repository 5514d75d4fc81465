"""Navigation, agenda and exercise cards generated from the course model."""

from __future__ import annotations

import posixpath
import re

from coursekit.course import audience, timetable, variants
from coursekit.course.manifest import ASSIGNMENT_ITEM, OBJECTIVES_HEADING, Course, Exercise
from coursekit.errors import SourceError
from coursekit.markdown.scanner import Block, Kind, may_have_blocks, replace_blocks, scan

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


def _exercise_links(course: Course, module_id: str, page_src: str) -> str:
    # Timed work only: demos are the instructor's, appendices are reference pages (the book lists them).
    work = ", ".join(f"[{e.number}]({relative_link(page_src, e.src_uri)})" for e in course.exercises_of(module_id) if e.kind not in ("demo", "appendix"))
    return work or "—"


def timed_agenda_markdown(course: Course, page_src: str) -> str:
    """The agenda of a variant with ``hours``: every module and break at its clock time, then the day's end."""
    rows = ["| Time | # | Module | Exercises | Duration |", "|---|---:|---|---|---:|"]
    days = course.variant.days
    for day, _modules, minutes in course.schedule:
        if days > 1:
            rows.append(f"| | | **Day {day}** | | *{format_minutes(minutes)}* |")
        for slot in (s for s in timetable.day_slots(course) if s.day == day):
            m = slot.module
            if m is None:
                rows.append(f"| {timetable.clock(slot.start)} | | *{slot.title}* | | *{format_minutes(slot.minutes)}* |")
                continue
            link = relative_link(page_src, f"modules/{m.id}.md")
            rows.append(
                f"| {timetable.clock(slot.start)} | {m.number} | [{m.title}]({link}) | {_exercise_links(course, m.id, page_src)} | {format_minutes(m.duration)} |"
            )
        rows.append(f"| {timetable.clock(timetable.day_end(course, day) or 0)} | | *End of the day* | | |")
    over = f" ({days} days)" if days > 1 else ""
    rows.append(f"| | | **Total teaching time**{over} | | **{format_minutes(course.total_minutes)}** |")
    return "\n".join(rows)


def agenda_markdown(course: Course, page_src: str) -> str:
    """A table of the variant's modules with durations, each day's sum (when it has several days) and the total."""
    if course.variant.hours is not None:
        return timed_agenda_markdown(course, page_src)
    rows = ["| # | Module | Exercises | Duration |", "|---:|---|---|---:|"]
    days = course.variant.days
    for day, modules, minutes in course.schedule:
        for m in modules:
            link = relative_link(page_src, f"modules/{m.id}.md")
            rows.append(f"| {m.number} | [{m.title}]({link}) | {_exercise_links(course, m.id, page_src)} | {format_minutes(m.duration)} |")
        if days > 1:
            rows.append(f"| | *Day {day}* | | *{format_minutes(minutes)}* |")
    over = f" ({days} days)" if days > 1 else ""
    rows.append(f"| | **Total**{over} | | **{format_minutes(course.total_minutes)}** |")
    return "\n".join(rows)


#: The blocks :func:`expand_course_blocks` replaces by generated Markdown.
_GENERATED_BLOCKS = ("agenda", "hours", "exercises", "demo")


def expand_course_blocks(markdown: str, course: Course, page_src: str, shown_path: str, line_offset: int) -> str:
    """Replace ``/// agenda`` and ``/// exercises``/``/// demo`` blocks by generated Markdown.

    ``line_offset`` is the number of front-matter lines MkDocs stripped, so an
    unknown id is reported at its line in the source file.
    """
    if not may_have_blocks(markdown, *_GENERATED_BLOCKS):
        return markdown
    page = scan(markdown, front_matter=False)

    def expand(block: Block) -> str | None:
        if block.name == "agenda" and block.close == block.open + 1 and not block.indent_text:
            return agenda_markdown(course, page_src)
        if block.name == "hours" and block.close == block.open + 1 and not block.indent_text:
            return _hours_or_fail(course, shown_path, block.open + 1 + line_offset)
        if block.name not in ("exercises", "demo"):
            return None
        items: list[Exercise] = []
        skipped: list[str] = []
        for k in range(block.open + 1, block.close):
            line = page.lines[k].text
            if not line.strip():
                continue
            idm = ASSIGNMENT_ITEM.match(line)
            if not idm:
                raise SourceError(f"an {block.name} block lists exercise ids as '- id' items, not {line.strip()!r}", shown_path, k + 1 + line_offset)
            ex = course.exercises.get(idm.group(1))
            if ex is None and idm.group(1) in course.variant.exclude_exercises:
                skipped.append(idm.group(1))  # dropped by this course variant (extra.course.variants.<name>.exclude_exercises)
                continue
            if ex is None:
                raise SourceError(f"unknown exercise id '{idm.group(1)}'", shown_path, k + 1 + line_offset)
            items.append(ex)
        indent = block.indent_text
        if not items and skipped:
            # The deck leaves out a slide that holds nothing but this note.
            return f"{indent}*Not part of the course variant “{course.variant.title}”.*\n{indent}{{ .course-skipped }}\n"
        return assignment_card(items, block.name, block.argument or None, page_src, indent)

    return replace_blocks(markdown, expand)


def _hours_or_fail(course: Course, shown_path: str, line: int) -> str:
    if course.variant.hours is None:
        raise SourceError(
            f"'/// hours' announces the hours of the day, but course variant '{course.variant.name}' has no 'hours' in mkdocs.yml "
            "(extra.course.variants.<name>.hours: start, end, breaks)",
            shown_path,
            line,
        )
    return timetable.hours_markdown(course)


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


_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+\S")


def fill_learning_objectives(markdown: str, objectives: list[str]) -> str:
    """Put the front matter's objectives under an empty ``## Learning objectives`` heading.

    Authors write the objectives once (front matter, also used by the agenda and
    the deck); the page and the slide show them without typing them twice.
    """
    if not objectives or "Learning objectives" not in markdown:
        return markdown
    page = scan(markdown, front_matter=False)
    topics = [line for line in page.headings if line.heading.level == 2 and line.text.startswith("##")]
    heading = next((k for k, line in enumerate(topics) if OBJECTIVES_HEADING.match(line.text)), None)
    if heading is None or page.starts[topics[heading].index + 1] > len(markdown):
        return markdown  # no such heading, or nothing (not even a line break) after it
    end = topics[heading + 1].index if heading + 1 < len(topics) else len(page.lines)
    for line in page.lines[topics[heading].index + 1 : end]:
        if line.kind in (Kind.BLOCK_OPEN, Kind.BLOCK_CLOSE):
            break  # a list inside a block (notes) is not the objectives
        if _LIST_ITEM.match(line.text):
            return markdown  # the author wrote a list already
    at = page.starts[topics[heading].index + 1]
    items = "\n".join(f"- {o}" for o in objectives)
    block = f"\nBy the end of this module, you will be able to:\n\n{items}\n\n"
    return markdown[:at] + block + markdown[at:]


def page_markdown(markdown: str, course: Course, page_src: str, shown_path: str, line_offset: int) -> str:
    """A page's Markdown with the course resolved: other variants' text out, agenda and exercise
    cards in, a module's objectives under its ``## Learning objectives`` (after the blocks, so that
    inserted lines cannot shift the lines errors report)."""
    v = course.variant
    markdown = variants.filter_variants(markdown, v.name, course.variants, shown_path, line_offset, v.exclude_exercises)
    markdown = expand_course_blocks(markdown, course, page_src, shown_path, line_offset)
    module = course.module(page_src[len("modules/") : -len(".md")]) if page_src.startswith("modules/") else None
    if module is not None:
        markdown = fill_learning_objectives(markdown, module.objectives)
    return markdown
