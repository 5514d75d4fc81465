"""Write the reveal.js decks: the whole course and one deck per module.

``hooks/deck.py`` collects every module page's slides (``deck.builder.split_slides``)
during the build and calls :func:`write_decks` in ``on_post_build``:

- ``slides/index.html``: title slide, agenda, every module of the variant in
  course order (with their exercise slides), end slide;
- ``slides/<module>/index.html``: one module alone;
- ``assets/deck/deck.css`` and ``deck.js`` (from ``deck_templates/``), with the
  Pygments colours taken from Material's own stylesheet.

The vendored reveal.js files come from npm via ``vendor_assets.VENDOR_FILES``.
"""

from __future__ import annotations

import functools
import glob
import html
import os
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from coursekit.course import timetable
from coursekit.course.manifest import Course, Module, assignments_in
from coursekit.deck.builder import ROOT, Assignment, Slide, clean_fragment, rebase_urls, section_id, split_slides, strip_tags
from coursekit.errors import SourceError
from coursekit.site.structure import format_minutes
from coursekit.site.vendor_assets import MERMAID_JS, has_diagram

TEMPLATES = Path(__file__).with_name("templates")
SLIDES_DIR = "slides"
ASSETS_DIR = "assets/deck"
REVEAL_DIR = "assets/vendor/reveal"
ICONS = {"exercise": "material/clipboard-check-outline.svg", "demo": "material/presentation-play.svg"}


@dataclass
class ModuleSlides:
    """The slides of one module page as collected during the build."""

    module: Module
    page_url: str  # site-relative URL of the handout page, e.g. "modules/basics.html"
    slides: list[Slide]


@dataclass
class DeckContext:
    course: Course
    page_urls: dict[str, str]  # source URI -> site URL, e.g. exercises/x/index.md -> exercises/x/index.html
    trainee: bool = False
    version: str = ""
    _icons: dict[str, str] = field(default_factory=dict)

    def url_of(self, src_uri: str) -> str:
        return self.page_urls.get(src_uri) or re.sub(r"\.md$", ".html", src_uri)

    def icon(self, kind: str) -> str:
        if kind not in self._icons:
            self._icons[kind] = material_icon(ICONS[kind])
        return self._icons[kind]


# ---------------------------------------------------------------------------
# Public helpers used by other parts of the site


def deck_url(module_id: str | None = None) -> str:
    """Site-relative URL of the whole-course deck or of one module's deck."""
    return f"{SLIDES_DIR}/{module_id}/index.html" if module_id else f"{SLIDES_DIR}/index.html"


@functools.lru_cache(maxsize=8)
def _assigning_modules(sources: tuple[tuple[str, str, float], ...]) -> dict[str, str]:
    found: dict[str, str] = {}
    for module_id, path, _mtime in sources:
        for a in assignments_in(Path(path).read_text(encoding="utf-8-sig")):
            found.setdefault(a.exercise_id, module_id)
    return found


def assigning_module(course: Course, exercise_id: str) -> str | None:
    """Id of the module whose ``/// exercises``/``/// demo`` block names ``exercise_id`` (course order)."""
    sources = tuple((m.id, m.abs_path, os.path.getmtime(m.abs_path)) for m in course.modules if os.path.exists(m.abs_path))
    return _assigning_modules(sources).get(exercise_id)


def slide_url_for_exercise(course: Course, exercise_id: str, from_url: str = "") -> str | None:
    """URL of the slide that assigns ``exercise_id`` (its module's deck), or None when no slide does.

    ``from_url`` is the site-relative URL of the page that links (e.g.
    ``exercises/x/index.html``); the result is then relative to that page.
    """
    module_id = assigning_module(course, exercise_id)
    if module_id is None:
        return None
    target = f"{deck_url(module_id)}#/exercise-{exercise_id}"
    if not from_url:
        return target
    return posixpath.relpath(deck_url(module_id), posixpath.dirname(from_url) or ".") + f"#/exercise-{exercise_id}"


_SLIDE_HEADING = re.compile(r'(<h([23]) id="([^"]+)"[^>]*>.*?)(</h\2>)', re.DOTALL)


def link_headings_to_slides(page_html: str, module_id: str, page_url: str, slide_ids: set[str]) -> str:
    """Give every ``##``/``###`` heading of a handout page a small link that opens its slide."""
    deck = posixpath.relpath(deck_url(module_id), posixpath.dirname(page_url) or ".")
    icon = material_icon(ICONS["demo"])

    def add(m: re.Match) -> str:
        if m.group(3) not in slide_ids:
            return m.group(0)
        href = f"{deck}#/{section_id(module_id, m.group(3))}"
        return f'{m.group(1)}<a class="headerlink course-slide-link" href="{html.escape(href)}" title="Present from this slide">{icon}</a>{m.group(4)}'

    return _SLIDE_HEADING.sub(add, page_html)


