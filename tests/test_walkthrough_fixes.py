"""What the trainee and instructor walk-through found (issue 17, part 3), kept fixed:
search excerpts, 404.html from file://, progress scoped per edition and version,
wide command output in print, the countdown's size, the solutions' own icon."""

from __future__ import annotations

import json
import re

import pytest

from coursekit.deck.pdf_export import serve
from coursekit.markdown.output_fence import is_wide_table, output_fence_format

CONTAINER_LS = """\
CONTAINER ID   IMAGE         COMMAND                  CREATED          STATUS          PORTS                                     NAMES
3f1c2b7a9d0e   nginx:1.29    "/docker-entrypoint.…"   12 seconds ago   Up 11 seconds   0.0.0.0:8080->80/tcp, [::]:8080->80/tcp   web
"""
LONG_ERROR = (
    "docker: Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: exec: no such file"
)


def test_wide_tables_are_marked_for_print_and_prose_is_not():
    assert is_wide_table(CONTAINER_LS)
    assert not is_wide_table(LONG_ERROR + "\n" + LONG_ERROR)  # long, but no columns: it wraps
    assert not is_wide_table("CONTAINER ID   IMAGE\n3f1c2b7a9d0e   nginx\n")  # columns, but fits the page
    html = output_fence_format(CONTAINER_LS, "output", "", {}, None)
    assert 'class="command-output command-output--wide" style="--output-columns: 134"' in html


def test_present_button_is_not_a_search_excerpt(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    module_pages = [doc for doc in index["docs"] if doc["location"].startswith("modules/") and "#" not in doc["location"]]
    assert module_pages
    assert not [doc["location"] for doc in module_pages if "Present" in doc["text"]]


def test_404_page_uses_relative_paths(built_site):
    page = (built_site / "404.html").read_text(encoding="utf-8")
    assert 'href="./assets/stylesheets/' in page
    assert not re.search(r'(?:href|src)="/(?!/)', page), "no root-absolute URL may remain"


@pytest.mark.browser
def test_404_page_is_styled_from_file(built_site, browser):
    page = browser.new_page()
    try:
        page.goto((built_site / "404.html").as_uri())
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    finally:
        page.close()


@pytest.mark.browser
def test_progress_key_names_course_edition_and_version(built_site, browser):
    with serve(built_site) as base:
        page = browser.new_page()
        try:
            page.goto(base + "exercises/container-run-inspect/index.html")
            page.get_by_text("The second run did not pull the image again.").click()
            keys = page.evaluate("Object.keys(localStorage)")
            version = page.get_attribute("[data-course-version]", "data-course-version")
        finally:
            page.close()
    assert f"course-book/v2/Containerization%20fundamentals/instructor/{version}/container-run-inspect" in keys


@pytest.mark.browser
def test_countdown_is_readable_from_the_back_of_the_room(built_site, browser):
    """At least 120 px digits on a 1280x720 slide (a sixth of its height; it was 48 px), key hint not projected."""
    with serve(built_site) as base:
        page = browser.new_page(viewport={"width": 1280, "height": 720})
        try:
            page.goto(base + "slides/basics/index.html")
            page.wait_for_function("document.documentElement.getAttribute('data-deck-ready') === 'true'")
            page.evaluate(
                "Reveal.configure({transition: 'none'}); Reveal.slide(Reveal.getIndices([...Reveal.getSlides()].find(s => s.querySelector('.deck-countdown'))).h)"
            )
            height = page.evaluate("document.querySelector('.present .deck-countdown__time').getBoundingClientRect().height")
            hint_shown = page.is_visible(".present .deck-countdown__keys")
        finally:
            page.close()
    assert height >= 120
    assert not hint_shown


def test_solutions_have_their_own_icon(built_site):
    css = (built_site / "assets" / "stylesheets" / "course.css").read_text(encoding="utf-8")
    rule = re.search(r"details\.solution > summary::before,[^{]*\{(?P<body>[^}]*)\}", css)
    assert rule and "mask-image: var(--course-icon-solution)" in rule["body"]


@pytest.mark.browser
def test_copy_button_leaves_long_commands_readable(built_site, browser):
    """Phone: the button sits on its own row above the code; desktop: every line keeps room for it."""
    with serve(built_site) as base:
        phone = browser.new_page(viewport={"width": 390, "height": 844})
        desktop = browser.new_page(viewport={"width": 1280, "height": 800})
        try:
            for page in (phone, desktop):
                page.goto(base + "exercises/container-run-inspect/index.html")
                page.wait_for_selector(".highlight pre > .md-code__nav")
            covered = phone.evaluate(
                """() => [...document.querySelectorAll('.highlight pre')].filter(pre => pre.querySelector(':scope > .md-code__nav')).map(pre => {
                    const nav = pre.querySelector(':scope > .md-code__nav').getBoundingClientRect();
                    return nav.bottom > pre.querySelector(':scope > code').getBoundingClientRect().top + 1;
                })"""
            )
            room = desktop.evaluate(
                """() => { const pre = [...document.querySelectorAll('.highlight pre')].find(p => p.querySelector(':scope > .md-code__nav'));
                    return [parseFloat(getComputedStyle(pre.querySelector(':scope > code')).paddingRight), pre.querySelector(':scope > .md-code__nav').getBoundingClientRect().width]; }"""
            )
        finally:
            phone.close()
            desktop.close()
    assert covered and not any(covered)
    padding, button = room
    assert padding >= button


@pytest.mark.browser
def test_code_in_tables_breaks_only_at_spaces(built_site, browser):
    with serve(built_site) as base:
        page = browser.new_page(viewport={"width": 390, "height": 844})
        try:
            page.goto(base + "exercises/wrapup-sonarqube/index.html")
            styles = page.evaluate("(() => { const s = getComputedStyle(document.querySelector('td code')); return [s.wordBreak, s.overflowWrap]; })()")
        finally:
            page.close()
    assert styles == ["normal", "normal"]
