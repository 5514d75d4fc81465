"""Validation during ``mkdocs build`` and ``mkdocs serve`` (the logic behind ``hooks/validation.py``).

Every Markdown page under ``docs/`` and ``exercises/`` and every lab file a
checker kind recognises is validated from its raw source text (front matter
included, so lines are exact).  Results are cached by content: a file is only
re-validated when its text, a snippet file it includes, the disabled rules or
the date change.

* build: all findings are collected; errors become one :class:`ValidationFailed`
  whose message lists every finding, errors first (the hook raises it as a
  ``PluginError`` outside per-page processing, so MkDocs names no page);
  warnings are returned for logging.
* serve: nothing raises; findings are logged and shown as a banner at the top
  of the affected page, which disappears with the next rebuild after the fix.
"""

from __future__ import annotations

import hashlib
import html
import os
from dataclasses import dataclass, field

from coursekit.labs.annotations import LABS_COMMENT
from coursekit.markdown import blocks as markdown_blocks
from coursekit.markdown.scanner import fences, scan
from coursekit.site import workers
from coursekit.validation import image_eol
from coursekit.validation.findings import Finding, Severity
from coursekit.validation.meta.ck007_oversized_source import MAX_BLOCK_BYTES, MAX_BLOCK_LINES, oversized
from coursekit.validation.meta.ck008_link_outside_repository import is_outside_link

# ``coursekit.validation.checker`` (every rule module, ~40 ms to import) is imported where a
# validation runs: in a build that is the forked worker, so the import runs beside the render.


def snippet_targets(markdown: str) -> list[str]:
    """Every snippet target of a page: ``--8<-- "file"`` lines and the file names of the block form."""
    return [line.snippet for line in scan(markdown, front_matter=False).snippets]


class ValidationFailed(Exception):
    """Errors in the course sources; ``str()`` lists every error, one per line.

    The errors come first (sorted by file and line), then one summary line: MkDocs
    logs the message as one ERROR record, so the first line a maintainer reads is
    the first ``PATH:LINE:COL: error CODE message`` itself.  Warnings do not fail the
    build and are not repeated here (the hook logs each as ``course-check warning:``
    before it raises), so the record names only files at fault.
    """

    def __init__(self, findings: list[Finding]):
        self.findings = findings
        errors = sorted(f for f in findings if f.severity is Severity.ERROR)
        warnings = len(findings) - len(errors)
        lines = [f.format() for f in errors]
        summary = f"course-check found {len(errors)} error{'s' * (len(errors) != 1)} in the course sources (listed above"
        if warnings:
            summary += f"; {warnings} warning{'s' * (warnings != 1)} logged before them"
        lines.append(summary + ")")
        super().__init__("\n".join(lines))


@dataclass
class Result:
    findings: list[Finding] = field(default_factory=list)
    files_checked: int = 0
    files_validated: int = 0  # cache misses

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.WARNING]


class SiteValidator:
    """Validates a course tree; keeps a content-hash cache between rebuilds."""

    def __init__(self, root: str, disabled: frozenset[str] = frozenset()):
        self.root = os.path.abspath(root)
        #: rule codes switched off (``extra.course.checks.disable``); part of the cache key
        self.disabled = disabled
        self._cache: dict[str, tuple[str, list[Finding]]] = {}
        #: rel path of a source file -> findings shown on its page (serve banners)
        self.by_page: dict[str, list[Finding]] = {}
        self._misses = 0

    # -- validation -----------------------------------------------------------

    def _key(self, text: str, is_markdown: bool) -> str:
        h = hashlib.sha256(text.encode("utf-8"))
        if is_markdown and "8<" in text:
            for target in snippet_targets(text):
                name = markdown_blocks.split_target(target)[0]
                full = os.path.join(self.root, name)
                try:
                    with open(full, "rb") as fh:
                        h.update(b"\0" + name.encode() + b"\0" + fh.read())
                except OSError:
                    h.update(b"\0missing:" + name.encode())
        h.update(("\0" + ",".join(sorted(self.disabled)) + "\0" + image_eol.build_date().isoformat()).encode())
        return h.hexdigest()

    def check_file(self, path: str) -> list[Finding]:
        """Findings of one file (Markdown page or lab file), from the cache when unchanged."""
        full = os.path.abspath(path)
        shown = os.path.relpath(full, self.root).replace(os.sep, "/")
        from coursekit.validation import checker

        text, problem = checker.read_text(full, shown)
        if problem is not None:
            self._cache.pop(full, None)
            return [problem]
        is_markdown = full.endswith(".md")
        key = self._key(text, is_markdown)
        cached = self._cache.get(full)
        if cached is not None and cached[0] == key:
            return cached[1]
        if is_markdown:
            findings, _ = checker.check_markdown(text, shown, self.root, self.disabled)
        else:
            findings = checker.check_lab_file(text, shown, full, self.disabled)
        self._cache[full] = (key, findings)
        self._misses += 1
        return findings

    def validate(self, folders: list[str]) -> Result:
        """Validate every page and lab file under ``folders`` (missing folders are skipped)."""
        self._misses = 0
        result = Result()
        by_page: dict[str, list[Finding]] = {}
        seen: set[Finding] = set()
        existing = [f for f in folders if os.path.isdir(f)]
        from coursekit.validation import checker

        for f in checker.links_outside(existing, self.root, self.disabled):
            seen.add(f)
            result.findings.append(f)
            by_page.setdefault(f.path, []).append(f)
        live = set()
        for path in checker.iter_paths(existing):
            if is_outside_link(path, self.root):
                continue  # refused above (CK008); never read what it points to
            full = os.path.abspath(path)
            live.add(full)
            result.files_checked += 1
            page = self._page_for(full)
            for f in self.check_file(full):
                if f in seen:
                    continue  # a lab file shown through a snippet is found twice
                seen.add(f)
                result.findings.append(f)
                by_page.setdefault(page, []).append(f)
        for stale in set(self._cache) - live:
            del self._cache[stale]
        result.files_validated = self._misses
        result.findings.sort()
        self.by_page = {k: sorted(v) for k, v in by_page.items()}
        return result

    def _page_for(self, full: str) -> str:
        """The page whose banner shows a file's findings: the page itself, or the
        exercise page (``exercises/<id>/index.md``) of a lab file."""
        rel = os.path.relpath(full, self.root).replace(os.sep, "/")
        if rel.endswith(".md"):
            return rel
        parts = rel.split("/")
        if len(parts) > 2 and parts[0] == "exercises":
            return f"exercises/{parts[1]}/index.md"
        return rel

    # -- serve-mode banner ----------------------------------------------------

    def findings_for_page(self, abs_src_path: str | None) -> list[Finding]:
        if not abs_src_path:
            return []
        rel = os.path.relpath(os.path.abspath(abs_src_path), self.root).replace(os.sep, "/")
        return self.by_page.get(rel, [])


