"""The ``output`` fence: what a command prints, shown plain and never copied as a command.

A SuperFences custom fence (``custom_fences`` in mkdocs.yml names :func:`output_fence_format`)::

    ```output title="docker container ls"
    CONTAINER ID   IMAGE ...
    ```
"""

from __future__ import annotations

import html


def output_fence_format(source, language, class_name, options, md, **kwargs):
    """Expected output of a command: plain, visually distinct, never copied as a command."""
    title = options.get("title") if isinstance(options, dict) else None
    caption = f'<span class="output-title">{html.escape(title)}</span>' if title else ""
    return f'<div class="command-output" aria-label="Expected output">{caption}<pre class="output"><code>{html.escape(source)}</code></pre></div>'
