"""The exercise book and the instructor guide: everything generated around the exercise pages.

* every exercise page gets its computed number in the title ("Exercise 3.2: ..."),
  a facts box (module, time, the slide that assigns it, lab file download,
  objectives from front matter) and previous/next links through the book in
  course order (demos: through the instructor guide);
* the book's start page (``exercises/index.md``) gets the exercise index (number,
  title, module, time, progress) at ``/// exercise-index`` and the lab file
  downloads with the one-line ``curl`` command at ``/// lab-downloads``; without
  the markers the index goes before the page's first ``##`` section and the
  downloads at the end;
* the guide's start page (``guide/index.md``) gets the demo list and links to
  every module's instructor notes at ``/// guide-index`` (or at its end), and the
  images the labs pull (``book.images``) at ``/// image-list`` (or at its end);
* task-list items get stable ids (``data-task``) so ``book.js`` can store which
  checkpoints a trainee ticked, per exercise, in the browser;
* ``exercises/print.html`` holds every exercise of the build in course order,
  one per printed page, for ``nox -s pdf`` and for printing from the browser.
"""

from __future__ import annotations

import hashlib
import html
import posixpath
import re
from dataclasses import dataclass

from coursekit.book.lab_archives import BUNDLE_NAME, BUNDLE_ROOT, DOWNLOADS_DIR
from coursekit.course.manifest import Course, Exercise
from coursekit.markdown.scanner import Block, leading_heading, replace_blocks, scan
from coursekit.site.structure import format_minutes, relative_link

BOOK_START = "exercises/index.md"
GUIDE_START = "guide/index.md"
PRINT_PAGE = "exercises/print.md"
SLIDES_DIR = "slides"
#: Stands for the book's address in the ``curl`` line when ``site_url`` is not set (book.js fills it in).
SITE_PLACEHOLDER = "<course-site>"

_H1 = re.compile(r"^#[ \t]+(?P<title>.+?)[ \t]*#*[ \t]*$", re.MULTILINE)


# ---------------------------------------------------------------------------
# Course order


def book_exercises(course: Course) -> list[Exercise]:
    """The pages of the exercise book in book order: exercises and wrap-up labs in course
    order, then the appendices (A, B, ...), whichever module assigns them."""
    pages = [e for e in course.exercises.values() if e.kind != "demo"]
    return [e for e in pages if e.kind != "appendix"] + appendices(course)


def appendices(course: Course) -> list[Exercise]:
    """Appendices of the build (``kind: appendix``), lettered in course order."""
    return [e for e in course.exercises.values() if e.kind == "appendix"]


def guide_demos(course: Course) -> list[Exercise]:
    return [e for e in course.exercises.values() if e.kind == "demo"]


def neighbours(course: Course, ex: Exercise) -> tuple[Exercise | None, Exercise | None]:
    """Previous and next page of ``ex`` in its series (book or guide)."""
    series = guide_demos(course) if ex.kind == "demo" else book_exercises(course)
    ids = [e.id for e in series]
    i = ids.index(ex.id)
    return (series[i - 1] if i > 0 else None), (series[i + 1] if i + 1 < len(series) else None)


def by_src(course: Course) -> dict[str, Exercise]:
    return {e.src_uri: e for e in course.exercises.values()}


# ---------------------------------------------------------------------------
# URLs


def page_url(src_uri: str) -> str:
    """Site URL of a page with ``use_directory_urls: false`` (the offline plugin's setting)."""
    return src_uri[: -len(".md")] + ".html" if src_uri.endswith(".md") else src_uri


def relative_url(from_src: str, to_url: str) -> str:
    """A relative URL from the page built from ``from_src`` to a site URL."""
    base = posixpath.dirname(page_url(from_src)) or "."
    return posixpath.relpath(to_url, base)


def slide_url(course: Course, ex: Exercise, deck_anchor: str | None = None) -> str:
    """Site URL of the slide that assigns ``ex``.

    The deck of a module lives at ``slides/<module-id>/index.html`` and gives the
    slide of each exercise card the id ``exercise-<id>`` (``coursekit.deck.site``),
    so the link opens that slide (``#/exercise-<id>``).
    """
    url = f"{SLIDES_DIR}/{ex.module}/index.html"
    return f"{url}#/{deck_anchor or 'exercise-' + ex.id}"


# ---------------------------------------------------------------------------
# Exercise pages


@dataclass(frozen=True)
class PageLinks:
    """Things an exercise page links to that exist only in some builds."""

    lab_archive: str | None  # site URI of the exercise's zip, if it has lab files
    slide_anchor: str | None = None


