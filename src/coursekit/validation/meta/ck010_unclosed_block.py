"""CK010 UnclosedBlock."""

from __future__ import annotations

from collections.abc import Iterator

from coursekit.markdown.blocks import block_problems
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule


def unclosed_blocks(text: str) -> Iterator[tuple[int, str]]:
    """(line, message) of unclosed, misnested and stray ``///`` block lines of a page."""
    for p in block_problems(text):
        yield p.line, p.message


RULE = Rule(
    "CK010",
    "UnclosedBlock",
    "markdown",
    Severity.ERROR,
    "{detail}",
    "A '/// notes' (or columns, hint, solution, exercises, ...) block without its closing '///' swallows the rest of the page: the "
    "following slides disappear into the speaker notes and a trainee build drops them with the notes, while the build passes. A "
    "'#'/'##' topic inside a block, a closing line that closes an outer block first and a closing line without a block are the same mistake.",
    example="# Images\n\n## Layers\n\nEach instruction adds a layer.\n\n/// notes\nAsk who has seen a layer before.\n\n## Tags\n\nA tag names an image.\n",
    fixed="# Images\n\n## Layers\n\nEach instruction adds a layer.\n\n/// notes\nAsk who has seen a layer before.\n///\n\n## Tags\n\nA tag names an image.\n",
    check=unclosed_blocks,
)
