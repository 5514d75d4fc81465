"""The decks in real headless Chromium, served on 127.0.0.1 (every other request fails).

One build of the deck fixture course (tests/deck_fixture.py: the real module
*Containerization basics* plus a module with every layout), one browser for the
session (conftest ``browser``).  Screenshots go to test-artifacts/deck/.
"""

from __future__ import annotations

import hashlib
import re
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, OfflinePage, mkdocs_build, serve_directory
from deck_fixture import write_course

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ARTIFACTS = REPO / "test-artifacts" / "deck"
GENERATED = ("course-title", "course-agenda", "course-end")  # slides the whole-course deck adds
FAST = "?transition=none"  # reveal.js reads its options from the query string too


@pytest.fixture(scope="module")
def deck_build(tmp_path_factory):
    project = write_course(tmp_path_factory.mktemp("deckcourse") / "course")
    site = project.parent / "site"
    started = time.perf_counter()
    result = mkdocs_build(project, site)
    elapsed = time.perf_counter() - started
    assert result.returncode == 0, result.stderr[-4000:]
    assert re.search(r"deck: wrote \d+ files", result.stderr), "the deck hook did not run"
    print(f"\nfixture course with decks built in {elapsed:.2f} s")
    return project, site


@pytest.fixture(scope="module")
def base_url(deck_build):
    with serve_directory(deck_build[1]) as url:
        yield url + "/"


