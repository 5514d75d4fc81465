"""The course model, the exercise book's source root and the vendored assets of one build: what
``hooks/course_sources.py`` does on each MkDocs event.

The functions take MkDocs' objects by their attributes only (``config.docs_dir``, ``file.src_uri``,
...): the library never imports MkDocs.  They raise :class:`~coursekit.errors.SourceError` when the build must
fail; the hook turns it into MkDocs' ``PluginError``.  In ``mkdocs serve`` a course-structure error
is logged and shown instead, while the last good course is served (:meth:`Session.keep_serving`).
"""

from __future__ import annotations

import os
from logging import Logger
from typing import Any

from coursekit.course import exercise_root, manifest
from coursekit.course.frontmatter import body_offset
from coursekit.errors import SourceError
from coursekit.site import material_fixes, reproducible, structure, vendor_assets
from coursekit.site.session import Session
from coursekit.site.validation import structure_banner


def _keep_serving(s: Session, exc: SourceError, log: Logger) -> None:
    if not s.keep_serving(exc):
        raise exc
    log.info("course ERROR (still serving the last good course until it is fixed): %s", exc)


def configure(s: Session, config: Any, log: Logger) -> None:
    """``on_config``: switches and course options, validated; pinned paths and dates; the course
    model; the local scripts; the nav."""
    s.configure(config.config_file_path, config.extra)
    # Dates in the output (sitemap, archives) come from SOURCE_DATE_EPOCH: same sources, same bytes.
    reproducible.pin_source_date_epoch(s.root)
    # pymdownx.snippets resolves base_path against the working directory; pin it
    # to the repository so `mkdocs -f /elsewhere/mkdocs.yml` behaves the same.
    config.mdx_configs.setdefault("pymdownx.snippets", {})["base_path"] = [s.root]
    s.structure_error = None
    try:
        s.course = manifest.load_course(config.config_file_path, config.docs_dir, config.extra, s.switches.variant)
        s.vendor = vendor_assets.vendor_files(s.root)
    except SourceError as exc:
        _keep_serving(s, exc, log)
    # Diagrams render from the local mermaid build; Material's bundle then skips its CDN copy.
    # Pages without a diagram drop the script again (on_post_page).
    if vendor_assets.MERMAID_JS not in config.extra_javascript:
        config.extra_javascript.insert(0, vendor_assets.MERMAID_JS)
    polyfills = config.extra.setdefault("polyfills", [])
    if vendor_assets.IFRAME_WORKER_SHIM not in polyfills:
        polyfills.append(vendor_assets.IFRAME_WORKER_SHIM)
    if not config.nav:
        config.nav = structure.build_nav(s.course, os.path.exists(os.path.join(config.docs_dir, structure.GUIDE_START)))


def generated_files(s: Session) -> list[tuple[str, str, bool]]:
    """``on_files``: ``(uri, source path, is a page)`` of the exercise pages, lab files and vendored files."""
    published = exercise_root.published_files(s.root, s.course.exercises)
    return published + [(uri, src, False) for src, uri in s.vendor]


def out_of_variant(s: Session, src_uri: str) -> bool:
    """A module page of another course variant: not part of this build (COURSE_VARIANT)."""
    in_variant = {m.src_path for m in s.course.modules}
    return src_uri.startswith(f"{manifest.MODULES_DIR}/") and src_uri.endswith(".md") and src_uri not in in_variant


def page_markdown(s: Session, markdown: str, file: Any, log: Logger) -> str:
    """``on_page_markdown``: variants, agenda and cards, objectives; errors at the line of the source file."""
    src = file.src_uri
    shown = os.path.relpath(file.abs_src_path, s.root) if file.abs_src_path else src
    try:
        offset = body_offset(file.content_string, src)
    except (UnicodeDecodeError, OSError):  # undecodable pages: validation reports them
        offset = 0
    try:
        return structure.page_markdown(markdown, s.course, src, shown, offset)
    except SourceError as exc:
        _keep_serving(s, exc, log)
        return markdown


def page_content(s: Session, html: str) -> str:
    """``serve``: the course-structure error banner on every page while the last good course is shown."""
    return structure_banner(s.structure_error) + html if s.structure_error else html


def template_context(context: dict, template_name: str, site_url: str | None) -> dict:
    """404.html: rendered with relative URLs when ``site_url`` is unset (see :mod:`material_fixes`)."""
    return material_fixes.relative_error_page_base(context, template_name, site_url)


def post_page(output: str) -> str:
    """Every page and 404.html: no mermaid script without a diagram; the search dialog's accessible name."""
    return material_fixes.name_search_dialog(vendor_assets.without_unused_mermaid(output))
