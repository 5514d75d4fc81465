"""Issue 2: the course builds into an offline site with the expected structure."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from conftest import mkdocs_build

REMOTE = re.compile(r"^(?:https?:)?//", re.IGNORECASE)


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def resolve(page: Path, href: str) -> Path:
    return (page.parent / unquote(urlsplit(href).path)).resolve()


def test_home_page_has_title_objectives_and_agenda_linking_every_module(built_site):
    home = built_site / "index.html"
    doc = soup(home)
    assert doc.select_one("article h1").get_text(strip=True)
    table = doc.select("article table")[-1]
    module_links = [a["href"] for a in table.select("a") if "modules/" in a["href"]]
    modules = sorted(p.stem for p in (built_site / "modules").glob("*.html"))
    assert sorted(Path(urlsplit(h).path).stem for h in module_links) == modules
    for href in (a["href"] for a in table.select("a[href]")):
        assert resolve(home, href).is_file(), f"agenda link {href} does not resolve"
    assert "Total" in table.get_text()


def test_exercise_page_is_under_exercises_and_in_the_exercise_book_nav(built_site):
    page = built_site / "exercises" / "container-run-inspect" / "index.html"
    assert page.is_file()
    doc = soup(built_site / "index.html")
    sections = {}
    for item in doc.select("nav.md-nav--primary > ul > li.md-nav__item--section"):
        label = item.select_one("nav > label.md-nav__title")
        sections[label.get_text(" ", strip=True)] = [a["href"] for a in item.select("a[href]")]
    assert {"Modules", "Exercise book", "Instructor guide"} <= set(sections)
    assert any(h.endswith("exercises/container-run-inspect/index.html") for h in sections["Exercise book"])
    assert any("modules/basics.html" in h for h in sections["Modules"])


def _remote_refs_in_html(text: str) -> list[str]:
    doc = BeautifulSoup(text, "lxml")
    bad = []
    for tag in doc.find_all(["script", "img", "iframe", "source", "audio", "video", "embed", "object"]):
        for attr in ("src", "data", "srcset"):
            if tag.get(attr) and REMOTE.match(tag[attr]):
                bad.append(f"<{tag.name} {attr}={tag[attr]}>")
    for tag in doc.find_all("link"):
        rel = " ".join(tag.get("rel", []))
        if tag.get("href") and REMOTE.match(tag["href"]) and rel not in ("canonical", "alternate"):
            bad.append(f"<link rel={rel} href={tag['href']}>")
    for style in doc.find_all("style"):
        bad += _remote_refs_in_css(style.get_text())
    for tag in doc.find_all(style=True):
        bad += _remote_refs_in_css(tag["style"])
    return bad


def _remote_refs_in_css(text: str) -> list[str]:
    found = re.findall(r"""@import\s+(?:url\()?\s*["']?((?:https?:)?//[^"')\s]+)""", text, re.IGNORECASE)
    found += re.findall(r"""url\(\s*["']?((?:https?:)?//[^"')\s]+)""", text, re.IGNORECASE)
    return found


def test_no_output_file_loads_anything_from_the_network(built_site):
    problems = {}
    files = list(built_site.rglob("*.html")) + list(built_site.rglob("*.css"))
    assert len(files) > 10
    for path in files:
        text = path.read_text(encoding="utf-8", errors="replace")
        bad = _remote_refs_in_html(text) if path.suffix == ".html" else _remote_refs_in_css(text)
        if bad:
            problems[str(path.relative_to(built_site))] = bad
    assert problems == {}


def test_no_google_fonts_and_local_mermaid(built_site):
    html = (built_site / "modules" / "basics.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in html and "fonts.gstatic" not in html
    assert "assets/vendor/mermaid/mermaid.min.js" in html
    assert (built_site / "assets" / "vendor" / "mermaid" / "mermaid.min.js").stat().st_size > 1_000_000
    assert "unpkg.com" not in html


def test_mermaid_loads_only_where_a_diagram_is(built_site):
    """Issue 14: a diagram-free page (or deck) does not parse the 3.6 MB mermaid bundle."""
    pages = {p.relative_to(built_site).as_posix(): p.read_text(encoding="utf-8") for p in built_site.rglob("*.html")}
    loading = {path for path, html in pages.items() if "assets/vendor/mermaid/mermaid.min.js" in html}
    with_diagram = {path for path, html in pages.items() if 'class="mermaid"' in html}
    for path in ("modules/basics.html", "slides/basics/index.html", "slides/index.html", "exercises/print.html"):
        assert path in loading, path
    for path in ("index.html", "404.html", "exercises/container-run-inspect/index.html", "modules/end.html", "slides/end/index.html"):
        assert path in pages and path not in loading, path
    assert loading == with_diagram


def test_the_mermaid_script_goes_only_from_pages_without_a_diagram():
    from coursekit.site.vendor_assets import without_unused_mermaid

    tag = '\n        <script src="../assets/vendor/mermaid/mermaid.min.js"></script>'
    plain = f"<body><p>text</p>{tag}\n</body>"
    diagram = f'<body><pre class="mermaid"><code>flowchart LR</code></pre>{tag}\n</body>'
    assert without_unused_mermaid(plain) == "<body><p>text</p>\n</body>"
    assert without_unused_mermaid(diagram) == diagram


@pytest.mark.browser
@pytest.mark.parametrize(
    "path",
    ["index.html", "modules/basics.html", "exercises/container-run-inspect/index.html"],
)
def test_pages_work_with_the_network_cut_off(site_url, offline_page, path):
    page = offline_page.page
    # "networkidle": no request for 500 ms after load (Playwright's event), so requests that
    # scripts start late (search worker, mermaid, polyfills) are made before the checks below.
    page.goto(f"{site_url}/{path}", wait_until="networkidle")
    if path.startswith("modules/"):
        # Material renders each diagram with the locally served mermaid into a
        # (closed) shadow root of a div.mermaid that replaces the source <pre>.
        page.wait_for_selector("div.mermaid", timeout=15000)
        assert page.locator("pre.mermaid").count() == 0
        heights = page.eval_on_selector_all("div.mermaid", "els => els.map(e => e.getBoundingClientRect().height)")
        assert heights and min(heights) > 40
    assert offline_page.left_machine == []
    assert offline_page.failed == []
    assert offline_page.page_errors == []
    assert [e for e in offline_page.console_errors if "favicon" not in e] == []
    # Nothing visibly broken: every image loaded.
    broken = page.evaluate("Array.from(document.images).filter(i => i.complete && i.naturalWidth === 0).map(i => i.src)")
    assert broken == []


def test_broken_internal_link_fails_the_strict_build_naming_the_file(project_copy, tmp_path):
    page = project_copy / "exercises" / "container-run-inspect" / "index.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\nSee [the missing page](../no-such-exercise/index.md).\n", encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "out")
    assert result.returncode != 0
    assert "exercises/container-run-inspect/index.md" in result.stderr
    assert "no-such-exercise/index.md" in result.stderr


def test_broken_anchor_fails_the_strict_build(project_copy, tmp_path):
    page = project_copy / "docs" / "modules" / "basics.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n\nBack to [the top](#no-such-heading).\n", encoding="utf-8")
    result = mkdocs_build(project_copy, tmp_path / "out")
    assert result.returncode != 0
    assert "modules/basics.md" in result.stderr and "no-such-heading" in result.stderr


def test_properdocs_builds_the_same_pages_without_warnings(built_site, tmp_path):
    from conftest import REPO

    result = mkdocs_build(REPO, tmp_path / "pd", tool="properdocs")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "WARNING" not in result.stderr
    ours = sorted(str(p.relative_to(built_site)) for p in built_site.rglob("*.html"))
    theirs = sorted(str(p.relative_to(tmp_path / "pd")) for p in (tmp_path / "pd").rglob("*.html"))
    assert ours == theirs
