"""MkDocs hook: validate every Containerfile, compose file and command of the course.

Thin adapter over ``coursekit.site_validation`` (imported at top level while
MkDocs has this folder on sys.path).

* ``mkdocs build``: any error aborts the build with one PluginError that lists
  every finding as ``PATH:LINE:COL: SEVERITY CODE message``.  On Linux the pass
  runs in a forked worker while MkDocs renders (``BackgroundValidation``); the
  result is collected before the first page that includes files or is very
  large, and at the latest in ``on_post_build``.  Warnings are
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

import coursekit.checker as checker
import coursekit.site_validation as site_validation
from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

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
    _state["pending"] = None
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
    return files


def _collect(wait: bool) -> None:
    pending = _state.get("pending")
    if pending is None:
        return
    try:
        result = pending.wait() if wait else pending.poll()
    except RuntimeError as exc:
        _state["pending"] = None
        raise PluginError(str(exc)) from None
    if result is not None:
        _state["pending"] = None
        _report(result, pending.seconds, " in a background process")


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
    if result.errors:
        if not _serving():
            raise PluginError(str(site_validation.ValidationFailed(result.findings)))
        for f in result.errors:
            log.info("course-check ERROR: %s", f.format())
        log.info("course-check: %d error(s); see the banner on the affected pages", len(result.errors))


def on_page_read_source(page, config):
    # A page MkDocs cannot decode would end in its traceback: report our CK006 (file:line) first;
    # in serve, render it with replacement characters and the banner instead of failing the rebuild.
    bad = site_validation.unreadable(page.file.abs_src_path)
    if bad and _serving():
        try:
            return site_validation.read_replacing(page.file.abs_src_path)
        except OSError:
            return None
    _collect(wait=_state.get("pending") is not None and bad)
    return None


def on_page_markdown(markdown, page, config, files):
    _collect(wait=_state.get("pending") is not None and site_validation.needs_result_first(markdown, _state["validator"].root))
    if _serving():
        markdown = site_validation.neutralize_bad_snippets(markdown, _state["validator"].root)
    # Annotations are for the checker only: blank them before rendering.
    return site_validation.strip_annotations(markdown)


def on_post_build(config):
    _collect(wait=True)


def on_page_content(html, page, config, files):
    if not _serving():
        return html
    banner = site_validation.banner_html(_state["validator"].findings_for_page(page.file.abs_src_path))
    return banner + html if banner else html
