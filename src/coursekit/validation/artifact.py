"""What the checker checks: an :class:`Artifact` (a Containerfile, compose file or
command block with its line map to real files) and the :class:`Kind` that knows how
to recognise and check one."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from coursekit.markdown.blocks import Annotation, CodeBlock, SourceLine
from coursekit.validation.findings import Finding
from coursekit.validation.rules import Rule


@dataclass
class Artifact:
    """A Containerfile, compose file or command block to check, with its line map."""

    kind: str
    lines: list[SourceLine]
    origin: str  # the Markdown page or lab file that holds it
    origin_line: int = 1
    annotation: Annotation | None = None
    is_file: bool = False
    lang: str = ""
    title: str = ""
    root: str = ""  # folder the (snippet) paths of ``lines`` are relative to; "" = current folder
    source_path: str = ""  # the lab file on disk (absolute), for checks of files beside it
    partial: bool = False  # shows part of a file (a snippet's line range or section): a fragment

    @property
    def text(self) -> str:
        return "".join(line.text + "\n" for line in self.lines)

    @property
    def fragment(self) -> bool:
        """Only instruction-level rules apply: marked ``fragment``, or a snippet showing part of a file."""
        return self.partial or bool(self.annotation and self.annotation.fragment)

    @property
    def placeholders(self) -> bool:
        return bool(self.annotation and self.annotation.placeholders)

    def position(self, local_line: int, local_col: int = 1) -> tuple[str, int, int]:
        """Map a 1-based line/column inside the artefact to its real file position."""
        if not self.lines:
            return self.origin, self.origin_line, 1
        idx = min(max(local_line, 1), len(self.lines)) - 1
        src = self.lines[idx]
        return src.path, src.line, src.column_offset + max(local_col, 1)

    def finding(self, rule: Rule, local_line: int, local_col: int = 1, message: str | None = None, /, **fmt) -> Finding:
        """A finding of ``rule`` at a line/column inside the artefact, mapped to its real file."""
        path, line, col = self.position(local_line, local_col)
        return rule.finding(path, line, col, message, **fmt)


@dataclass
class Kind:
    """A kind of artefact: which code blocks and lab files it takes, and its check."""

    name: str
    block_matches: Callable[[CodeBlock], bool]
    file_matches: Callable[[str], bool]
    check: Callable[[Artifact], Iterable[Finding]]
    priority: int = 0
    #: an annotation the artefact carries itself (a Containerfile's ``# course-check:`` comment),
    #: used when no annotation precedes the block
    file_annotation: Callable[[Artifact], Annotation | None] | None = None
