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

import time
from logging import Logger

from coursekit.site import workers
from coursekit.site.validation import BackgroundValidation, Result, SiteValidator, ValidationFailed


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
