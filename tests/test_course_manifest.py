"""The course manifest (days, variants, durations) and CK012 ModuleDurationTooShort:
fixture courses loaded by the real loader, and course-check on them."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursekit import cli
from coursekit.course import lint as course_lint
from coursekit.course import manifest as course
from coursekit.course import variants as variant_blocks
from coursekit.errors import SourceError
from coursekit.site import structure as site_structure
from coursekit.validation.meta.ck009_ck012_course_source import check_course

REPO = Path(__file__).resolve().parent.parent


def _module(mid: str, minutes: int, exercises: dict[str, int]) -> str:
    block = "".join(f"- {ex}\n" for ex in exercises)
    card = f"\n## Practice\n\n/// exercises | Exercise\n{block}///\n" if exercises else ""
    return f"---\ntitle: {mid.title()}\nduration: {minutes}\n---\n\n# {mid.title()}\n\n## Topic\n\nText.\n{card}"


def _exercise(ex_id: str, module: str, minutes: int) -> str:
    return f"---\nid: {ex_id}\ntitle: {ex_id}\nmodule: {module}\nkind: exercise\nduration: {minutes}\nobjectives:\n  - Do {ex_id}\n---\n\n# {ex_id}\n\nDo it.\n"


# module id -> (duration, {exercise id: minutes})
MODULES = {
    "welcome": (20, {}),
    "basics": (60, {"run": 10, "logs": 15, "lifecycle": 18}),
    "images": (110, {"build": 15, "multi": 15}),
    "compose": (45, {"up": 20}),
}

TWO_DAYS = """\
site_name: t
extra:
  course:
    title: T
    default_variant: two
    variants:
      two:
        title: Two days
        modules:
          - [welcome, basics]
          - [images, compose]
      short:
        title: Short
        modules:
          - welcome
          - basics
          - images
        exclude_exercises:
          - multi
