"""DK001 AssignmentWithoutOwnSlide.

An ``/// exercises`` or ``/// demo`` block that is not the only content of its own ``##``
slide (speaker notes aside) merges into whatever slide comes before it: a demo and an
exercise on one slide with their countdowns summed, or the exercise card under a topic's
bullet points.  That is how the real course uses them, always: ``## Exercise: <topic>``,
the block, its ``/// notes``.
"""

from __future__ import annotations

from coursekit.deck.lint import COMMENT, KIND, Code, SlideSource, is_module_page, split_page
from coursekit.markdown.scanner import Kind
from coursekit.validation.findings import Finding, Severity
from coursekit.validation.rules import Rule


def _assignment_findings(slides: list[SlideSource], path: str) -> list[Finding]:
    findings = []
    for slide in slides:
        opened: list[tuple[int, str]] = []  # stack of (line, name) of open /// blocks
        assignments: list[tuple[int, str]] = []
        other: list[int] = []
        for number, item in slide.items:
            if isinstance(item, Code):
                if not opened or opened[-1][1] != "notes":
                    other.append(number)
                continue
            if item.kind is Kind.BLOCK_CLOSE:
                if opened:
                    opened.pop()
                continue
            if item.kind is Kind.BLOCK_OPEN:
                name = item.block.name
                opened.append((number, name))
                if name in ("exercises", "demo"):
                    assignments.append((number, name))
                elif name != "notes" and not any(n == "notes" for _, n in opened[:-1]):
                    other.append(number)
                continue
            if not item.text.strip() or COMMENT.match(item.text):
                continue
            if opened and any(n in ("notes", "exercises", "demo") for _, n in opened):
                continue  # speaker notes, or the block's own list of exercise ids
            other.append(number)
        for index, (number, name) in enumerate(assignments):
            if slide.level in (0, 1):
                where = "the module's title slide" if slide.level == 1 else "the text before the first heading"
                problem = f"has no `##` heading of its own and merges into {where}"
            elif slide.level == 3:
                problem = f"is under the sub-topic '### {slide.title}' (line {slide.line}), not on a `##` slide of its own"
            elif index > 0:
                first = assignments[0]
                problem = (
                    f"shares the slide '## {slide.title}' (line {slide.line}) with the `/// {first[1]}` block at line {first[0]}, "
                    "and their countdowns would be summed"
                )
            elif other:
                problem = f"shares the slide '## {slide.title}' (line {slide.line}) with other content (line {other[0]})"
            else:
                continue
            findings.append(RULE.finding(path, number, 1, block=name, problem=problem))
    return findings


def check_assignments(text: str, path: str, repo_root: str | None = None) -> list[Finding]:
    return _assignment_findings(split_page(text, path, repo_root), path) if is_module_page(path) else []


RULE = Rule(
    "DK001",
    "AssignmentWithoutOwnSlide",
    KIND,
    Severity.ERROR,
    "`/// {block}` block {problem}: an exercise or demo block must be the only content of its own `##` slide (speaker notes aside)",
    "The deck makes a slide of every heading; an exercise or demo block under another slide's heading merges into that slide "
    "(a demo and an exercise on one slide with their countdowns summed, or the card under a topic's bullets), and the book's "
    "'slide that assigns it' link lands there. Write `## Exercise: <topic>` right above the block, then only its `/// notes`.",
    example="---\ntitle: Basics\nduration: 30\n---\n\n# Basics\n\n## Containers are processes\n\n- one process, isolated\n\n/// exercises\n- first-run\n///\n",
    fixed="---\ntitle: Basics\nduration: 30\n---\n\n# Basics\n\n## Containers are processes\n\n- one process, isolated\n\n## Exercise: first run\n\n/// exercises\n- first-run\n///\n",
    check=check_assignments,
    example_path="docs/modules/basics.md",
)
