"""Decks of real builds of the deck fixture course: course variants and audiences."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from conftest import mkdocs_build
from deck_fixture import write_course

pytestmark = pytest.mark.slow


def _soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _slide_ids(deck) -> list[str]:
    return [s["id"] for s in deck.select("div.slides section[id]") if not s.find("section")]


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return write_course(tmp_path_factory.mktemp("deckvariants") / "course")


def _build(project, name, **env):
    site = project.parent / name
    result = mkdocs_build(project, site, env=env)
    assert result.returncode == 0, result.stderr[-4000:]
    return site


def test_half_day_variant_has_its_own_deck_and_agenda(project):
    full = _build(project, "full")
    half = _build(project, "half", COURSE_VARIANT="half-day")
    full_deck, half_deck = _soup(full / "slides/index.html"), _soup(half / "slides/index.html")
    assert [a.text for a in full_deck.select("#course-agenda tbody a")] == ["Container basics", "Deck layouts"]
    assert [a.text for a in half_deck.select("#course-agenda tbody a")] == ["Deck layouts"]
    # deckdemo's 30 min less the 2 min of the exercise the half day excludes
    assert half_deck.select_one("#course-agenda tfoot").text.count("28 min") == 1
    assert "(half day)" in half_deck.select_one("#course-title").text
    assert (full / "slides/basics/index.html").exists() and not (half / "slides/basics").exists()
    assert not (half / "modules/basics.html").exists(), "module pages of other variants are left out"
    # the excluded exercise is gone from the exercise slide and its countdown
    full_ex = full_deck.find(id="deckdemo--exercise-deck-practice")
    half_ex = half_deck.find(id="deckdemo--exercise-deck-practice")
    assert [li["id"] for li in full_ex.select("li")] == ["exercise-deck-first", "exercise-deck-second"]
    assert [li["id"] for li in half_ex.select("li")] == ["exercise-deck-first"]
    assert (full_ex["data-countdown"], half_ex["data-countdown"]) == ("180", "60")
    assert not (half / "exercises/deck-second").exists()
    # module numbers follow the variant's order
    assert "Module 1" in half_deck.find(id="deckdemo").text and "Module 2" in full_deck.find(id="deckdemo").text
    assert _slide_ids(half_deck)[:2] == ["course-title", "course-agenda"] and _slide_ids(half_deck)[-1] == "course-end"
    # a variant with `hours` shows each module and break at its clock time, then the day's end; one without shows durations only
    rows = [[td.get_text(strip=True) for td in tr.select("td, th")] for tr in half_deck.select("#course-agenda tbody tr")]
    assert rows == [["09:00", "1", "Deck layouts", "28 min"], ["09:28", "", "Questions", "10 min"], ["09:38", "", "End of the day", ""]]
    assert [th.text for th in half_deck.select("#course-agenda thead th")] == ["Time", "#", "Module", "Duration"]
    assert [th.text for th in full_deck.select("#course-agenda thead th")] == ["#", "Module", "Duration"]


def test_trainee_deck_has_no_notes_and_no_demo(project):
    instructor = _soup(_build(project, "instructor") / "slides/deckdemo/index.html")
    trainee = _soup(_build(project, "trainee", COURSE_AUDIENCE="trainee") / "slides/deckdemo/index.html")
    assert instructor.select("aside.notes") and not trainee.select("aside.notes")
    assert instructor.select(".deck-demo-slide") and not trainee.select(".deck-demo-slide")
    assert set(_slide_ids(instructor)) - set(_slide_ids(trainee)) == {"deckdemo--instructor-demo-deck-demo"}


def test_deck_rules_in_a_real_build(tmp_path):
    """DK002 warns at a too-long slide's heading (the build passes); DK001 fails the build at
    an exercise block that has no slide of its own (the review's demo merged into an exercise slide)."""
    project = write_course(tmp_path / "course")
    page = project / "docs/modules/deckdemo.md"
    bullets = "".join(f"- point {i}: one more thing the slide tries to say\n" for i in range(40))
    text = page.read_text(encoding="utf-8").replace("## Stacked topic\n", "## Everything at once\n\n" + bullets + "\n## Stacked topic\n")
    page.write_text(text, encoding="utf-8")
    heading = text.splitlines().index("## Everything at once") + 1
    ok = mkdocs_build(project, tmp_path / "site")
    assert ok.returncode == 0, ok.stderr[-3000:]
    assert f"course-check warning: docs/modules/deckdemo.md:{heading}:1: warning DK002 slide 'Everything at once' is too long to present" in ok.stderr
    merged = text.replace("## Instructor demo: deck demo\n\n", "")
    page.write_text(merged, encoding="utf-8")
    block = merged.splitlines().index("/// demo | Instructor demo: Deck demo") + 1
    bad = mkdocs_build(project, tmp_path / "site-bad")
    assert bad.returncode != 0
    assert (
        f"docs/modules/deckdemo.md:{block}:1: error DK001 `/// demo` block shares the slide '## Exercise: deck practice'"
        f" (line {merged.splitlines().index('## Exercise: deck practice') + 1}) with the `/// exercises` block" in bad.stderr
    ), bad.stderr[-3000:]
    assert "Traceback" not in bad.stderr
