"""The accessibility audit (``nox -s a11y``, ``coursekit.site.a11y``): axe-core from npm in
headless Chromium.  It must fail on a page with a known serious violation and pass on
a clean one; a representative part of the real site passes it here (the full audit of
every page in both colour schemes and every slide is ``nox -s a11y``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from coursekit.site import a11y

REPO = Path(__file__).resolve().parent.parent
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = [pytest.mark.browser]

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><main><h1>{title}</h1>{body}</main></body></html>
"""
# Grey #aaa on white is 2.32:1 (serious: color-contrast); an image without alt text is critical (image-alt).
BAD_BODY = '<p style="color:#aaa;background:#fff">Barely readable text</p><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
CLEAN_BODY = '<p style="color:#222;background:#fff">Readable text</p><img alt="A dot" src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'


def fixture_site(root: Path, body: str) -> Path:
    root.mkdir()
    (root / "index.html").write_text(PAGE.format(title="Fixture page", body=body), encoding="utf-8")
    return root


def test_audit_fails_on_a_known_serious_violation(tmp_path, browser):
    site = fixture_site(tmp_path / "bad", BAD_BODY)
    report = a11y.audit(site, AXE, browser)
    failing = {(v.rule, v.impact) for v in report.failures}
    assert ("color-contrast", "serious") in failing
    assert ("image-alt", "critical") in failing
    # both colour schemes were audited
    assert report.checked == ["index.html [light]", "index.html [dark]"]


def test_audit_passes_a_clean_page(tmp_path, browser):
    site = fixture_site(tmp_path / "clean", CLEAN_BODY)
    report = a11y.audit(site, AXE, browser)
    assert report.failures == [], a11y.format_report(report)


def run_command(site: Path) -> subprocess.CompletedProcess:
    # A process of its own: Playwright's sync API cannot start inside the session browser's loop.
    return subprocess.run([sys.executable, "-m", "coursekit.site.a11y", "--site", str(site), "--axe", str(AXE)], capture_output=True, text=True, timeout=300)


def test_command_exit_code(tmp_path, browser):
    bad = run_command(fixture_site(tmp_path / "bad", BAD_BODY))
    assert bad.returncode == 1
    assert "index.html [dark]: serious color-contrast" in bad.stdout and "critical  image-alt" in bad.stdout
    assert run_command(fixture_site(tmp_path / "clean", CLEAN_BODY)).returncode == 0
    missing = run_command(tmp_path / "missing")
    assert missing.returncode == 2 and "holds no built site" in missing.stderr


def test_lab_files_and_decks_are_not_audited_as_pages(built_site):
    pages = a11y.site_pages(built_site)
    assert "index.html" in pages and "404.html" in pages
    assert not [p for p in pages if p.startswith("slides/") or "/files/" in p]


@pytest.mark.slow
def test_real_site_sample_has_no_serious_violation(built_site, browser):
    """Home, a module, the book index and an exercise page in both schemes, and the deck's first slides
    (title, agenda, a module title, a diagram, code)."""
    pages = ["index.html", "modules/images.html", "exercises/index.html", "exercises/container-run-inspect/index.html", "404.html"]
    report = a11y.audit(built_site, AXE, browser, pages=pages, deck_slides=slice(0, 12))
    assert len(report.checked) == 2 * len(pages) + 12
    assert report.failures == [], a11y.format_report(report)
    assert not report.left_machine


def test_search_dialog_has_an_accessible_name(built_site):
    # Fails when Material changes its search markup and coursekit.site.material_fixes stops matching.
    assert 'role="dialog" aria-label="Search"' in (built_site / "index.html").read_text(encoding="utf-8")


def test_checkpoint_text_is_the_checkbox_label(built_site, browser):
    with a11y.serve(built_site) as base:
        page = browser.new_page()
        try:
            page.goto(base + "exercises/container-run-inspect/index.html")
            box = page.get_by_role("checkbox", name="The second run did not pull the image again.")
            assert not box.is_checked()
            page.get_by_text("The second run did not pull the image again.").click()
            assert box.is_checked()
        finally:
            page.close()