class BackgroundValidation:
    """``SiteValidator.validate`` in a worker process (:mod:`.workers`), while MkDocs renders the pages.

    ``mkdocs build`` is single-threaded; on a machine with two or more cores the
    validation pass then costs the build (almost) no wall time.  :meth:`poll` picks
    the result up when ready, :meth:`wait` blocks.  A crash of the worker is reported
    as an error, never swallowed.  Where workers cannot run, the hook validates
    synchronously.
    """

    def __init__(self, validator: SiteValidator, folders: list[str], worker: workers.Worker | None = None):
        self._job = (worker or workers.Worker()).submit("course-check: the validation worker", _validate_timed, (validator, folders))
        self.result: Result | None = None
        self.seconds = 0.0  # the worker's own time for the pass

    @staticmethod
    def supported() -> bool:
        return workers.supported()

    def poll(self) -> Result | None:
        if self.result is None and self._job.poll():
            self.result, self.seconds = self._job.wait(0)
        return self.result

    def wait(self, timeout: float = 900) -> Result:
        if self.result is None:
            self.result, self.seconds = self._job.wait(timeout)
        return self.result


def _validate_timed(validator: SiteValidator, folders: list[str]) -> tuple[Result, float]:
    import time

    start = time.perf_counter()
    result = validator.validate(folders)
    return result, time.perf_counter() - start


def unreadable(path: str | None) -> bool:
    """True when MkDocs could not read ``path`` as a UTF-8 page (the validation reports why, at file:line)."""
    if not path:
        return False
    try:
        with open(path, "rb") as fh:
            fh.read().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return True
    return False


def needs_result_first(markdown: str, root: str | None = None) -> bool:
    """Whether to wait for the validation before rendering this page: a very large page, or one
    that includes a file that is missing, outside the repository or very large (such a page must
    fail the build with file:line, not crash pymdownx or be highlighted for seconds).  Without
    ``root`` every page with a snippet waits."""
    if len(markdown) > MAX_BLOCK_BYTES or markdown.count("\n") > MAX_BLOCK_LINES:
        # A long page is fine; one with an oversized (or unclosed) code block is not.
        blocks, problems = markdown_blocks.extract_blocks(markdown, "")
        if problems or any(oversized(len(b.lines), len(b.text), "") for b in blocks):
            return True
    if "8<" not in markdown:
        return False
    targets = snippet_targets(markdown)
    if root is None or not targets:
        return True  # a snippet form we do not parse: be safe
    for target in targets:
        full, _reason = markdown_blocks.resolve_snippet(target, root)
        if full is None or _too_large(full):
            return True
    return False


