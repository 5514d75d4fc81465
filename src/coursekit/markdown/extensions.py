"""Markdown extensions of the course: the ``output`` fence and the ``columns`` block.

Loaded by name from mkdocs.yml (``coursekit.markdown.extensions``), which works
because the package is installed (editable) in every environment that builds.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as etree

from pymdownx.blocks import BlocksExtension
from pymdownx.blocks.block import Block


def output_fence_format(source, language, class_name, options, md, **kwargs):
    """Expected output of a command: plain, visually distinct, never copied as a command."""
    title = options.get("title") if isinstance(options, dict) else None
    caption = f'<span class="output-title">{html.escape(title)}</span>' if title else ""
    return f'<div class="command-output" aria-label="Expected output">{caption}<pre class="output"><code>{html.escape(source)}</code></pre></div>'


class Columns(Block):
    """``/// columns``: content split into side-by-side columns at each horizontal rule."""

    NAME = "columns"
    ARGUMENT = None
    OPTIONS = {}

    def on_create(self, parent):
        return etree.SubElement(parent, "div", {"class": "columns"})

    def on_end(self, block):
        children = list(block)
        for child in children:
            block.remove(child)
        column = etree.SubElement(block, "div", {"class": "column"})
        for child in children:
            if child.tag == "hr":
                column = etree.SubElement(block, "div", {"class": "column"})
            else:
                column.append(child)


class CourseBlocksExtension(BlocksExtension):
    def extendMarkdownBlocks(self, md, block_mgr):
        block_mgr.register(Columns, self.getConfigs())


def makeExtension(*args, **kwargs):
    return CourseBlocksExtension(*args, **kwargs)