_SLIDE_LINK = re.compile(r'(<a\b[^>]*\bclass="exercise-slide-link"[^>]*\bhref=")([^"#]*)(")')


def link_exercise_to_slide(page_html: str, url: str, course: Course, exercise_id: str) -> str:
    """Make an exercise page link to the slide that assigns it (``url`` relative to the page).

    Completes the book's ``a.exercise-slide-link`` (module deck) with the slide
    anchor; pages without such a link get a short paragraph after the ``h1``.
    """
    if 'class="exercise-slide-link"' in page_html:
        return _SLIDE_LINK.sub(lambda m: m.group(1) + html.escape(url) + m.group(3), page_html, count=1)
    module = course.module(assigning_module(course, exercise_id) or "")
    where = f"module {module.number} ({html.escape(module.short_title)})" if module else "its module"
    snippet = f'<p class="course-slide-backlink">Assigned in {where}: <a href="{html.escape(url)}">open the slide</a></p>'
    end = page_html.find("</h1>")
    return page_html[: end + 5] + snippet + page_html[end + 5 :] if end >= 0 else snippet + page_html


def _relative(target: str, page_url: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(page_url) or ".")


def _insert_after_h1(page_html: str, snippet: str) -> str:
    end = page_html.find("</h1>")
    return page_html[: end + 5] + snippet + page_html[end + 5 :] if end >= 0 else snippet + page_html


def page_content(course: Course, collected: dict[str, ModuleSlides], page_html: str, src: str, page_url: str) -> str:
    """``on_page_content`` (``hooks/deck.py``): a module page's slides go into ``collected``, its headings
    link to them and a "Present" button to its deck; the home page presents the whole course; an
    exercise page links back to the slide that assigns it."""
    module = next((m for m in course.modules if m.src_path == src), None)
    if module is not None:
        slides = split_slides(page_html)
        collected[module.id] = ModuleSlides(module, page_url, slides)
        page_html = link_headings_to_slides(page_html, module.id, page_url, {s.heading_id for s in slides if s.level > 1})
        link = _relative(deck_url(module.id), page_url)
        return _insert_after_h1(
            page_html,
            f'<p class="course-present" data-search-exclude><a class="md-button md-button--primary" href="{link}" title="Show this module as slides (reveal.js)">Present</a></p>',
        )
    if src == "index.md":
        link = _relative(deck_url(), page_url)
        return _insert_after_h1(
            page_html,
            f'<p class="course-present" data-search-exclude><a class="md-button md-button--primary" href="{link}" '
            f'title="Show the whole course as slides (reveal.js)">Present the course</a></p>',
        )
    # --- Exercise pages: a link back to the slide that assigns the exercise. -------------
    # The book hook (issue 6) writes a facts box with an ``a.exercise-slide-link`` to the
    # module deck; point it at the exercise's own slide (``#/exercise-<id>``).  Without
    # that box, add a small link of our own.
    parts = src.split("/")
    if len(parts) == 3 and parts[0] == "exercises" and parts[2] == "index.md" and parts[1] in course.exercises:
        url = slide_url_for_exercise(course, parts[1], page_url)
        if url:
            return link_exercise_to_slide(page_html, url, course, parts[1])
    return page_html


def material_icon(name: str) -> str:
    """Inline SVG of a Material icon shipped with mkdocs-material (no icon font, no network)."""
    import material

    path = Path(material.__file__).parent / "templates" / ".icons" / name
    try:
        svg = path.read_text(encoding="utf-8")
    except OSError:
        raise SourceError(f"icon {name} not found in mkdocs-material ({path})") from None
    return svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)


def material_highlight_css() -> str:
    """The Pygments token colours of Material's stylesheet (light scheme), for the deck.

    Taken from the installed Material at build time, so code on slides looks
    exactly like code on the handout pages.
    """
    import material

    sheets = sorted(glob.glob(str(Path(material.__file__).parent / "templates" / "assets" / "stylesheets" / "main.*.min.css")))
    if not sheets:
        raise SourceError("mkdocs-material's main stylesheet was not found; is mkdocs-material installed?")
    css = Path(sheets[0]).read_text(encoding="utf-8")
    variables = dict(re.findall(r"(--md-code-(?:fg|bg|hl)[a-z-]*):([^;}]+)", css))
    rules = [r for r in re.findall(r"[^{}]+\{[^{}]*\}", css) if all(sel.strip().startswith(".highlight ") for sel in r.split("{")[0].split(","))]
    if len(rules) < 10 or "--md-code-hl-keyword-color" not in variables:
        raise SourceError("could not read Pygments colours from mkdocs-material's stylesheet")
    decl = ";".join(f"{k}:{v.strip()}" for k, v in variables.items())
    return ".reveal{" + decl + "}\n" + "\n".join(r.strip() for r in rules) + "\n"


