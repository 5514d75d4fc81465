"""CK011 DiagramWithoutDescription: every ```` ```mermaid ```` fence carries an accessible
description, which mermaid renders as the SVG's ``<desc>`` on the handout pages and on the slides."""

from __future__ import annotations

from coursekit.course.lint import diagram_description
from coursekit.markdown.blocks import CodeBlock
from coursekit.validation.artifact import Artifact, Kind
from coursekit.validation.findings import Finding, Severity
from coursekit.validation.rules import Rule

DIAGRAM_KIND = "diagram"


def _diagram_matches(block: CodeBlock) -> bool:
    return block.lang == "mermaid"


def _no_file(_name: str) -> bool:
    return False


def check_diagram(artifact: Artifact) -> list[Finding]:
    """CK011 at the opening fence of a diagram without ``accDescr``."""
    if diagram_description(line.text for line in artifact.lines):
        return []
    return [RULE.finding(artifact.origin, artifact.origin_line, 1)]


RULE = Rule(
    "CK011",
    "DiagramWithoutDescription",
    "markdown",
    Severity.WARNING,
    "diagram without a text description: add 'accDescr: <what the picture shows>' (and 'accTitle: <short title>') after the diagram type line",
    "A diagram is only a picture to a screen reader, a text-only handout or search: mermaid's accDescr becomes the SVG's <desc> "
    "(aria-describedby), so everybody gets what the diagram shows. Alt text for every picture is part of the course's requirements.",
    example="# Layers\n\n```mermaid\nflowchart LR\n  base[alpine] --> app[your layer]\n```\n",
    fixed="# Layers\n\n```mermaid\nflowchart LR\n  accDescr: Your layer sits on top of the alpine base image.\n  base[alpine] --> app[your layer]\n```\n",
    check=check_diagram,
)

KIND_SPEC = Kind(DIAGRAM_KIND, _diagram_matches, _no_file, check_diagram)
