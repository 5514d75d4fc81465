"""A day that fits its hours: the manifest's ``hours``, the agenda by the clock, ``/// hours``,
CK014 TooManySlidesForTalkTime and CK015 DayExceedsAnnouncedHours on fixture courses."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursekit import cli
from coursekit.course import lint as course_lint
from coursekit.course import manifest as course
from coursekit.course import timetable
from coursekit.deck import lint as deck_lint
from coursekit.errors import SourceError
from coursekit.site import structure as site_structure
from coursekit.validation.meta.ck009_ck012_course_source import check_course

REPO = Path(__file__).resolve().parent.parent

MANIFEST = """\
site_name: t
extra:
  course:
    title: T
    default_variant: day
    variants:
      day:
        title: A day
        modules:
          - talk
          - lab
          - wrap
        hours:
          start: "09:00"
          end: "END"
          breaks:
            - {after: talk, minutes: 15, title: Coffee break}
      short:
        title: Short
        modules:
          - talk
"""

# Four content slides (objectives, two topics, takeaways); the title, a section slide above
# its sub-slides and the exercise slide are not content.  ``/// variant`` drops one topic from "short".
TALK = """\
---
title: Talk
duration: 16
---

# Talk

## Learning objectives

/// notes
Only notes: the slide shows the front matter's objectives.
///

## Topics

### First topic

- One point

/// handout | More on the first topic
Detail for the page only: not a slide of its own, not on the slide.
///

/// variant | day
### Second topic

- Another point
///

## Exercise: practise

/// exercises | Practise
- practise
///

## Talk takeaways

