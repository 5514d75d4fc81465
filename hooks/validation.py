"""MkDocs hook: validate every Containerfile, compose file and command of the course.

Thin adapter over ``coursekit.site.validation_run`` (when a build fails, and why only outside
page events) and ``coursekit.site.validation`` (the pass, banners, what a page needs first).
"""

from __future__ import annotations

import os

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

import coursekit.site.session as session
import coursekit.site.validation as site_validation
import coursekit.validation.checker as checker
from coursekit.site.validation_run import ValidationRun
from coursekit.validation import image_eol

log = get_plugin_logger(__name__)


def on_config(config):
    s = session.current()
    root = os.path.dirname(os.path.abspath(config.config_file_path))
    disabled, unknown = checker.resolve_disabled(s.options.disabled_checks)
    if unknown:
        message = f"course-check: extra.course.checks.disable names unknown rule(s): {', '.join(unknown)}"
        if not s.serving:
            raise PluginError(message)
        log.info(message)
    try:
        stale = image_eol.review_warning(image_eol.build_date())  # COURSE_CHECK_DATE, when set, must be a date
    except ValueError as exc:
        # One line instead of the validation worker's traceback; in serve this stops the
        # first build (the variable cannot change while the server runs).
        raise PluginError(f"course-check: {exc}") from None
    if stale:
        log.info("course-check warning: %s", stale)  # like the findings' warnings: shown, not fatal under --strict
    if s.validator is None or s.validator.root != root:
        s.validator = site_validation.SiteValidator(root)
    s.validator.disabled = disabled
    s.validation = ValidationRun(s.validator, [config.docs_dir, os.path.join(root, "exercises")], s.serving, log)
    s.validation.start(s.worker())  # build: in the background while MkDocs renders
    return config


def _raise_on_failure() -> None:
    message = session.current().validation.failure()
    if message:
        raise PluginError(message)


def on_files(files, config):
    s = session.current()
    # A symlink to a file outside the repository is never published (CK008 reports it).
    for f in site_validation.outside_files(files, s.validator.root):
        files.remove(f)
    s.validation.run_now()
    _raise_on_failure()
    return files


def on_page_read_source(page, config):
    # An undecodable page: serve renders it with replacement characters and the banner; a build
    # waits for the validation, which reports it (CK006 at file:line), and fails in on_env.
    run = session.current().validation
    bad = site_validation.unreadable(page.file.abs_src_path)
    run.collect(wait=bad and not run.serving)
    if bad and (run.serving or run.failing()):
        try:
            return site_validation.read_replacing(page.file.abs_src_path)
        except OSError:
            return None
    return None


def on_page_markdown(markdown, page, config, files):
    run = session.current().validation
    if run.serving:
        markdown = site_validation.neutralize_bad_snippets(markdown, run.validator.root)
    else:
        if run.pending is not None and site_validation.needs_result_first(markdown, run.validator.root):
            run.collect(wait=True)
        if run.failing():
            return site_validation.failed_build_page(markdown)  # on_env fails the build before any page is written
    return site_validation.strip_annotations(markdown)  # annotations are for the checker only


def on_env(env, config, files):
    session.current().validation.collect(wait=False)  # every page read, none written yet
    _raise_on_failure()
    return env


def on_post_build(config):
    session.current().validation.collect(wait=True)
    _raise_on_failure()


def on_page_content(html, page, config, files):
    run = session.current().validation
    if not run.serving:
        return html
    banner = site_validation.banner_html(run.validator.findings_for_page(page.file.abs_src_path))
    return banner + html if banner else html
