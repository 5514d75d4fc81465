"""The ``output`` fence: what a command prints, shown plain and never copied as a command.

A SuperFences custom fence (``custom_fences`` in mkdocs.yml names :func:`output_fence_format`)::

    ```output title="docker container ls"
    CONTAINER ID   IMAGE ...
    ```
"""

from __future__ import annotations

import html
import re

#: Columns that fit an A4 page at the book's print size; wider tables are shrunk in print.
PRINT_COLUMNS = 92
_COLUMN_GAP = re.compile(r"\S {2,}\S")


def is_wide_table(source: str) -> bool:
    """Output laid out in columns (``docker container ls``) wider than a printed page.

    Such output must not wrap (a wrapped row reads as two rows), so print shrinks
    it to fit instead; prose output (an error message, JSON) wraps.
    """
    lines = [line for line in source.splitlines() if line.strip()]
    return len(lines) >= 2 and max(len(line) for line in lines) > PRINT_COLUMNS and sum(bool(_COLUMN_GAP.search(line)) for line in lines) >= 2


def output_fence_format(source, language, class_name, options, md, **kwargs):
    """Expected output of a command: plain, visually distinct, never copied as a command."""
    title = options.get("title") if isinstance(options, dict) else None
    caption = f'<span class="output-title">{html.escape(title)}</span>' if title else ""
    wide = ""
    if is_wide_table(source):
        columns = max(len(line) for line in source.splitlines())
        wide = f' command-output--wide" style="--output-columns: {columns}'
    return f'<div class="command-output{wide}" aria-label="Expected output">{caption}<pre class="output"><code>{html.escape(source)}</code></pre></div>'
