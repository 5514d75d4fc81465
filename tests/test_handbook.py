"""The authors' handbook: a real strict build of handbook/mkdocs.yml into a temporary folder,
one reference page per registered rule (generated at build time, so it cannot drift from the
registry), offline like the course."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from bs4 import BeautifulSoup
from conftest import REPO, mkdocs_build

from coursekit.validation import rules_doc

HANDBOOK = REPO / "handbook"


def _text(node) -> str:
    return re.sub(r"\s+", " ", node.get_text(" ")).strip()


def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def _section(article, heading_id: str) -> str:
    """The text under one ``##`` heading of a page, as a reader sees it (code spans unmarked)."""
    parts = []
    for node in article.find(id=heading_id).find_next_siblings():
        if node.name == "h2":
            break
        parts.append(node.get_text(""))
    return re.sub(r"\s+", " ", " ".join(parts)).strip()


def _plain(markdown: str) -> str:
    return re.sub(r"\s+", " ", markdown.replace("`", "")).strip()


def _registered_rules():
    return [rule for rules in rules_doc.rules_by_kind().values() for rule in rules]


@pytest.fixture(scope="module")
def handbook_site(tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("handbook") / "site"
    result = mkdocs_build(HANDBOOK, site)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site


@pytest.mark.slow
def test_every_registered_rule_has_exactly_one_page(handbook_site):
    rules = _registered_rules()
    assert len(rules) >= 103  # the course had 103 rules when the reference moved here
    pages = sorted(p.stem for p in (handbook_site / "rules").glob("*.html") if p.stem != "index")
    assert pages == sorted(r.code for r in rules)
    for rule in rules:
        article = _soup(handbook_site / "rules" / f"{rule.code}.html").select_one("article")
        assert _text(article.h1).startswith(f"{rule.code} {rule.name}")
        assert str(rule.severity) in _text(article.p)
        assert _section(article, "why") == _plain(rule.rationale), rule.code
        # Every rule carries an example that fires and its fixed version (tests/test_rule_examples.py
        # runs them); the page shows both, under their headings, as written.
        assert rule.example and rule.fixed, rule.code
        assert _section(article, "example") and _section(article, "use-instead"), rule.code
        blocks = [re.sub(r"\s+", " ", pre.get_text("")).strip() for pre in article.select("pre")]
        assert re.sub(r"\s+", " ", rule.example).strip() == blocks[0], f"{rule.code}: example not shown"
        assert re.sub(r"\s+", " ", rule.fixed).strip() == blocks[1], f"{rule.code}: fixed version not shown"


@pytest.mark.slow
def test_rule_pages_show_what_why_and_message(handbook_site):
    article = _soup(handbook_site / "rules" / "DL3004.html").select_one("article")
    assert _text(article.h1).startswith("DL3004 SudoInRun")
    assert [_text(h).rstrip("¶ ").strip() for h in article.select("h2")][:2] == ["What it does", "Why"]
    body = _text(article)
    assert "do not use sudo: RUN already runs as root (switch users with USER)" in body
    assert "sudo is missing from most base images and may prompt for a password" in body
    assert "error · Containerfiles" in body
    # Examples are highlighted as the file they stand for, a named file under its path.
    examples = _soup(handbook_site / "rules" / "CF100.html").select("article div.highlight")
    assert [" ".join(d["class"]) for d in examples] == ["language-dockerfile highlight"] * 2
    assert "RUNN apk add --no-cache curl" in examples[0].get_text("")
    examples = _soup(handbook_site / "rules" / "CO113.html").select("article div.highlight")
    assert [d.select_one(".filename").get_text() for d in examples] == ["exercises/first-run/files/compose.yaml"] * 2
    assert "language-markdown" in _soup(handbook_site / "rules" / "CL001.html").select_one("article div.highlight")["class"]
    # A message with backticks of its own stays one piece of code.
    code = [_text(c) for c in _soup(handbook_site / "rules" / "CO101.html").select("article p code")]
    assert "service `{service}` uses network `{name}`, which is not declared under the top-level `networks:`" in code


@pytest.mark.slow
def test_the_index_lists_every_rule_by_kind_with_links(handbook_site):
    article = _soup(handbook_site / "rules" / "index.html").select_one("article")
    headings = [_text(h).rstrip("¶ ").strip() for h in article.select("h2")]
    titles = [re.sub(r" \(\d+ rules\)$", "", h) for h in headings]
    assert titles == [
        "Containerfiles",
        "Compose files",
        "Docker commands",
        "Exercise-book conventions",
        "Slide decks (module pages)",
        "Code blocks and annotations (the checker itself)",
    ]
    links = {a["href"] for a in article.select("td a")}
    assert links == {f"{r.code}.html" for r in _registered_rules()}


@pytest.mark.slow
def test_every_written_page_is_in_the_navigation(handbook_site):
    nav = yaml.safe_load((HANDBOOK / "mkdocs.yml").read_text(encoding="utf-8"))["nav"]
    in_nav = {next(iter(item.values())) for item in nav}
    written = {str(p.relative_to(HANDBOOK / "docs")) for p in (HANDBOOK / "docs").rglob("*.md")}
    assert written == in_nav
    # Other engineers' pages join the nav once they exist on main.
    for optional in ("labs.md", "new-course.md"):
        assert ((HANDBOOK / "docs" / optional).exists()) == (optional in in_nav)
    sidebar = _text(_soup(handbook_site / "index.html").select_one("nav.md-nav--primary"))
    for title in ("Writing a module", "Slides and speaker notes", "Writing an exercise", "Course variants", "Audience builds", "The checker", "Rule reference"):
        assert title in sidebar


@pytest.mark.slow
def test_the_handbook_needs_no_network(handbook_site):
    pages = list(handbook_site.rglob("*.html"))
    assert len(pages) > 110
    for page in pages:
        soup = _soup(page)
        remote = [
            tag.get("src") or tag.get("href") for tag in soup.select("script[src], link[href]") if re.match(r"(https?:)?//", tag.get("src") or tag.get("href"))
        ]
        assert remote == [], f"{page.relative_to(handbook_site)} loads {remote}"
    # Search from file://: the offline plugin's shim is served from the handbook itself.
    shim = handbook_site / "assets" / "vendor" / "iframe-worker" / "shim.js"
    assert shim.stat().st_size > 1000
    assert "assets/vendor/iframe-worker/shim.js" in (handbook_site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in (handbook_site / "index.html").read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.browser
def test_search_finds_a_rule_from_file_url(handbook_site, offline_page):
    page = offline_page.page
    page.goto((handbook_site / "index.html").as_uri())
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("SudoInRun", delay=20)
    page.locator(".md-search-result__item").first.wait_for(timeout=15_000)
    assert "DL3004 SudoInRun" in page.locator(".md-search-result").inner_text()
    assert offline_page.left_machine == []
    assert offline_page.page_errors == []


def _rule(**fields) -> SimpleNamespace:
    """A rule as the registry holds it (with the optional example and fixed version)."""
    base = dict(code="CF999", name="ExampleRule", kind="containerfile", severity="warning", scope="file", message="m", rationale="r", example=None, fixed=None)
    return SimpleNamespace(**{**base, **fields})


def test_a_rule_page_renders_example_and_fixed_version():
    rule = _rule(
        message="'{cmd}' is a demo",
        rationale="Shows the page layout: see exercises/<id>/files, `<id>` in code.",
        example="FROM alpine:3.23\nRUN sudo true\n",
        fixed="FROM alpine:3.23\nRUN true\n",
    )
    page = rules_doc.render_rule_page(rule)
    assert page.startswith("# CF999 ExampleRule\n\n**warning** · Containerfiles · scope: file")
    assert "## Example\n\nThis fires:\n\n```dockerfile\nFROM alpine:3.23\nRUN sudo true\n```\n" in page
    assert "## Use instead\n\nThis is silent:\n\n```dockerfile\nFROM alpine:3.23\nRUN true\n```\n" in page
    assert "see exercises/&lt;id>/files, `<id>` in code." in page
    assert "`'{cmd}' is a demo` (`{...}` is filled in by the check)" in page


def test_a_markdown_example_holding_a_fence_gets_a_longer_fence():
    rule = _rule(code="BK999", kind="book", message="{detail}", example="```console\n$ cat <<EOF\n```\n")
    page = rules_doc.render_rule_page(rule)
    assert "## Example\n\nThis fires:\n\n````markdown\n```console\n$ cat <<EOF\n```\n````\n" in page
    assert "## Use instead" not in page
    assert "Reports: a message the check composes from what it found" in page


def test_an_example_of_a_named_file_or_of_set_up_commands_says_so():
    page = rules_doc.render_rule_page(_rule(kind="compose", example="services: {}\n", example_path="exercises/demo/files/compose.yaml"))
    assert '## Example\n\nThis fires:\n\n```yaml title="exercises/demo/files/compose.yaml"\nservices: {}\n```\n' in page
    page = rules_doc.render_rule_page(_rule(kind="markdown", example="ln -s missing docs/x.md", fixed="touch docs/x.md", example_path="sh"))
    assert "## Example\n\nThis fires (commands that set the situation up):\n\n```sh\nln -s missing docs/x.md\n```\n" in page
    assert "## Use instead\n\nThis is silent (commands that set the situation up):\n\n```sh\ntouch docs/x.md\n```\n" in page


def test_a_rule_without_example_still_gets_its_page():
    rule = next(r for r in _registered_rules() if r.code == "DL3004")
    page = rules_doc.render_rule_page(_rule(**{k: getattr(rule, k) for k in ("code", "name", "kind", "severity", "scope", "message", "rationale")}))
    assert "## What it does" in page and "## Why" in page
    assert "## Example" not in page


def test_index_cells_escape_pipes_and_tags():
    assert rules_doc._cell("a | b <c>") == "a \\| b &lt;c>"


@pytest.mark.slow
@pytest.mark.browser
def test_the_rule_index_fits_the_page(handbook_site, offline_page):
    page = offline_page.page
    page.goto((handbook_site / "rules" / "index.html").as_uri())
    # Material wraps each table in a scrolling box: it scrolls when the table is wider than the page.
    widths = page.evaluate("[...document.querySelectorAll('article .md-typeset__scrollwrap')].map(w => [w.scrollWidth, w.clientWidth])")
    assert len(widths) == 6
    assert all(scroll <= room for scroll, room in widths), widths
