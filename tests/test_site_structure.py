"""Course model and generated Markdown (agenda, nav) as input/expected pairs."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import front_matter_minutes

from coursekit.course.manifest import load_course
from coursekit.errors import SourceError
from coursekit.site import structure as site_structure

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def course():
    import yaml

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    config = yaml.load((REPO / "mkdocs.yml").read_text(), Loader=Loader)
    return load_course(str(REPO / "mkdocs.yml"), str(REPO / "docs"), config["extra"])


def test_agenda_block_is_replaced_and_the_next_line_survives(course):
    md = "# Home\n\n/// agenda\n///\n## After the agenda\n"
    out = site_structure.expand_course_blocks(md, course, "index.md", "docs/index.md", 0)
    assert "/// agenda" not in out
    assert "\n## After the agenda\n" in out
    assert "| **Total teaching time** |" in out  # the real course states its hours: the agenda runs by the clock


def test_agenda_lists_every_module_with_duration_and_total(course):
    table = site_structure.agenda_markdown(course, "index.md").splitlines()
    cells = [[c.strip() for c in line.strip("|").split("|")] for line in table if "](modules/" in line]
    rows = {next(c for c in row if "](modules/" in c): row[-1] for row in cells}
    # each module's own row shows the duration its page declares (format_minutes is checked below)
    expected = {f"[{m.title}](modules/{m.id}.md)": site_structure.format_minutes(front_matter_minutes(m.id)) for m in course.modules}
    assert rows == expected
    assert len(rows) == 12  # the full-day course: 12 modules (mkdocs.yml extra.course.variants.full-day)
    total = sum(front_matter_minutes(m.id) for m in course.modules)
    assert table[-1].endswith(f"| **Total teaching time** | | **{site_structure.format_minutes(total)}** |")


@pytest.mark.parametrize(("minutes", "text"), [(5, "5 min"), (60, "1 h"), (95, "1 h 35 min"), (455, "7 h 35 min")])
def test_format_minutes(minutes, text):
    assert site_structure.format_minutes(minutes) == text


def test_nav_has_the_three_sections_in_course_order(course):
    nav = site_structure.build_nav(course)
    assert [next(iter(item)) for item in nav] == ["Home", "Modules", "Exercise book", "Instructor guide"]
    modules = [next(iter(entry.values())) for entry in nav[1]["Modules"]]
    assert modules == [f"modules/{m.id}.md" for m in course.modules]
    guide = nav[3]["Instructor guide"][1:]
    assert guide and all(course.exercises[next(iter(e.values())).split("/")[1]].kind == "demo" for e in guide)


def test_numbers_follow_course_order(course):
    numbers = [e.number for m in course.modules for e in course.exercises_of(m.id) if e.kind not in ("demo", "appendix")]
    keys = [tuple(int(p) for p in n.split(".")) for n in numbers]
    assert keys == sorted(keys)
    assert course.exercises["container-run-inspect"].number == "3.1"


def test_the_shell_appendix_is_lettered_and_ends_the_book(course):
    shell = course.exercises["shell-basics"]
    assert (shell.kind, shell.label, shell.number, shell.module) == ("appendix", "Appendix", "A", "welcome")
    book = site_structure.build_nav(course)[2]["Exercise book"]
    assert book[-1] == {"Appendix A: Shell basics for the lab VM": shell.src_uri}
    assert all(course.exercises[next(iter(e.values())).split("/")[1]].kind != "appendix" for e in book[1:-1])
    assert "shell-basics" not in site_structure.agenda_markdown(course, "index.md")


@pytest.mark.parametrize(("index", "letters"), [(0, "A"), (1, "B"), (25, "Z"), (26, "AA"), (27, "AB"), (701, "ZZ"), (702, "AAA")])
def test_appendix_letters(index, letters):
    from coursekit.course.manifest import _number_key, appendix_letter

    assert appendix_letter(index) == letters
    assert _number_key(letters) > _number_key("12.9")
    assert index == 0 or _number_key(appendix_letter(index - 1)) < _number_key(letters)


def test_unknown_exercise_id_in_a_block_is_reported_at_its_line(course):
    md = "intro\n\n/// exercises | Try it\n- container-run-inspect\n- no-such-exercise\n///\n"
    with pytest.raises(SourceError) as err:
        site_structure.expand_course_blocks(md, course, "modules/basics.md", "docs/modules/basics.md", 10)
    assert err.value.path == "docs/modules/basics.md" and err.value.line == 15


@pytest.mark.parametrize(
    ("markdown", "expected_items"),
    [
        ("# M\n\n## Learning objectives\n\n/// notes\nsay\n///\n\n## Next\n- other\n", 2),  # empty: filled
        ("# M\n\n## Learning objectives\n\n- Written by hand\n\n## Next\n", 0),  # author's list kept
        ("# M\n\n## Something else\n", 0),  # no heading: unchanged
    ],
)
def test_learning_objectives_come_from_front_matter(markdown, expected_items):
    out = site_structure.fill_learning_objectives(markdown, ["Do one thing", "Do another"])
    assert out.count("- Do ") == expected_items
    if expected_items:
        assert out.index("- Do one thing") < out.index("/// notes") < out.index("## Next")
