"""The course structure as ``course-check`` sees it, without MkDocs.

``mkdocs build`` loads the course model in ``hooks/course_sources.py`` and stops at
the first problem (manifest, module and exercise front matter, exercise ids,
``/// exercises`` assignments).  ``course-check`` runs the same loader here so that
an editor, CI or the pre-commit hook reports the same error at the same
``file:line`` (rule CK009) before anyone builds.

It also holds the course-wide rule for diagrams: every ```` ```mermaid ```` fence
carries an accessible description (rule CK011), which mermaid renders as the
SVG's ``<desc>`` on the handout pages and on the slides.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

import yaml

CONFIG = "mkdocs.yml"


class _ConfigLoader(yaml.SafeLoader):
    """Safe YAML that turns MkDocs' own tags (``!!python/...``, ``!ENV``) into None."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _load_config(config_file: str):
    with open(config_file, encoding="utf-8-sig") as fh:
        return yaml.load(fh, Loader=_ConfigLoader)  # noqa: S506 - a SafeLoader subclass


def read_config(config_file: str) -> dict | None:
    """mkdocs.yml as plain data (``!!python/...`` and ``!ENV`` values become None); None if unreadable."""
    try:
        data = _load_config(config_file)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    return data if isinstance(data, dict) else None


def config_problem(config_file: str) -> tuple[int, int, str]:
    """Where and why ``read_config`` failed: line, column and message; for a YAML error its
    own line and message (the line MkDocs names too)."""
    try:
        data = _load_config(config_file)
    except OSError as exc:
        return 1, 1, f"mkdocs.yml cannot be read: {exc.strerror or exc}"
    except UnicodeDecodeError as exc:
        return 1, 1, f"mkdocs.yml is not UTF-8 text ({exc.reason} at byte {exc.start})"
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        detail = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.problem and exc.context_mark is not None:
            detail = f"{exc.problem} ({exc.context} at line {exc.context_mark.line + 1})"
        message = f"mkdocs.yml cannot be read as YAML: {detail}"
        return (mark.line + 1, mark.column + 1, message) if mark is not None else (1, 1, message)
    except yaml.YAMLError as exc:
        return 1, 1, f"mkdocs.yml cannot be read as YAML: {exc}"
    kind = "empty" if data is None else f"a {type(data).__name__}"
    return 1, 1, f"mkdocs.yml must be a mapping of settings (site_name: ..., nav: ...); it is {kind}"


def covers_course(paths: Iterable[str], root: str, docs_dir: str) -> bool:
    """Whether the checked ``paths`` include course sources (the root, docs/, exercises/ or mkdocs.yml)."""
    areas = [os.path.abspath(docs_dir), os.path.join(os.path.abspath(root), "exercises")]
    for p in paths:
        full = os.path.abspath(p)
        if full == os.path.abspath(root) or full == os.path.join(os.path.abspath(root), CONFIG):
            return True
        if any(full == a or full.startswith(a + os.sep) for a in areas):
            return True
    return False


# ---------------------------------------------------------------------------
# Diagrams (rule CK011 in coursekit.validation.meta)

# mermaid's accessibility statements (flowchart, state, sequence, ... diagrams):
# ``accDescr: one line`` or ``accDescr { several lines }``.
_ACC_DESCR_LINE = re.compile(r"^\s*accDescr\s*:\s*(?P<text>.*?)\s*$")
_ACC_DESCR_BLOCK = re.compile(r"^\s*accDescr\s*\{(?P<rest>.*)$")


def diagram_description(lines: Iterable[str]) -> str:
    """The ``accDescr`` text of a mermaid diagram's source lines ('' when there is none)."""
    lines = list(lines)
    for i, text in enumerate(lines):
        if text.lstrip().startswith("%%"):
            continue  # a mermaid comment
        m = _ACC_DESCR_LINE.match(text)
        if m:
            return m.group("text")
        m = _ACC_DESCR_BLOCK.match(text)
        if m:
            body = [m.group("rest")]
            for more in lines[i + 1 :]:
                if "}" in more:
                    body.append(more.split("}", 1)[0])
                    break
                body.append(more)
            else:
                body = [m.group("rest").split("}", 1)[0]]
            return " ".join(part.strip() for part in body if part.strip())
    return ""