def numbered_title(ex: Exercise, title: str | None = None) -> str:
    """``Exercise 3.2: Title``; a title that already starts with the label is not repeated
    (``Wrap-up: a Java app`` -> ``Wrap-up 8.1: a Java app``)."""
    title = title or ex.title
    if title.lower().startswith(ex.label.lower() + ":"):
        title = title[len(ex.label) + 1 :].strip()
    return f"{ex.label} {ex.number}: {title}"


def _find_h1(markdown: str) -> re.Match | None:
    """The page's ``# Title`` line, never a ``# `` prompt line inside a code fence."""
    first = leading_heading(markdown)
    if first is not None:
        # Most pages start with their title, and then no scan of the whole page is needed.
        m = _H1.match(markdown, first[0], first[0] + len(first[1]))
        if m:
            return m
    page = scan(markdown, front_matter=False)
    for line in page.headings:
        m = _H1.match(markdown, page.starts[line.index], page.starts[line.index] + len(line.text))
        if m:
            return m
    return None


def _replace_or_insert_h1(markdown: str, heading: str) -> str:
    m = _find_h1(markdown)
    if m:
        return markdown[: m.start()] + heading + markdown[m.end() :]
    return heading + "\n\n" + markdown


def exercise_markdown(markdown: str, course: Course, ex: Exercise, links: PageLinks) -> str:
    """The exercise page's Markdown with its number, facts box and pager."""
    src = ex.src_uri
    m = _find_h1(markdown)
    heading = f"# {numbered_title(ex, m.group('title') if m else None)}"
    module = course.module(ex.module)
    facts = []
    if module:
        facts.append(f"**Module:** [{module.number}. {module.title}]({relative_link(src, module.src_path)})")
    facts.append(f"**Time:** {format_minutes(ex.duration)}")
    slide = slide_url(course, ex, links.slide_anchor)
    facts.append(f'**Slide:** <a class="exercise-slide-link" href="{html.escape(relative_url(src, slide))}">the slide that assigns it</a>')
    if links.lab_archive:
        name = posixpath.basename(links.lab_archive)
        onto_vm = relative_link(src, BOOK_START) + f"#{VM_TRANSFER_ANCHOR}"
        facts.append(
            f"**Lab files:** [{name}]({relative_link(src, links.lab_archive)}){{ .exercise-download download }} "
            f"([onto your lab VM]({onto_vm}): `curl`, `scp` or copy and paste)"
        )
    lines = [heading, "", f'<div class="exercise-facts" data-exercise="{ex.id}" markdown>', ""]
    lines += [f"- {f}" for f in facts]
    if ex.objectives:
        lead = {"demo": "**This demo shows how to:**", "appendix": "**In this appendix you:**"}.get(ex.kind, "**In this exercise you:**")
        lines += ["", lead, ""]
        lines += [f"- {o}" for o in ex.objectives]
    lines += ["", "</div>"]
    body = _replace_or_insert_h1(markdown, "\n".join(lines))
    return body.rstrip("\n") + "\n\n" + pager_markdown(course, ex) + "\n"


def pager_markdown(course: Course, ex: Exercise) -> str:
    """Previous / up / next links, in course order within the book (or the guide, for demos)."""
    prev, nxt = neighbours(course, ex)
    start = GUIDE_START if ex.kind == "demo" else BOOK_START
    back = "Instructor guide" if ex.kind == "demo" else "Exercise book"
    links = []
    if prev:
        links.append(f"[← {numbered_title(prev)}]({relative_link(ex.src_uri, prev.src_uri)}){{ .exercise-pager__prev rel=prev }}")
    links.append(f"[↑ {back}]({relative_link(ex.src_uri, start)}){{ .exercise-pager__up }}")
    if nxt:
        links.append(f"[{numbered_title(nxt)} →]({relative_link(ex.src_uri, nxt.src_uri)}){{ .exercise-pager__next rel=next }}")
    return "\n".join(['<nav class="exercise-pager" aria-label="Previous and next exercise" markdown>', "", "\n".join(links), "", "</nav>"])


# ---------------------------------------------------------------------------
# The book's start page


def tasks_placeholder(ex_id: str) -> str:
    return f"@@course-book-tasks:{ex_id}@@"


