"""The deck rules, checked on a module page's Markdown, one module per rule, named by code;
``RULES`` is the explicit list.  They share the page's slides (``deck/lint.py``)."""

from __future__ import annotations

from coursekit.deck.rules import dk001_assignment_without_own_slide, dk002_slide_too_long

RULES = (
    dk001_assignment_without_own_slide.RULE,
    dk002_slide_too_long.RULE,
)
