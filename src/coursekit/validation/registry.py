"""The explicit list of every rule and every kind of artefact the checker knows.

Nothing registers itself on import: a new rule is added to its subsystem's ``RULES``
tuple (``containerfile/rules/__init__.py``, ``compose/rules/__init__.py``, ``book/rules/__init__.py``,
...), and a new kind of artefact here.
"""

from __future__ import annotations

from coursekit.book import checks as book_checks
from coursekit.book import rules as book_rules
from coursekit.deck import rules as deck_rules
from coursekit.deck.rules import dk001_assignment_without_own_slide, dk002_slide_too_long
from coursekit.validation import meta
from coursekit.validation.commands import checks as command_checks
from coursekit.validation.commands import rules as command_rules
from coursekit.validation.compose import checks as compose_checks
from coursekit.validation.compose import rules as compose_rules
from coursekit.validation.containerfile import checks as containerfile_checks
from coursekit.validation.containerfile import rules as containerfile_rules
from coursekit.validation.meta import ck011_diagram_without_description
from coursekit.validation.rules import Registry

RULES = (
    *containerfile_rules.RULES,
    *compose_rules.RULES,
    *command_rules.RULES,
    *book_rules.RULES,
    *deck_rules.RULES,
    *meta.RULES,
)

REGISTRY = Registry(RULES)

#: Kinds of code blocks and lab files, by name.  Several kinds may check one block
#: (a console block gets the docker CLI rules and the exercise-book conventions).
KINDS = {
    kind.name: kind
    for kind in (
        containerfile_checks.KIND_SPEC,
        compose_checks.KIND_SPEC,
        command_checks.KIND_SPEC,
        book_checks.KIND_SPEC,
        ck011_diagram_without_description.KIND_SPEC,
    )
}

#: Checks of a whole Markdown page, ``check(text, path, repo_root) -> findings``.
PAGE_CHECKS = (dk001_assignment_without_own_slide.check_assignments, dk002_slide_too_long.check_slide_lengths)
