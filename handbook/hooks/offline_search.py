"""MkDocs hook of the handbook: search from file:// without a CDN, as in the course.

The offline plugin needs the iframe-worker shim; ``extra.polyfills`` names the local copy and
this hook adds it from ``node_modules`` (``npm ci``, run by the nox sessions).
"""

from __future__ import annotations

import os

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

import coursekit.site.vendor_assets as vendor_assets
from coursekit.errors import SourceError


def on_files(files, config):
    # The repository root: node_modules sits beside the course's mkdocs.yml.
    root = os.path.dirname(os.path.dirname(os.path.abspath(config.config_file_path)))
    try:
        shim = [src for src, uri in vendor_assets.vendor_files(root) if uri == vendor_assets.IFRAME_WORKER_SHIM]
    except SourceError as exc:
        raise PluginError(f"handbook: {exc}") from None
    files.append(File.generated(config, vendor_assets.IFRAME_WORKER_SHIM, abs_src_path=shim[0], inclusion=InclusionLevel.NOT_IN_NAV))
    return files
