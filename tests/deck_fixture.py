"""A fixture course for the deck tests: the real module *Containerization basics*
(with its exercises) and a synthetic module that uses every deck layout (code
of 80 columns x 18 lines, two columns with a diagram, a statement slide, a
full picture, a vertical sub-slide, an exercise and a demo block).  Built with
the real mkdocs.yml, hooks and overrides of the repository."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

from conftest import scaffold_course

REPO = Path(__file__).resolve().parent.parent

MANIFEST = """\
    variants:
      full-day:
        title: Deck fixture (one day)
        days: 1
        modules:
          - basics
          - deckdemo
      half-day:
        title: Deck fixture (half day)
        days: 1
        modules:
          - deckdemo
        exclude_exercises:
          - deck-second
        hours:
          start: "09:00"
          end: "10:00"
          breaks:
            - {after: deckdemo, minutes: 10, title: Questions}
"""

BASICS_EXERCISES = ("container-run-inspect", "container-interactive", "container-detached-logs", "container-lifecycle", "demo-process-isolation")

CODE_LINES = [
    "# syntax=docker/dockerfile:1",
    "FROM docker.io/library/python:3.13-slim AS build",
    "WORKDIR /src",
    "COPY requirements.txt .",
    "RUN python -m pip install --no-cache-dir --prefix=/install -r requirements.txt",
    "COPY . .",
    "",
    "FROM docker.io/library/python:3.13-slim",
    "# A comment line that is exactly eighty characters long, to test the width .....",
    "ENV PYTHONDONTWRITEBYTECODE=1 \\",
    "    PYTHONUNBUFFERED=1",
    "COPY --from=build /install /usr/local",
    "COPY --from=build /src /app",
    "WORKDIR /app",
    "USER 10001",
    "EXPOSE 8000",
    'HEALTHCHECK CMD ["python", "-c", "import urllib.request as u; u.urlopen(1)"]',
    'CMD ["python", "-m", "app"]',
]
assert len(CODE_LINES) == 18 and max(len(line) for line in CODE_LINES) == 80

PICTURE = """<svg xmlns="http://www.w3.org/2000/svg" width="1600" height="900" viewBox="0 0 1600 900">
<rect width="1600" height="900" fill="#e3f2fd"/><circle cx="800" cy="450" r="300" fill="#1565c0"/>
<text x="800" y="470" font-size="80" text-anchor="middle" fill="#fff">full picture</text></svg>
"""


def _w(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def _exercise(dest: Path, ex_id: str, title: str, kind: str, minutes: int) -> None:
    _w(
        dest / "exercises" / ex_id / "index.md",
        f"""
        ---
        id: {ex_id}
        title: {title}
        module: deckdemo
        kind: {kind}
        duration: {minutes}
        objectives:
          - Practise one thing the deck fixture assigns
        ---

        # {title}

        ## Step 1: Look around

        Read the slide that assigned this exercise.

        - [ ] I found the slide

        ## Conclusion

        You followed a link from the deck to the book and back.
        """,
    )


DECKDEMO = (
    """
---
title: Deck layouts
short_title: Deck layouts
duration: 30
objectives:
  - Recognise every slide layout of the course deck
  - Find the exercise book from an exercise slide
---

# Deck layouts

A module that exercises every layout of the deck.

## Learning objectives

/// notes
Objectives slide: filled from the front matter when empty.
///

## A code slide

```dockerfile
"""
    + "\n".join(CODE_LINES)
    + """
```

/// notes
Code notes: eighty columns and eighteen lines must fit.
///

## Two columns

/// columns
```mermaid
flowchart LR
  client["Browser"] --> web["web: nginx"]
  web --> api["api: python"]
  api --> db[("db: postgres")]
```

*A three-tier application: each box is one container.*

***

- The ==web== container serves pages
- The ==api== container talks to the database
- Only the web container publishes a port
///

/// notes
Columns notes: text beside a diagram.
///

## Containers are processes { .statement }

/// notes
Statement notes.
///

## The harbour { .full-picture }

![A full picture](img/picture.svg)

## Stacked topic

Text of the stacked topic.

Shown one step later.
{ .fragment }

### A sub-topic

The vertical sub-slide.

/// notes
Sub-slide notes.
///

## Exercise: deck practice

/// exercises | Exercise: Deck practice
- deck-first
- deck-second
///

/// notes
Exercise notes: send them to the book.
///

## Instructor demo: deck demo

/// demo | Instructor demo: Deck demo
- deck-demo
///
"""
)


def write_course(dest: Path) -> Path:
    """Create the fixture course in ``dest``."""
    scaffold_course(dest, MANIFEST, "full-day")
    _w(dest / "docs/index.md", "# Deck fixture\n\n/// agenda\n///\n")
    _w(dest / "docs/guide/index.md", "---\ntitle: Instructor guide\n---\n\n# Instructor guide\n\nHow to present.\n")
    (dest / "docs/modules").mkdir(parents=True, exist_ok=True)
    shutil.copy2(REPO / "docs/modules/basics.md", dest / "docs/modules/basics.md")
    (dest / "docs/modules/deckdemo.md").write_text(DECKDEMO.lstrip("\n"), encoding="utf-8")
    (dest / "docs/modules/img").mkdir(parents=True, exist_ok=True)
    (dest / "docs/modules/img/picture.svg").write_text(PICTURE, encoding="utf-8")
    (dest / "exercises").mkdir(exist_ok=True)
    for ex_id in BASICS_EXERCISES:
        shutil.copytree(REPO / "exercises" / ex_id, dest / "exercises" / ex_id)
    _exercise(dest, "deck-first", "First deck exercise", "exercise", 1)
    _exercise(dest, "deck-second", "Second deck exercise", "exercise", 2)
    _exercise(dest, "deck-demo", "Deck demo", "demo", 5)
    return dest