def neutralize_bad_snippets(markdown: str, root: str) -> str:
    """Serve only: replace each snippet line whose file is missing or outside the repository by a
    visible note, so that pymdownx does not abort the rebuild (which leaves ``mkdocs serve``
    answering nothing until the next good build); the banner names the file and line.  In the block
    form (a ``--8<--`` line, file names one per line, a ``--8<--`` line) a bad file name becomes a
    ``;`` comment line, which pymdownx skips (the banner or the build names it)."""
    if "8<" not in markdown:
        return markdown
    lines = markdown.split("\n")
    in_block_form = False
    for line in scan(markdown, front_matter=False).lines:
        if line.snippet_marker:
            in_block_form = not in_block_form
        if line.snippet is None:
            continue
        full, reason = markdown_blocks.resolve_snippet(line.snippet, root)
        if full is not None:
            continue
        if in_block_form:
            lines[line.index] = "; course-check: " + reason.replace("\n", " ")
        else:
            indent = line.text[: len(line.text) - len(line.text.lstrip(" \t"))]
            lines[line.index] = f"{indent}[course-check: {reason}]"
    return "\n".join(lines)


def _too_large(full: str) -> bool:
    try:
        if os.path.getsize(full) > MAX_BLOCK_BYTES:
            return True
        with open(full, "rb") as fh:
            return fh.read().count(b"\n") > MAX_BLOCK_LINES
    except OSError:
        return True


def failed_build_page(markdown: str) -> str:
    """Build only, once the validation has found errors: what is left to render of a page.

    The build is bound to fail (with every finding, outside page processing) before any page
    is written, so rendering the rest of the course is wasted time, and a page rendered in
    full could still fail on its own (a missing snippet aborts pymdownx) and make MkDocs blame
    that page first.  The page keeps its title line only, so that the other hooks still find
    the module or exercise they expect."""
    for line in scan(markdown, front_matter=False).headings:
        if line.heading.level == 1 and line.heading.text and line.text.startswith("#"):
            return line.text + "\n"
    return ""


def read_replacing(path: str) -> str:
    """Serve only: the page's text with undecodable bytes replaced (U+FFFD), so it still renders."""
    with open(path, "rb") as fh:
        return fh.read().decode("utf-8-sig", errors="replace")


def outside_files(files, root: str) -> list:
    """MkDocs files that are symlinks leaving the repository (never copied into the site)."""
    return [f for f in files if getattr(f, "abs_src_path", None) and is_outside_link(f.abs_src_path, root)]


BANNER_CLASS = "course-check-banner"


def banner_html(findings: list[Finding]) -> str:
    """A visible box listing ``findings`` (file, line, column, code, message); '' when none."""
    if not findings:
        return ""
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    warnings = len(findings) - errors
    items = "".join(
        f"<li><code>{html.escape(f.path)}:{f.line}:{f.column}</code> <strong>{html.escape(str(f.severity))} {html.escape(f.code)}</strong> {html.escape(f.message)}</li>"
        for f in findings
    )
    colour = "#b71c1c" if errors else "#8a6d00"
    background = "#fdecea" if errors else "#fff8e1"
    return (
        f'<div class="{BANNER_CLASS}" role="alert" style="border:2px solid {colour};background:{background};color:#1a1a1a;'
        f'padding:.6em 1em;margin:0 0 1.2em;border-radius:4px;font-size:.75rem">'
        f'<p style="margin:0 0 .4em"><strong>course-check: {errors} error{"s" * (errors != 1)}, {warnings} warning{"s" * (warnings != 1)}</strong>'
        f" (shown only in mkdocs serve; <code>mkdocs build</code> fails on errors)</p>"
        f'<ul style="margin:0">{items}</ul></div>'
    )


def structure_banner(error) -> str:
    """The serve banner for a course-structure error (manifest, front matter, exercise ids)."""
    finding = Finding(
        error.path or "mkdocs.yml", max(error.line, 1), max(error.column, 1), Severity.ERROR, getattr(error, "code", "") or "CK009", error.message
    )
    return banner_html([finding])


def strip_annotations(markdown: str) -> str:
    """``markdown`` with every course-check annotation that sits above a fence, and every
    ``labs:`` annotation of the lab runner, blanked.

    The annotation is for the checker only: it must not reach the page, the
    slides or the HTML source.  Lines are blanked, not removed, so line numbers
    of later hooks stay right; annotation-like lines inside code blocks (a page
    that documents the syntax) are kept.
    """
    if "course-check:" not in markdown and "labs:" not in markdown:
        return markdown
    lines = markdown.split("\n")
    # Only the fences matter here (scanner.fences: cheaper than classifying every line).
    opens: set[int] = set()
    code: set[int] = set()  # inside a fence, its opening and closing lines excluded
    ends: set[int] = set()
    for f in fences(markdown, front_matter=False):
        opens.add(f.open)
        code.update(range(f.open + 1, f.last + (f.close is None)))
        if f.close is not None:
            ends.add(f.close)
    pending: list[int] = []
    for i, raw in enumerate(lines):
        text = raw.removesuffix("\r")
        if i in opens:
            for k in pending:
                lines[k] = ""
            pending = []
        elif i in code:
            continue
        elif i in ends:
            pending = []
        elif LABS_COMMENT.match(text):  # coursekit.labs: wherever it stands
            lines[i] = ""
        elif markdown_blocks.ANNOTATION.match(text):
            pending.append(i)
        else:
            pending = []
    return "\n".join(lines)