"""


def _course(root: Path, config: str = TWO_DAYS, modules: dict | None = None) -> Path:
    (root / "docs/modules").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(config, encoding="utf-8")
    for mid, (minutes, exercises) in (modules or MODULES).items():
        (root / f"docs/modules/{mid}.md").write_text(_module(mid, minutes, exercises), encoding="utf-8")
        for ex_id, ex_minutes in exercises.items():
            (root / "exercises" / ex_id).mkdir(parents=True)
            (root / "exercises" / ex_id / "index.md").write_text(_exercise(ex_id, mid, ex_minutes), encoding="utf-8")
    return root


def _load(root: Path, variant: str | None = None) -> course.Course:
    extra = course_lint.read_config(str(root / "mkdocs.yml"))["extra"]
    return course.load_course(str(root / "mkdocs.yml"), str(root / "docs"), extra, variant)


def _line_of(root: Path, text: str) -> int:
    return next(i for i, line in enumerate((root / "mkdocs.yml").read_text().splitlines(), start=1) if text in line)


# -- days ------------------------------------------------------------------------------


def test_day_lists_give_each_module_its_day_and_real_day_sums(tmp_path):
    c = _load(_course(tmp_path))
    assert c.variant.days == 2 and [m.day for m in c.modules] == [1, 1, 2, 2]
    assert [(day, [m.id for m in ms], minutes) for day, ms, minutes in c.schedule] == [(1, ["welcome", "basics"], 80), (2, ["images", "compose"], 155)]
    assert [m.number for m in c.modules] == [1, 2, 3, 4] and c.exercises["build"].number == "3.1"
    assert c.length_label == "2 days"


def test_the_agenda_shows_each_day_and_the_total(tmp_path):
    table = site_structure.agenda_markdown(_load(_course(tmp_path)), "index.md")
    rows = table.splitlines()
    day1 = rows.index("| | *Day 1* | | *1 h 20 min* |")
    day2 = rows.index("| | *Day 2* | | *2 h 35 min* |")
    assert rows[day1 - 1].startswith("| 2 | [Basics]") and rows[day2 - 1].startswith("| 4 | [Compose]")
    assert rows[-1] == "| | **Total** (2 days) | | **3 h 55 min** |"
    assert "per day" not in table


def test_a_flat_list_is_one_day_without_day_rows(tmp_path):
    c = _load(_course(tmp_path), "short")
    assert c.variant.days == 1 and c.variant.day_groups == [["welcome", "basics", "images"]]
    table = site_structure.agenda_markdown(c, "index.md")
    assert "*Day 1*" not in table and table.splitlines()[-1] == "| | **Total** | | **2 h 55 min** |"


@pytest.mark.parametrize(
    ("minutes", "days", "label"), [(200, 1, "half a day"), (270, 1, "half a day"), (271, 1, "one day"), (455, 1, "one day"), (900, 2, "2 days")]
)
def test_length_label(minutes, days, label):
    assert course.course_length_label(minutes, days) == label


# -- manifest errors at their line ---------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "at", "words"),
    [
        ("          - [images, compose]\n", "          - images\n", "- images", "mixes module ids and day lists"),
        ("          - [images, compose]\n", "          - [images, basics]\n", "- [images, basics]", "lists module 'basics' twice"),
        ("          - [images, compose]\n", "          - []\n", "- []", "lists no modules for day 2"),
        ("        title: Two days\n", "        title: Two days\n        days: 3\n", "days: 3", "says 'days: 3' but 'modules' has 2 day lists"),
        ("        title: Short\n", "        title: Short\n        days: 2\n", "days: 2", "'modules' has one list of modules (one day)"),
        ("        title: Two days\n", "        title: Two days\n        modles: []\n", "modles:", "unknown key 'modles' (did you mean 'modules'?)"),
        ("          - multi\n", "          - mutli\n", "- mutli", "excludes unknown exercise 'mutli' (did you mean 'multi'?)"),
        ("          - multi\n", "          - up\n", "- up", "excludes 'up' of module 'compose', which this variant does not include"),
        (
            "          - multi\n",
            "          - multi\n        durations:\n          compose: 30\n",
            "compose: 30",
            "gives 'durations' for module 'compose', which it does not list",
        ),
        ("          - multi\n", "          - multi\n        durations:\n          images: 0\n", "images: 0", "use a positive whole number of minutes"),
        ("    default_variant: two\n", "    default_variant: tow\n", "default_variant", "unknown course variant 'tow'"),
    ],
)
def test_manifest_errors_name_their_line(tmp_path, old, new, at, words):
    assert old in TWO_DAYS
    root = _course(tmp_path, TWO_DAYS.replace(old, new))
    findings = check_course(str(root))
    assert findings, "no finding"
    assert {(f.path, f.line, f.code) for f in findings} == {("mkdocs.yml", _line_of(root, at), "CK009")}
    assert words in findings[0].message


# -- durations (CK012) -------------------------------------------------------------


def test_a_module_shorter_than_its_exercises_fails_at_its_duration_line(tmp_path, capsys, monkeypatch):
    modules = dict(MODULES, basics=(15, MODULES["basics"][1]))
    root = _course(tmp_path, modules=modules)
    with pytest.raises(SourceError) as exc:
        _load(root)
    assert (exc.value.path, exc.value.line, exc.value.code) == ("docs/modules/basics.md", 3, "CK012")
    assert "duration: 15 is less than the 43 min" in exc.value.message and "lifecycle 18, logs 15, run 10" in exc.value.message
    assert str(exc.value).startswith("docs/modules/basics.md:3: CK012 duration: 15")
    monkeypatch.chdir(root)
    assert cli.main(["docs"]) == 1
    assert "docs/modules/basics.md:3:1: error CK012 duration: 15 is less than the 43 min" in capsys.readouterr().out


def test_exact_durations_and_the_real_course_are_silent(tmp_path):
    modules = dict(MODULES, basics=(43, MODULES["basics"][1]))
    # basics now has no minute left to talk about its one topic slide: CK014 says so (once for each of the
    # two variants that teach it), CK012 does not.
    assert [f.code for f in check_course(str(_course(tmp_path, modules=modules)))] == ["CK014", "CK014"]
    assert check_course(str(REPO)) == []  # every variant of the real manifest


def test_a_variant_spends_a_module_minus_the_exercises_it_excludes(tmp_path):
    root = _course(tmp_path)
    short = _load(root, "short")
    images = short.module("images")
    assert (images.source_duration, images.duration) == (110, 95) and "multi" not in short.exercises
    assert short.total_minutes == 20 + 60 + 95
    assert _load(root, "two").module("images").duration == 110


def test_a_variant_durations_entry_replaces_the_module_duration_and_must_cover_its_exercises(tmp_path):
    config = TWO_DAYS.replace("          - multi\n", "          - multi\n        durations:\n          images: 40\n          basics: 42\n")
    root = _course(tmp_path, config)
    with pytest.raises(SourceError) as exc:
        _load(root, "short")
    assert (exc.value.path, exc.value.line, exc.value.code) == ("mkdocs.yml", _line_of(root, "basics: 42"), "CK012")
    assert "gives 'basics' 42 min in 'durations', less than the 43 min" in exc.value.message
    (root / "mkdocs.yml").write_text(config.replace("basics: 42", "basics: 50"), encoding="utf-8")
    short = _load(root, "short")
    assert [m.duration for m in short.modules] == [20, 50, 40]


def test_the_real_half_day_variant_is_timed_without_its_excluded_lab():
    extra = course_lint.read_config(str(REPO / "mkdocs.yml"))["extra"]
    full = course.load_course(str(REPO / "mkdocs.yml"), str(REPO / "docs"), extra, "full-day")
    half = course.load_course(str(REPO / "mkdocs.yml"), str(REPO / "docs"), extra, "half-day")
    multi = full.exercises["multi-stage-builds"]
    # The manifest shortens it further (its multi-stage topics are `/// variant | not half-day`).
    assert half.module("images").duration == extra["course"]["variants"]["half-day"]["durations"]["images"]
    assert half.module("images").duration <= full.module("images").duration - multi.duration
    assert half.total_minutes == sum(m.duration for m in half.modules) < course.HALF_DAY_MINUTES
    assert (full.length_label, half.length_label) == ("one day", "half a day")


# -- /// variant blocks ------------------------------------------------------------

PAGE = """\
# Home