@pytest.fixture(scope="module")
def deck(browser, base_url):
    """The whole-course deck in a 1280x720 page, loaded once."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    offline = OfflinePage(context)
    offline.page.goto(base_url + "slides/index.html" + FAST)
    offline.page.wait_for_function("document.documentElement.getAttribute('data-deck-ready') !== null")
    yield offline
    context.close()


def expected_structure(site: Path, module_ids: list[str]) -> tuple[list[str], set[str]]:
    """Slide ids in order (from the handout pages' h1/h2/h3) and the ids of slides with notes."""
    ids, with_notes = ["course-title", "course-agenda"], set()
    for mid in module_ids:
        soup = BeautifulSoup((site / "modules" / f"{mid}.html").read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one("article.md-content__inner")
        current = None
        for el in article.find_all(recursive=False):
            if el.name in ("h1", "h2", "h3"):
                current = mid if el.name == "h1" else f"{mid}--{el['id']}"
                ids.append(current)
            elif el.name == "details" and "notes" in el.get("class", []) and current:
                with_notes.add(current)
    return ids + ["course-end"], with_notes


def _walk(page) -> list[dict]:
    """Visit every slide with the arrow keys; measure each one at 1280x720."""
    page.evaluate("Reveal.slide(0, 0)")
    seen = []
    for _ in range(500):
        info = page.evaluate(
            """() => {
              const s = Reveal.getCurrentSlide();
              const box = s.getBoundingClientRect();
              const inside = (r) => r.left >= box.left - 1 && r.top >= box.top - 1 && r.right <= box.right + 1 && r.bottom <= box.bottom + 1;
              const body = s.querySelector('.deck-slide');
              const problems = [];
              if (body && body.scrollHeight > body.clientHeight + 1) problems.push(`slide content ${body.scrollHeight} > ${body.clientHeight}`);
              if (s.scrollWidth > s.clientWidth + 1 || s.scrollHeight > s.clientHeight + 1) problems.push('slide scrolls');
              s.querySelectorAll('pre').forEach((pre) => {
                if (pre.scrollWidth > pre.clientWidth + 1 || pre.scrollHeight > pre.clientHeight + 1) problems.push(`pre scrolls ${pre.scrollWidth}x${pre.scrollHeight} > ${pre.clientWidth}x${pre.clientHeight}`);
                if (!inside(pre.getBoundingClientRect())) problems.push('pre outside the slide');
              });
              s.querySelectorAll('img, .deck-diagram svg, table, .columns').forEach((el) => {
                if (!inside(el.getBoundingClientRect())) problems.push(`${el.tagName} outside the slide`);
              });
              return {id: s.id, indices: Reveal.getIndices(), notes: Reveal.getSlideNotes(s) || '', problems, classes: Array.from(s.classList),
                      columns: s.querySelectorAll('.columns > .column').length,
                      fragments: s.querySelectorAll('.fragment').length, pres: s.querySelectorAll('pre').length, imgs: s.querySelectorAll('img, .deck-diagram svg').length,
                      hash: location.hash, handout: document.getElementById('deck-handout').getAttribute('href')};
            }"""
        )
        if not seen or seen[-1]["id"] != info["id"]:
            seen.append(info)
        routes = page.evaluate("Reveal.availableRoutes({includeFragments: true})")
        if not (routes["down"] or routes["right"]):
            break
        before = page.evaluate("JSON.stringify(Reveal.getIndices())")
        page.keyboard.press("ArrowDown" if routes["down"] else "ArrowRight")  # a fragment is a step too
        page.wait_for_function("(prev) => JSON.stringify(Reveal.getIndices()) !== prev", arg=before)
    return seen


@pytest.fixture(scope="module")
def walk(deck):
    return _walk(deck.page)


def test_deck_loads_offline(deck, deck_build):
    page = deck.page
    assert page.get_attribute("html", "data-deck-ready") == "true"
    assert deck.left_machine == [], "requests left the machine"
    assert deck.failed == [] and deck.page_errors == []
    assert page.evaluate("typeof Reveal.getPlugin('notes')") == "object"
    # no highlight.js: code arrives highlighted by Pygments, coloured like the site
    assert page.evaluate("!!document.querySelector('.reveal .highlight .k, .reveal .highlight .gp')")
    color = page.evaluate("getComputedStyle(document.querySelector('.reveal .highlight .k')).color")
    assert color == "rgb(63, 110, 198)"  # Material's --md-code-hl-keyword-color
    assert page.evaluate("!!document.querySelector('.reveal .deck-diagram svg')"), "mermaid diagrams render in the deck"
    soup = BeautifulSoup((deck_build[1] / "slides/index.html").read_text(encoding="utf-8"), "html.parser")
    loads = [t.get("src") for t in soup.find_all(["script", "img", "iframe"]) if t.get("src")] + [t["href"] for t in soup.find_all("link")]
    assert loads and not [u for u in loads if re.match(r"^(https?:)?//", u)], "nothing is loaded from a CDN"


def test_arrow_keys_visit_every_slide_in_course_order(walk, deck, deck_build):
    expected, _ = expected_structure(deck_build[1], ["basics", "deckdemo"])
    assert [s["id"] for s in walk] == expected
    assert len(walk) == deck.page.evaluate("Reveal.getTotalSlides()")
    # the ## headings plus the generated slides (module titles from #, ### sub-slides)
    sources = [(deck_build[0] / "docs/modules" / f"{m}.md").read_text(encoding="utf-8") for m in ("basics", "deckdemo")]
    headings = sum(len(re.findall(r"^#{1,3} \S", re.sub(r"```.*?```", "", s, flags=re.S), re.M)) for s in sources)
    assert len(walk) == headings + len(GENERATED)
    stacked = next(s for s in walk if s["id"] == "deckdemo--stacked-topic")
    assert stacked["fragments"] == 1, "{ .fragment } paragraphs are reveal.js fragments"
    sub = next(s for s in walk if s["id"] == "deckdemo--a-sub-topic")
    assert sub["indices"]["v"] == 1, "### is a vertical sub-slide"
    # the footer's handout link follows the slide
    code = next(s for s in walk if s["id"] == "deckdemo--a-code-slide")
    assert code["handout"] == "../modules/deckdemo.html#a-code-slide"
    # hash URLs: reveal.js writes the slide id (throttled to one write per second)
    deck.page.wait_for_function("location.hash === '#/course-end'")


def test_notes_present_where_written(walk, deck_build):
    _, with_notes = expected_structure(deck_build[1], ["basics", "deckdemo"])
    assert len(with_notes) >= 10
    for s in walk:
        assert bool(s["notes"].strip()) == (s["id"] in with_notes), s["id"]


def test_no_slide_overflows_at_1280x720(walk, deck):
    problems = {s["id"]: s["problems"] for s in walk if s["problems"]}
    assert problems == {}
    assert any(s["pres"] for s in walk) and any(s["imgs"] for s in walk)
    assert deck.page.evaluate("courseDeck.overflowing") == [] and deck.page.locator(".deck-overflow").count() == 0


def test_a_slide_too_long_even_at_45_percent_is_marked(browser, base_url):
    """40 bullets do not fit even at the smallest text size: the slide is marked, in the speaker view visibly."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        marks = {}
        for mode, extra in (("projector", ""), ("speaker", "&receiver")):
            offline = OfflinePage(context)
            page = offline.page
            warnings = []
            page.on("console", lambda m, w=warnings: w.append(m.text) if m.type == "warning" else None)
            page.goto(base_url + "slides/deckdemo/index.html" + FAST + extra + "#/deckdemo--stacked-topic")
            page.wait_for_function("document.documentElement.getAttribute('data-deck-ready') === 'true'")
            marks[mode] = page.evaluate(
                """() => {
                  const s = document.getElementById('deckdemo--stacked-topic');
                  const box = s.querySelector('.deck-slide');
                  const ul = document.createElement('ul');
                  for (let i = 0; i < 40; i++) { const li = document.createElement('li'); li.textContent = 'point ' + i + ': one more thing the slide tries to say'; ul.appendChild(li); }
                  s.querySelector('.deck-body').appendChild(ul);
                  courseDeck.fitSlide(s);
                  const corner = getComputedStyle(box, '::after');
                  const marked = {overflow: s.classList.contains('deck-overflow'), fit: s.style.getPropertyValue('--deck-fit'),
                                  cut: box.scrollHeight > box.clientHeight + 1, listed: courseDeck.overflowing.slice(),
                                  corner: corner.content !== 'none' ? [corner.borderTopColor, corner.left, corner.top] : null};
                  ul.remove();
                  courseDeck.fitSlide(s);
                  marked.after = {overflow: s.classList.contains('deck-overflow'), listed: courseDeck.overflowing.slice()};
                  return marked;
                }"""
            )
            assert [w for w in warnings if "deckdemo--stacked-topic" in w and "45 %" in w], warnings
            assert offline.page_errors == []
        for mode in marks:
            assert marks[mode]["overflow"] and marks[mode]["cut"] and marks[mode]["fit"] == "0.45", marks
            assert marks[mode]["listed"] == ["deckdemo--stacked-topic"]
            assert marks[mode]["after"] == {"overflow": False, "listed": []}, "fixed slides lose the mark"
        assert marks["speaker"]["corner"] == ["rgb(211, 47, 47)", "0px", "0px"], "a red corner in the speaker view's preview"
        assert marks["projector"]["corner"] is None, "never on the projected deck"
    finally:
        context.close()


#: The id of the slide (innermost section) under the centre of the viewport.
SLIDE_AT_CENTRE = "() => document.elementFromPoint(innerWidth / 2, innerHeight / 2).closest('.slides section:not(.stack)').id"


def settle(page) -> None:
    """Wait until the slide is painted: web fonts loaded and two animation frames after the change."""
    page.evaluate("() => document.fonts.ready.then(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))")


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height from a PNG's IHDR chunk."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def test_screenshots(deck):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page = deck.page
    shots: dict[str, str] = {}
    for name, slide in (
        ("title", "course-title"),
        ("code", "deckdemo--a-code-slide"),
        ("two-columns", "deckdemo--two-columns"),
        ("exercise", "deckdemo--exercise-deck-practice"),
        ("full-picture", "deckdemo--the-harbour"),
        ("agenda", "course-agenda"),
    ):
        page.evaluate("(id) => { location.hash = '#/' + id; }", slide)
        page.wait_for_function("(id) => Reveal.getCurrentSlide().id === id", arg=slide)
        settle(page)
        # What the screenshot shows is this slide: the centre of the viewport belongs to it.
        assert page.evaluate(SLIDE_AT_CENTRE) == slide, name
        path = ARTIFACTS / f"{name}.png"
        png = page.screenshot(path=str(path))
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and png_size(png) == (1280, 720), name
        shots[name] = hashlib.sha256(png).hexdigest()
    assert len(set(shots.values())) == len(shots), "two slides gave the same picture"


def test_overview_and_handout_key(deck):
    page = deck.page
    page.bring_to_front()
    page.evaluate("location.hash = '#/deckdemo--two-columns'")
    page.wait_for_function("Reveal.getCurrentSlide().id === 'deckdemo--two-columns'", polling=100)
    page.keyboard.press("o")
    assert page.evaluate("Reveal.isOverview()")
    page.keyboard.press("Escape")
    assert not page.evaluate("Reveal.isOverview()")
    with page.context.expect_page() as opened:
        page.keyboard.press("d")
    handout = opened.value
    handout.wait_for_load_state()
    assert handout.url.endswith("/modules/deckdemo.html#two-columns")
    assert handout.locator("h2#two-columns").count() == 1
    handout.close()


def test_speaker_view_opens_with_notes_time_and_next_slide(deck):
    page = deck.page
    # An earlier test opened and closed a popup: bring the deck back to the front, else Chromium
    # treats it as a background page whose requestAnimationFrame (wait_for_function's default
    # polling) never runs. Poll on a timer as well, for the same reason.
    page.bring_to_front()
    page.evaluate("location.hash = '#/deckdemo--a-code-slide'")
    page.wait_for_function("Reveal.getCurrentSlide().id === 'deckdemo--a-code-slide'", polling=100)
    with page.expect_popup(timeout=60_000) as popup_info:
        page.keyboard.press("s")
    speaker = popup_info.value
    # The speaker view loads the deck twice (current and next slide): generous timeout on a busy machine.
    speaker.wait_for_function(
        "document.querySelector('.speaker-controls-notes') && document.querySelector('.speaker-controls-notes').textContent.includes('eighty columns')",
        timeout=60_000,
    )
    assert speaker.locator("#current-slide iframe").count() == 1
    assert speaker.locator("#upcoming-slide iframe").count() == 1
    assert speaker.locator(".speaker-controls-time .timer").count() == 1
    speaker.close()
    assert deck.left_machine == []


def test_handout_pages_link_to_slides_and_exercises_back(deck_build):
    site = deck_build[1]
    page = BeautifulSoup((site / "modules/deckdemo.html").read_text(encoding="utf-8"), "html.parser")
    assert page.select_one("p.course-present a")["href"] == "../slides/deckdemo/index.html"
    assert page.select_one("h2#a-code-slide a.course-slide-link")["href"] == "../slides/deckdemo/index.html#/deckdemo--a-code-slide"
    assert page.select_one("h3#a-sub-topic a.course-slide-link")["href"] == "../slides/deckdemo/index.html#/deckdemo--a-sub-topic"
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.select_one("p.course-present a")["href"] == "slides/index.html"
    ex = (site / "exercises/deck-first/index.html").read_text(encoding="utf-8")
    assert "../../slides/deckdemo/index.html#/exercise-deck-first" in ex
    deck_html = BeautifulSoup((site / "slides/deckdemo/index.html").read_text(encoding="utf-8"), "html.parser")
    item = deck_html.find(id="exercise-deck-first")
    assert item.a["href"] == "../../exercises/deck-first/index.html"
    assert (site / item.a["href"].replace("../../", "")).exists()


class TestCountdown:
    """The exercise countdown under Playwright's fake clock (deterministic, no waiting)."""

    @pytest.fixture
    def clocked(self, browser, base_url):
        context = browser.new_context(viewport={"width": 1280, "height": 720})
        offline = OfflinePage(context)
        offline.page.clock.install()
        offline.page.goto(base_url + "slides/deckdemo/index.html" + FAST + "#/deckdemo--exercise-deck-practice")
        offline.page.clock.run_for(500)
        offline.page.wait_for_function("document.documentElement.getAttribute('data-deck-ready') === 'true'")
        yield offline
        context.close()

    def state(self, page):
        return page.evaluate("courseDeck.currentCountdown()")

    def test_counts_down_pauses_resets_and_ends(self, clocked):
        page = clocked.page
        start = self.state(page)
        assert start["total"] == 180 and start["running"]
        page.clock.run_for(5_000)
        after = self.state(page)
        assert after["seconds"] < start["seconds"] and after["running"]
        page.keyboard.press("t")
        paused = self.state(page)
        assert not paused["running"]
        page.clock.run_for(10_000)
        assert self.state(page)["seconds"] == paused["seconds"], "a paused countdown stands still"
        page.keyboard.press("t")
        page.clock.run_for(2_000)
        assert self.state(page)["seconds"] < paused["seconds"]
        page.keyboard.press("r")
        reset = self.state(page)
        assert reset["seconds"] == 180 and not reset["running"] and reset["text"] == "03:00"
        page.keyboard.press("t")
        page.clock.run_for(181_000)
        done = self.state(page)
        assert done["seconds"] == 0 and done["text"] == "Time is up" and not done["running"]
        page.clock.run_for(5_000)  # keeps ticking past zero without errors
        page.keyboard.press("t")
        page.keyboard.press("r")
        assert self.state(page)["text"] == "03:00"
        assert clocked.page_errors == [] and clocked.left_machine == []

    def test_reload_keeps_remaining_time_and_paused_state(self, clocked):
        page = clocked.page
        page.clock.run_for(20_000)
        running = self.state(page)
        assert running["running"] and running["seconds"] <= 160
        page.reload()
        page.clock.run_for(500)
        page.wait_for_function("document.documentElement.getAttribute('data-deck-ready') === 'true'")
        after = self.state(page)
        assert after["running"], "a running countdown keeps running over a reload"
        assert running["seconds"] - 2 <= after["seconds"] <= running["seconds"], (running, after)
        page.keyboard.press("t")
        paused = self.state(page)
        page.clock.run_for(30_000)
        page.reload()
        page.clock.run_for(500)
        page.wait_for_function("document.documentElement.getAttribute('data-deck-ready') === 'true'")
        again = self.state(page)
        assert not again["running"] and again["seconds"] == paused["seconds"], "paused stays paused, at the same time"
        assert page.locator("#deckdemo--exercise-deck-practice .deck-countdown").get_attribute("data-state") == "paused"
        # other exercise slides keep their own state: the demo's countdown starts afresh
        page.evaluate("location.hash = '#/deckdemo--instructor-demo-deck-demo'")
        page.wait_for_function("Reveal.getCurrentSlide().id === 'deckdemo--instructor-demo-deck-demo'")
        assert self.state(page)["seconds"] == 300
        stored = page.evaluate("Object.keys(sessionStorage).filter((k) => k.startsWith('courseDeck.countdown:')).sort()")
        assert stored == ["courseDeck.countdown:deckdemo--exercise-deck-practice", "courseDeck.countdown:deckdemo--instructor-demo-deck-demo"]
        assert clocked.page_errors == []

    def test_exercise_links_open_a_new_tab_and_the_deck_keeps_counting(self, clocked):
        page = clocked.page
        links = page.locator("#deckdemo--exercise-deck-practice .deck-assignment__list a")
        assert links.count() == 2
        for i in range(2):
            assert links.nth(i).get_attribute("target") == "_blank" and links.nth(i).get_attribute("rel") == "noopener"
        assert page.get_attribute("#deck-handout", "target") == "_blank"
        page.clock.run_for(10_000)
        before = self.state(page)
        with page.context.expect_page() as opened:
            links.first.click()
        book = opened.value
        book.wait_for_load_state()
        assert book.url.endswith("/exercises/deck-first/index.html")
        assert book.evaluate("window.opener") is None, "rel=noopener: the exercise page cannot drive the deck"
        book.close()
        assert page.url.endswith("#/deckdemo--exercise-deck-practice"), "the deck stays on its slide"
        page.clock.run_for(3_000)
        after = self.state(page)
        assert after["running"] and after["seconds"] <= before["seconds"] - 2


def test_speaker_view_drives_the_projected_countdown(browser, base_url):
    """T and R pressed in the speaker view act on the main deck's countdown; the preview mirrors it."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    try:
        offline = OfflinePage(context)
        page = offline.page
        page.goto(base_url + "slides/deckdemo/index.html" + FAST + "#/deckdemo--exercise-deck-practice")
        page.wait_for_function("document.documentElement.getAttribute('data-deck-ready') === 'true'")
        main_state = "courseDeck.currentCountdown()"
        assert page.evaluate(main_state)["running"]
        with page.expect_popup(timeout=60_000) as popup_info:
            page.keyboard.press("s")
        speaker = popup_info.value
        preview = "document.querySelector('#current-slide iframe')"
        speaker.wait_for_function(
            f"{preview} && {preview}.contentWindow.courseDeck && {preview}.contentWindow.courseDeck.ready"
            f" && {preview}.contentWindow.Reveal.getCurrentSlide().id === 'deckdemo--exercise-deck-practice'",
            timeout=60_000,
        )
        mirror = f"{preview}.contentWindow.courseDeck.currentCountdown()"
        # T in the speaker window (the notes plugin forwards keys to the preview, which forwards T to the deck)
        speaker.keyboard.press("t")
        page.wait_for_function(f"!{main_state}.running", timeout=10_000)
        paused = page.evaluate(main_state)
        speaker.wait_for_function(f"!{mirror}.running && {mirror}.seconds === {paused['seconds']}", timeout=10_000)
        page.wait_for_timeout(1500)
        assert page.evaluate(main_state)["seconds"] == paused["seconds"], "the projected countdown stands still"
        assert page.locator("#deckdemo--exercise-deck-practice .deck-countdown").get_attribute("data-state") == "paused"
        # T again resumes, R resets to the full time (stopped), both windows alike
        speaker.keyboard.press("t")
        page.wait_for_function(f"{main_state}.running", timeout=10_000)
        speaker.keyboard.press("r")
        page.wait_for_function(f"!{main_state}.running && {main_state}.seconds === 180", timeout=10_000)
        speaker.wait_for_function(f"!{mirror}.running && {mirror}.text === '03:00'", timeout=10_000)
        # T on the projected deck itself reaches the preview too (it asks every second)
        page.keyboard.press("t")
        speaker.wait_for_function(f"{mirror}.running", timeout=10_000)
        speaker.close()
        assert offline.page_errors == [] and offline.left_machine == []
    finally:
        context.close()


def test_pdf_page_counts(deck_build, tmp_path, walk, browser):
    from coursekit.deck import pdf_export

    results = {r.name: r for r in pdf_export.export(deck_build[1], tmp_path, browser=browser)}
    with_notes = sum(1 for s in walk if s["notes"].strip())
    assert results["deck.pdf"].pages == len(walk)
    assert results["handout.pdf"].pages == len(walk) + with_notes
    assert results["exercise-book.pdf"].pages >= 1
    from pypdf import PdfReader

    deck_pdf = PdfReader(str(results["deck.pdf"].path))
    assert "Thank you" in deck_pdf.pages[-1].extract_text(), "no blank trailing page"
    assert "Containerization fundamentals" in deck_pdf.pages[0].extract_text()


def manifest_modules(variant: str | None = None) -> list[str]:
    """Module ids of a variant, read from the real mkdocs.yml (python tags ignored)."""
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    course = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)["extra"]["course"]
    return course["variants"][variant or course["default_variant"]]["modules"]


@pytest.fixture(scope="module")
def real(browser, site_url):
    """The real course's deck, walked once with the arrow keys."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    offline = OfflinePage(context)
    offline.page.goto(site_url + "/slides/index.html" + FAST)
    offline.page.wait_for_function("document.documentElement.getAttribute('data-deck-ready') !== null", timeout=60_000)
    slides = _walk(offline.page)
    yield offline, slides
    context.close()


class TestRealCourseDeck:
    """The deck of the real course (conftest's ``built_site``): every slide fits, nothing is lost."""

    def test_every_heading_is_a_slide_with_its_notes(self, real, built_site):
        offline, slides = real
        expected, with_notes = expected_structure(built_site, manifest_modules())
        assert [s["id"] for s in slides] == expected
        assert [s["id"] for s in slides if s["notes"].strip()] == [i for i in expected if i in with_notes]
        assert offline.left_machine == [] and offline.page_errors == []

    def test_no_slide_overflows(self, real):
        offline, slides = real
        assert {s["id"]: s["problems"] for s in slides if s["problems"]} == {}
        assert offline.page.evaluate("courseDeck.overflowing") == []

    def test_screenshots(self, real):
        """One screenshot per kind of slide, picked by what the slide is (its class or content), each
        checked: a real picture (pixels sampled), and the slide's parts inside the 1280x720 viewport."""
        offline, slides = real
        page = offline.page
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        plain = [s for s in slides if not any(c.startswith("deck-") for c in s["classes"] if c)]
        picks = {
            "real-title": ("course-title", ".deck-course-title h1"),
            "real-code": (next(s["id"] for s in plain if s["pres"] and not s["imgs"] and not s["columns"]), "pre code"),
            "real-two-columns": (next(s["id"] for s in slides if s["columns"] >= 2), ".columns > .column"),
            "real-exercise": (next(s["id"] for s in slides if "deck-exercise-slide" in s["classes"] and "--exercise-" in s["id"]), ".deck-countdown"),
            "real-statement": (next(s["id"] for s in slides if "deck-statement" in s["classes"] and s["id"] != "course-end"), "h2"),
        }
        for name, (slide, part) in picks.items():
            page.evaluate("(id) => { location.hash = '#/' + id; }", slide)
            page.wait_for_function("(id) => Reveal.getCurrentSlide().id === id", arg=slide)
            settle(page)
            path = ARTIFACTS / f"{name}.png"
            png = page.screenshot(path=str(path))
            assert path.stat().st_size > 8_000, (name, slide)
            boxes = page.evaluate(
                """(part) => {
                  const s = Reveal.getCurrentSlide();
                  const r = (el) => { const b = el.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; };
                  return {slide: r(s), parts: Array.from(s.querySelectorAll(part)).map(r),
                          all: Array.from(s.querySelectorAll('.deck-slide *')).filter((el) => el.getClientRects().length && !el.closest('aside.notes, svg *')).map(r)};
                }""",
                part,
            )
            assert boxes["parts"], f"{name}: {slide} has no {part}"
            for left, top, right, bottom in boxes["parts"] + boxes["all"]:
                assert left >= -1 and top >= -1 and right <= 1281 and bottom <= 721, (name, slide, (left, top, right, bottom))
            if name == "real-two-columns":
                (l1, t1, r1, b1), (l2, t2, r2, b2) = boxes["parts"][:2]
                assert r1 <= l2 and min(b1, b2) > max(t1, t2), "the two columns stand side by side"
            pixels = self._pixels(page, png)
            assert pixels["colours"] >= 6 and pixels["ink"] > 0.01, (name, slide, pixels)
            assert pixels["size"] == [1280, 720]

    @staticmethod
    def _pixels(page, png: bytes) -> dict:
        """Decode the screenshot file in the browser (canvas) and measure it: distinct colours, share of
        pixels that differ from the most common (background) colour."""
        import base64

        return page.evaluate(
            """async (data) => {
              const img = new Image();
              img.src = 'data:image/png;base64,' + data;
              await img.decode();
              const c = document.createElement('canvas');
              c.width = img.naturalWidth; c.height = img.naturalHeight;
              const g = c.getContext('2d');
              g.drawImage(img, 0, 0);
              const d = g.getImageData(0, 0, c.width, c.height).data;
              const counts = new Map();
              for (let i = 0; i < d.length; i += 16) {  // every 4th pixel
                const key = (d[i] >> 4) << 8 | (d[i + 1] >> 4) << 4 | (d[i + 2] >> 4);
                counts.set(key, (counts.get(key) || 0) + 1);
              }
              const total = d.length / 16;
              const background = Math.max(...counts.values());
              return {size: [c.width, c.height], colours: counts.size, ink: (total - background) / total};
            }""",
            base64.b64encode(png).decode(),
        )
