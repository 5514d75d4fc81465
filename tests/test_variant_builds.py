"""Real builds of the course variants: the full day (the session's build), the half-day
overview and a two-day regrouping of the real modules."""

from __future__ import annotations

import re
import shutil
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
    # sets `durations: images: 95`; the other four modules keep their pages' durations.
    images_half = 95
    assert half.module("images").duration == images_half
    expected_total = images_half + sum(front_matter_minutes(m) for m in ("welcome", "virtualization", "basics", "end"))
    assert half.total_minutes == expected_total
    # At most the full day's time minus the excluded lab (the manifest may shorten it further: `durations`).
    assert images_half <= full.module("images").duration - full.exercises["multi-stage-builds"].duration
    agenda = [row.get_text(" ", strip=True) for row in _soup(half_site / "index.html").select("article table")[-1].select("tr")]
    assert any(r.startswith("10:49 4 Container images") and r.endswith(format_minutes(images_half)) for r in agenda)
    assert agenda[-1] == f"Total teaching time {format_minutes(expected_total)}"
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
        hours:
          start: "09:00"
          end: "17:00"
          breaks:
            - {after: basics, minutes: 15, title: Coffee break}
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
    # Each day: its heading row with its minutes, its modules (and breaks) from 09:00, its end.
    assert rows.index(f"Day 1 {format_minutes(day1)}") == 1
    assert rows.index(f"Day 2 {format_minutes(day2)}") == 1 + 1 + len(first) + 1 + 1  # + the coffee break + the day's end
    assert rows[rows.index(f"Day 2 {format_minutes(day2)}") + 1].startswith("09:00 8 ")
    assert rows[-1] == f"Total teaching time (2 days) {format_minutes(two.total_minutes)}"
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


# -- the day by the clock ---------------------------------------------------------------------


def _agenda(site: Path) -> list[str]:
    return [row.get_text(" ", strip=True) for row in _soup(site / "index.html").select("article table")[-1].select("tr")]


def test_the_full_day_agenda_fits_the_hours_the_welcome_module_announces(built_site):
    times = [(r.split(" ", 1)[0], r.split(" ", 1)[1]) for r in _agenda(built_site)[1:-1]]
    assert [t for t, _ in times] == [
        "08:30", "08:50", "09:06", "10:04", "10:19", "12:14", "12:59", "13:32", "13:58", "14:03", "14:38", "14:53", "15:33", "16:25", "17:10", "17:15"
    ]  # fmt: skip
    assert [what for _, what in times if not what[0].isdigit()] == ["Coffee break 15 min", "Lunch 45 min", "Coffee break 15 min", "End of the day"]
    welcome = _soup(built_site / "modules/welcome.html").select_one("article").get_text(" ", strip=True)
    assert "Hours: 08:30–17:30" in welcome
    assert "Breaks: coffee break 10:04–10:19, lunch 12:14–12:59, coffee break 14:38–14:53" in welcome
    slide = _soup(built_site / "slides/welcome/index.html").select_one("section#welcome--session-logistics").get_text(" ", strip=True)
    assert "Hours: 08:30–17:30" in slide
    # 17:15 + 15 min of slack = 17:30, the announced end.


def test_the_half_day_agenda_fits_its_morning(half_site):
    rows = _agenda(half_site)
    assert [r.split(" ", 1)[0] for r in rows[1:-1]] == ["09:00", "09:20", "09:36", "10:34", "10:49", "12:24", "12:29"]
    assert rows[-2] == "12:29 End of the day"
    welcome = _soup(half_site / "modules/welcome.html").select_one("article").get_text(" ", strip=True)
    assert "Hours: 09:00–13:00" in welcome and "Breaks: coffee break 10:34–10:49" in welcome and "lunch" not in welcome


def _content_slides_in_deck(deck: Path) -> list[str]:
    """Content slides of a built module deck: leaf sections without the module title, exercise and demo slides."""
    doc = _soup(deck)
    leaves = [s for s in doc.select(".slides section") if not s.find("section")]
    kinds = ("deck-module-title", "deck-exercise-slide", "deck-demo-slide")
    return [s.select_one("h2, h3").get_text(strip=True) for s in leaves if not set(s.get("class", [])) & set(kinds)]


@pytest.mark.parametrize("variant", ["full-day", "half-day"])
def test_every_lecture_module_plans_a_minute_and_a_half_per_slide_of_its_built_deck(variant, built_site, half_site):
    """Talk minutes (manifest and front matter) over the content slides of the BUILT deck, as CK014 counts them."""
    from coursekit.course import timetable
    from coursekit.deck import lint as deck_lint

    site = built_site if variant == "full-day" else half_site
    real = _real(variant)
    per_slide = {}
    for m in real.modules:
        slides = _content_slides_in_deck(site / "slides" / m.id / "index.html")
        assert slides == deck_lint.content_slides((REPO / "docs" / m.src_path).read_text(encoding="utf-8"), real, m.src_path, str(REPO)), m.id
        if not timetable.is_wrap_up(real, m.id):
            per_slide[m.id] = timetable.talk_minutes(real, m) / len(slides)
    assert per_slide and min(per_slide.values()) >= 1.5, per_slide
    if variant == "full-day":
        assert len(_content_slides_in_deck(site / "slides/images/index.html")) == 23  # 31 before issue 13
        assert len(_content_slides_in_deck(site / "slides/system/index.html")) == 5  # 7 before


