"""Front matter with line numbers, validated against a declared field table."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from coursekit.errors import SourceError

_FENCE = re.compile(r"^---[ \t]*$")


@dataclass
class FrontMatter:
    data: dict[str, Any]
    #: 1-based line of each top-level key, for error messages.
    key_lines: dict[str, int] = field(default_factory=dict)
    #: Number of lines (fences included) before the Markdown body.
    body_offset: int = 0
    #: 1-based line of the opening ``---`` (0 when there is no front matter).
    start_line: int = 0
    #: 1-based line of every item of a top-level list value, e.g. each objective.
    item_lines: dict[str, list[int]] = field(default_factory=dict)


# libyaml when available: the course model reads the front matter of every page on every
# (serve) rebuild; the C parser is several times faster.  Nodes and marks are the same.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def split_front_matter(text: str, path: str) -> tuple[FrontMatter, str]:
    """Return the parsed front matter and the Markdown body.

    A page without front matter yields an empty mapping.  Syntax errors and
    non-mapping front matter raise :class:`SourceError` at the right line.
    Results are cached by text (the hooks parse each page more than once per
    build); the returned :class:`FrontMatter` is shared: do not modify it.
    """
    fm, body, problem = _split_cached(text)
    if problem is not None:
        message, line = problem
        raise SourceError(message, path, line)
    return fm, body


@functools.lru_cache(maxsize=2048)
def _split_cached(text: str) -> tuple[FrontMatter | None, str, tuple[str, int] | None]:
    try:
        fm, body = _split(text)
    except SourceError as exc:
        return None, "", (exc.message, exc.line)
    return fm, body, None


def _split(text: str, path: str = "") -> tuple[FrontMatter, str]:
    lines = text.splitlines(keepends=True)
    if not lines or not _FENCE.match(lines[0].rstrip("\r\n")):
        return FrontMatter({}), text
    for end in range(1, len(lines)):
        if _FENCE.match(lines[end].rstrip("\r\n")):
            break
    else:
        raise SourceError("front matter opened with '---' is never closed", path, 1)
    raw = "".join(lines[1:end])
    try:
        node = yaml.compose(raw, Loader=_LOADER)
        data = yaml.SafeLoader("").construct_document(node) if node is not None else {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = 2 + mark.line if mark else 1
        problem = exc.problem or str(exc)
        raise SourceError(f"front matter is not valid YAML: {problem}", path, line) from None
    except yaml.YAMLError as exc:
        raise SourceError(f"front matter is not valid YAML: {exc}", path, 1) from None
    if data is None:
        data = {}
    if not isinstance(data, dict) or not isinstance(node, yaml.MappingNode | type(None)):
        raise SourceError("front matter must be a YAML mapping of keys to values", path, 2)
    key_lines = {}
    item_lines: dict[str, list[int]] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key_lines[str(key_node.value)] = 2 + key_node.start_mark.line
            if isinstance(value_node, yaml.SequenceNode):
                item_lines[str(key_node.value)] = [2 + item.start_mark.line for item in value_node.value]
    body = "".join(lines[end + 1 :])
    return FrontMatter(data, key_lines, end + 1, 1, item_lines), body


@dataclass(frozen=True)
class Field:
    """One declared front-matter key."""

    name: str
    kind: type | tuple[type, ...]
    required: bool = True
    choices: tuple[str, ...] = ()
    positive: bool = False
    help: str = ""


def _type_name(kind: type | tuple[type, ...]) -> str:
    names = {str: "text", int: "a whole number", list: "a list", dict: "a mapping", bool: "true/false"}
    if isinstance(kind, tuple):
        return " or ".join(names.get(k, k.__name__) for k in kind)
    return names.get(kind, kind.__name__)


def validate_fields(fm: FrontMatter, fields: tuple[Field, ...], path: str, what: str) -> list[SourceError]:
    """Check ``fm`` against ``fields``; return every problem (not only the first)."""
    problems: list[SourceError] = []
    known = {f.name for f in fields}
    for f in fields:
        line = fm.key_lines.get(f.name, fm.start_line or 1)
        if f.name not in fm.data:
            if f.required:
                problems.append(SourceError(f"{what} front matter needs '{f.name}' ({f.help or _type_name(f.kind)})", path, fm.start_line or 1))
            continue
        value = fm.data[f.name]
        # YAML's true/false are ints to Python; a duration of `true` is still wrong.
        ok = isinstance(value, f.kind) and not (isinstance(value, bool) and f.kind is not bool)
        if not ok:
            problems.append(SourceError(f"'{f.name}' must be {_type_name(f.kind)}, not {value!r}", path, line))
            continue
        if f.choices and value not in f.choices:
            problems.append(SourceError(f"'{f.name}' must be one of {', '.join(f.choices)}; got {value!r}", path, line))
        if f.positive and isinstance(value, int) and value <= 0:
            problems.append(SourceError(f"'{f.name}' must be a positive number of minutes, not {value}", path, line))
        if f.kind is list and isinstance(value, list):
            items = fm.item_lines.get(f.name, [])
            for i, v in enumerate(value):
                if not (isinstance(v, str) and v.strip()):
                    at = items[i] if i < len(items) else line
                    problems.append(SourceError(f"'{f.name}' must be a list of non-empty texts; item {i + 1} is {v!r}", path, at))
            if f.required and not value:
                problems.append(SourceError(f"'{f.name}' must list at least one entry", path, line))
        if f.kind is str and isinstance(value, str) and not value.strip():
            problems.append(SourceError(f"'{f.name}' must not be empty", path, line))
    for key in fm.data:
        if key not in known:
            hint = _closest(key, known)
            problems.append(
                SourceError(f"unknown {what} front matter key '{key}'" + (f" (did you mean '{hint}'?)" if hint else ""), path, fm.key_lines.get(key, 1))
            )
    return problems


def _closest(word: str, options: set[str]) -> str | None:
    import difflib

    match = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.6)
    return match[0] if match else None


def body_offset(text: str, path: str) -> int:
    """How many source lines MkDocs strips as front matter before a page's Markdown (0 when the
    front matter is broken: the validation reports it)."""
    try:
        fm, _ = split_front_matter(text, path)
    except SourceError:
        return 0
    return fm.body_offset