/// variant | full
Full only.

/// notes
Nested block.
///
///

/// variant | half full
Both.
///

```markdown
/// variant | nowhere
documented, not resolved
///
```
"""


def test_variant_blocks_keep_or_drop_their_content_and_keep_line_numbers():
    full = variant_blocks.filter_variants(PAGE, "full", ["full", "half"], "docs/index.md")
    half = variant_blocks.filter_variants(PAGE, "half", ["full", "half"], "docs/index.md")
    for out in (full, half):
        assert out.count("\n") == PAGE.count("\n") and "/// variant | full" not in out and "/// variant | half" not in out
        assert "Both." in out and "/// variant | nowhere" in out
    assert "Full only." in full and "/// notes\nNested block.\n///" in full
    assert "Full only." not in half and "Nested block." not in half


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("# H\n\n/// variant | ful\nx\n///\n", 5, "unknown course variant 'ful' (did you mean 'full'?)"),
        ("# H\n\n/// variant\nx\n///\n", 5, "needs the variants"),
        ("# H\n\n/// variant | half\nx\n", 5, "never closed"),
        (
            "# H\n\n/// variant | full\n/// exercises\n- run\n- multi\n///\n///\n",
            7,
            "exercise 'run' is assigned inside a '/// variant' block that variant 'half' drops",
        ),
    ],
)
def test_variant_block_errors(text, line, words):
    with pytest.raises(SourceError) as exc:
        variant_blocks.filter_variants(text, "half", ["full", "half"], "docs/index.md", 2, excluded=["multi"])
    assert exc.value.line == line and words in exc.value.message


def test_not_keeps_a_block_in_every_variant_but_the_named_ones():
    text = "# H\n\n/// variant | not half\n\n## Topic\n\nx\n\n///\n"
    full = variant_blocks.filter_variants(text, "full", ["full", "half", "two"], "p.md")
    two = variant_blocks.filter_variants(text, "two", ["full", "half", "two"], "p.md")
    half = variant_blocks.filter_variants(text, "half", ["full", "half", "two"], "p.md")
    assert "## Topic" in full and "## Topic" in two and "## Topic" not in half
    assert half.count("\n") == text.count("\n")
    with pytest.raises(SourceError) as exc:
        variant_blocks.filter_variants("/// variant | not\nx\n///\n", "half", ["full", "half"], "p.md")
    assert "needs the variants" in exc.value.message


def test_a_dropped_card_of_excluded_exercises_is_fine():
    out = variant_blocks.filter_variants("/// variant | full\n/// exercises\n- multi\n///\n///\n", "half", ["full", "half"], "p.md", 0, ["multi"])
    assert out.strip() == ""


def test_a_card_in_a_dropped_nested_variant_block_must_be_excluded():
    # The agenda and the book list the exercises of the cards a variant keeps: a card dropped by an
    # inner block must be excluded in the manifest, exactly as one dropped by an outer block.
    text = "# M\n\n/// variant | full half\nText.\n\n/// variant | full\n/// exercises\n- run\n///\n///\n///\n"
    with pytest.raises(SourceError) as exc:
        variant_blocks.filter_variants(text, "half", ["full", "half"], "docs/modules/m.md")
    assert exc.value.line == 8  # the "- run" item
    assert exc.value.message.startswith("exercise 'run' is assigned inside a '/// variant' block that variant 'half' drops")
    kept = variant_blocks.filter_variants(text, "half", ["full", "half"], "docs/modules/m.md", excluded=["run"])
    assert kept == "# M\n\n\nText.\n\n\n\n\n\n\n\n"
    full = variant_blocks.filter_variants(text, "full", ["full", "half"], "docs/modules/m.md")
    assert full == "# M\n\n\nText.\n\n\n/// exercises\n- run\n///\n\n\n"


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (
            "# H\n\n/// variant\nx\n///\n",
            3,
            "'/// variant' needs the variants that show its content: '/// variant | full-day' (or all but some: '/// variant | not half-day')",
        ),
        ("# H\n\n/// variant | ful\nx\n///\n", 3, "'/// variant' names unknown course variant 'ful' (did you mean 'full'?) (known: full, half)"),
        ("# H\n\n//// variant | half\nx\n", 3, "'//// variant' opened here is never closed (a closing '////' is missing)"),
    ],
)
def test_variant_block_errors_name_the_file_the_line_and_say_exactly_what(text, line, message):
    with pytest.raises(SourceError) as exc:
        variant_blocks.filter_variants(text, "half", ["full", "half"], "docs/index.md")
    assert (exc.value.path, exc.value.line, exc.value.message) == ("docs/index.md", line, message)


def test_a_dropped_card_error_names_the_file():
    text = "# M\n\n/// variant | full\n/// exercises\n- run\n///\n///\n"
    with pytest.raises(SourceError) as exc:
        variant_blocks.filter_variants(text, "half", ["full", "half"], "docs/modules/m.md", 3)
    assert (exc.value.path, exc.value.line) == ("docs/modules/m.md", 8)


def test_adjacent_variant_blocks_and_the_text_around_them():
    text = "Intro\n/// variant | full\nA\n///\n/// variant | half\nB\n///\nC\n"
    assert variant_blocks.filter_variants(text, "half", ["full", "half"], "p.md") == "Intro\n\n\n\n\nB\n\nC\n"
    assert variant_blocks.filter_variants(text, "full", ["full", "half"], "p.md") == "Intro\n\nA\n\n\n\n\nC\n"


def test_a_plain_list_in_a_dropped_block_is_not_a_card():
    text = "/// variant | full\n- run\n- multi\n///\n"
    assert variant_blocks.filter_variants(text, "half", ["full", "half"], "p.md") == "\n\n\n\n"


def test_directly_nested_blocks_both_resolve():
    text = "/// variant | full half\n/// variant | half\nH\n///\n/// variant | full\nF\n///\n///\n"
    assert variant_blocks.filter_variants(text, "half", ["full", "half"], "p.md") == "\n\nH\n\n\n\n\n\n"
    assert variant_blocks.filter_variants(text, "full", ["full", "half"], "p.md") == "\n\n\n\n\nF\n\n\n"
