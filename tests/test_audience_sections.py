"""Trainee editions without wrap-up answers: ``## Title { .solution }`` sections,
headings emptied by a dropped demo card, and the build's own leak scan.

Unit tests of ``coursekit.course.audience_filter`` on Markdown and HTML, real builds of
a small fixture course (instructor, trainee, and a trainee build into which a
later hook leaks a solution section), ``course-check`` on snippet-included
solution blocks, and both editions of the real course.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import REPO, mkdocs_build, scaffold_course

from coursekit.course import audience_filter as af

TRAINEE = af.policy("trainee")
TRAINEE_WITH_SOLUTIONS = af.policy("trainee", trainee_solutions=True)
INSTRUCTOR = af.policy("instructor")


def md(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def headings(markdown: str) -> list[str]:
    return re.findall(r"^#{1,6} .*$", markdown, re.MULTILINE)


# ---------------------------------------------------------------------------
# Markdown: solution sections


SECTIONED = md(
    """
    # Module

    ## Task

    Build it.

    ## Sample answer { .solution }

    The answer text.

    ```dockerfile
    # a comment, not a heading
    FROM alpine:3.23
    ```

    ### Why it works

    Deeper answer text.

    /// notes
    Notes of the answer.
    ///

    ## Debrief

    Talk about it.

    ### Commands { .solution #debrief-commands }

    Answer commands.

    ## Statement { .statement }
    """
)


def test_solution_section_runs_to_the_next_heading_of_the_same_or_a_higher_level():
    out = af.strip_sections(SECTIONED)
    assert headings(out) == ["# Module", "## Task", "## Debrief", "## Statement { .statement }"]
    assert "answer" not in out.lower().replace("## sample", "")
    assert "Build it." in out and "Talk about it." in out
    lines = SECTIONED.splitlines()
    at = lines.index
    assert af.solution_sections(SECTIONED) == [
        (at("## Sample answer { .solution }"), at("## Debrief")),
        (at("### Commands { .solution #debrief-commands }"), at("## Statement { .statement }")),
    ]


def test_solution_section_inside_a_block_ends_with_the_block():
    text = md(
        """
        /// columns
        ### Left { .solution }

        Hidden.
        ///

        After the block.
        """
    )
    assert af.strip_sections(text) == "/// columns\n///\n\nAfter the block.\n"


def test_a_title_heading_and_look_alikes_mark_no_section():
    text = md(
        """
        # Whole page { .solution }

        ## Solutions overview { .solutions }

        ```markdown
        ## In a code block { .solution }
        ```

        Kept.
        """
    )
    assert af.strip_sections(text) == text


def test_instructor_builds_mark_solution_sections_and_keep_them():
    out = af.filter_markdown(SECTIONED, INSTRUCTOR)
    assert out.count(af.SOLUTION_MARKER) == 2
    assert out.index(af.SOLUTION_MARKER) > out.index("## Sample answer")
    assert out.replace(f"\n{af.SOLUTION_MARKER}\n", "") == SECTIONED


def test_trainee_builds_drop_solution_sections_unless_solutions_are_kept():
    assert "The answer text." not in af.filter_markdown(SECTIONED, TRAINEE)
    kept = af.filter_markdown(SECTIONED, TRAINEE_WITH_SOLUTIONS)
    assert "The answer text." in kept and af.SOLUTION_MARKER not in kept and "Notes of the answer" not in kept


# ---------------------------------------------------------------------------
# Markdown: headings emptied by a dropped demo card

DEMOS = md(
    """
    # Module

    ## Learning objectives

    /// notes
    Say why.
    ///

    ## Discussion { .statement }

    /// notes
    Ask the room.
    ///

    ## Quiet slide

    /// notes
    Only notes here.
    ///

    ## Instructor demo: isolation

    /// demo | Instructor demo: Isolation
    - demo-isolation
    ///

    /// notes
    Run it.
    ///

    ## Instructor demo: with a handout part

    /// demo | Instructor demo: More
    - demo-more
    ///

    ### What to look for

    Trainees read this.

    ## Instructor demo: all instructor-only

    /// demo | Instructor demo: Last
    - demo-last
    ///

    ### Setup

    /// notes
    Prepare the terminal.
    ///

    ## Exercise

    /// solution
    The answer.
    ///

    ## End

    Bye.
    """
)


def test_headings_left_empty_by_instructor_only_blocks_go_with_them():
    out = af.filter_markdown(DEMOS, TRAINEE)
    assert headings(out) == [
        "# Module",
        "## Learning objectives",
        "## Discussion { .statement }",
        "## Instructor demo: with a handout part",
        "### What to look for",
        "## End",
    ]
    assert "demo-" not in out and "Run it" not in out and "The answer" not in out and "Setup" not in out


def test_instructor_builds_keep_demo_headings():
    assert af.filter_markdown(DEMOS, INSTRUCTOR) == DEMOS


# ---------------------------------------------------------------------------
# HTML: the second net, and the leak scan

PAGE_HTML = (
    '<h1 id="m">Module</h1>\n<p>Intro.</p>\n'
    '<h2 class="solution" id="answer">Answer</h2>\n<p>Secret.</p>\n<div class="highlight"><pre>x</pre></div>\n'
    '<h3 id="deeper">Deeper</h3>\n<p>Deeper secret.</p>\n'
    '<h2 id="next">Next</h2>\n<div class="columns"><h2 class="solution" id="nested">Nested</h2></div>\n'
)


def test_html_net_cuts_top_level_solution_sections():
    out = af.filter_html(PAGE_HTML, TRAINEE)
    assert "Secret" not in out and "Deeper" not in out
    assert '<h2 id="next">Next</h2>' in out and "Intro." in out
    assert 'id="nested"' in out  # not top level: left for the leak scan
    assert af.filter_html(PAGE_HTML, INSTRUCTOR) == PAGE_HTML


def test_leak_scan_names_the_file_and_the_solution_section(tmp_path):
    (tmp_path / "modules").mkdir()
    (tmp_path / "modules" / "wrapup.html").write_text(PAGE_HTML, encoding="utf-8")
    (tmp_path / "modules" / "marked.html").write_text(f"<h2>Kept</h2>{af.SOLUTION_MARKER}", encoding="utf-8")
    (tmp_path / "ok.html").write_text('<h2 class="solution-free" id="a">A</h2><p class="solution-hint">b</p>', encoding="utf-8")
    found = af.scan_for_leaks(str(tmp_path), [], solutions_dropped=True)
    assert sorted(found) == [
        "modules/marked.html: solution section",
        "modules/wrapup.html: solution section #answer",
        "modules/wrapup.html: solution section #nested",
    ]
    assert af.scan_for_leaks(str(tmp_path), [], solutions_dropped=False) == []


#: The archive formats a build writes (lab zips, the lab bundle as .tar.gz, sitemap.xml.gz);
#: test_every_archive_format_the_build_writes_is_scanned checks the list against a real build.
ARCHIVE_SUFFIXES = {".zip", ".tar.gz", ".xml.gz"}


def _archive_suffix(name: str) -> str:
    return next((s for s in (".tar.gz", ".xml.gz", ".tgz", ".zip", ".gz", ".tar", ".bz2", ".xz", ".7z") if name.endswith(s)), "")


def test_leak_scan_opens_every_archive_format(tmp_path):
    import gzip

    from coursekit.book import lab_archives

    secret = "DEMO-ONLY-TITLE-7f3"
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "notes.txt").write_text(f"intro\n{secret}\n", encoding="utf-8")
    (tmp_path / "src" / "clean.txt").write_text("nothing to see\n", encoding="utf-8")
    site = tmp_path / "site"
    (site / "downloads").mkdir(parents=True)
    leaky = [("labs/x/notes.txt", str(tmp_path / "src" / "notes.txt")), ("labs/x/clean.txt", str(tmp_path / "src" / "clean.txt"))]
    (site / "downloads" / "x.zip").write_bytes(lab_archives.make_zip(leaky, lab_archives.DEFAULT_EPOCH))
    (site / "downloads" / "course-labs.tar.gz").write_bytes(lab_archives.make_tar_gz(leaky, lab_archives.DEFAULT_EPOCH))
    (site / "sitemap.xml.gz").write_bytes(gzip.compress(f"<urlset><loc>/{secret}/</loc></urlset>".encode()))
    # a leak in a member's NAME only, and a solution box inside a zipped page
    (tmp_path / "src" / "page.html").write_text('<details class="solution"><p>x</p></details>', encoding="utf-8")
    (site / "downloads" / "named.zip").write_bytes(
        lab_archives.make_zip([(f"labs/{secret}/a.txt", str(tmp_path / "src" / "clean.txt"))], lab_archives.DEFAULT_EPOCH)
    )
    (site / "downloads" / "page.zip").write_bytes(lab_archives.make_zip([("page.html", str(tmp_path / "src" / "page.html"))], lab_archives.DEFAULT_EPOCH))
    assert {_archive_suffix(p.name) for p in site.rglob("*") if p.is_file()} == ARCHIVE_SUFFIXES
    found = sorted(af.scan_for_leaks(str(site), [secret], solutions_dropped=True))
    assert found == [
        f"downloads/course-labs.tar.gz!labs/x/notes.txt: contains {secret!r}",
        f"downloads/named.zip!labs/{secret}/: contains {secret!r}",
        f"downloads/named.zip!labs/{secret}/a.txt: contains {secret!r}",
        "downloads/page.zip!page.html: solution box",
        f"downloads/x.zip!labs/x/notes.txt: contains {secret!r}",
        f"sitemap.xml.gz!: contains {secret!r}",
    ]
    assert af.scan_for_leaks(str(site), ["absent-marker"], solutions_dropped=False) == []


def test_every_archive_format_the_build_writes_is_scanned(built_site):
    # A new archive format in the build must be added to scan_for_leaks and to the test above.
    written = {_archive_suffix(p.name) for p in built_site.rglob("*") if p.is_file() and "/vendor/" not in p.as_posix()} - {""}
    assert written == ARCHIVE_SUFFIXES


# ---------------------------------------------------------------------------
# Real builds of a fixture course

MANIFEST = """\
    variants:
      fixture:
        title: Solution sections fixture
        days: 1
        modules:
          - wrapup