# ---------------------------------------------------------------------------
# Sections


def _attrs(**values: str | None) -> str:
    return "".join(f' {k.rstrip("_").replace("_", "-")}="{html.escape(str(v))}"' for k, v in values.items() if v not in (None, ""))


def assignment_html(a: Assignment, ctx: DeckContext) -> str:
    """An exercise or demo block on a slide: icon, linked exercise titles, countdown.

    The links open the exercise pages in a new tab, so the deck (and its running
    countdown) stays where it is.
    """
    items = []
    for ex_id in a.exercise_ids:
        ex = ctx.course.exercises.get(ex_id)
        if ex is None:
            continue
        url = ROOT + ctx.url_of(ex.src_uri)
        items.append(
            f'<li id="exercise-{html.escape(ex.id)}"><a href="{html.escape(url)}" target="_blank" rel="noopener">'
            f'<span class="deck-assignment__number">{html.escape(ex.label)} {html.escape(ex.number)}</span> '
            f"{html.escape(ex.title)}</a>"
            f'<span class="deck-assignment__minutes">{html.escape(format_minutes(ex.duration))}</span>'
            + (f'<span class="deck-assignment__goal">{html.escape(ex.objectives[0])}</span>' if ex.objectives else "")
            + "</li>"
        )
    seconds = max(a.minutes, 0) * 60
    listed = [ctx.course.exercises[i] for i in a.exercise_ids if i in ctx.course.exercises]
    noun = ("Appendix", "Appendices") if listed and all(e.kind == "appendix" for e in listed) else ("Exercise", "Exercises")
    label = "Demo" if a.kind == "demo" else noun[0] if len(items) == 1 else noun[1]
    return (
        f'<div class="deck-assignment deck-assignment--{a.kind}">'
        f'<div class="deck-assignment__head"><span class="deck-assignment__icon">{ctx.icon(a.kind)}</span>'
        f'<span class="deck-assignment__label">{label} · {html.escape(format_minutes(a.minutes))} in total</span></div>'
        f'<ol class="deck-assignment__list">{"".join(items)}</ol>'
        f'<div class="deck-countdown" role="timer" aria-label="Exercise countdown" aria-live="off" data-seconds="{seconds}">'
        f'<span class="deck-countdown__time">{seconds // 60:02d}:{seconds % 60:02d}</span>'
        f'<span class="deck-countdown__state"></span>'
        f'<span class="deck-countdown__keys">T pause/resume · R reset</span></div>'
        f"</div>"
    )


def _slide_section(ms: ModuleSlides, slide: Slide, ctx: DeckContext, slide_ids: set[str]) -> str:
    module = ms.module
    sid = section_id(module.id, slide.heading_id if slide.level > 1 else "")
    classes = [f"deck-{c}" for c in slide.classes]
    handout = ROOT + ms.page_url + (f"#{slide.heading_id}" if slide.level > 1 and slide.heading_id else "")
    body: list[str] = []
    countdown = 0
    for part in slide.body:
        if isinstance(part, Assignment):
            if ctx.trainee and part.kind == "demo":
                continue
            classes.append(f"deck-{part.kind}-slide")
            countdown += part.minutes * 60
            body.append(assignment_html(part, ctx))
        else:
            body.append(part)
    content = "\n".join(body)
    if slide.level == 1:
        classes.append("deck-module-title")
        head = f'<p class="deck-kicker">Module {module.number} · {html.escape(format_minutes(module.duration))}</p><h1>{slide.title_html}</h1>'
    else:
        head = f"<h{slide.level}>{slide.title_html}</h{slide.level}>" if slide.title_html else ""
        if not slide.has_content and slide.heading_id == "learning-objectives" and module.objectives:
            content = "<ul>" + "".join(f"<li>{html.escape(o)}</li>" for o in module.objectives) + "</ul>"
    notes = "" if ctx.trainee else "".join(f'<aside class="notes">{n}</aside>' for n in slide.notes if n.strip())
    inner = f'<div class="deck-slide">{head}<div class="deck-body">{content}</div></div>{notes}'
    inner = rebase_urls(clean_fragment(inner), ms.page_url, module.id, slide_ids)
    attrs = _attrs(id=sid, class_=" ".join(dict.fromkeys(classes)), data_handout=handout, data_module=module.id)
    if countdown:
        attrs += f' data-countdown="{countdown}"'
    return f"<section{attrs}>{inner}</section>"


