"""Real builds of the course variants: the full day (the session's build), the half-day
overview and a two-day regrouping of the real modules."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, copy_project, front_matter_minutes, mkdocs_build

from coursekit.course import lint as course_lint
from coursekit.course import manifest as course
from coursekit.site.structure import format_minutes

pytestmark = pytest.mark.slow

# Exercises (and modules) the half-day overview leaves out, with lab files or solutions.
LEFT_OUT = ("multi-stage-builds", "compose-start-app", "wrapup-sonarqube", "database-volumes")


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _real(variant: str) -> course.Course:
    extra = course_lint.read_config(str(REPO / "mkdocs.yml"))["extra"]
    return course.load_course(str(REPO / "mkdocs.yml"), str(REPO / "docs"), extra, variant)


@pytest.fixture(scope="module")
def half_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("half") / "site"
    result = mkdocs_build(REPO, site, env={"COURSE_VARIANT": "half-day"})
    assert result.returncode == 0, result.stderr[-4000:]
    return site


def _published(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}


def test_the_half_day_publishes_nothing_of_what_it_leaves_out(half_site, built_site):
    full = _published(built_site)
    half = _published(half_site)
    for ex_id in LEFT_OUT:
        assert any(p.startswith(f"exercises/{ex_id}/") for p in full), ex_id  # the full day has them
        assert not [p for p in half if p.startswith(f"exercises/{ex_id}/") or p == f"downloads/{ex_id}.zip"], ex_id
    assert "exercises/wrapup-sonarqube/solution/compose.yaml" in full
    with zipfile.ZipFile(half_site / "downloads/course-labs.zip") as bundle:
        folders = {name.split("/")[1] for name in bundle.namelist() if name.count("/") >= 2}
    assert folders and folders <= set(_real("half-day").exercises)
    assert not folders & set(LEFT_OUT)


def test_the_half_day_home_page_promises_only_what_it_teaches(half_site, built_site):
    half = _soup(half_site / "index.html").select_one("article").get_text(" ", strip=True)
    full = _soup(built_site / "index.html").select_one("article").get_text(" ", strip=True)
    for word in ("Compose", "SonarQube", "compose.yaml", "one day", "volumes and bind mounts"):
        assert word in full and word not in half, word
    assert "half a day" in half and "half-day overview" in half
    assert "/// variant" not in half and "/// variant" not in full
    assert 'content="A lab-driven course' in (half_site / "index.html").read_text(encoding="utf-8")


def test_the_half_day_agenda_and_deck_count_the_time_it_spends(half_site, built_site):
    half, full = _real("half-day"), _real("full-day")
    # Expected values from the sources, not from the course model: mkdocs.yml's half-day variant
    # sets `durations: images: 85`; the other four modules keep their pages' durations.
    images_half = 85
    assert half.module("images").duration == images_half
    expected_total = images_half + sum(front_matter_minutes(m) for m in ("welcome", "virtualization", "basics", "end"))
    assert half.total_minutes == expected_total
    # At most the full day's time minus the excluded lab (the manifest may shorten it further: `durations`).
    assert images_half <= full.module("images").duration - full.exercises["multi-stage-builds"].duration
    agenda = [row.get_text(" ", strip=True) for row in _soup(half_site / "index.html").select("article table")[-1].select("tr")]
    assert any(r.startswith("4 Container images") and r.endswith(format_minutes(images_half)) for r in agenda)
    assert agenda[-1] == f"Total {format_minutes(expected_total)}"
    deck = _soup(half_site / "slides/index.html")
    kicker = deck.select_one("#course-title .deck-kicker").get_text(strip=True)
    assert kicker == f"5 modules · {format_minutes(expected_total)} · half a day"
    assert deck.select_one("#course-agenda tfoot").get_text(" ", strip=True) == f"Total {format_minutes(expected_total)}"
    module_deck = _soup(half_site / "slides/images/index.html")
    assert format_minutes(images_half) in module_deck.select_one("section#images .deck-kicker").get_text()
    full_kicker = _soup(built_site / "slides/index.html").select_one("#course-title .deck-kicker").get_text(strip=True)
    assert full_kicker.endswith("· one day") and format_minutes(full.total_minutes) in full_kicker


TWO_DAY_VARIANT = """\
      two-day:
        title: Containerization fundamentals (two days)
        modules:
          - [welcome, virtualization, basics, images, volumes, system, fundamentals-conclusion]
          - [wrapup-java, networking, compose, wrapup-sonarqube, end]
