"""Issue 6 in a real browser (Debian Chromium): copy button, checkpoints, downloads, release zip.

The fixture course is built once for the module and served on 127.0.0.1.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import book_support as fx
import pytest
from conftest import mkdocs_build, serve_directory

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    return fx.write_course(tmp_path_factory.mktemp("book-browser") / "course")


@pytest.fixture(scope="module")
def site(course, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    result = mkdocs_build(course, out, env={"COURSE_VERSION": "v1.0-browser"})
    assert result.returncode == 0, result.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def base_url(site):
    with serve_directory(site) as url:
        yield url


@pytest.fixture
def context(browser, base_url):
    ctx = browser.new_context(permissions=["clipboard-read", "clipboard-write"], base_url=base_url, accept_downloads=True)
    # These pages have no diagrams: skip parsing the 3.6 MB mermaid bundle on every load.
    ctx.route("**/mermaid.min.js", lambda route: route.fulfill(body="", content_type="text/javascript"))
    yield ctx
    ctx.close()


def test_copy_button_copies_exactly_the_commands(context):
    page = context.new_page()
    page.goto("/exercises/first-run/index.html")
    block = page.locator("article div.language-console.highlight").first
    block.hover()
    block.locator("button[data-md-type=copy]").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    # No "$ " or "# " prompts, continuation lines kept with their backslashes.
    assert copied.rstrip("\n") == (
        "docker container run alpine:3.23 echo hello\ndocker container run --rm \\\n    --name second \\\n    alpine:3.23 echo again\ncat /etc/os-release"
    )
    # The prompts are still shown on the page.
    assert block.locator(".gp").first.is_visible()


def _tick(page, index: int) -> None:
    """Click the visible box of checkpoint ``index`` (drawn by Material as ::before of the indicator)."""
    indicator = page.locator("li.task-list-item .task-list-indicator").nth(index)
    indicator.scroll_into_view_if_needed()
    box = indicator.bounding_box()
    page.mouse.click(box["x"] - 10, box["y"] + box["height"] / 2)


def test_checkpoints_persist_across_reload_and_show_on_the_index(context):
    page = context.new_page()
    page.goto("/exercises/first-run/index.html")
    boxes = page.locator("li.task-list-item input[type=checkbox]")
    assert boxes.count() == 3
    assert not boxes.nth(0).is_disabled()
    _tick(page, 0)
    _tick(page, 2)
    assert [boxes.nth(i).is_checked() for i in range(3)] == [True, False, True]
    page.reload()
    boxes = page.locator("li.task-list-item input[type=checkbox]")
    assert [boxes.nth(i).is_checked() for i in range(3)] == [True, False, True]
    assert page.locator(".exercise-facts .book-progress").inner_text().replace("\u2009", " ") == "2 / 3 checkpoints"
    # Unticking is stored too.
    _tick(page, 2)
    page.reload()
    assert page.locator("li.task-list-item input[type=checkbox]").nth(2).is_checked() is False

    page.goto("/exercises/index.html")
    cells = page.locator(".exercise-index .book-progress[data-exercise]")
    progress = {cells.nth(i).get_attribute("data-exercise"): cells.nth(i).inner_text().replace("\u2009", " ") for i in range(cells.count())}
    assert progress == {"first-run": "1 / 3", "cleanup": "0 / 1", "build-image": "0 / 1", "glossary": "0 / 1", "cheat-sheet": "0 / 1"}
    # Another exercise keeps its own state.
    page.goto("/exercises/cleanup/index.html")
    assert page.locator("li.task-list-item input[type=checkbox]").first.is_checked() is False


def test_downloaded_bundle_lists_exactly_the_lab_files(context, course):
    page = context.new_page()
    page.goto("/exercises/index.html")
    with page.expect_download() as info:
        page.locator('.lab-downloads a[href$="course-labs.zip"]').click()
    data = Path(info.value.path()).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = {n for n in zf.namelist() if not n.endswith("/")}
    expected = set()
    for path in (course / "exercises").rglob("*"):
        parts = path.relative_to(course / "exercises").parts
        if path.is_file() and len(parts) >= 3 and parts[1] in ("files", "solution"):
            inner = "/".join(parts[2:])
            expected.add(f"labs/{parts[0]}/{inner}" if parts[1] == "files" else f"labs/{parts[0]}/solution/{inner}")
    assert names == expected


def test_release_zip_works_from_file_with_search(browser, site, tmp_path):
    from coursekit.site import dist

    archive = dist.package(str(site), str(tmp_path / "dist"), "v1.0-browser", "instructor")
    assert Path(archive).name == "containerization-fundamentals-v1.0-browser.zip"
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(tmp_path / "unpacked")
    index = tmp_path / "unpacked" / "containerization-fundamentals-v1.0-browser" / "index.html"
    assert index.is_file()
    ctx = browser.new_context()
    try:
        page = ctx.new_page()
        page.goto(index.as_uri())
        assert "v1.0-browser" in page.locator("footer .course-version").inner_text()
        search = page.locator("input.md-search__input")
        search.click()
        search.press_sequentially("cleaning", delay=20)
        result = page.locator(".md-search-result__item").first
        result.wait_for(timeout=15000)
        assert "Cleaning up" in page.locator(".md-search-result").inner_text()
        # From a file there is no address to give: the curl line keeps its placeholder and the hint.
        page.goto((index.parent / "exercises" / "index.html").as_uri())
        assert "<course-site>" in page.locator(".lab-curl code").inner_text() and page.locator(".lab-curl-hint").is_visible()
        assert page.locator(".lab-curl--screen").count() == 0
        # Checkpoints are remembered from file:// too (the training-room case).
        page.goto((index.parent / "exercises" / "cleanup" / "index.html").as_uri())
        _tick(page, 0)
        page.reload()
        assert page.locator("li.task-list-item input[type=checkbox]").first.is_checked()
    finally:
        ctx.close()


def test_checkpoints_work_with_instant_navigation(browser, course, tmp_path):
    """With Material's instant navigation (pages swapped without a reload) book.js runs on every page."""
    import shutil

    copy = tmp_path / "course"
    shutil.copytree(course, copy, symlinks=True)
    out = tmp_path / "site"
    out.mkdir()
    with serve_directory(out) as url:
        # Instant navigation needs site_url (it reads the sitemap to tell internal links).
        yml = copy / "mkdocs.yml"
        text = yml.read_text(encoding="utf-8").replace("  features:\n", "  features:\n    - navigation.instant\n", 1)
        yml.write_text(f"site_url: {url}/\n" + text, encoding="utf-8")
        result = mkdocs_build(copy, out)
        assert result.returncode == 0, result.stderr[-2000:]
        # With site_url the book's curl line names the real bundle URL, and that URL serves it.
        import re
        import tarfile
        import urllib.request

        html = (out / "exercises" / "index.html").read_text(encoding="utf-8")
        bundle = f"{url}/downloads/course-labs.tar.gz"
        assert re.search(rf"curl.*-fsSL.*{re.escape(bundle)}", re.sub(r"<[^>]+>", "", html))
        with urllib.request.urlopen(bundle, timeout=10) as response, tarfile.open(fileobj=io.BytesIO(response.read()), mode="r:gz") as tf:
            assert "labs/build-image/app/Containerfile" in tf.getnames()
        ctx = browser.new_context(base_url=url)
        ctx.route("**/mermaid.min.js", lambda route: route.fulfill(body="", content_type="text/javascript"))
        try:
            page = ctx.new_page()
            page.goto("/exercises/index.html")
            page.evaluate("window.__sameDocument = true")
            # Instant navigation rewrites links to absolute URLs: find it by its text.
            page.locator(".exercise-index a", has_text="Cleaning up").click()
            page.wait_for_url("**/exercises/cleanup/index.html")
            page.locator(".exercise-facts .book-progress").wait_for()
            _tick(page, 0)
            page.locator("nav.exercise-pager a.exercise-pager__up").click()
            page.wait_for_url("**/exercises/index.html")
            # Only the index cell carries data-tasks: right after the URL changes, instant navigation may
            # still show the exercise page, whose own progress line has the same data-exercise.
            selector = '.exercise-index .book-progress[data-tasks][data-exercise="cleanup"]'
            cell = page.locator(selector)
            page.wait_for_function("s => { const el = document.querySelector(s); return el && el.textContent.startsWith('1'); }", arg=selector)
            assert cell.inner_text().replace("\u2009", " ") == "1 / 1"
            assert page.evaluate("window.__sameDocument") is True, "instant navigation did not keep the document"
        finally:
            ctx.close()


