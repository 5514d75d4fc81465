"""One build session: everything the MkDocs hooks share during one ``mkdocs build`` or one
``mkdocs serve`` (across its rebuilds), in one object.

MkDocs loads each hook file as its own module and re-creates the configuration on every
rebuild of ``mkdocs serve``; the hooks therefore keep no state of their own.  ``on_startup``
starts a session (:func:`start`), every other event asks for it (:func:`current`).  What one
build computes is reset in :meth:`Session.configure` (``on_config``, once per build or
rebuild); what must survive the rebuilds of ``mkdocs serve --dirty`` (the last good course,
slides and checkpoints of pages not rendered again, the validator's cache, the serve
snapshot) lives on the session itself.

A build without ``on_startup`` (MkDocs' ``build()`` called from Python) gets a build
session on first use.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from coursekit import settings
from coursekit.course import manifest
from coursekit.site import workers

if TYPE_CHECKING:
    from coursekit.book.images import Background
    from coursekit.course.audience_filter import Policy
    from coursekit.course.manifest import Course
    from coursekit.errors import SourceError
    from coursekit.site.validation import SiteValidator
    from coursekit.site.validation_run import ValidationRun


@dataclass
class BookState:
    """The exercise book, the guide and the lab archives of one build (``hooks/book.py``)."""

    policy: Policy | None = None
    epoch: int = 0
    demo_ids: set[str] = field(default_factory=set)
    archives: dict[str, Any] = field(default_factory=dict)
    with_solutions: bool = False
    images: Background | None = None
    #: kept across dirty rebuilds, which render the changed exercise pages only
    tasks: dict[str, list[str]] = field(default_factory=dict)
    print_sections: dict[str, str] = field(default_factory=dict)


@dataclass
class DeckState:
    """The slides collected from the module pages (``hooks/deck.py``)."""

    #: kept across dirty rebuilds, which render the changed module pages only
    slides: dict[str, Any] = field(default_factory=dict)
    urls: dict[str, str] = field(default_factory=dict)


@dataclass
class ServeState:
    """What ``mkdocs serve --dirty`` compares between rebuilds (:mod:`coursekit.site.serve_rebuilds`)."""

    snapshot: Any = None
    bodies: dict[str, str] = field(default_factory=dict)


@dataclass
class Session:
    command: str = "build"  # "build" or "serve" (MkDocs' on_startup)
    dirty: bool = False
    root: str = ""  # the folder of mkdocs.yml
    switches: settings.Switches | None = None
    options: settings.CourseOptions = field(default_factory=settings.CourseOptions)
    course: Course | None = None  # the last good course model (serve keeps it while the sources are broken)
    structure_error: SourceError | None = None  # serve: the course-structure error shown on every page
    vendor: list[tuple[str, str]] = field(default_factory=list)
    version: str = ""
    book: BookState = field(default_factory=BookState)
    deck: DeckState = field(default_factory=DeckState)
    serve: ServeState = field(default_factory=ServeState)
    validator: SiteValidator | None = None  # kept across rebuilds: its cache skips unchanged files
    validation: ValidationRun | None = None
    _worker: workers.Worker | None = None

    @property
    def serving(self) -> bool:
        return self.command == "serve"

    @property
    def serving_dirty(self) -> bool:
        return self.serving and self.dirty

    def configure(self, config_file: str, extra: dict | None) -> None:
        """``on_config``: the switches and the course options, validated (a :class:`SourceError` names
        every bad environment variable, or the line of a bad option in mkdocs.yml)."""
        self.root = os.path.dirname(os.path.abspath(config_file))
        self.switches = settings.read_switches()
        self.options = settings.course_options(extra, os.path.basename(config_file), manifest.manifest_lines(config_file))
        kept = BookState(tasks=self.book.tasks, print_sections=self.book.print_sections)
        self.book = kept
        self.close_worker()

    def keep_serving(self, exc: SourceError) -> bool:
        """In ``mkdocs serve``, a course-structure error must not stop the server (a failed
        rebuild makes MkDocs hang every request): keep the last good course model and show the
        problem on every page until it is fixed (True).  Builds fail as usual (False)."""
        if not self.serving or self.course is None:
            return False
        self.structure_error = exc
        return True

    def worker(self) -> workers.Worker | None:
        """The build's one background worker (started on first use), None in serve or where workers cannot run."""
        if self._worker is None and not self.serving and workers.supported():
            self._worker = workers.Worker("course: the background worker")
        return self._worker

    def close_worker(self) -> None:
        if self._worker is not None:
            self._worker.close()
            self._worker = None


_current: Session | None = None


def start(command: str = "build", dirty: bool = False) -> Session:
    """``on_startup``: a new session (the previous one's worker is stopped)."""
    global _current
    if _current is not None:
        _current.close_worker()
    _current = Session(command, bool(dirty))
    return _current


def current() -> Session:
    return _current if _current is not None else start()