"""


def test_a_two_day_variant_shows_real_day_sums(tmp_path):
    project = copy_project(tmp_path / "course")
    yml = project / "mkdocs.yml"
    text = yml.read_text(encoding="utf-8")
    yml.write_text(text.replace("    variants:\n", "    variants:\n" + TWO_DAY_VARIANT, 1), encoding="utf-8")
    extra = course_lint.read_config(str(yml))["extra"]
    two = course.load_course(str(yml), str(project / "docs"), extra, "two-day")
    (_, first, day1), (_, second, day2) = two.schedule
    assert len(first) == 7 and len(second) == 5 and day1 + day2 == two.total_minutes
    result = mkdocs_build(project, tmp_path / "site", env={"COURSE_VARIANT": "two-day"})
    assert result.returncode == 0, result.stderr[-4000:]
    rows = [r.get_text(" ", strip=True) for r in _soup(tmp_path / "site/index.html").select("article table")[-1].select("tr")]
    assert rows.index(f"Day 1 {format_minutes(day1)}") == 1 + len(first)
    assert rows.index(f"Day 2 {format_minutes(day2)}") == 2 + len(first) + len(second)
    assert rows[-1] == f"Total (2 days) {format_minutes(two.total_minutes)}"
    deck = _soup(tmp_path / "site/slides/index.html")
    assert [r.get_text(" ", strip=True) for r in deck.select("#course-agenda tr.deck-agenda__day")] == [
        f"Day 1 {format_minutes(day1)}",
        f"Day 2 {format_minutes(day2)}",
    ]
    assert deck.select_one("#course-title .deck-kicker").get_text(strip=True).endswith("· 2 days")


def test_a_module_shorter_than_its_exercises_fails_the_build_at_its_duration_line(tmp_path):
    project = copy_project(tmp_path / "course")
    page = project / "docs/modules/basics.md"
    lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("duration:"))
    lines[at] = "duration: 15\n"
    page.write_text("".join(lines), encoding="utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert f"docs/modules/basics.md:{at + 1}: CK012 duration: 15 is less than the 43 min of the exercises and demos this module assigns" in result.stderr
    assert "Traceback" not in result.stderr


# -- nested /// variant blocks through every consumer (issue 18) --------------------------------

NESTED = """
/// variant | full-day half-day
Outer text NESTED-BOTH-0c1.

/// variant | full-day
Inner text NESTED-FULL-7a2.
///

/// variant | not full-day
Inner text NESTED-HALF-9b3.
///
///

"""


def _texts(site: Path) -> dict[str, str]:
    """The three renderings of the basics module: page, module deck, search index; and the whole-course deck."""
    return {
        "page": _soup(site / "modules/basics.html").get_text(" "),
        "deck": _soup(site / "slides/basics/index.html").get_text(" "),
        "course deck": _soup(site / "slides/index.html").get_text(" "),
        "search": (site / "search/search_index.json").read_text(encoding="utf-8"),
    }


def test_nested_variant_blocks_are_resolved_in_page_deck_and_search(tmp_path):
    project = copy_project(tmp_path / "course")
    page = project / "docs/modules/basics.md"
    text = page.read_text(encoding="utf-8")
    assert text.count("\n## Container logs\n") == 1
    page.write_text(text.replace("\n## Container logs\n", "\n" + NESTED + "## Container logs\n", 1), encoding="utf-8")
    builds = {}
    for variant in ("full-day", "half-day"):
        result = mkdocs_build(project, tmp_path / variant, env={"COURSE_VARIANT": variant})
        assert result.returncode == 0, result.stderr[-4000:]
        builds[variant] = _texts(tmp_path / variant)
    for where, text in builds["full-day"].items():
        assert "NESTED-BOTH-0c1" in text and "NESTED-FULL-7a2" in text, where
        assert "NESTED-HALF-9b3" not in text and "/// variant" not in text and "///" not in text.replace("://", ""), where
    for where, text in builds["half-day"].items():
        assert "NESTED-BOTH-0c1" in text and "NESTED-HALF-9b3" in text, where
        assert "NESTED-FULL-7a2" not in text and "/// variant" not in text, where