"""
ANSWER_SECRET = "Answer secret: two stages"
DEEPER_SECRET = "Deeper secret: the runtime stage"
SNIPPET_SECRET = "Snippet secret: included answer"


def _w(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(md(text), encoding="utf-8")


def _exercise(dest: Path, ex_id: str, kind: str, body: str) -> None:
    front = md(
        f"""
        ---
        id: {ex_id}
        title: Lab {ex_id}
        module: wrapup
        kind: {kind}
        duration: 10
        objectives:
          - Practise what the wrap-up asks
        ---

        # Lab {ex_id}

        """
    )
    path = dest / "exercises" / ex_id / "index.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(front + body, encoding="utf-8")


def write_course(dest: Path) -> Path:
    scaffold_course(dest, MANIFEST, "fixture")
    _w(dest / "docs/index.md", "# Fixture\n\n/// agenda\n///\n")
    _w(dest / "docs/guide/index.md", "---\ntitle: Instructor guide\n---\n\n# Instructor guide\n\n/// guide-index\n///\n")
    _w(
        dest / "docs/modules/wrapup.md",
        f"""
        ---
        title: Wrap-up
        duration: 40
        objectives:
          - Put it together
        ---

        # Wrap-up

        ## Learning objectives

        /// notes
        Why we wrap up.
        ///

        ## Task

        - Build the image

        ## Instructor demo: a first build

        /// demo | Instructor demo: A first build
        - demo-build
        ///

        /// notes
        Build it live.
        ///

        ## Wrap-up lab

        /// exercises
        - lab
        ///

        ## Sample Containerfile {{ .solution }}

        {ANSWER_SECRET}.

        <!-- course-check: expect LatestTag -->
        ```dockerfile title="Containerfile"
        --8<-- "exercises/lab/solution/Containerfile"
        ```

        ### Why two stages

        {DEEPER_SECRET}.

        ## Debrief

        --8<-- "docs/snippets/answer.md"
        """,
    )
    _w(dest / "docs/snippets/answer.md", f"## Included answer {{ .solution }}\n\n{SNIPPET_SECRET}.\n")
    _w(dest / "exercises/lab/solution/Containerfile", 'FROM alpine:latest\nCMD ["echo", "hello"]\n')
    _w(dest / "exercises/index.md", "# Exercise book\n\nThe labs.\n")
    _exercise(dest, "lab", "wrap-up", "## Step 1: Build\n\nBuild it.\n\n- [ ] Built.\n\n## Conclusion\n\nDone.\n")
    _exercise(dest, "demo-build", "demo", "## Run it live\n\nShow a build.\n")
    return dest


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    return write_course(tmp_path_factory.mktemp("sections") / "course")


def _build(course: Path, out: Path, **env) -> Path:
    result = mkdocs_build(course, out, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def instructor_site(course, tmp_path_factory) -> Path:
    return _build(course, tmp_path_factory.mktemp("instructor"))


@pytest.fixture(scope="module")
def trainee_site(course, tmp_path_factory) -> Path:
    return _build(course, tmp_path_factory.mktemp("trainee"), COURSE_AUDIENCE="trainee")


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def _toc(page: BeautifulSoup) -> list[str]:
    return [a.get_text(strip=True) for a in page.select(".md-sidebar--secondary .md-nav__link")]


def test_instructor_build_shows_marked_solution_sections_and_demo_headings(instructor_site):
    page = soup(instructor_site / "modules" / "wrapup.html")
    assert [h["id"] for h in page.select("article h2.solution")] == ["sample-containerfile", "included-answer"]
    assert len(page.select("article .course-solution-marker")) == 1  # the snippet's heading is not marked: it is not in the page source
    assert "Instructor demo: a first build" in _toc(page) and "Sample Containerfile" in _toc(page)
    text = page.select_one("article").get_text()
    assert ANSWER_SECRET in text and DEEPER_SECRET in text and SNIPPET_SECRET in text and "FROM alpine:latest" in text
    deck = (instructor_site / "slides" / "wrapup" / "index.html").read_text(encoding="utf-8")
    assert "wrapup--sample-containerfile" in deck and "course-solution-marker" in deck and ANSWER_SECRET in deck


def test_trainee_build_has_no_solution_sections_and_no_empty_demo_headings(trainee_site):
    page = soup(trainee_site / "modules" / "wrapup.html")
    assert [h.get_text(strip=True).rstrip("¶") for h in page.select("article h2")] == ["Learning objectives", "Task", "Wrap-up lab", "Debrief"]
    assert not page.select(".solution, .course-solution-marker")
    assert _toc(page) == ["Learning objectives", "Task", "Wrap-up lab", "Debrief"]
    deck = (trainee_site / "slides" / "wrapup" / "index.html").read_text(encoding="utf-8")
    assert "sample-containerfile" not in deck and "instructor-demo" not in deck
    for path in trainee_site.rglob("*"):
        if path.suffix in (".html", ".json", ".xml", ".js") and "vendor" not in path.parts:
            text = path.read_text(encoding="utf-8", errors="replace")
            for secret in (ANSWER_SECRET, DEEPER_SECRET, SNIPPET_SECRET, "Sample Containerfile", "Instructor demo"):
                assert secret not in text, f"{path.relative_to(trainee_site)}: {secret}"


def test_a_leaked_solution_section_fails_the_trainee_build_naming_the_file(course, tmp_path):
    import shutil

    leaky = tmp_path / "course"
    shutil.copytree(course, leaky, symlinks=True)
    # A later hook puts a solution section back after the audience filter ran.
    (leaky / "hooks" / "leak.py").write_text(
        "def on_page_content(html, page, config, files):\n"
        "    if page.file.src_uri == 'modules/wrapup.md':\n"
        '        html += \'<h2 id="put-back" class="solution">Put back</h2><p>Leaked.</p>\'\n'
        "    return html\n",
        encoding="utf-8",
    )
    yml = leaky / "mkdocs.yml"
    # Registered last, so it runs after hooks/book.py.
    text = re.sub(r"(\nhooks:\n(?:(?:  - .*|  #.*)\n)+)", r"\1  - hooks/leak.py\n", yml.read_text(encoding="utf-8"), count=1)
    assert "  - hooks/leak.py" in text
    yml.write_text(text, encoding="utf-8")
    result = mkdocs_build(leaky, tmp_path / "site", env={"COURSE_AUDIENCE": "trainee"})
    assert result.returncode != 0
    assert "the trainee build contains instructor-only content" in result.stderr
    assert "modules/wrapup.html: solution section #put-back" in result.stderr
    # The same course builds for instructors: there the section is meant to be there.
    assert mkdocs_build(leaky, tmp_path / "instructor").returncode == 0


def test_annotations_apply_to_snippet_included_blocks_in_solution_sections(course, tmp_path):
    import shutil

    def check(project: Path) -> subprocess.CompletedProcess:
        env = dict(os.environ, COURSE_CHECK_DATE="2026-11-28")
        return subprocess.run([sys.executable, "-m", "coursekit.cli", "docs", "exercises"], cwd=project, capture_output=True, text=True, timeout=120, env=env)

    ok = check(course)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "docs/modules/wrapup.md" not in ok.stdout  # the expected LatestTag is the block's, not a finding
    broken = tmp_path / "course"
    shutil.copytree(course, broken, symlinks=True)
    page = broken / "docs" / "modules" / "wrapup.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("expect LatestTag", "expect UntaggedImage"), encoding="utf-8")
    bad = check(broken)
    line = text.splitlines().index("<!-- course-check: expect LatestTag -->") + 1
    assert bad.returncode == 1
    assert f"docs/modules/wrapup.md:{line}:1: error CK005" in bad.stdout


# ---------------------------------------------------------------------------
# The real course

REAL_SOLUTION_SECTIONS = {"wrapup-java": ["sample-containerfile", "solution-commands"], "wrapup-sonarqube": ["compose-excerpt"]}
STUCK_PHRASES = re.compile(r"open the solution|in the solution instead|commented line in the solution", re.IGNORECASE)


@pytest.fixture(scope="module")
def real_trainee_site(tmp_path_factory) -> Path:
    return _build(REPO, tmp_path_factory.mktemp("real-trainee"), COURSE_AUDIENCE="trainee")


def _demo_modules() -> list[str]:
    return sorted(p.stem for p in (REPO / "docs" / "modules").glob("*.md") if "/// demo" in p.read_text(encoding="utf-8"))


def test_real_instructor_build_keeps_and_marks_the_wrapup_answers(built_site):
    for module, ids in REAL_SOLUTION_SECTIONS.items():
        page = soup(built_site / "modules" / f"{module}.html")
        assert [h["id"] for h in page.select("article .solution") if h.name == "h2"] == ids
        assert len(page.select("article .course-solution-marker")) == len(ids)
    for module in _demo_modules():
        assert soup(built_site / "modules" / f"{module}.html").select("article h2[id^=instructor-demo]"), module
    # The slide shows the solution file itself (a snippet), not a copy that can drift.
    slide = soup(built_site / "slides" / "wrapup-java" / "index.html").select_one("#wrapup-java--sample-containerfile code")
    solution = (REPO / "exercises" / "wrapup-java-hello" / "solution" / "Containerfile").read_text(encoding="utf-8")
    assert slide.get_text().strip() == solution.strip()


def test_real_trainee_build_has_no_answers_no_empty_demo_headings_and_no_dangling_references(real_trainee_site, built_site):
    assert len(_demo_modules()) >= 5
    for module in [*REAL_SOLUTION_SECTIONS, *_demo_modules()]:
        page = soup(real_trainee_site / "modules" / f"{module}.html")
        ids = [h.get("id") for h in page.select("article h2, article h3")]
        assert not [i for i in ids if i.startswith("instructor-demo")], module
        assert not set(REAL_SOLUTION_SECTIONS.get(module, [])) & set(ids), module
        assert not page.select(".solution, .course-solution-marker"), module
        assert not [t for t in _toc(page) if t.startswith("Instructor demo")], module
        # Every remaining heading has something under it (or is filled in by the course: objectives, statements).
        for h in page.select("article h2"):
            nxt = h.find_next_sibling()
            assert nxt is not None and nxt.name != "h2" or "statement" in (h.get("class") or []) or h["id"] == "learning-objectives", (
                f"{module}: empty {h['id']}"
            )
    for path in real_trainee_site.rglob("*.html"):
        if "slides" not in path.parts:
            assert not STUCK_PHRASES.search(path.read_text(encoding="utf-8")), path.relative_to(real_trainee_site)
    search = json.loads((real_trainee_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    titles = {d["title"] for d in search["docs"]}
    assert not titles & {"Sample Containerfile", "Solution commands", "Compose excerpt"}
    assert not [t for t in titles if t.startswith("Instructor demo")]
    # Distinctive plain-text lines of the real solution sections: in the instructor edition, nowhere in the trainee one.
    markers = []
    for module in REAL_SOLUTION_SECTIONS:
        source = (REPO / "docs" / "modules" / f"{module}.md").read_text(encoding="utf-8")
        lines = source.splitlines()
        public = " ".join(af.filter_markdown(source, af.policy("trainee")).split())
        for first, end in af.solution_sections(source):
            for line in lines[first + 1 : end]:
                text = line.strip()[:40]
                if len(text) == 40 and not re.search(r"[`*=<>\[\]/#\\-]", text) and text not in public:
                    markers.append(text)
    assert len(markers) >= 10
    found = {f.split(": contains ", 1)[1] for f in af.scan_for_leaks(str(built_site), markers, solutions_dropped=True) if ": contains " in f}
    assert found == {repr(m) for m in markers}
    assert af.scan_for_leaks(str(real_trainee_site), markers, solutions_dropped=True) == []


def test_leak_scan_reads_every_text_file_type_but_not_vendored_code(tmp_path):
    import tarfile

    secret = "DEMO-ONLY-TITLE-7f3"
    for rel in ("search/search_index.json", "assets/app.js", "sitemap.xml", "robots.txt", "notes.md", "page.html"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(f"x {secret} y", encoding="utf-8")
    (tmp_path / "assets/vendor/mermaid").mkdir(parents=True)
    (tmp_path / "assets/vendor/mermaid/mermaid.min.js").write_text(f"library text {secret}", encoding="utf-8")
    (tmp_path / "image.png").write_bytes(secret.encode())  # not a text format the site serves as text
    data = tmp_path / "member.txt"
    data.write_text(secret, encoding="utf-8")
    with tarfile.open(tmp_path / "labs.tgz", "w:gz") as tf:
        tf.add(data, arcname="labs/member.txt")
    data.unlink()
    found = sorted(af.scan_for_leaks(str(tmp_path), [secret], solutions_dropped=False))
    assert found == [
        f"assets/app.js: contains {secret!r}",
        f"labs.tgz!labs/member.txt: contains {secret!r}",
        f"notes.md: contains {secret!r}",
        f"page.html: contains {secret!r}",
        f"robots.txt: contains {secret!r}",
        f"search/search_index.json: contains {secret!r}",
        f"sitemap.xml: contains {secret!r}",
    ]