def _index_row(course: Course, ex: Exercise, page_src: str) -> str:
    module = course.module(ex.module)
    mod = f"[{module.number}. {module.short_title}]({relative_link(page_src, module.src_path)})" if module else ex.module
    progress = f'<span class="book-progress" data-exercise="{ex.id}" data-tasks="{tasks_placeholder(ex.id)}">–</span>'
    return f"| {ex.number} | [{ex.title}]({relative_link(page_src, ex.src_uri)}) | {mod} | {format_minutes(ex.duration)} | {progress} |"


def exercise_index_markdown(course: Course, page_src: str) -> str:
    """The book's table of exercises (with their total time), then the table of appendices."""
    rows = [
        '<div class="exercise-index" markdown>',
        "",
        "| # | Exercise | Module | Time | Progress |",
        "|---|---|---|---:|---|",
    ]
    total = 0
    extra = appendices(course)
    for ex in book_exercises(course):
        if ex.kind == "appendix":
            continue
        rows.append(_index_row(course, ex, page_src))
        total += ex.duration
    rows.append(f"| | **Total** | | **{format_minutes(total)}** | |")
    if extra:
        rows += ["", "| Appendix | Title | Assigned in | Time | Progress |", "|---|---|---|---:|---|"]
        rows += [_index_row(course, ex, page_src) for ex in extra]
    rows += ["", "</div>", ""]
    rows.append(
        "Progress counts the checkpoints you ticked on each exercise page. It is kept in this browser only, "
        "for this edition and version of the course (nothing is sent anywhere); "
        '<button type="button" class="md-button book-progress-reset">reset all progress</button>'
    )
    return "\n".join(rows)


@dataclass(frozen=True)
class Downloads:
    site_url: str  # "" when mkdocs.yml has no site_url
    has_bundle: bool
    with_solutions: bool


def downloads_markdown(page_src: str, dl: Downloads) -> str:
    if not dl.has_bundle:
        return "This build of the course has no lab files to download."
    zip_uri = f"{DOWNLOADS_DIR}/{BUNDLE_NAME}.zip"
    tgz_uri = f"{DOWNLOADS_DIR}/{BUNDLE_NAME}.tar.gz"
    base = dl.site_url.rstrip("/") if dl.site_url else SITE_PLACEHOLDER
    curl = f"$ curl -fsSL {base}/{tgz_uri} | tar -xzf - -C ~"
    command = ["```console", curl, "```"]
    if not dl.site_url:
        # book.js shows a copy of this block with the real address, computed from the page's own
        # location (``data-bundle`` resolved against it); the placeholder stays for print and no-JS.
        bundle = html.escape(relative_url(page_src, tgz_uri))
        placeholder = html.escape(f"{SITE_PLACEHOLDER}/{tgz_uri}")
        command = [f'<div class="lab-curl" data-bundle="{bundle}" data-placeholder="{placeholder}" markdown>', "", *command, "", "</div>"]
    lines = [
        '<div class="lab-downloads" markdown>',
        "",
        f"- [**{BUNDLE_NAME}.tar.gz**]({relative_link(page_src, tgz_uri)}){{ download }}: every lab file of the course (for Linux and macOS)",
        f"- [**{BUNDLE_NAME}.zip**]({relative_link(page_src, zip_uri)}){{ download }}: the same files as a zip (for Windows)",
        "- one zip per exercise, linked at the top of each exercise page that has lab files",
        "",
        "To fetch and unpack the whole bundle on your lab VM in one go, run:",
        "",
        *command,
        "",
        f"It creates `~/{BUNDLE_ROOT}/<exercise>/` for every exercise with lab files"
        + (" (solutions in `solution/` subfolders)." if dl.with_solutions else "."),
    ]
    if not dl.site_url:
        lines += [
            "",
            f"Replace `{SITE_PLACEHOLDER}` with the address this book is served from (the part of this page's address "
            "before `/exercises/`; your instructor tells you if you read the book from a file).",
            "{ .lab-curl-hint }",
        ]
    lines += ["", "[:material-printer: Print all exercises](print.md){ .md-button .book-print-link }", "", "</div>", "", vm_transfer_markdown()]
    return "\n".join(lines)


def _marker(markdown: str, name: str) -> Block | None:
    """The first empty ``/// name`` block (a marker where generated content goes)."""
    return next((b for b in scan(markdown, front_matter=False).blocks_named(name) if b.close == b.open + 1), None)


#: Anchor of the book start page's section on getting lab files onto the VM (exercise facts boxes link to it).
VM_TRANSFER_ANCHOR = "lab-files-on-your-vm"


