"""MkDocs hook: validate every Containerfile, compose file and command of the course.

Thin adapter over ``coursekit.site.validation`` (imported at top level while
MkDocs has this folder on sys.path).

* ``mkdocs build``: any error aborts the build with one PluginError that lists
  every finding as ``PATH:LINE:COL: SEVERITY CODE message``, errors first.  It is
  raised only outside per-page processing (``on_files``, ``on_env``,
  ``on_post_build``): raised from a page event, MkDocs would first log
  "Error reading page '<that page>'", blaming whichever page happened to be
  rendered, not the file at fault.  On Linux the pass runs in a forked worker
  while MkDocs renders (``BackgroundValidation``); a page that includes files or
  is very large waits for the result first.  Once the build is known to fail,
  every further page is reduced to its title (``failed_build_page``): nothing
  is written anyway, and no page can crash pymdownx on its own.  The result is
  raised in ``on_env`` (after the pages are read, before any is written) when it
  has arrived, else at the latest in ``on_post_build``.  Warnings are
  logged at INFO with the prefix ``course-check warning:`` so that they stay
  visible without failing a strict build (they are advice, not defects; the
  rules' severities are chosen so that everything that breaks a recipe is an
  error).
* ``mkdocs serve``: never raises (an exception in a rebuild makes the server
  stop answering until the next good build); findings are logged and shown in a
  banner at the top of the affected page until the file is fixed.
"""

from __future__ import annotations

import os
import time

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

import coursekit.site.validation as site_validation
import coursekit.validation.checker as checker
import coursekit.validation.image_eol as image_eol

log = get_plugin_logger(__name__)

_state: dict = {"command": "build", "validator": None, "result": None}


def on_startup(command, dirty):
    _state["command"] = command


def _serving() -> bool:
    return _state["command"] == "serve"


def on_config(config):
    root = os.path.dirname(os.path.abspath(config.config_file_path))
    validator = _state["validator"]
    if validator is None or validator.root != root:
        _state["validator"] = site_validation.SiteValidator(root)
    checks = (config.extra.get("course") or {}).get("checks") or {}
    unknown = checker.configure(checks.get("disable") or [])
    if unknown:
        message = f"course-check: extra.course.checks.disable names unknown rule(s): {', '.join(unknown)}"
        if not _serving():
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
    _state["pending"] = None
    _state["result"] = None
    _state["crash"] = None
    if not _serving() and site_validation.BackgroundValidation.supported():
        # Validate in a forked worker (which also imports the checkers) while MkDocs reads and
        # renders; collected before the first page that includes files or is very large, and
        # at the latest in on_post_build.
        _state["pending"] = site_validation.BackgroundValidation(_state["validator"], _folders(config))
    return config


def _folders(config) -> list[str]:
    return [config.docs_dir, os.path.join(_state["validator"].root, "exercises")]


def on_files(files, config):
    # A symlink to a file outside the repository is never published (CK008 reports it).
    for f in site_validation.outside_files(files, _state["validator"].root):
        files.remove(f)
    if _state.get("pending") is not None:
        return files  # validating in the background (see on_config)
    start = time.perf_counter()
    _report(_state["validator"].validate(_folders(config)), time.perf_counter() - start, "")
    _fail_if_errors()
    return files


def _collect(wait: bool) -> None:
    """Pick up the background result (blocking with ``wait``); never raises for findings."""
    pending = _state.get("pending")
    if pending is None:
        return
    try:
        result = pending.wait() if wait else pending.poll()
    except RuntimeError as exc:
        _state["pending"] = None
        _state["crash"] = str(exc)
        return
    if result is not None:
        _state["pending"] = None
        _report(result, pending.seconds, " in a background process")


def _failing() -> bool:
    """Build mode, and the build is known to fail (findings with errors, or a crashed worker)."""
    if _serving():
        return False
    result = _state.get("result")
    return bool(_state.get("crash") or (result is not None and result.errors))


def _fail_if_errors() -> None:
    """Build mode: abort with every finding.  Only called outside per-page events."""
    if _serving():
        return
    if _state.get("crash"):
        raise PluginError(_state["crash"])
    result = _state.get("result")
    if result is not None and result.errors:
        raise PluginError(str(site_validation.ValidationFailed(result.findings)))


def _report(result, seconds: float, where: str) -> None:
    _state["result"] = result
    log.info(
        "course-check: %d files checked (%d validated, the rest unchanged) in %.0f ms%s",
        result.files_checked,
        result.files_validated,
        seconds * 1000,
        where,
    )
    for f in result.warnings:
        log.info("course-check warning: %s", f.format())
    if result.errors and _serving():
        for f in result.errors:
            log.info("course-check ERROR: %s", f.format())
        log.info("course-check: %d error(s); see the banner on the affected pages", len(result.errors))


def on_page_read_source(page, config):
    # A page MkDocs cannot decode would end in its traceback.  Serve: render it with replacement
    # characters and the banner.  Build: wait for the validation, which reports it (CK006 at
    # file:line), and let the page render the same way until on_env aborts the build.
    bad = site_validation.unreadable(page.file.abs_src_path)
    if bad and not _serving():
        _collect(wait=True)
    else:
        _collect(wait=False)
    if bad and (_serving() or _failing()):
        try:
            return site_validation.read_replacing(page.file.abs_src_path)
        except OSError:
            return None
    return None


def on_page_markdown(markdown, page, config, files):
    root = _state["validator"].root
    if _serving():
        markdown = site_validation.neutralize_bad_snippets(markdown, root)
    else:
        if _state.get("pending") is not None and site_validation.needs_result_first(markdown, root):
            _collect(wait=True)
        if _failing():
            # on_env fails the build with every finding before any page is written: render
            # no more than the title (fast, and this page cannot fail first and be blamed).
            return site_validation.failed_build_page(markdown)
    # Annotations are for the checker only: blank them before rendering.
    return site_validation.strip_annotations(markdown)


def on_env(env, config, files):
    # Every page has been read, none written yet: fail here when the result is in.
    _collect(wait=False)
    _fail_if_errors()
    return env


def on_post_build(config):
    _collect(wait=True)
    _fail_if_errors()


def on_page_content(html, page, config, files):
    if not _serving():
        return html
    banner = site_validation.banner_html(_state["validator"].findings_for_page(page.file.abs_src_path))
    return banner + html if banner else html