def test_curl_line_names_the_real_bundle_address_under_a_sub_path_and_after_instant_navigation(browser, course, tmp_path):
    """Without site_url the curl line says <course-site>; book.js shows the address the page was
    really served from: under a sub-path, after an instant navigation, in the copied command."""
    import shutil
    import tarfile
    import urllib.request

    copy = tmp_path / "course"
    shutil.copytree(course, copy, symlinks=True)
    yml = copy / "mkdocs.yml"
    yml.write_text(yml.read_text(encoding="utf-8").replace("  features:\n", "  features:\n    - navigation.instant\n", 1), encoding="utf-8")
    host = tmp_path / "host"
    out = host / "training" / "containers"
    result = mkdocs_build(copy, out)  # no site_url: the HTML keeps the placeholder
    assert result.returncode == 0, result.stderr[-2000:]
    assert "&lt;course-site&gt;/downloads/course-labs.tar.gz" in (out / "exercises" / "index.html").read_text(encoding="utf-8")
    with serve_directory(host) as url:
        base = f"{url}/training/containers"
        # Material's instant navigation only takes over links listed in sitemap.xml, which MkDocs
        # leaves empty without site_url; list the served pages so that it runs.
        locs = "".join(f"<url><loc>{base}/{p.relative_to(out).as_posix()}</loc></url>" for p in sorted(out.rglob("*.html")))
        (out / "sitemap.xml").write_text(f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>')
        ctx = browser.new_context(base_url=url, permissions=["clipboard-read", "clipboard-write"])
        ctx.route("**/mermaid.min.js", lambda route: route.fulfill(body="", content_type="text/javascript"))
        try:
            page = ctx.new_page()
            # Start one folder deeper, so that resolving against the previous page would give a wrong address.
            page.goto("/training/containers/exercises/cleanup/index.html")
            page.evaluate("window.__sameDocument = true")
            page.locator("nav.exercise-pager a.exercise-pager__up").click()
            page.wait_for_url("**/exercises/index.html")
            shown = page.locator(".lab-curl--screen")
            shown.wait_for()
            assert page.evaluate("window.__sameDocument") is True, "instant navigation did not keep the document"
            bundle = f"{base}/downloads/course-labs.tar.gz"
            assert shown.locator("code").inner_text().strip() == f"$ curl -fsSL {bundle} | tar -xzf - -C ~"
            # The placeholder version and its "Replace <course-site>" hint stay in the page, hidden on screen.
            original = page.locator(".lab-curl.lab-curl--print")
            assert "<course-site>" in original.locator("code").inner_text() and not original.is_visible()
            assert not page.locator(".lab-curl-hint").is_visible()
            # The copy button copies the command with the real address (and without its prompt).
            shown.locator("pre").hover()
            shown.locator("button[data-md-type=copy]").click()
            assert page.evaluate("navigator.clipboard.readText()").strip() == f"curl -fsSL {bundle} | tar -xzf - -C ~"
            # Printed, the book shows the placeholder and how to fill it in (a printed loopback address helps nobody).
            page.emulate_media(media="print")
            assert original.is_visible() and page.locator(".lab-curl-hint").is_visible() and not shown.is_visible()
            page.emulate_media(media="screen")
            # A plain load of the page gives the same single line.
            page.reload()
            assert page.locator(".lab-curl--screen").count() == 1
            assert page.locator(".lab-curl--screen code").inner_text().strip() == f"$ curl -fsSL {bundle} | tar -xzf - -C ~"
        finally:
            ctx.close()
        # And the address really serves the bundle.
        with urllib.request.urlopen(bundle, timeout=10) as response, tarfile.open(fileobj=io.BytesIO(response.read()), mode="r:gz") as tf:
            assert "labs/build-image/app/Containerfile" in tf.getnames()