def vm_transfer_markdown() -> str:
    """How lab files get from the book onto the trainee's lab VM, in a room where the VM may not reach the book."""
    return f"""### Getting the lab files onto your lab VM {{ #{VM_TRANSFER_ANCHOR} }}

You work on your lab VM, so the files must end up there, not on your laptop.
Pick the way that works in your room:

1. **`curl` on the VM**, when the VM can reach this book: your instructor
   serves it on the room's network (or it is published on a server the VM can
   reach). Run the `curl` line above on the VM.
2. **`scp` from your laptop**, when only your browser can reach the book:
   download the bundle (or an exercise's zip), then, in a terminal on your
   laptop (PowerShell on Windows) in the folder you downloaded it to, copy it
   to the VM with `scp {BUNDLE_NAME}.tar.gz trainee@<address-of-your-vm>:`
   and unpack it on the VM:

    ```console
    $ tar -xzf ~/{BUNDLE_NAME}.tar.gz -C ~
    ```

    An exercise's zip, copied the same way, unpacks into `~/{BUNDLE_ROOT}` on the
    VM (replace `<exercise>` with the zip's name, for example
    `containerfile-basics`):

    ```console
    $ mkdir -p ~/{BUNDLE_ROOT}
    $ unzip -o ~/<exercise>.zip -d ~/{BUNDLE_ROOT}
    ```

3. **Copy and paste**: every lab file is shown in full on its exercise page;
   create it in an editor on the VM (`nano Containerfile`), paste, save."""


def _place(markdown: str, marker: str, content: str, fallback: str) -> str:
    found = _marker(markdown, marker)
    if found is not None:
        return replace_blocks(markdown, lambda block: content if block.open == found.open else None)
    if fallback == "end":
        return markdown.rstrip("\n") + "\n\n" + content + "\n"
    page = scan(markdown, front_matter=False)
    first = next((line for line in page.headings if line.heading.level == 2 and line.heading.text and line.text.startswith("##")), None)
    if first is None:  # before the first "##" section
        return markdown.rstrip("\n") + "\n\n" + content + "\n"
    start = page.starts[first.index]
    return markdown[:start] + content + "\n\n" + markdown[start:]


def book_start_markdown(markdown: str, course: Course, dl: Downloads) -> str:
    index = "## Exercises\n\n" + exercise_index_markdown(course, BOOK_START)
    if _marker(markdown, "exercise-index"):
        index = exercise_index_markdown(course, BOOK_START)
    markdown = _place(markdown, "exercise-index", index, "before-first-section")
    downloads = downloads_markdown(BOOK_START, dl)
    if _marker(markdown, "lab-downloads") is None:
        downloads = "## Download the lab files\n\n" + downloads
    return _place(markdown, "lab-downloads", downloads, "end")


DEFAULT_BOOK_START = """# Exercise book

The hands-on part of the course: each module assigns a few exercises, numbered
by the module that assigns them.

/// exercise-index
///

## Lab files

/// lab-downloads
///
"""


# ---------------------------------------------------------------------------
# The instructor guide's start page


def guide_index_markdown(course: Course, page_src: str, notes_per_module: dict[str, int]) -> str:
    lines = ['<div class="guide-index" markdown>', "", "### Demo pages", ""]
    demos = guide_demos(course)
    if demos:
        lines += ["| # | Demo | Module | Time |", "|---|---|---|---:|"]
        for ex in demos:
            module = course.module(ex.module)
            mod = f"[{module.number}. {module.short_title}]({relative_link(page_src, module.src_path)})" if module else ex.module
            lines.append(f"| {ex.number} | [{ex.title}]({relative_link(page_src, ex.src_uri)}) | {mod} | {format_minutes(ex.duration)} |")
    else:
        lines.append("This course variant has no demos.")
    lines += ["", "### Instructor notes by module", ""]
    lines += ["| # | Module | Notes | Slides |", "|---|---|---:|---|"]
    for m in course.modules:
        count = notes_per_module.get(m.id, 0)
        slides = relative_url(page_src, f"{SLIDES_DIR}/{m.id}/index.html")
        lines.append(
            f"| {m.number} | [{m.title}]({relative_link(page_src, m.src_path)}) | {count} | "
            f'<a href="{html.escape(slides)}">deck</a> (press <kbd>S</kbd> for the speaker view) |'
        )
    lines += ["", "</div>"]
    return "\n".join(lines)


def count_notes(module_markdown: str) -> int:
    return len(scan(module_markdown).blocks_named("notes"))


def guide_start_markdown(markdown: str, course: Course, notes_per_module: dict[str, int]) -> str:
    content = guide_index_markdown(course, GUIDE_START, notes_per_module)
    if _marker(markdown, "guide-index") is None:
        content = "## Demos and instructor notes\n\n" + content
    return _place(markdown, "guide-index", content, "end")


