"""Repairs of MkDocs' and Material's own output that no option offers."""

from __future__ import annotations

SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'
SEARCH_DIALOG_NAMED = '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">'


def name_search_dialog(output: str) -> str:
    """Give Material's search dialog an accessible name (axe: aria-dialog-name, serious).

    A string replacement instead of a copy of Material's ``partials/search.html``:
    the copy would freeze the rest of that template at today's Material version.
    ``tests/test_a11y.py`` fails when Material changes the markup and this stops matching.
    """
    return output.replace(SEARCH_DIALOG, SEARCH_DIALOG_NAMED, 1)


def relative_error_page_base(context: dict, template_name: str, site_url: str | None) -> dict:
    """``404.html`` with relative URLs (``base_url`` ``.``) when ``site_url`` is not set.

    MkDocs renders error pages with root-absolute URLs (``/assets/...``), which lose
    the styling under a sub-path (``https://host/course/``) and from ``file://`` (the
    unzipped release).  The 404 page lies at the site's root, so ``.`` is right
    wherever the page itself is opened or served from the root's own folder.  With
    ``site_url`` set, MkDocs already uses its path, which is right everywhere.
    """
    if template_name == "404.html" and not site_url:
        context["base_url"] = "."
    return context
