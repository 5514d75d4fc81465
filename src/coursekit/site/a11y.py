"""Accessibility audit of a built site with axe-core in headless Chromium (``nox -s a11y``).

Every HTML page of the site is checked in light and in dark mode (the browser's
``prefers-color-scheme``, which Material's palette follows), and every slide of
the course deck (``slides/index.html``) one by one.  axe-core comes from
``node_modules/axe-core`` (npm, pinned in package-lock.json) and is injected
from that local file; the site is served on 127.0.0.1 and every request that
would leave the machine is refused.

A violation of impact ``serious`` or ``critical`` fails the audit; ``moderate``
and ``minor`` ones are reported.  Output: one line per rule and page, then a
summary by rule.

    python -m coursekit.site.a11y [--site site] [--axe node_modules/axe-core/axe.min.js] [--pages GLOB ...] [--no-deck]
"""

from __future__ import annotations

import argparse
import contextlib
import fnmatch
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ..deck.pdf_export import CHROMIUM, CHROMIUM_ARGS, _loopback, serve

FAILING = ("critical", "serious")
DECK = "slides/index.html"
MODES = ("light", "dark")
# The decks are audited slide by slide; lab files (a lab app's own HTML) are not course pages.
SKIP = ("slides/*", "exercises/*/files/*", "exercises/*/solution/*")


@dataclass
class Violation:
    rule: str
    impact: str
    help: str
    where: str  # page (and mode or slide)
    targets: list[str]

    @property
    def fails(self) -> bool:
        return self.impact in FAILING


@dataclass
class Report:
    checked: list[str] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    left_machine: set[str] = field(default_factory=set)

    @property
    def failures(self) -> list[Violation]:
        return [v for v in self.violations if v.fails]

    def by_rule(self) -> dict[tuple[str, str], list[Violation]]:
        groups: dict[tuple[str, str], list[Violation]] = defaultdict(list)
        for v in self.violations:
            groups[(v.impact, v.rule)].append(v)
        return dict(groups)


def site_pages(site: Path, patterns: list[str] | None = None) -> list[str]:
    """Site-relative paths of the HTML pages to audit (the decks are audited slide by slide)."""
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    pages = [p for p in pages if not any(fnmatch.fnmatch(p, s) for s in SKIP)]
    if patterns:
        pages = [p for p in pages if any(fnmatch.fnmatch(p, pat) for pat in patterns)]
    return pages


def _axe(page, axe_source: str, where: str) -> list[Violation]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=axe_source)
    result = page.evaluate("async () => (await axe.run(document, {resultTypes: ['violations']})).violations")
    return [
        Violation(
            v["id"],
            v.get("impact") or "minor",
            v["help"],
            where,
            [", ".join(n["target"]) if isinstance(n["target"], list) else str(n["target"]) for n in v["nodes"]],
        )
        for v in result
    ]


def _settle(page) -> None:
    """Wait until mermaid diagrams are drawn (their colours are part of the contrast check)."""
    # Material swaps each pre.mermaid for a div.mermaid with the SVG in a closed shadow root;
    # a page whose diagram never renders is still audited as it is.
    with contextlib.suppress(Exception):
        page.wait_for_function("!document.querySelector('pre.mermaid')", timeout=5_000)
    page.evaluate("document.fonts.ready")


def audit_pages(context, base: str, pages: list[str], axe_source: str, mode: str, report: Report) -> None:
    page = context.new_page()
    try:
        for rel in pages:
            page.goto(base + rel, wait_until="load")
            _settle(page)
            report.checked.append(f"{rel} [{mode}]")
            report.violations += _axe(page, axe_source, f"{rel} [{mode}]")
    finally:
        page.close()


def audit_deck(context, base: str, axe_source: str, report: Report, slides: slice | None = None) -> None:
    page = context.new_page()
    try:
        page.goto(base + DECK, wait_until="load")
        page.wait_for_function("document.documentElement.getAttribute('data-deck-ready') !== null", timeout=60_000)
        page.evaluate("Reveal.configure({transition: 'none', backgroundTransition: 'none'})")
        indices = page.evaluate("Reveal.getSlides().map(s => Reveal.getIndices(s))")
        for idx in indices[slides] if slides else indices:
            page.evaluate("([h, v]) => Reveal.slide(h, v)", [idx["h"], idx.get("v") or 0])
            where = f"{DECK}#/{idx['h']}/{idx.get('v') or 0}"
            report.checked.append(where)
            report.violations += _axe(page, axe_source, where)
    finally:
        page.close()


def audit(site: Path, axe_path: Path, browser, pages: list[str] | None = None, deck: bool = True, deck_slides: slice | None = None) -> Report:
    """Audit ``pages`` (default: every page) of ``site`` in both colour schemes, and the course deck."""
    axe_source = axe_path.read_text(encoding="utf-8")
    pages = site_pages(site) if pages is None else pages
    report = Report()

    def route(r):
        if _loopback(r.request.url):
            r.continue_()
        else:
            report.left_machine.add(r.request.url)
            r.abort("internetdisconnected")

    with serve(site) as base:
        for mode in MODES:
            context = browser.new_context(viewport={"width": 1280, "height": 800}, color_scheme=mode)
            try:
                context.route("**/*", route)
                audit_pages(context, base, pages, axe_source, mode, report)
                if deck and mode == "light" and (site / DECK).exists():
                    audit_deck(context, base, axe_source, report, deck_slides)
            finally:
                context.close()
    return report


def format_report(report: Report) -> str:
    lines = []
    for v in sorted(report.violations, key=lambda v: (not v.fails, v.rule, v.where)):
        first = v.targets[0] if v.targets else ""
        lines.append(f"{v.where}: {v.impact} {v.rule}: {v.help} ({len(v.targets)} element{'s' * (len(v.targets) != 1)}, first: {first})")
    lines.append("")
    lines.append(f"{len(report.checked)} pages/slides checked")
    for (impact, rule), group in sorted(report.by_rule().items(), key=lambda kv: (kv[0][0] not in FAILING, kv[0][1])):
        nodes = sum(len(v.targets) for v in group)
        lines.append(f"  {impact:9} {rule}: {nodes} elements on {len(group)} pages/slides{'  FAIL' if impact in FAILING else ''}")
    if report.left_machine:
        lines.append("requests left the machine: " + ", ".join(sorted(report.left_machine)))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coursekit.site.a11y", description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", default="site", type=Path)
    parser.add_argument("--axe", default=Path("node_modules/axe-core/axe.min.js"), type=Path, help="axe-core script (npm package axe-core)")
    parser.add_argument("--pages", nargs="*", help="only these site-relative pages (glob patterns)")
    parser.add_argument("--no-deck", action="store_true", help="skip the course deck")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").exists():
        print(f"a11y: {args.site} holds no built site: run nox -s build first", file=sys.stderr)
        return 2
    if not args.axe.exists():
        print(f"a11y: {args.axe} is missing: npm ci installs axe-core", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            report = audit(args.site, args.axe, browser, site_pages(args.site, args.pages), deck=not args.no_deck)
        finally:
            browser.close()
    print(format_report(report))
    if report.failures or report.left_machine:
        print(f"a11y: {len(report.failures)} serious or critical violations", file=sys.stderr)
        return 1
    print("a11y: no serious or critical violations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