# -- a variant names nothing it leaves out ------------------------------------------------------


def left_out_names(variant: str) -> dict[str, tuple[list[str], list[str]]]:
    """What other variants teach and ``variant`` leaves out: {label: (phrases, link targets)}."""
    this = _real(variant)
    others = [_real(name) for name in this.variants if name != variant]
    names: dict[str, tuple[list[str], list[str]]] = {}
    for other in others:
        for m in other.modules:
            if this.module(m.id) is None:
                # "the volumes module" names it in prose too
                phrases = [m.title, m.short_title, f"{m.short_title} module", f"{m.id} module"]
                names[f"module {m.id}"] = (phrases, [f"modules/{m.id}.html", f"slides/{m.id}/"])
        for ex in other.exercises.values():
            if ex.id not in this.exercises:
                names[f"exercise {ex.id}"] = ([ex.id, ex.title], [f"exercises/{ex.id}/", f"downloads/{ex.id}.zip"])
    return names


#: Where a one-word name ("Compose", "Volumes") is a name and not a common noun: headings, links, emphasis, table cells.
NAME_POSITIONS = ["h1", "h2", "h3", "h4", "h5", "h6", "a", "strong", "b", "em", "mark", "th", "td", "summary", "title", ".admonition-title"]


def _phrase(name: str) -> tuple[re.Pattern, bool]:
    """The pattern of a name, and whether it counts only in name positions (a one-word name, capitalised)."""
    name = name.strip()
    one_word = " " not in name and "-" not in name
    return re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])", 0 if one_word else re.IGNORECASE), one_word


def left_out_mentions(site: Path, variant: str) -> list[str]:
    """Every place in the built ``site`` (pages with their notes, decks with speaker notes) that names a module,
    exercise or wrap-up ``variant`` leaves out: ``"<file>: <what> (<how>)"``."""
    patterns = {label: ([_phrase(p) for p in phrases], targets) for label, (phrases, targets) in left_out_names(variant).items()}
    found = []
    for page in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for tag in soup(["script", "style"]):
            tag.decompose()
        text = soup.get_text(" ")
        named = " | ".join(el.get_text(" ") for el in soup.select(", ".join(NAME_POSITIONS)))
        links = [a.get("href", "") for a in soup.find_all(href=True)] + [t.get("src", "") for t in soup.find_all(src=True)]
        rel = page.relative_to(site).as_posix()
        for label, (phrases, targets) in patterns.items():
            for rx, one_word in phrases:
                m = rx.search(named if one_word else text)
                if m:
                    found.append(f"{rel}: {label} ({m.group(0)!r})")
                    break  # one finding per name and page
            for link in links:
                if any(t in link for t in targets):
                    found.append(f"{rel}: {label} (link {link})")
    return found


@pytest.mark.parametrize("variant", ["full-day", "half-day"])
def test_no_page_or_slide_of_a_variant_names_what_it_leaves_out(variant, built_site, half_site):
    site = built_site if variant == "full-day" else half_site
    assert left_out_mentions(site, variant) == []


def test_the_left_out_check_finds_planted_mentions(half_site, tmp_path):
    site = tmp_path / "site"
    for rel in ("modules/end.html", "slides/end/index.html", "modules/images.html"):
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(half_site / rel, site / rel)
    page = site / "modules/end.html"
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "</article>",
            "<ul><li><mark>Compose</mark> runs a whole application</li></ul>"
            '<p>Keep data in volumes (see <a href="../exercises/database-volumes/index.html">the lab</a>).</p>'
            "<p>Volumes, networks and the build cache live elsewhere.</p>"
            "<p>The networking module explains it.</p></article>",
            1,
        ),
        encoding="utf-8",
    )
    deck = site / "slides/end/index.html"
    deck.write_text(
        deck.read_text(encoding="utf-8").replace('<aside class="notes">', '<aside class="notes">We will do multi-stage builds next. ', 1), encoding="utf-8"
    )
    assert sorted(left_out_mentions(site, "half-day")) == [
        "modules/end.html: exercise database-volumes (link ../exercises/database-volumes/index.html)",
        "modules/end.html: module compose ('Compose')",
        "modules/end.html: module networking ('networking module')",
        "slides/end/index.html: exercise multi-stage-builds ('multi-stage builds')",
    ]
    # Not names: "volumes" and "Volumes," in running prose (a one-word name counts in headings, links, emphasis, tables).


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
