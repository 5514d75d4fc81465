"""The real course's diagrams on the slides, in headless Chromium at 1280x720.

Mermaid draws them in the page DOM (``deck.js``).  Every diagram must carry its
text alternative (``accTitle``/``accDescr`` become the SVG's ``<title>`` and
``<desc>``, referenced by ``aria-labelledby``/``aria-describedby``), and every
label, edge labels included, must be projector-sized: at least 16 px on a
1280x720 slide once the diagram is scaled into its slide or column.  The title
of every subgraph box must be readable: inside its box, not cut off, clear of
the boxes inside it and of edge labels, without the box crowding its neighbours.
Screenshots of the slides with subgraphs go to test-artifacts/deck-diagrams/.
"""

from __future__ import annotations

import re

import pytest
from conftest import REPO, OfflinePage

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MIN_LABEL_PX = 16
# Screen pixels between a subgraph's title and the nearest box or edge label (and between
# the subgraph's box and the boxes around it): less reads as touching or covering.
MIN_TITLE_CLEARANCE_PX = 4
ARTIFACTS = REPO / "test-artifacts" / "deck-diagrams"

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
      clusters: Array.from(svg.querySelectorAll('g.cluster')).map(cluster),
    };
  });
  // A subgraph box as drawn, in screen pixels: its rectangle, its title's ink (the text's
  // own box, not the label element's), the label element that clips it, and the boxes of
  // the nodes drawn inside the rectangle (their centre in it: mermaid nests no DOM).
  function cluster(c) {
    const edges = (r) => ({left: r.left, top: r.top, right: r.right, bottom: r.bottom});
    const label = c.querySelector('.cluster-label');
    const range = document.createRange();
    range.selectNodeContents(label);
    const holder = label.querySelector('foreignObject') || label;
    const box = edges(c.querySelector('rect').getBoundingClientRect());
    const inside = [], outside = [];
    c.ownerSVGElement.querySelectorAll('g.node').forEach((n) => {
      const r = n.getBoundingClientRect();
      const x = (r.left + r.right) / 2, y = (r.top + r.bottom) / 2;
      const node = {text: n.textContent.trim(), box: edges(r)};
      (x > box.left && x < box.right && y > box.top && y < box.bottom ? inside : outside).push(node);
    });
    const edgeLabels = Array.from(c.ownerSVGElement.querySelectorAll('g.edgeLabel')).filter((e) => e.textContent.trim())
      .map((e) => ({text: e.textContent.trim(), box: edges(e.getBoundingClientRect())}));
    const div = holder.querySelector('div');
    return {title: label.textContent.trim(), box, ink: edges(range.getBoundingClientRect()),
            holder: edges(holder.getBoundingClientRect()),
            overflows: !!div && (div.scrollWidth > div.clientWidth + 1 || div.scrollHeight > div.clientHeight + 1),
            nodes: inside, outside, edgeLabels};
  }
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
        if any(d["clusters"] for d in found[slide["id"]]):
            ARTIFACTS.mkdir(parents=True, exist_ok=True)  # for a human look at the subgraph slides
            page.screenshot(path=str(ARTIFACTS / f"{slide['id']}.png"))
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


def _within(inner: dict, outer: dict, slack: float = 1.0) -> bool:
    return all(inner[k] >= outer[k] - slack for k in ("left", "top")) and all(inner[k] <= outer[k] + slack for k in ("right", "bottom"))


def _clearance(a: dict, b: dict) -> float:
    """Distance between two boxes in pixels; negative when they overlap (by the smaller overlap)."""
    dx = max(b["left"] - a["right"], a["left"] - b["right"])
    dy = max(b["top"] - a["bottom"], a["top"] - b["bottom"])
    return max(dx, dy)


def test_subgraph_titles_are_clear_of_their_boxes(diagrams):
    # Every `subgraph id["title"]` of the module pages (read from the sources as plain text)
    # is drawn as a box with that title on the slides ...
    titles = {slide: [c["title"] for d in svgs for c in d["clusters"]] for slide, svgs in diagrams.items()}
    drawn = sorted(t for ts in titles.values() for t in ts)
    written = sorted(
        m.group(1)
        for page in (REPO / "docs" / "modules").glob("*.md")
        for m in re.finditer(r'^\s*subgraph \w+\["([^"]+)"\]', page.read_text(encoding="utf-8"), re.M)
    )
    assert drawn == written and len(written) >= 10
    assert "container PID namespace" in titles["basics--linux-pid-namespace"]
    assert "Docker host" in titles["networking--default-single-host-network"]
    assert set(titles["images--copy-on-write"]) == {"container layer (R/W)", "image layer (R/O)"}
    # ... whose title lies inside the box, is not cut off by its label element and keeps
    # clear of every box inside the subgraph (the reviewer saw nodes covering it) and of
    # every edge label; the subgraph's box keeps clear of the boxes outside it.
    problems = []
    for slide, svgs in diagrams.items():
        for c in (c for d in svgs for c in d["clusters"]):
            where = f"{slide}: {c['title']!r}"
            if not _within(c["ink"], c["box"]):
                problems.append(f"{where} title outside its box {c['ink']} / {c['box']}")
            if c["overflows"] or not _within(c["ink"], c["holder"]):
                problems.append(f"{where} title cut off by its label element {c['ink']} / {c['holder']}")
            if not c["nodes"]:
                problems.append(f"{where} no node inside the box")
            for node in c["nodes"] + c["edgeLabels"]:
                gap = _clearance(c["ink"], node["box"])
                if gap < MIN_TITLE_CLEARANCE_PX:
                    problems.append(f"{where} title {'covered by' if gap < 0 else 'touching'} {node['text']!r} ({gap:.0f} px)")
            # Room made for the title must not be taken from the boxes around the subgraph.
            for node in c["outside"]:
                gap = _clearance(c["box"], node["box"])
                if gap < MIN_TITLE_CLEARANCE_PX:
                    problems.append(f"{where} box {'overlaps' if gap < 0 else 'touches'} {node['text']!r} outside it ({gap:.0f} px)")
    assert problems == [], "\n".join(problems)
