"""The real course's diagrams on the slides, in headless Chromium at 1280x720.

Mermaid draws them in the page DOM (``deck.js``).  Every diagram must carry its
text alternative (``accTitle``/``accDescr`` become the SVG's ``<title>`` and
``<desc>``, referenced by ``aria-labelledby``/``aria-describedby``), and every
label, edge labels included, must be projector-sized: at least 16 px on a
1280x720 slide once the diagram is scaled into its slide or column.
"""

from __future__ import annotations

import pytest
from conftest import REPO, OfflinePage

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MIN_LABEL_PX = 16

DIAGRAM_SLIDES = """() => {
  const out = [];
  document.querySelectorAll('.reveal .slides section').forEach((s) => {
    if (!s.querySelector('section') && s.querySelector('.deck-diagram svg')) out.push({id: s.id, indices: Reveal.getIndices(s)});
  });
  return out;
}"""

# On the current slide: each diagram's accessible name and description, and the
# smallest rendered text size of its node and edge labels in screen pixels.  A
# diagram is scaled to fit (width and max-height): the drawn scale is the smaller
# of the two ratios between the SVG's box and its viewBox.
MEASURE = """() => {
  const slide = Reveal.getCurrentSlide();
  return Array.from(slide.querySelectorAll('.deck-diagram svg')).map((svg) => {
    const ref = (attr) => (svg.getAttribute(attr) || '').split(/\\s+/).filter(Boolean)
      .map((id) => svg.querySelector('#' + CSS.escape(id))).filter(Boolean);
    const box = svg.getBoundingClientRect();
    const vb = svg.viewBox.baseVal;
    const scale = Math.min(box.width / vb.width, box.height / vb.height);
    const labels = [];
    svg.querySelectorAll('span, text, tspan').forEach((el) => {
      if (el.querySelector('span, tspan') || !el.textContent.trim()) return;
      labels.push({text: el.textContent.trim(), edge: !!el.closest('.edgeLabel'),
                   px: parseFloat(getComputedStyle(el).fontSize) * scale});
    });
    return {
      role: svg.getAttribute('role') || '',
      title: ref('aria-labelledby').map((e) => e.tagName.toLowerCase() + ':' + e.textContent.trim()),
      desc: ref('aria-describedby').map((e) => e.tagName.toLowerCase() + ':' + e.textContent.trim()),
      labels,
    };
  });
}"""


@pytest.fixture(scope="module")
def diagrams(browser, site_url):
    """Every diagram of the real deck, measured on its own slide: {slide id: [diagram, ...]}."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    offline = OfflinePage(context)
    page = offline.page
    page.goto(site_url + "/slides/index.html?transition=none")
    page.wait_for_function("document.documentElement.getAttribute('data-deck-ready') !== null", timeout=60_000)
    found = {}
    for slide in page.evaluate(DIAGRAM_SLIDES):
        page.evaluate("(i) => Reveal.slide(i.h, i.v || 0)", slide["indices"])
        page.wait_for_function("(id) => Reveal.getCurrentSlide().id === id", arg=slide["id"])
        found[slide["id"]] = page.evaluate(MEASURE)
    assert offline.page_errors == [] and offline.left_machine == []
    yield found
    context.close()


def test_the_deck_draws_the_course_diagrams(diagrams):
    # Every ```mermaid fence of a module page becomes one drawn diagram on that module's slides
    # (counted in the sources as plain text, independent of the deck builder).
    from collections import Counter

    expected = Counter()
    for page in sorted((REPO / "docs" / "modules").glob("*.md")):
        expected[page.stem] += page.read_text(encoding="utf-8").count("```mermaid")
    drawn = Counter()
    for slide, svgs in diagrams.items():
        drawn[slide.split("--", 1)[0]] += len(svgs)
    assert +drawn == +expected
    assert sum(expected.values()) >= 20  # the course really has diagrams to draw
    assert "basics--container-lifecycle" in diagrams


def test_every_diagram_carries_its_title_and_description(diagrams):
    problems = {}
    for slide, svgs in diagrams.items():
        for d in svgs:
            desc = [t for t in d["desc"] if t.startswith("desc:") and len(t) > len("desc:") + 20]
            title = [t for t in d["title"] if t.startswith("title:") and len(t) > len("title:")]
            if not desc or not title or "document" not in d["role"]:
                problems[slide] = {k: d[k] for k in ("role", "title", "desc")}
    assert problems == {}


def test_the_lifecycle_description_is_what_the_page_says(diagrams, built_site):
    (svg,) = diagrams["basics--container-lifecycle"]
    handout = (built_site / "modules/basics.html").read_text(encoding="utf-8")
    text = svg["desc"][0].removeprefix("desc:")
    assert text.startswith("create makes a container Created") and text in handout


def test_labels_are_projector_sized(diagrams):
    small = {
        slide: sorted({f"{lab['text']} ({'edge' if lab['edge'] else 'node'}) {lab['px']:.1f}px" for lab in d["labels"] if lab["px"] < MIN_LABEL_PX})
        for slide, svgs in diagrams.items()
        for d in svgs
    }
    assert {k: v for k, v in small.items() if v} == {}
    lifecycle_edges = [lab for d in diagrams["basics--container-lifecycle"] for lab in d["labels"] if lab["edge"]]
    assert {lab["text"] for lab in lifecycle_edges} >= {"create", "start", "pause", "unpause", "rm"}
