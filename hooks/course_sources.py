"""MkDocs hook: the course model, the exercise book's source root, vendored assets.

Thin adapter: all logic lives in the ``coursekit`` package (imported at top level,
while MkDocs has this folder on sys.path; see CONTRIBUTING.md).
"""

from __future__ import annotations

import os

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority, get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel

import coursekit.course.exercise_root as exercise_root
import coursekit.course.manifest as course_model
import coursekit.site.material_fixes as material_fixes
import coursekit.site.reproducible as reproducible
import coursekit.site.session as session
import coursekit.site.structure as site_structure
import coursekit.site.vendor_assets as vendor_assets
from coursekit.course.frontmatter import body_offset
from coursekit.errors import SourceError
from coursekit.site.validation import structure_banner

log = get_plugin_logger(__name__)


def on_startup(command, dirty):
    session.start(command, dirty)


def on_shutdown():
    session.current().close_worker()


def _keep_serving(exc: SourceError) -> bool:
    """In ``mkdocs serve``, a course-structure error must not stop the server (a failed
    rebuild makes MkDocs hang every request): keep the last good course model, log the
    problem and show it on every page until it is fixed.  Builds fail as usual."""
    s = session.current()
    if not s.serving or s.course is None:
        return False
    s.structure_error = exc
    log.info("course ERROR (still serving the last good course until it is fixed): %s", exc)
    return True


def _fail(exc: SourceError) -> PluginError:
    return PluginError(f"course: {exc}")


def on_config(config):
    s = session.current()
    try:
        s.configure(config.config_file_path, config.extra)  # environment switches and course options, validated
    except SourceError as exc:
        raise _fail(exc) from None
    root = s.root
    # Dates in the output (sitemap, archives) come from SOURCE_DATE_EPOCH: same sources, same bytes.
    reproducible.pin_source_date_epoch(root)
    # pymdownx.snippets resolves base_path against the working directory; pin it
    # to the repository so `mkdocs -f /elsewhere/mkdocs.yml` behaves the same.
    config.mdx_configs.setdefault("pymdownx.snippets", {})["base_path"] = [root]
    s.structure_error = None
    try:
        s.course = course_model.load_course(config.config_file_path, config.docs_dir, config.extra, s.switches.variant)
        s.vendor = vendor_assets.vendor_files(root)
    except SourceError as exc:
        if not _keep_serving(exc):
            raise _fail(exc) from None
    course = s.course
    # Diagrams render from the local mermaid build; Material's bundle then skips its CDN copy.
    # Pages without a diagram drop the script again (on_post_page).
    if vendor_assets.MERMAID_JS not in config.extra_javascript:
        config.extra_javascript.insert(0, vendor_assets.MERMAID_JS)
    polyfills = config.extra.setdefault("polyfills", [])
    if vendor_assets.IFRAME_WORKER_SHIM not in polyfills:
        polyfills.append(vendor_assets.IFRAME_WORKER_SHIM)
    if not config.nav:
        config.nav = site_structure.build_nav(course, os.path.exists(os.path.join(config.docs_dir, site_structure.GUIDE_START)))
    return config


def on_files(files, config):
    s = session.current()
    try:
        published = exercise_root.published_files(s.root, s.course.exercises)
    except SourceError as exc:
        raise _fail(exc) from None
    for uri, path, is_page in published:
        files.append(File.generated(config, uri, abs_src_path=path, inclusion=InclusionLevel.UNDEFINED if is_page else InclusionLevel.NOT_IN_NAV))
    for src, uri in s.vendor:
        files.append(File.generated(config, uri, abs_src_path=src, inclusion=InclusionLevel.NOT_IN_NAV))
    # Module pages of other course variants are not part of this build (COURSE_VARIANT).
    in_variant = {m.src_path for m in s.course.modules}
    for f in list(files):
        if f.src_uri.startswith(f"{course_model.MODULES_DIR}/") and f.src_uri.endswith(".md") and f.src_uri not in in_variant:
            files.remove(f)
    return files


def on_page_markdown(markdown, page, config, files):
    s = session.current()
    src = page.file.src_uri
    shown = os.path.relpath(page.file.abs_src_path, s.root) if page.file.abs_src_path else src
    try:
        offset = body_offset(page.file.content_string, src)
    except (UnicodeDecodeError, OSError):  # undecodable pages: validation reports them
        offset = 0
    try:
        return site_structure.page_markdown(markdown, s.course, src, shown, offset)
    except SourceError as exc:
        if not _keep_serving(exc):
            raise _fail(exc) from None
        return markdown


def on_page_content(html, page, config, files):
    error = session.current().structure_error
    return structure_banner(error) + html if error else html


def on_template_context(context, template_name, config):
    return material_fixes.relative_error_page_base(context, template_name, config.site_url)


@event_priority(-100)  # last: the book fills its print page with the exercises (and their diagrams) before
def on_post_page(output, page, config):
    return material_fixes.name_search_dialog(vendor_assets.without_unused_mermaid(output))


def on_post_template(output_content, template_name, config):
    return material_fixes.name_search_dialog(vendor_assets.without_unused_mermaid(output_content))  # 404.html
