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


def test_trainee_deck_has_no_notes_and_no_demo(project):
    instructor = _soup(_build(project, "instructor") / "slides/deckdemo/index.html")
    trainee = _soup(_build(project, "trainee", COURSE_AUDIENCE="trainee") / "slides/deckdemo/index.html")
    assert instructor.select("aside.notes") and not trainee.select("aside.notes")
    assert instructor.select(".deck-demo-slide") and not trainee.select(".deck-demo-slide")
    assert set(_slide_ids(instructor)) - set(_slide_ids(trainee)) == {"deckdemo--instructor-demo-deck-demo"}
