"""MkDocs hook: the course model, the exercise book's source root, vendored assets.

Thin adapter: all logic lives in the ``coursekit`` package (imported at top level,
while MkDocs has this folder on sys.path; see README "Architecture").
"""

from __future__ import annotations

import os

import coursekit.course as course_model
import coursekit.exercise_root as exercise_root
import coursekit.material_fixes as material_fixes
import coursekit.reproducible as reproducible
import coursekit.site_structure as site_structure
import coursekit.variant_blocks as variant_blocks
import coursekit.vendor_assets as vendor_assets
from coursekit.errors import SourceError
from coursekit.frontmatter import split_front_matter
from coursekit.site_validation import structure_banner
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from mkdocs.structure.files import File, InclusionLevel

log = get_plugin_logger(__name__)
_state: dict = {"command": "build"}


def on_startup(command, dirty):
    _state["command"] = command


def _keep_serving(exc: SourceError) -> bool:
    """In ``mkdocs serve``, a course-structure error must not stop the server (a failed
    rebuild makes MkDocs hang every request): keep the last good course model, log the
    problem and show it on every page until it is fixed.  Builds fail as usual."""
    if _state["command"] != "serve" or "course" not in _state:
        return False
    _state["structure_error"] = exc
    log.info("course ERROR (still serving the last good course until it is fixed): %s", exc)
    return True


def _fail(exc: SourceError) -> PluginError:
    return PluginError(f"course: {exc}")


def on_config(config):
    root = os.path.dirname(os.path.abspath(config.config_file_path))
    _state["root"] = root
    # Dates in the output (sitemap, archives) come from SOURCE_DATE_EPOCH: same sources, same bytes.
    reproducible.pin_source_date_epoch(root)
    # pymdownx.snippets resolves base_path against the working directory; pin it
    # to the repository so `mkdocs -f /elsewhere/mkdocs.yml` behaves the same.
    config.mdx_configs.setdefault("pymdownx.snippets", {})["base_path"] = [root]
    _state["structure_error"] = None
    try:
        course = course_model.load_course(config.config_file_path, config.docs_dir, config.extra, os.environ.get("COURSE_VARIANT") or None)
        _state["vendor"] = vendor_assets.vendor_files(root)
    except SourceError as exc:
        if not _keep_serving(exc):
            raise _fail(exc) from None
        course = _state["course"]
    _state["course"] = course
    config.extra["course_model"] = course
    # serve --dirty rebuilds every page when this appears or goes away (hooks/serve_speed.py).
    config.extra["course_structure_error"] = str(_state["structure_error"]) if _state["structure_error"] else None
    # Diagrams render from the local mermaid build; Material's bundle then skips its CDN copy.
    if vendor_assets.MERMAID_JS not in config.extra_javascript:
        config.extra_javascript.insert(0, vendor_assets.MERMAID_JS)
    polyfills = config.extra.setdefault("polyfills", [])
    if vendor_assets.IFRAME_WORKER_SHIM not in polyfills:
        polyfills.append(vendor_assets.IFRAME_WORKER_SHIM)
    if not config.nav:
        config.nav = site_structure.build_nav(course, os.path.exists(os.path.join(config.docs_dir, site_structure.GUIDE_START)))
    return config


def on_files(files, config):
    root = _state["root"]
    course = _state["course"]
    try:
        for uri, path in exercise_root.exercise_root_files(root):
            if exercise_root.is_leftout(uri, root, course.exercises):
                continue  # an exercise the chosen course variant leaves out: neither its page nor its lab files
            if exercise_root.is_page(uri):
                files.append(File.generated(config, uri, abs_src_path=path))
            elif not uri.endswith(".md"):
                files.append(File.generated(config, uri, abs_src_path=path, inclusion=InclusionLevel.NOT_IN_NAV))
    except SourceError as exc:
        raise _fail(exc) from None
    for src, uri in _state["vendor"]:
        files.append(File.generated(config, uri, abs_src_path=src, inclusion=InclusionLevel.NOT_IN_NAV))
    # Module pages of other course variants are not part of this build (COURSE_VARIANT).
    in_variant = {m.src_path for m in course.modules}
    for f in list(files):
        if f.src_uri.startswith(f"{course_model.MODULES_DIR}/") and f.src_uri.endswith(".md") and f.src_uri not in in_variant:
            files.remove(f)
    return files


def on_page_markdown(markdown, page, config, files):
    course = _state["course"]
    src = page.file.src_uri
    shown = os.path.relpath(page.file.abs_src_path, _state["root"]) if page.file.abs_src_path else src
    offset = _front_matter_lines(page)
    try:
        v = course.variant
        markdown = variant_blocks.filter_variants(markdown, v.name, course.variants, shown, offset, v.exclude_exercises)
        markdown = site_structure.expand_course_blocks(markdown, course, src, shown, offset)
    except SourceError as exc:
        if not _keep_serving(exc):
            raise _fail(exc) from None
    # After the blocks, so inserted lines cannot shift reported line numbers.
    module = course.module(src[len("modules/") : -len(".md")]) if src.startswith("modules/") else None
    if module is not None:
        markdown = site_structure.fill_learning_objectives(markdown, module.objectives)
    return markdown


def _front_matter_lines(page) -> int:
    """How many source lines MkDocs stripped as front matter before `markdown`."""
    try:
        fm, _ = split_front_matter(page.file.content_string, page.file.src_uri)
    except (SourceError, UnicodeDecodeError, OSError):  # undecodable pages: validation reports them
        return 0
    return fm.body_offset


def on_page_content(html, page, config, files):
    error = _state.get("structure_error")
    return structure_banner(error) + html if error else html


def on_template_context(context, template_name, config):
    return material_fixes.relative_error_page_base(context, template_name, config.site_url)


def on_post_page(output, page, config):
    return material_fixes.name_search_dialog(output)


def on_post_template(output_content, template_name, config):
    return material_fixes.name_search_dialog(output_content)