def module_sections(ms: ModuleSlides, ctx: DeckContext) -> str:
    """``<section>`` markup of one module: ``##`` slides horizontal, ``###`` slides stacked below them."""
    slide_ids = {s.heading_id for s in ms.slides if s.heading_id}
    kept = [s for s in ms.slides if not (s.level > 1 and (_skipped_in_variant(s) or ctx.trainee and not _visible_for_trainee(s)))]
    groups: list[list[Slide]] = []
    for slide in kept:
        if slide.level == 3 and groups:
            groups[-1].append(slide)
        else:
            groups.append([slide])
    out = []
    for group in groups:
        rendered = [_slide_section(ms, s, ctx, slide_ids) for s in group]
        out.append(rendered[0] if len(rendered) == 1 else "<section>" + "".join(rendered) + "</section>")
    return "\n".join(out)


_SKIPPED = re.compile(r'^<p class="course-skipped">.*</p>$', re.DOTALL)


def _skipped_in_variant(slide: Slide) -> bool:
    """A slide whose only content was an exercise block of exercises this variant excludes."""
    parts = [b for b in slide.body if not isinstance(b, str) or b.strip()]
    return bool(parts) and all(isinstance(b, str) and _SKIPPED.match(b.strip()) for b in parts)


def _visible_for_trainee(slide: Slide) -> bool:
    """Trainee decks drop slides left empty once instructor-only parts (demo cards) are gone.

    Statement and full-picture slides are meant to be (nearly) empty and stay.
    """
    return (
        bool(slide.classes)
        or slide.heading_id == "learning-objectives"
        or any((isinstance(b, Assignment) and b.kind != "demo") or (isinstance(b, str) and b.strip()) for b in slide.body)
    )


def course_title_section(ctx: DeckContext) -> str:
    c = ctx.course
    when = c.length_label  # "half a day", "one day" or "N days": from the variant's days and minutes
    version = f'<p class="deck-version">Version {html.escape(ctx.version)}</p>' if ctx.version else ""
    return (
        f'<section id="course-title" class="deck-course-title" data-handout="{ROOT}index.html"><div class="deck-slide">'
        f"<h1>{html.escape(c.title)}</h1>"
        f'<p class="deck-subtitle">{html.escape(c.variant.title)}</p>'
        f'<p class="deck-kicker">{len(c.modules)} modules · {html.escape(format_minutes(c.total_minutes))} · {when}</p>'
        f"{version}</div></section>"
    )


def _agenda_module_row(m: Module, time: str | None) -> str:
    clock_cell = "" if time is None else f'<td class="num">{time}</td>'
    return (
        f'<tr>{clock_cell}<td class="num">{m.number}</td><td><a href="#/{html.escape(m.id)}">{html.escape(m.short_title)}</a></td>'
        f'<td class="num">{html.escape(format_minutes(m.duration))}</td></tr>'
    )


def _timed_agenda_rows(c: Course) -> str:
    """With the variant's ``hours``: each module and break at its clock time, then the day's end (as the home page's agenda)."""
    rows = ""
    for day, _modules, minutes in c.schedule:
        if c.variant.days > 1:
            rows += f'<tr class="deck-agenda__day"><td></td><td></td><th>Day {day}</th><th class="num">{html.escape(format_minutes(minutes))}</th></tr>'
        for slot in (s for s in timetable.day_slots(c) if s.day == day):
            if slot.module is not None:
                rows += _agenda_module_row(slot.module, timetable.clock(slot.start))
            else:
                rows += (
                    f'<tr class="deck-agenda__break"><td class="num">{timetable.clock(slot.start)}</td><td></td>'
                    f'<td><em>{html.escape(slot.title)}</em></td><td class="num"><em>{html.escape(format_minutes(slot.minutes))}</em></td></tr>'
                )
        rows += f'<tr class="deck-agenda__break"><td class="num">{timetable.clock(timetable.day_end(c, day) or 0)}</td><td></td><td><em>End of the day</em></td><td></td></tr>'
    return rows