- Done
"""


def _lab(minutes: int, slides: int) -> str:
    topics = "".join(f"## Topic {i}\n\n- Point {i}\n\n" for i in range(1, slides + 1))
    return f"---\ntitle: Lab\nduration: {minutes}\n---\n\n# Lab\n\n{topics}## Exercise: build\n\n/// exercises | Build\n- build\n///\n"


WRAP = "---\ntitle: Wrap\nduration: 31\n---\n\n# Wrap\n\n## A\n\n- a\n\n## B\n\n- b\n\n## Wrap-up lab\n\n/// exercises | Wrap-up\n- wrapping\n///\n"


def _exercise(ex_id: str, module: str, minutes: int, kind: str = "exercise") -> str:
    return f"---\nid: {ex_id}\ntitle: {ex_id}\nmodule: {module}\nkind: {kind}\nduration: {minutes}\nobjectives:\n  - Do {ex_id}\n---\n\n# {ex_id}\n\nDo it.\n"


def _course(root: Path, *, end: str = "11:30", lab_minutes: int = 40, lab_slides: int = 4, talk: str = TALK) -> Path:
    """talk: 16 min with a 10-min exercise (6 min of talk); lab: ``lab_minutes`` with a 34-min exercise; wrap: 31 with 30."""
    (root / "docs/modules").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(MANIFEST.replace("END", end), encoding="utf-8")
    (root / "docs/modules/talk.md").write_text(talk, encoding="utf-8")
    (root / "docs/modules/lab.md").write_text(_lab(lab_minutes, lab_slides), encoding="utf-8")
    (root / "docs/modules/wrap.md").write_text(WRAP, encoding="utf-8")
    for ex_id, module, minutes, kind in (("practise", "talk", 10, "exercise"), ("build", "lab", 34, "exercise"), ("wrapping", "wrap", 30, "wrap-up")):
        (root / "exercises" / ex_id).mkdir(parents=True)
        (root / "exercises" / ex_id / "index.md").write_text(_exercise(ex_id, module, minutes, kind), encoding="utf-8")
    return root


def _load(root: Path, variant: str | None = None) -> course.Course:
    extra = course_lint.read_config(str(root / "mkdocs.yml"))["extra"]
    return course.load_course(str(root / "mkdocs.yml"), str(root / "docs"), extra, variant)


def _findings(root: Path) -> set[tuple[str, int, str]]:
    return {(f.path, f.line, f.code) for f in check_course(str(root))}


# -- content slides and talk minutes ------------------------------------------------------


def test_content_slides_leave_out_title_section_and_exercise_slides(tmp_path):
    root = _course(tmp_path)
    day, short = _load(root, "day"), _load(root, "short")
    assert deck_lint.content_slides(TALK, day, "docs/modules/talk.md") == ["Learning objectives", "First topic", "Second topic", "Talk takeaways"]
    assert deck_lint.content_slides(TALK, short, "docs/modules/talk.md") == ["Learning objectives", "First topic", "Talk takeaways"]
    assert timetable.talk_minutes(day, day.module("talk")) == 6
    assert timetable.talk_minutes(day, day.module("lab")) == 6
    assert timetable.is_wrap_up(day, "wrap") and not timetable.is_wrap_up(day, "talk")


def test_a_module_at_one_and_a_half_minutes_per_slide_passes(tmp_path):
    # talk: 6 min over 4 slides, lab: 6 min over 4 topic slides = 1.5 each; wrap: 1 min for 2 slides, but a wrap-up.
    assert _findings(_course(tmp_path)) == set()


def test_ck014_fires_on_a_module_with_too_many_slides_at_its_duration_line(tmp_path, capsys, monkeypatch):
    root = _course(tmp_path, lab_slides=5)
    assert _findings(root) == {("docs/modules/lab.md", 3, "CK014")}
    monkeypatch.chdir(root)
    assert cli.main(["docs"]) == 1
    assert (
        "docs/modules/lab.md:3:1: error CK014 module 'lab' has 6 min of talk for 5 content slides in course variant 'day' "
        "(1.20 min per slide, at least 1.5 needed): cut or merge slides to 4 or fewer, move detail into the notes, or plan 2 min more"
    ) in capsys.readouterr().out


def test_ck014_counts_the_slides_of_each_variant(tmp_path):
    # Without the day-only slide the talk module has 3 slides; a 'durations' entry of 13 (10 of them the exercise)
    # leaves 3 min: 1.0 per slide, reported at the manifest line that sets it.
    root = _course(tmp_path)
    config = (root / "mkdocs.yml").read_text().replace("          - talk\n", "          - talk\n        durations:\n          talk: 13\n")
    config = config.replace("        durations:\n          talk: 13\n", "", 1)  # only the second (short) variant keeps it
    (root / "mkdocs.yml").write_text(config)
    line = next(i for i, text in enumerate(config.splitlines(), start=1) if "talk: 13" in text)
    assert _findings(root) == {("mkdocs.yml", line, "CK014")}


# -- hours, agenda and CK015 ---------------------------------------------------------------


def test_the_agenda_prints_every_module_and_break_at_its_clock_time(tmp_path):
    table = site_structure.agenda_markdown(_load(_course(tmp_path)), "index.md")
    assert table.splitlines() == [
        "| Time | # | Module | Exercises | Duration |",
        "|---|---:|---|---|---:|",
        "| 09:00 | 1 | [Talk](modules/talk.md) | [1.1](exercises/practise/index.md) | 16 min |",
        "| 09:16 | | *Coffee break* | | *15 min* |",
        "| 09:31 | 2 | [Lab](modules/lab.md) | [2.1](exercises/build/index.md) | 40 min |",
        "| 10:11 | 3 | [Wrap](modules/wrap.md) | [3.1](exercises/wrapping/index.md) | 31 min |",
        "| 10:42 | | *End of the day* | | |",
        "| | | **Total teaching time** | | **1 h 27 min** |",
    ]


def test_hours_block_announces_the_manifest_hours_and_breaks(tmp_path):
    c = _load(_course(tmp_path))
    assert timetable.hours_markdown(c) == "- Hours: 09:00–11:30\n- Breaks: coffee break 09:16–09:31"
    page = "Intro\n\n/// hours\n///\n"
    assert site_structure.expand_course_blocks(page, c, "modules/talk.md", "docs/modules/talk.md", 4) == (
        "Intro\n\n- Hours: 09:00–11:30\n- Breaks: coffee break 09:16–09:31\n"
    )


def test_hours_block_without_hours_in_the_variant_fails_at_its_line(tmp_path):
    c = _load(_course(tmp_path), "short")
    with pytest.raises(SourceError) as exc:
        site_structure.expand_course_blocks("Intro\n\n/// hours\n///\n", c, "modules/talk.md", "docs/modules/talk.md", 4)
    assert (exc.value.path, exc.value.line) == ("docs/modules/talk.md", 7)
    assert "course variant 'short' has no 'hours'" in exc.value.message


def test_ck015_is_silent_with_fifteen_minutes_of_slack(tmp_path):
    assert _findings(_course(tmp_path, end="10:57")) == set()  # ends 10:42


def test_ck015_fires_when_the_day_ends_closer_than_fifteen_minutes_to_its_announced_end(tmp_path):
    root = _course(tmp_path, end="10:56")
    line = next(i for i, text in enumerate((root / "mkdocs.yml").read_text().splitlines(), start=1) if 'end: "10:56"' in text)
    findings = check_course(str(root))
    assert [(f.path, f.line, f.code, f.message) for f in findings] == [
        (
            "mkdocs.yml",
            line,
            "CK015",
            "course variant 'day' ends at 10:42 (modules and breaks from 09:00), less than 15 min before the announced end 10:56: "
            "shorten it by 1 min or announce a later end",
        )
    ]


@pytest.mark.parametrize(
    ("old", "new", "at", "words"),
    [
        ('start: "09:00"', 'start: "9 am"', "start:", "needs 'hours: start' as a clock time"),
        ('end: "11:30"', 'end: "08:00"', "end:", "'hours: end' 08:00 not after 'start' 09:00"),
        ("after: talk,", "after: tlak,", "after: tlak", "break after module 'tlak', which it does not list"),
        ("minutes: 15,", "minutes: 0,", "minutes: 0", "break of 0 minutes"),
        ('end: "11:30"', 'end: "11:30"\n          lunch: 12', "lunch:", "unknown key 'lunch' in 'hours'"),
    ],
)
def test_hours_errors_name_their_manifest_line(tmp_path, old, new, at, words):
    root = _course(tmp_path)
    config = (root / "mkdocs.yml").read_text()
    assert old in config
    (root / "mkdocs.yml").write_text(config.replace(old, new))
    line = next(i for i, text in enumerate((root / "mkdocs.yml").read_text().splitlines(), start=1) if at in text)
    findings = check_course(str(root))
    assert {(f.path, f.line, f.code) for f in findings} == {("mkdocs.yml", line, "CK009")}
    assert words in findings[0].message


def test_an_unquoted_afternoon_time_reads_as_that_time(tmp_path):
    # YAML 1.1 reads 13:00 as the base-60 number 780: the same minute of the day.
    root = _course(tmp_path)
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text().replace('end: "11:30"', "end: 13:00"))
    assert _load(root).variant.hours.end == 13 * 60


def test_the_real_course_fits_its_hours_and_talk_limits():
    assert [f for f in check_course(str(REPO)) if f.code in ("CK014", "CK015")] == []
