"""MkDocs hook of the handbook: the rule reference, generated from the rule registry.

One page per rule (``rules/<CODE>.md``, not in the navigation: the index links them) and
the index tables appended to ``rules/index.md``.  Generated at build time, never committed,
so the reference cannot drift from the registry; the logic is ``coursekit.validation.rules_doc``.
"""

from __future__ import annotations

from mkdocs.structure.files import File, InclusionLevel

import coursekit.validation.rules_doc as rules_doc

INDEX = f"{rules_doc.RULES_DIR}/index.md"


def on_files(files, config):
    for uri, markdown in rules_doc.rule_pages().items():
        files.append(File.generated(config, uri, content=markdown, inclusion=InclusionLevel.NOT_IN_NAV))
    return files


def on_page_markdown(markdown, page, config, files):
    if page.file.src_uri != INDEX:
        return markdown
    return markdown.rstrip("\n") + "\n\n" + rules_doc.render_index_tables()
