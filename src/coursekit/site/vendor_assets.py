"""Browser libraries served from the site's own files, installed from npm (package.json).

Nothing here is committed: ``npm ci`` puts the packages in ``node_modules/`` and the
build copies just the files the pages need.  A missing file is an actionable error.
"""

from __future__ import annotations

import os
import re

from coursekit import settings
from coursekit.errors import SourceError

#: (path inside node_modules, path inside the site)
VENDOR_FILES: tuple[tuple[str, str], ...] = (
    ("mermaid/dist/mermaid.min.js", "assets/vendor/mermaid/mermaid.min.js"),
    # Material's offline plugin needs this shim for search from file://; served
    # locally so the plugin does not fall back to a CDN URL.
    ("iframe-worker/shim/index.js", "assets/vendor/iframe-worker/shim.js"),
    # The slide decks (hooks/deck.py): reveal.js core, the speaker-view plugin and the
    # "white" theme, which embeds its font (the other themes import Google Fonts).
    ("reveal.js/dist/reveal.js", "assets/vendor/reveal/reveal.js"),
    ("reveal.js/dist/reveal.css", "assets/vendor/reveal/reveal.css"),
    ("reveal.js/dist/theme/white.css", "assets/vendor/reveal/theme/white.css"),
    ("reveal.js/dist/plugin/notes.js", "assets/vendor/reveal/plugin/notes.js"),
)

MERMAID_JS = "assets/vendor/mermaid/mermaid.min.js"
IFRAME_WORKER_SHIM = "assets/vendor/iframe-worker/shim.js"
#: What SuperFences makes of a ```mermaid fence (and the decks keep): a page with a diagram.
DIAGRAM_MARK = 'class="mermaid"'
_MERMAID_TAG = re.compile(r'\n[ \t]*<script src="[^"]*' + re.escape(MERMAID_JS) + r'"></script>')


def has_diagram(html: str) -> bool:
    return DIAGRAM_MARK in html


def without_unused_mermaid(html: str) -> str:
    """A finished page without the mermaid script when it shows no diagram: the browser then
    does not parse 3.6 MB of JavaScript on every diagram-free page (Material loads mermaid
    only where it finds a diagram, and finds the local copy already there)."""
    return html if has_diagram(html) else _MERMAID_TAG.sub("", html, count=1)


def node_modules_dir(project_root: str) -> str:
    return settings.node_modules() or os.path.join(project_root, "node_modules")


def vendor_files(project_root: str, extra: tuple[tuple[str, str], ...] = ()) -> list[tuple[str, str]]:
    """(absolute source, site URI) for every vendored asset; raises if npm packages are missing."""
    base = node_modules_dir(project_root)
    found, missing = [], []
    for rel, uri in VENDOR_FILES + extra:
        src = os.path.join(base, rel)
        (found if os.path.isfile(src) else missing).append((src, uri))
    if missing:
        names = ", ".join(sorted({m[0].split(os.sep + "node_modules" + os.sep)[-1] for m in missing}))
        raise SourceError(f"browser assets are missing ({names}); run 'npm ci' in the project folder (nox sessions do this)", "package.json")
    return found