def agenda_section(ctx: DeckContext) -> str:
    """The agenda: every module of the variant with its duration (and clock time, breaks and the day's end
    when the variant has ``hours``), each day's sum (several days), the total."""
    c = ctx.course
    timed = c.variant.hours is not None
    if timed:
        rows = _timed_agenda_rows(c)
    else:
        rows = ""
        for day, modules, minutes in c.schedule:
            rows += "".join(_agenda_module_row(m, None) for m in modules)
            if c.variant.days > 1:
                rows += f'<tr class="deck-agenda__day"><td></td><th>Day {day}</th><th class="num">{html.escape(format_minutes(minutes))}</th></tr>'
    lead = "<td></td>" if timed else ""
    total = f'<tr>{lead}<td></td><th>Total</th><th class="num">{html.escape(format_minutes(c.total_minutes))}</th></tr>'
    compact = " deck-agenda--compact" if len(c.modules) > 9 else ""
    head = '<th class="num">Time</th>' if timed else ""
    return (
        f'<section id="course-agenda" class="deck-agenda{compact}" data-handout="{ROOT}index.html"><div class="deck-slide">'
        f'<h2>Agenda</h2><table><thead><tr>{head}<th class="num">#</th><th>Module</th><th class="num">Duration</th></tr></thead>'
        f"<tbody>{rows}</tbody><tfoot>{total}</tfoot></table></div></section>"
    )


def end_section(ctx: DeckContext) -> str:
    version = f'<p class="deck-version">{html.escape(ctx.course.title)} · version {html.escape(ctx.version)}</p>' if ctx.version else ""
    return (
        f'<section id="course-end" class="deck-end deck-statement" data-handout="{ROOT}index.html"><div class="deck-slide">'
        f"<h2>Thank you!</h2>"
        f'<p>Questions, feedback, what to try next.</p><p class="deck-links"><a href="{ROOT}index.html">Course pages</a> · '
        f'<a href="{ROOT}{html.escape(ctx.url_of("exercises/index.md"))}">Exercise book</a></p>{version}</section>'
    )


# ---------------------------------------------------------------------------
# Files


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True, keep_trailing_newline=True)


def render_deck(title: str, sections: str, deck_path: str, footer: str) -> str:
    """A complete deck HTML file at site-relative ``deck_path`` (e.g. ``slides/basics/index.html``)."""
    root = posixpath.relpath(".", posixpath.dirname(deck_path)) + "/"
    page = (
        _environment()
        .get_template("deck.html.j2")
        .render(
            title=title,
            sections=jinja2.utils.markupsafe.Markup(sections),
            root=root,
            footer=footer,
            reveal=REVEAL_DIR,
            assets=ASSETS_DIR,
            mermaid=MERMAID_JS if has_diagram(sections) else "",  # only decks that show a diagram load mermaid
        )
    )
    return page.replace(ROOT, root)


def write_decks(site_dir: str, collected: dict[str, ModuleSlides], ctx: DeckContext) -> list[str]:
    """Write both kinds of decks and the deck assets; return the site-relative paths written."""
    written: list[str] = []

    def write(rel: str, text: str) -> None:
        path = os.path.join(site_dir, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
        written.append(rel)

    write(
        f"{ASSETS_DIR}/deck.css",
        (TEMPLATES / "deck.css").read_text(encoding="utf-8") + "\n/* Pygments colours from mkdocs-material */\n" + material_highlight_css(),
    )
    write(f"{ASSETS_DIR}/deck.js", (TEMPLATES / "deck.js").read_text(encoding="utf-8"))

    course = ctx.course
    parts = [course_title_section(ctx), agenda_section(ctx)]
    for m in course.modules:
        ms = collected.get(m.id)
        if ms is None:
            raise SourceError(f"module page {m.src_path} was not rendered, so it cannot be part of the deck")
        module_html = module_sections(ms, ctx)
        parts.append(module_html)
        write(deck_url(m.id), render_deck(f"{m.number}. {m.title} · {course.title}", module_html, deck_url(m.id), m.short_title))
    parts.append(end_section(ctx))
    write(deck_url(), render_deck(course.variant.title, "\n".join(parts), deck_url(), course.title))
    return written


def count_slides(sections_html: str) -> int:
    """Leaf ``<section>`` elements (what reveal.js counts as slides)."""
    opens = [m.start() for m in re.finditer(r"<section\b", sections_html)]
    leaves = 0
    for i, pos in enumerate(opens):
        nxt = opens[i + 1] if i + 1 < len(opens) else len(sections_html)
        if "</section>" in sections_html[pos:nxt]:
            leaves += 1
    return leaves


def plain_title(slide: Slide) -> str:
    return strip_tags(slide.title_html)
