"""The validation pass of one build or serve rebuild, as a small state machine (``hooks/validation.py``
translates MkDocs events into its calls).

* ``mkdocs build``: :meth:`ValidationRun.start` (``on_config``) hands the pass to the build's
  background worker where it can run, else :meth:`run_now` validates in ``on_files``.  Pages
  that include files or are very large wait for the result first (:meth:`collect`); once the
  build is known to fail (:meth:`failing`), pages are reduced to their title.  :meth:`failure`
  is the message the hook raises, outside per-page events only (``on_files``, ``on_env``,
  ``on_post_build``): raised from a page event MkDocs would first blame whichever page it was
  rendering.  Warnings are logged at INFO (``course-check warning:``) so that they do not fail
  a strict build.
* ``mkdocs serve``: never fails (an exception in a rebuild makes the server stop answering);
  findings are logged and shown in a banner on the affected page.
"""

from __future__ import annotations

import os
import time
from logging import Logger
from typing import TYPE_CHECKING

from coursekit.site import validation as site_validation
from coursekit.site import workers
from coursekit.site.validation import BackgroundValidation, Result, SiteValidator, ValidationFailed
from coursekit.validation import image_eol

if TYPE_CHECKING:
    from coursekit.site.session import Session


class ConfigError(Exception):
    """A setting that stops the build (the message is the whole line MkDocs shows)."""


def configure(s: Session, config_file: str, docs_dir: str, log: Logger) -> None:
    """``on_config``: the rules to skip, the image review date, a new :class:`ValidationRun` started
    (in the background in a build, while MkDocs renders).  Raises :class:`ConfigError`."""
    root = os.path.dirname(os.path.abspath(config_file))
    disabled, unknown = frozenset(), []
    if s.options.disabled_checks:
        from coursekit.validation import checker  # the rule registry: see coursekit.site.validation

        disabled, unknown = checker.resolve_disabled(s.options.disabled_checks)
    if unknown:
        message = f"course-check: extra.course.checks.disable names unknown rule(s): {', '.join(unknown)}"
        if not s.serving:
            raise ConfigError(message)
        log.info(message)
    try:
        stale = image_eol.review_warning(image_eol.build_date())  # COURSE_CHECK_DATE, when set, must be a date
    except ValueError as exc:
        # One line instead of the validation worker's traceback; in serve this stops the
        # first build (the variable cannot change while the server runs).
        raise ConfigError(f"course-check: {exc}") from None
    if stale:
        log.info("course-check warning: %s", stale)  # like the findings' warnings: shown, not fatal under --strict
    if s.validator is None or s.validator.root != root:
        s.validator = site_validation.SiteValidator(root)
    s.validator.disabled = disabled
    s.validation = ValidationRun(s.validator, [docs_dir, os.path.join(root, "exercises")], s.serving, log)
    s.validation.start(s.worker())


class ValidationRun:
    def __init__(self, validator: SiteValidator, folders: list[str], serving: bool, log: Logger):
        self.validator = validator
        self.folders = folders
        self.serving = serving
        self.log = log
        self.pending: BackgroundValidation | None = None
        self.result: Result | None = None
        self.crash: str | None = None

    def start(self, worker: workers.Worker | None) -> None:
        """Build: validate in ``worker`` (None: later, synchronously, in :meth:`run_now`)."""
        if not self.serving and worker is not None and BackgroundValidation.supported():
            self.pending = BackgroundValidation(self.validator, self.folders, worker)

    def run_now(self) -> None:
        """Validate here and now, unless the background pass is under way."""
        if self.pending is None:
            start = time.perf_counter()
            self._report(self.validator.validate(self.folders), time.perf_counter() - start, "")

    def collect(self, wait: bool) -> None:
        """Pick up the background result (blocking with ``wait``); never raises for findings."""
        pending = self.pending
        if pending is None:
            return
        try:
            result = pending.wait() if wait else pending.poll()
        except RuntimeError as exc:
            self.pending, self.crash = None, str(exc)
            return
        if result is not None:
            self.pending = None
            self._report(result, pending.seconds, " in a background process")

    def failing(self) -> bool:
        """Build mode, and the build is known to fail (findings with errors, or a crashed worker)."""
        return not self.serving and bool(self.crash or (self.result is not None and self.result.errors))

    def failure(self) -> str | None:
        """Build mode: the message that aborts the build with every finding, or None."""
        if self.serving:
            return None
        if self.crash:
            return self.crash
        if self.result is not None and self.result.errors:
            return str(ValidationFailed(self.result.findings))
        return None

    def page_source(self, abs_src_path: str | None) -> str | None:
        """``on_page_read_source``: an undecodable page is rendered with replacement characters (serve:
        with the banner; a build waits for the validation, which reports it as CK006 at file:line, and
        fails in ``on_env``).  None: MkDocs reads the page itself."""
        bad = site_validation.unreadable(abs_src_path)
        self.collect(wait=bad and not self.serving)
        if bad and (self.serving or self.failing()):
            try:
                return site_validation.read_replacing(abs_src_path)
            except OSError:
                return None
        return None

    def page_markdown(self, markdown: str) -> str:
        """``on_page_markdown``: serve defuses broken snippet includes; a build waits for the result when
        the page needs it, and reduces every page to its title once it is known to fail."""
        if self.serving:
            markdown = site_validation.neutralize_bad_snippets(markdown, self.validator.root)
        else:
            if self.pending is not None and site_validation.needs_result_first(markdown, self.validator.root):
                self.collect(wait=True)
            if self.failing():
                return site_validation.failed_build_page(markdown)  # on_env fails the build before any page is written
        return site_validation.strip_annotations(markdown)  # annotations are for the checker only

    def page_content(self, html: str, abs_src_path: str | None) -> str:
        """``on_page_content``, serve: the findings' banner on the page."""
        if not self.serving:
            return html
        banner = site_validation.banner_html(self.validator.findings_for_page(abs_src_path))
        return banner + html if banner else html

    def _report(self, result: Result, seconds: float, where: str) -> None:
        self.result = result
        log = self.log
        log.info(
            "course-check: %d files checked (%d validated, the rest unchanged) in %.0f ms%s",
            result.files_checked,
            result.files_validated,
            seconds * 1000,
            where,
        )
        for f in result.warnings:
            log.info("course-check warning: %s", f.format())
        if result.errors and self.serving:
            for f in result.errors:
                log.info("course-check ERROR: %s", f.format())
            log.info("course-check: %d error(s); see the banner on the affected pages", len(result.errors))
