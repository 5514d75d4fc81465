"""The course's Markdown extension: registers the course's pymdownx blocks (one module each).

Loaded by name from mkdocs.yml (``coursekit.markdown.extensions``), which works because the
package is installed (editable) in every environment that builds.  The ``output`` fence is a
SuperFences custom fence (:mod:`coursekit.markdown.output_fence`, named in mkdocs.yml); notes,
hints and solutions are ``pymdownx.blocks.details`` types (mkdocs.yml).  Why the other course
blocks are resolved before rendering: CONTRIBUTING.md, "Course blocks and pymdownx's Block API".
"""

from __future__ import annotations

from pymdownx.blocks import BlocksExtension

from coursekit.markdown.columns import Columns


class CourseBlocksExtension(BlocksExtension):
    def extendMarkdownBlocks(self, md, block_mgr):
        block_mgr.register(Columns, self.getConfigs())


def makeExtension(*args, **kwargs):
    return CourseBlocksExtension(*args, **kwargs)