def place_image_list(markdown: str, content: str) -> str:
    """The images the labs pull (``coursekit.book.images``) at ``/// image-list``, else in a section at the end."""
    if _marker(markdown, "image-list") is None:
        content = "## Images the labs use\n\n" + content
    return _place(markdown, "image-list", content, "end")


# ---------------------------------------------------------------------------
# Checkpoints (task lists)

_TASK_ITEM = re.compile(r'<li class="task-list-item"(?P<attrs>[^>]*)>(?P<body>.*?)(?=<li\b|</li>|<ul\b|<ol\b)', re.DOTALL)
_TAGS = re.compile(r"<[^>]+>")


def tag_tasks(content: str) -> tuple[str, list[str]]:
    """Give every task-list item a ``data-task`` id derived from its text; return the ids."""
    ids: list[str] = []
    seen: dict[str, int] = {}

    def tag(m: re.Match) -> str:
        text = " ".join(html.unescape(_TAGS.sub(" ", m.group("body"))).split())
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]
        seen[digest] = seen.get(digest, 0) + 1
        task_id = digest if seen[digest] == 1 else f"{digest}-{seen[digest]}"
        ids.append(task_id)
        return f'<li class="task-list-item"{m.group("attrs")} data-task="{task_id}">{m.group("body")}'

    return _TASK_ITEM.sub(tag, content), ids


_TASK_CONTROL = re.compile(
    r'(?P<open><label class="task-list-control">)(?P<box><input type="checkbox"[^>]*>\s*<span class="task-list-indicator"></span>)</label>'
    r"(?P<text>.*?)(?=<ul\b|<ol\b|</li>|</p>)",
    re.DOTALL,
)


def label_tasks(content: str) -> str:
    """Move each checkpoint's text into its ``<label>``.

    pymdownx.tasklist wraps only the checkbox in the label, so a screen reader
    announces "checkbox, not checked" without the checkpoint, and clicking the
    text does not tick the box.
    """
    return _TASK_CONTROL.sub(lambda m: f'{m["open"]}{m["box"]}<span class="task-list-text">{m["text"]}</span></label>', content)


def fill_task_placeholders(output: str, tasks: dict[str, list[str]]) -> str:
    def fill(m: re.Match) -> str:
        return " ".join(tasks.get(m.group(1), []))

    return re.sub(r"@@course-book-tasks:([a-z0-9-]+)@@", fill, output)


# ---------------------------------------------------------------------------
# The print page

PRINT_MARKDOWN = """---
search:
  exclude: true
---

# {title}: exercise book

<div class="print-book" data-course-version="{version}" markdown>
Course version **{version}**{edition}. Every exercise starts on a new page.
</div>

<div class="print-book-content">@@course-book-print@@</div>
"""

_URL_ATTR = re.compile(r'(?P<attr>\s(?:href|src))="(?P<url>[^"]*)"')
_ID_ATTR = re.compile(r'\sid="(?P<id>[^"]+)"')


def _rebase(url: str, from_url: str, to_url: str, prefix: str) -> str:
    if url.startswith("#"):
        return f"#{prefix}{url[1:]}"
    if not url or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", url) or url.startswith(("/", "//", "data:")):
        return url
    path, hash_, frag = url.partition("#")
    target = posixpath.normpath(posixpath.join(posixpath.dirname(from_url), path)) if path else from_url
    if target == from_url and hash_:
        return f"#{prefix}{frag}"
    rel = posixpath.relpath(target, posixpath.dirname(to_url) or ".")
    return rel + (f"#{frag}" if hash_ else "")


def print_section(ex: Exercise, content: str, print_url: str) -> str:
    """One exercise's rendered content, with ids prefixed and URLs valid from the print page."""
    prefix = f"{ex.id}--"
    from_url = page_url(ex.src_uri)
    content = _ID_ATTR.sub(lambda m: f' id="{prefix}{m.group("id")}"', content)
    content = _URL_ATTR.sub(lambda m: f'{m.group("attr")}="{_rebase(m.group("url"), from_url, print_url, prefix)}"', content)
    content = content.replace("<details ", "<details open ")
    return f'<section class="print-exercise" id="{ex.id}" data-exercise="{ex.id}">\n{content}\n</section>'


def fill_print_page(output: str, sections: list[str]) -> str:
    return output.replace("@@course-book-print@@", "\n".join(sections))
