"""The ``/// columns`` block: its content side by side, a new column at each horizontal rule (``***``).

A pymdownx ``Block`` (registered by :mod:`coursekit.markdown.extensions`)::

    /// columns
    Text on the left.

    ***

    A diagram on the right.
    ///
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from pymdownx.blocks.block import Block


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
