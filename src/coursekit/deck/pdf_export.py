"""Export the built course to PDF with headless Debian Chromium (``nox -s pdf``).

Serves a built site on 127.0.0.1 (every request that leaves the machine is
refused and fails the export) and prints:

- ``deck.pdf``: the whole-course deck, one slide per page, fragments collapsed
  (``?print-pdf``, ``pdfSeparateFragments: false``);
- ``handout.pdf``: the same deck with each slide's speaker notes on the page
  after it (``showNotes=separate-page``);
- ``exercise-book.pdf``: the exercise book's print page (``exercises/print.html``,
  written by the book hook), A4.

Page counts are checked against the slides in the browser; Chromium's blank
trailing page is cut off with ``page_ranges``.  Needs ``playwright`` (Python
package only: the browser is ``/usr/bin/chromium``, never downloaded) and
``pypdf``.

Usage: ``python -m coursekit.deck.pdf_export --site site --out site/pdf``
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import re
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from coursekit import settings

CHROMIUM = settings.chromium()
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync"]
DECK = "slides/index.html"
BOOK = "exercises/print.html"


@dataclass
class PdfResult:
    name: str
    path: Path
    pages: int
    expected: int | None  # None: no fixed expectation (the book flows over A4 pages)
    slides: int = 0
    notes_pages: int = 0

    @property
    def ok(self) -> bool:
        return self.pages > 0 and (self.expected is None or self.pages == self.expected)


class ExportError(Exception):
    pass


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve(site: Path):
    handler = functools.partial(_Quiet, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def _loopback(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname in ("127.0.0.1", "localhost", "::1")


def pdf_pages(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(str(path)).pages)


def _print_deck(context, base: str, out: Path, name: str, notes: bool) -> PdfResult:
    page = context.new_page()
    query = "?print-pdf&showNotes=separate-page" if notes else "?print-pdf"
    page.goto(base + DECK + query, wait_until="load")
    page.wait_for_function("document.documentElement.getAttribute('data-deck-ready') !== null", timeout=60_000)
    if page.get_attribute("html", "data-deck-ready") != "true":
        raise ExportError(f"{DECK}: the deck did not start (see the browser console)")
    page.evaluate("document.fonts.ready")
    counts = page.evaluate(
        """() => {
            const notes = document.querySelectorAll('.speaker-notes-pdf[data-layout="separate-page"]').length;
            return {pages: document.querySelectorAll('.pdf-page').length + notes, slides: Reveal.getTotalSlides(), notes: notes};
        }"""
    )
    if not counts["pages"]:
        raise ExportError(f"{DECK}{query}: reveal.js laid out no print pages")
    path = out / name
    page.pdf(path=str(path), prefer_css_page_size=True, print_background=True, page_ranges=f"1-{counts['pages']}")
    page.close()
    expected = counts["slides"] + (counts["notes"] if notes else 0)
    return PdfResult(name, path, pdf_pages(path), expected, counts["slides"], counts["notes"])


def built_edition(site: Path) -> str:
    """``trainee`` or ``instructor``: the edition a built site names in its footer (``data-course-edition``)."""
    try:
        m = re.search(r'data-course-edition="([a-z]+)"', (site / "index.html").read_text(encoding="utf-8"))
    except OSError:
        return "instructor"
    return m.group(1) if m else "instructor"


def pdf_name(stem: str, edition: str) -> str:
    """``exercise-book.pdf`` for the instructor edition, ``exercise-book-trainee.pdf`` for the trainee one."""
    return f"{stem}{'-trainee' if edition == 'trainee' else ''}.pdf"


def _print_book(context, base: str, out: Path, site: Path, name: str) -> PdfResult | None:
    if not (site / BOOK).exists():
        return None
    page = context.new_page()
    page.goto(base + BOOK, wait_until="load")
    page.evaluate("document.fonts.ready")
    path = out / name
    page.pdf(
        path=str(path),
        format="A4",
        print_background=True,
        margin={"top": "15mm", "bottom": "15mm", "left": "14mm", "right": "14mm"},
        display_header_footer=True,
        header_template="<span></span>",
        footer_template='<div style="font-size:8px;width:100%;text-align:center"><span class="pageNumber"></span> / <span class="totalPages"></span></div>',
    )
    page.close()
    return PdfResult(name, path, pdf_pages(path), None)


def export(site: Path, out: Path, browser=None, book_only: bool = False) -> list[PdfResult]:
    """Print deck, handout and exercise book of the built ``site`` into ``out``.

    The edition comes from the site: an instructor build gives ``deck.pdf``,
    ``handout.pdf`` (with the speaker notes) and ``exercise-book.pdf`` (with the
    solutions); a trainee build ``deck-trainee.pdf`` and ``exercise-book-trainee.pdf``
    (its pages hold no notes and no solutions, so there is no handout).
    ``book_only``: just the exercise book (the release zip's copy).
    ``browser``: a running Playwright Chromium to reuse (tests); by default
    ``/usr/bin/chromium`` is launched and closed again.
    """
    if not (site / DECK).exists():
        raise ExportError(f"{site / DECK} does not exist: build the site first (nox -s build)")
    out.mkdir(parents=True, exist_ok=True)
    if browser is None:
        from playwright.sync_api import sync_playwright

        if not Path(CHROMIUM).exists():
            raise ExportError(f"{CHROMIUM} is missing: apt-get install chromium")
        with sync_playwright() as pw:
            own = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                return export(site, out, own, book_only)
            finally:
                own.close()

    left: list[str] = []

    def route(r):
        if _loopback(r.request.url):
            r.continue_()
        else:
            left.append(r.request.url)
            r.abort("internetdisconnected")

    with serve(site) as base:
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        try:
            context.route("**/*", route)
            edition = built_edition(site)
            results = []
            if not book_only:
                results.append(_print_deck(context, base, out, pdf_name("deck", edition), notes=False))
                if edition != "trainee":
                    results.append(_print_deck(context, base, out, "handout.pdf", notes=True))
            book = _print_book(context, base, out, site, pdf_name("exercise-book", edition))
            if book:
                results.append(book)
        finally:
            context.close()
    if left:
        raise ExportError("requests left the machine: " + ", ".join(sorted(set(left))))
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coursekit.deck.pdf_export", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", default="site", type=Path, help="the built site (default: site)")
    parser.add_argument("--out", default=None, type=Path, help="output folder (default: <site>/pdf)")
    parser.add_argument("--book-only", action="store_true", help="only the exercise book")
    args = parser.parse_args(argv)
    try:
        results = export(args.site, args.out or args.site / "pdf", book_only=args.book_only)
    except ExportError as exc:
        print(f"pdf: {exc}", file=sys.stderr)
        return 1
    failed = False
    for r in results:
        detail = f"{r.slides} slides" + (f" + {r.notes_pages} notes pages" if r.notes_pages else "") if r.slides else "A4"
        status = "ok" if r.ok else f"MISMATCH (expected {r.expected})"
        print(f"{r.path}: {r.pages} pages ({detail}) {status}")
        failed = failed or not r.ok
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
