"""Issue 6: the exercise book and instructor guide, on a fixture course built for real.

One instructor build and one trainee build per module (plus a second instructor
build for the reproducibility check); HTML assertions with BeautifulSoup.
"""

from __future__ import annotations

import re
import tarfile
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import book_support as fx
import pytest
from bs4 import BeautifulSoup
from conftest import mkdocs_build


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def target(page: Path, href: str) -> Path:
    return (page.parent / unquote(urlsplit(href).path)).resolve()


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    return fx.write_course(tmp_path_factory.mktemp("book") / "course")


@pytest.fixture(scope="module")
def site(course, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    # A time zone far from UTC: archive timestamps must not depend on it (2000-01-01 00:00 UTC
    # would be written as 1999-12-31 19:00 in local time).
    result = mkdocs_build(course, out, env={"COURSE_VERSION": "v9.9-test", "TZ": "America/New_York"})
    assert result.returncode == 0, result.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def trainee_site(course, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("trainee")
    result = mkdocs_build(course, out, env={"COURSE_AUDIENCE": "trainee"})
    assert result.returncode == 0, result.stderr[-3000:]
    return out


#: Book order: exercises in course order, then the appendices (the glossary is assigned before any exercise).
BOOK = ["first-run", "cleanup", "build-image", "glossary", "cheat-sheet"]


def test_exercise_titles_carry_the_computed_number_and_kind(site):
    titles = {ex: soup(site / "exercises" / ex / "index.html").select_one("article h1").get_text(strip=True).rstrip("¶") for ex in [*BOOK, "demo-isolation"]}
    assert titles == {
        "first-run": "Exercise 1.1: Your first container",
        "cleanup": "Exercise 1.2: Cleaning up",
        "build-image": "Wrap-up 2.1: Building an image",
        "glossary": "Appendix A: Glossary",
        "cheat-sheet": "Appendix B: Cheat sheet",
        "demo-isolation": "Demo 1.1: Process isolation",
    }


def test_appendices_come_after_every_exercise_in_nav_and_cards_still_link_them(site):
    page = site / "exercises" / "index.html"
    doc = soup(page)
    book_nav = next(li for li in doc.select("nav.md-nav--primary li.md-nav__item--nested") if "Exercise book" in li.get_text())
    entries = [a.get_text(" ", strip=True) for a in book_nav.select("a.md-nav__link")][1:]
    assert entries == [
        "1.1 Your first container",
        "1.2 Cleaning up",
        "2.1 Building an image",
        "Appendix A: Glossary",
        "Appendix B: Cheat sheet",
    ]
    # The module that assigns an appendix links to it from its card; the agenda lists timed exercises only.
    card = soup(site / "modules" / "basics.html").select_one(".admonition.exercise")
    assert "Appendix A" in card.get_text(" ", strip=True)
    assert target(site / "modules" / "basics.html", card.select_one("a[href]")["href"]) == (site / "exercises" / "glossary" / "index.html").resolve()
    agenda = soup(site / "index.html").select_one("article table").get_text(" ", strip=True)
    assert "1.1" in agenda and "A" not in agenda.split()
    facts = soup(site / "exercises" / "glossary" / "index.html").select_one(".exercise-facts").get_text(" ", strip=True)
    assert "In this appendix you:" in facts
    # Its slide in the module's deck calls it what it is.
    slide = soup(site / "slides" / "basics" / "index.html").select_one("#exercise-glossary").find_parent(class_="deck-assignment")
    assert slide.select_one(".deck-assignment__label").get_text(strip=True).startswith("Appendix ·")
    assert slide.select_one(".deck-assignment__number").get_text(strip=True) == "Appendix A"


def test_facts_box_links_module_slide_download_and_lists_objectives(site):
    page = site / "exercises" / "build-image" / "index.html"
    facts = soup(page).select_one("article .exercise-facts")
    assert facts["data-exercise"] == "build-image"
    links = {a.get_text(strip=True): a["href"] for a in facts.select("a[href]")}
    assert target(page, links["2. Container images"]) == (site / "modules" / "images.html").resolve()
    slide = facts.select_one("a.exercise-slide-link")["href"]
    assert slide.split("#")[0] == "../../slides/images/index.html" and slide.endswith("#/exercise-build-image")
    assert target(page, links["build-image.zip"]).is_file()
    assert "20 min" in facts.get_text()
    assert [li.get_text(strip=True) for li in facts.select("ul")[1].select("li")] == ["Build an image from a Containerfile"]
    # No lab files, no download link.
    plain = soup(site / "exercises" / "cleanup" / "index.html").select_one(".exercise-facts")
    assert not plain.select('a[href$=".zip"]')


def test_every_lab_download_says_how_the_files_reach_the_lab_vm(site):
    page = site / "exercises" / "build-image" / "index.html"
    link = soup(page).select_one("article .exercise-facts").find("a", string="onto your lab VM")
    assert link["href"].endswith("#lab-files-on-your-vm") and target(page, link["href"]) == (site / "exercises" / "index.html").resolve()
    assert not soup(site / "exercises" / "cleanup" / "index.html").select_one(".exercise-facts").find("a", string="onto your lab VM")
    start = soup(site / "exercises" / "index.html")
    heading = start.select_one("h3#lab-files-on-your-vm")
    assert heading.get_text(strip=True).rstrip("¶") == "Getting the lab files onto your lab VM"
    steps = heading.find_next_sibling("ol")
    ways = [li.find("strong").get_text(" ", strip=True) for li in steps.find_all("li", recursive=False)]
    assert ways == ["curl on the VM", "scp from your laptop", "Copy and paste"]
    text = steps.get_text(" ", strip=True)
    assert "scp course-labs.tar.gz trainee@<address-of-your-vm>:" in text
    commands = [c.get_text().strip() for c in steps.select(".language-console code")]
    assert commands == ["$ tar -xzf ~/course-labs.tar.gz -C ~", "$ mkdir -p ~/labs\n$ unzip -o ~/<exercise>.zip -d ~/labs"]


def _pager(site: Path, ex: str) -> dict[str, Path]:
    page = site / "exercises" / ex / "index.html"
    nav = soup(page).select_one("nav.exercise-pager")
    return {a["class"][0].split("__")[1]: target(page, a["href"]) for a in nav.select("a")}


def test_previous_and_next_follow_course_order_through_the_book(site):
    chain = [(site / "exercises" / ex / "index.html").resolve() for ex in BOOK]
    for i, ex in enumerate(BOOK):
        links = _pager(site, ex)
        assert links.get("prev") == (chain[i - 1] if i else None)
        assert links.get("next") == (chain[i + 1] if i + 1 < len(chain) else None)
        assert links["up"] == (site / "exercises" / "index.html").resolve()
    # Demos page through the guide, never into the book.
    assert _pager(site, "demo-isolation") == {"up": (site / "guide" / "index.html").resolve()}


def test_exercise_index_lists_number_title_module_time_and_progress_ids(site):
    page = site / "exercises" / "index.html"
    doc = soup(page)
    rows = [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in doc.select(".exercise-index tbody tr")]
    assert rows[:3] == [
        ["1.1", "Your first container", "1. Basics", "10 min", "–"],
        ["1.2", "Cleaning up", "1. Basics", "5 min", "–"],
        ["2.1", "Building an image", "2. Images", "20 min", "–"],
    ]
    assert rows[3][1] == "Total" and rows[3][3] == "35 min"  # the appendices are not timed work
    assert rows[4:] == [["A", "Glossary", "1. Basics", "5 min", "–"], ["B", "Cheat sheet", "2. Images", "5 min", "–"]]
    # The author's intro stays first; the index comes before the first section.
    headings = [h.get_text(strip=True).rstrip("¶") for h in doc.select("article h2")]
    assert headings[0] == "Exercises" and "How to use this book" in headings
    # Every progress cell knows the checkpoint ids of its exercise page.
    for span in doc.select(".book-progress[data-exercise]"):
        ex_page = soup(site / "exercises" / span["data-exercise"] / "index.html")
        ids = [li["data-task"] for li in ex_page.select("li.task-list-item[data-task]")]
        assert ids and span["data-tasks"].split() == ids
    assert "@@" not in page.read_text(encoding="utf-8")


def test_book_start_page_offers_bundle_and_curl_line(site):
    page = site / "exercises" / "index.html"
    box = soup(page).select_one(".lab-downloads")
    hrefs = [a["href"] for a in box.select("a[href]") if not a["href"].startswith("#")]
    assert "../downloads/course-labs.tar.gz" in hrefs and "../downloads/course-labs.zip" in hrefs
    assert all(target(page, h).is_file() for h in hrefs)
    curl = box.select_one(".language-console code").get_text()
    assert curl.strip() == "$ curl -fsSL <course-site>/downloads/course-labs.tar.gz | tar -xzf - -C ~"
    assert "<course-site>" in box.get_text() and "Replace" in box.get_text()
    # book.js shows the real address from the page's location: the block says where the bundle is, relative to the page.
    curl_box = box.select_one(".lab-curl[data-bundle]")
    assert curl_box["data-placeholder"] == "<course-site>/downloads/course-labs.tar.gz"
    assert target(page, curl_box["data-bundle"]) == (page.parent.parent / "downloads" / "course-labs.tar.gz").resolve()
    assert box.select_one("p.lab-curl-hint")


def test_curl_line_uses_site_url_when_configured():
    from coursekit.book import pages as book

    text = book.downloads_markdown("exercises/index.md", book.Downloads("https://course.example.org/cf/", True, False))
    assert "$ curl -fsSL https://course.example.org/cf/downloads/course-labs.tar.gz | tar -xzf - -C ~" in text
    assert "<course-site>" not in text and "lab-curl" not in text


def test_guide_start_lists_demos_and_notes_of_every_module(site):
    page = site / "guide" / "index.html"
    box = soup(page).select_one(".guide-index")
    tables = box.select("table")
    demo_rows = [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in tables[0].select("tbody tr")]
    assert demo_rows == [["1.1", "Process isolation", "1. Basics", "5 min"]]
    assert target(page, tables[0].select_one("a")["href"]) == (site / "exercises" / "demo-isolation" / "index.html").resolve()
    notes_rows = [[td.get_text(" ", strip=True) for td in tr.select("td")][:3] for tr in tables[1].select("tbody tr")]
    assert notes_rows == [["1", "Containerization basics", "1"], ["2", "Container images", "0"]]
    for a in tables[1].select("a[href]"):
        if "slides/" not in a["href"]:
            assert target(page, a["href"]).is_file()


def test_guide_lists_the_images_the_labs_pull_with_the_exercises_using_them(site):
    page = site / "guide" / "index.html"
    doc = soup(page)
    # The fixture guide has no /// image-list marker: the list gets its own section at the end.
    assert [h.get_text(strip=True).rstrip("¶") for h in doc.select("article h2")][-1] == "Images the labs use"
    box = doc.select_one(".image-list")
    rows = [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in box.select("tbody tr")]
    # alpine:3.23 is run by the exercise and the demo and is the wrap-up's base image; app:1 is built by the wrap-up.
    assert rows == [["alpine:3.23", "Demo 1.1 , Exercise 1.1 , Wrap-up 2.1"]]
    assert {target(page, a["href"]) for a in box.select("tbody a[href]")} == {
        (site / "exercises" / ex / "index.html").resolve() for ex in ("demo-isolation", "first-run", "build-image")
    }
    assert box.select_one(".language-console code").get_text().strip() == '$ for image in alpine:3.23; do docker image pull "$image"; done'


def test_every_page_shows_the_course_version(site):
    pages = list(site.rglob("*.html"))
    assert len(pages) >= 10
    for page in pages:
        if page.parent.name == "slides" or "slides" in page.parts:
            continue
        version = soup(page).select_one("footer .course-version")
        assert version is not None and "v9.9-test" in version.get_text(), page


def test_print_page_holds_every_book_exercise_on_its_own_page(site):
    page = site / "exercises" / "print.html"
    doc = soup(page)
    sections = doc.select("section.print-exercise")
    assert [s["data-exercise"] for s in sections] == BOOK
    assert [s.h1.get_text(strip=True).rstrip("¶") for s in sections][0] == "Exercise 1.1: Your first container"
    ids = [el["id"] for el in doc.select("article [id]")]
    assert len(ids) == len(set(ids)), "duplicate ids on the print page"
    for a in doc.select("article a[href]"):
        href = a["href"]
        if href.startswith("#"):
            assert doc.find(id=href[1:]) is not None, href
        elif not re.match(r"^[a-z]+:", href) and "slides/" not in href:
            assert target(page, href).exists(), href
    assert all(d.has_attr("open") for d in doc.select("section.print-exercise details"))
    css = (site / "assets" / "stylesheets" / "book.css").read_text()
    assert "break-before: page" in css and "@media print" in css


def _lab_files(course: Path, with_solutions: bool, skip: tuple[str, ...] = ()) -> set[str]:
    names = set()
    for path in (course / "exercises").rglob("*"):
        parts = path.relative_to(course / "exercises").parts
        if not path.is_file() or len(parts) < 3 or parts[0] in skip:
            continue
        if parts[1] == "files":
            names.add(f"labs/{parts[0]}/" + "/".join(parts[2:]))
        elif parts[1] == "solution" and with_solutions:
            names.add(f"labs/{parts[0]}/solution/" + "/".join(parts[2:]))
    return names


def test_bundles_hold_exactly_the_lab_files_with_fixed_metadata(site, course):
    expected = _lab_files(course, with_solutions=True)
    with zipfile.ZipFile(site / "downloads" / "course-labs.zip") as zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        assert {i.filename for i in infos} == expected
        assert {i.date_time for i in zf.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        modes = {i.filename: (i.external_attr >> 16) & 0o777 for i in infos}
        assert modes["labs/build-image/app/hello.sh"] == 0o755 and modes["labs/build-image/app/Containerfile"] == 0o644
        assert zf.read("labs/build-image/app/Containerfile") == (course / "exercises/build-image/files/app/Containerfile").read_bytes()
    with tarfile.open(site / "downloads" / "course-labs.tar.gz") as tf:
        members = tf.getmembers()
        assert {m.name for m in members if m.isfile()} == expected
        assert {(m.uid, m.gid, m.uname, m.gname, m.mtime) for m in members} == {(0, 0, "", "", 946684800)}
    assert (site / "downloads" / "course-labs.tar.gz").read_bytes()[4:8] == b"\0\0\0\0"  # gzip mtime 0
    with zipfile.ZipFile(site / "downloads" / "build-image.zip") as zf:
        assert sorted(i.filename for i in zf.infolist() if not i.is_dir()) == [
            "build-image/app/Containerfile",
            "build-image/app/hello.sh",
            "build-image/solution/app/answer.txt",
        ]


def test_archives_are_byte_identical_across_builds(site, course, tmp_path):
    again = tmp_path / "again"
    result = mkdocs_build(course, again, env={"COURSE_VERSION": "v9.9-test", "TZ": "Asia/Kolkata"})  # UTC+05:30
    assert result.returncode == 0, result.stderr[-2000:]
    first = sorted(p.name for p in (site / "downloads").iterdir())
    assert first == sorted(p.name for p in (again / "downloads").iterdir())
    assert "course-labs.tar.gz" in first
    for name in first:
        assert (site / "downloads" / name).read_bytes() == (again / "downloads" / name).read_bytes(), name


def test_trainee_build_leaks_nothing_instructor_only(trainee_site, course):
    from coursekit.course.audience_filter import scan_for_leaks

    secrets = [
        fx.NOTES_SECRET,
        fx.DEMO_SECRET,
        fx.SOLUTION_SECRET,
        fx.SOLUTION_FILE_SECRET,
        "demo-isolation",
        "Process isolation",
        "answer.txt",
        "Instructor guide",
    ]
    # Sanity: the instructor sources really contain them.
    sources = "\n".join(p.read_text(encoding="utf-8") for p in course.rglob("*") if p.is_file() and p.suffix in (".md", ".txt") and "hooks" not in p.parts)
    assert all(s in sources for s in secrets[:4])
    assert scan_for_leaks(str(trainee_site), secrets, solutions_dropped=True) == []
    # Every file of the output was searched: HTML, search index, sitemap, archives.
    kinds = {p.suffix for p in trainee_site.rglob("*") if p.is_file()}
    assert {".html", ".json", ".js", ".xml", ".zip", ".gz"} <= kinds
    assert not (trainee_site / "guide").exists() and not (trainee_site / "exercises" / "demo-isolation").exists()
    assert not list(trainee_site.rglob("solution"))
    # What trainees need is still there: hints, exercises, lab files.
    assert fx.HINT_TEXT in (trainee_site / "exercises" / "first-run" / "index.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(trainee_site / "downloads" / "course-labs.zip") as zf:
        assert {i.filename for i in zf.infolist() if not i.is_dir()} == _lab_files(course, with_solutions=False, skip=("demo-isolation",))
    footer = soup(trainee_site / "index.html").select_one(".course-version").get_text()
    assert "trainee edition" in footer


def test_the_leak_scan_itself_finds_leaks(site):
    from coursekit.course.audience_filter import scan_for_leaks

    found = scan_for_leaks(str(site), [fx.SOLUTION_FILE_SECRET, fx.NOTES_SECRET], solutions_dropped=True)
    assert "modules/basics.html: instructor notes box" in found
    assert "exercises/first-run/index.html: solution box" in found
    assert f"downloads/course-labs.tar.gz!labs/build-image/solution/app/answer.txt: contains {fx.SOLUTION_FILE_SECRET!r}" in found
    assert f"search/search_index.json: contains {fx.NOTES_SECRET!r}" in found


def test_trainee_solutions_can_be_kept_by_configuration(course, tmp_path):
    import shutil

    copy = tmp_path / "course"
    shutil.copytree(course, copy, symlinks=True)
    yml = copy / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("trainee_solutions: false", "trainee_solutions: true"), encoding="utf-8")
    out = tmp_path / "site"
    result = mkdocs_build(copy, out, env={"COURSE_AUDIENCE": "trainee"})
    assert result.returncode == 0, result.stderr[-2000:]
    page = (out / "exercises" / "first-run" / "index.html").read_text(encoding="utf-8")
    assert fx.SOLUTION_SECRET in page and fx.NOTES_SECRET not in (out / "modules" / "basics.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(out / "downloads" / "course-labs.zip") as zf:
        assert "labs/build-image/solution/app/answer.txt" in zf.namelist()


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        (
            "kind: exercise\nduration: 10",
            "kind: exrcise\nduration: 10",
            "exercises/first-run/index.md:5:",
            "'kind' must be one of exercise, demo, wrap-up, appendix",
        ),
        ("duration: 10\n", "duration: ten\n", "exercises/first-run/index.md:6:", "'duration' must be a whole number"),
        ("  - List containers\n", "  - 42\n", "exercises/first-run/index.md:9:", "item 2 is 42"),
        (
            "title: Your first container\n",
            "title: Your first container\nlevel: easy\n",
            "exercises/first-run/index.md:4:",
            "unknown exercise front matter key 'level'",
        ),
        (
            "module: basics\nkind: exercise\nduration: 10",
            "module: images\nkind: exercise\nduration: 10",
            "exercises/first-run/index.md:4:",
            "docs/modules/basics.md:",
        ),
        ("duration: 10\n", "", "exercises/first-run/index.md:1:", "exercise front matter needs 'duration'"),
        ("---\nid: first-run\n", "id: first-run\n", "exercises/first-run/index.md:1:", "starts with front matter"),
        ("kind: exercise\n", "kind: [exercise\n", "exercises/first-run/index.md:6:", "front matter is not valid YAML"),
    ],
    ids=["bad-kind", "bad-duration", "bad-objective", "unknown-key", "wrong-module", "missing-key", "no-front-matter", "bad-yaml"],
)
def test_bad_front_matter_is_reported_at_its_line(course, tmp_path, old, new, where, message):
    import shutil

    import yaml

    from coursekit.course.manifest import load_course
    from coursekit.errors import SourceError

    copy = tmp_path / "course"
    shutil.copytree(course, copy, symlinks=True)
    page = copy / "exercises" / "first-run" / "index.md"
    text = page.read_text(encoding="utf-8")
    assert old in text
    page.write_text(text.replace(old, new, 1), encoding="utf-8")

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda *_: None)
    extra = yaml.load((copy / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)["extra"]
    with pytest.raises(SourceError) as err:
        load_course(str(copy / "mkdocs.yml"), str(copy / "docs"), extra)
    assert where in str(err.value) and message in str(err.value)


def test_bad_front_matter_fails_the_real_build_naming_file_and_line(course, tmp_path):
    import shutil

    copy = tmp_path / "course"
    shutil.copytree(course, copy, symlinks=True)
    page = copy / "exercises" / "cleanup" / "index.md"
    page.write_text(page.read_text(encoding="utf-8").replace("duration: 5", "duration: 0"), encoding="utf-8")
    result = mkdocs_build(copy, tmp_path / "site")
    assert result.returncode != 0
    assert "exercises/cleanup/index.md:6: 'duration' must be a positive number of minutes, not 0" in result.stderr
    assert "Traceback" not in result.stderr


def test_title_is_added_when_the_page_has_none_and_prompts_are_left_alone():
    from coursekit.book import pages as book
    from coursekit.course.manifest import Course, Exercise, Module, Variant

    variant = Variant("v", "V", 1, ["basics"])
    module = Module("basics", 1, "Basics", "Basics", 30, [], "modules/basics.md", "/x/basics.md")
    ex = Exercise("root-shell", "A root shell", "basics", "exercise", 5, ["Open a shell"], "exercises/root-shell/index.md", "/x/index.md", "1.1")
    course = Course("C", variant, {"v": variant}, [module], {ex.id: ex})
    body = "Intro.\n\n```console\n# cat /etc/os-release\n```\n"
    out = book.exercise_markdown(body, course, ex, book.PageLinks(None))
    assert out.startswith("# Exercise 1.1: A root shell\n")
    assert "```console\n# cat /etc/os-release\n```" in out
