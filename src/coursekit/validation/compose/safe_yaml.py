"""Bounded YAML loading for untrusted compose text, with the position of every key and item.

A compose block on a page is untrusted input.  ``yaml.safe_load`` is not enough:
an alias bomb ("billion laughs", a few hundred bytes) loads instantly into shared
objects and then explodes in whatever walks the result (JSON conversion, schema
validation).  This module builds its own node graph from libyaml's *event* stream
(no recursion in the parser, so deep nesting cannot overflow the stack) and, while
doing so,

* caps the text size, the nesting depth (also through aliases) and the number of
  nodes the document has *after* alias expansion — before any Python object exists;
* rejects duplicate mapping keys (Compose rejects them too) at the second key;
* resolves merge keys (``<<: *defaults`` and ``<<: [*a, *b]``) with YAML's rules
  (explicit keys win, earlier merged maps win over later ones) and keeps the
  Compose tags ``!reset`` and ``!override``;
* resolves plain scalars like Compose's YAML library does (YAML 1.2 core schema:
  ``yes``/``on`` stay strings, ``22:22`` is a string, not a sexagesimal number);
* records, for every path into the result, where its key and value are written.

Lines and columns here are 0-based; callers add 1.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # libyaml's parser is ~10x faster; the pure-Python one behaves the same.
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader

MAX_BYTES = 512 * 1024
MAX_DEPTH = 64
MAX_NODES = 100_000

Path = tuple  # of str keys and int indexes


class YamlProblem(Exception):
    """A document that cannot be loaded: ``kind`` is syntax | duplicate | unsafe."""

    def __init__(self, kind: str, message: str, line: int = 0, column: int = 0, other_line: int | None = None):
        super().__init__(message)
        self.kind = kind
        self.message = message
        self.line = line
        self.column = column
        self.other_line = other_line  # duplicate keys: the first definition


@dataclass(eq=False)
class Node:
    kind: str  # "scalar" | "map" | "seq"
    line: int
    column: int
    tag: str | None = None
    value: Any = None  # scalar: Python value; map: [(key Node, value Node)]; seq: [Node]
    style: str = ""  # scalar style: "" plain, "'", '"', "|", ">"
    size: int = 1  # nodes after alias expansion
    height: int = 1


@dataclass
class Position:
    line: int
    column: int
    key_line: int | None = None
    key_column: int | None = None
    node: Node | None = None


@dataclass
class Document:
    data: Any
    positions: dict[Path, Position] = field(default_factory=dict)
    documents: int = 1

    def where(self, path: Path, key: bool = False) -> tuple[int, int]:
        """(line, column) of the value at ``path`` (its key with ``key=True``),
        falling back to the nearest enclosing path that is known."""
        path = tuple(path)
        while True:
            pos = self.positions.get(path)
            if pos is not None:
                if key and pos.key_line is not None:
                    return pos.key_line, pos.key_column
                return pos.line, pos.column
            if not path:
                return 0, 0
            path = path[:-1]

    def node(self, path: Path) -> Node | None:
        pos = self.positions.get(tuple(path))
        return pos.node if pos else None


# ---------------------------------------------------------------------------
# Scalar resolution: YAML 1.2 core schema, as Compose's Go YAML library sees it.

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")

_STD = "tag:yaml.org,2002:"
#: Compose's own tags for override files; the value itself resolves as usual.
COMPOSE_TAGS = ("!reset", "!override")


def _resolve_plain(text: str) -> Any:
    if _NULL.match(text):
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.match(text):
        return int(text)
    if _OCT.match(text):
        return int(text[2:], 8)
    if _HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    if _INF.match(text):
        return float("-inf") if text.startswith("-") else float("inf")
    if _NAN.match(text):
        return float("nan")
    return text


def _scalar_value(event: yaml.ScalarEvent) -> Any:
    tag, text = event.tag, event.value
    plain = event.implicit[0] and not event.style
    if tag in (None, "!") or tag in COMPOSE_TAGS:
        return _resolve_plain(text) if (plain or tag in COMPOSE_TAGS and not event.style) else text
    if tag == _STD + "str":
        return text
    if tag == _STD + "null":
        return None
    if tag == _STD + "bool":
        if text in _BOOL:
            return _BOOL[text]
    elif tag == _STD + "int":
        for rx, base, cut in ((_INT, 10, 0), (_OCT, 8, 2), (_HEX, 16, 2)):
            if rx.match(text):
                return int(text[cut:], base)
    elif tag == _STD + "float":
        value = _resolve_plain(text)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
    else:
        mark = event.start_mark
        raise YamlProblem("syntax", f"unsupported YAML tag '{tag}'", mark.line, mark.column)
    mark = event.start_mark
    raise YamlProblem("syntax", f"'{text}' is not a valid {tag.rsplit(':', 1)[-1]}", mark.line, mark.column)


# ---------------------------------------------------------------------------


def _syntax_problem(exc: yaml.MarkedYAMLError, text: str) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line, mark.column) if mark else (0, 0)
    lines = text.splitlines()
    # A tab in the indentation is the classic cause; say so, at the tab.
    for candidate in (line, line - 1):
        if 0 <= candidate < len(lines):
            src = lines[candidate]
            lead = src[: len(src) - len(src.lstrip(" \t"))]
            if "\t" in lead:
                return YamlProblem("syntax", "tab character in the indentation: YAML indents with spaces only", candidate, lead.index("\t"))
    problem = exc.problem or "invalid YAML"
    if exc.context and exc.context_mark and exc.context_mark.line != line:
        problem += f" ({exc.context} that starts at line {exc.context_mark.line + 1})"
    elif exc.context:
        problem = f"{problem} ({exc.context})"
    return YamlProblem("syntax", f"YAML syntax error: {problem}", line, column)


class _Builder:
    def __init__(self, max_depth: int, max_nodes: int):
        self.max_depth = max_depth
        self.max_nodes = max_nodes
        self.anchors: dict[str, Node] = {}
        self.open_anchors: set[str] = set()
        # Stack of [node, anchor, pending key (maps)]
        self.stack: list[list] = []
        self.roots: list[Node] = []

    def _add(self, child: Node, line: int, column: int, alias: str | None = None) -> None:
        if not self.stack:
            self.roots.append(child)
            return
        frame = self.stack[-1]
        parent: Node = frame[0]
        depth = len(self.stack)
        if depth + child.height > self.max_depth:
            raise YamlProblem("unsafe", f"alias '*{alias}' nests the document deeper than {self.max_depth} levels", line, column)
        parent.size += child.size
        parent.height = max(parent.height, child.height + 1)
        if parent.size > self.max_nodes:
            what = f"alias '*{alias}'" if alias else "this value"
            raise YamlProblem(
                "unsafe",
                f"{what} expands the document beyond {self.max_nodes} values: refused as a YAML alias bomb ('billion laughs')",
                line,
                column,
            )
        if parent.kind == "seq":
            parent.value.append(child)
        elif frame[2] is None:
            frame[2] = child
        else:
            parent.value.append((frame[2], child))
            frame[2] = None

    def _register(self, anchor: str | None, node: Node) -> None:
        if anchor:
            self.anchors[anchor] = node
            self.open_anchors.discard(anchor)

    def feed(self, event) -> None:
        mark = event.start_mark
        if isinstance(event, yaml.ScalarEvent):
            node = Node("scalar", mark.line, mark.column, event.tag, _scalar_value(event), event.style or "")
            self._register(event.anchor, node)
            self._add(node, mark.line, mark.column)
        elif isinstance(event, yaml.AliasEvent):
            name = event.anchor
            node = self.anchors.get(name)
            if node is None:
                if name in self.open_anchors:
                    raise YamlProblem("unsafe", f"alias '*{name}' refers to the value that contains it (a recursive document)", mark.line, mark.column)
                raise YamlProblem("syntax", f"YAML syntax error: alias '*{name}' has no anchor '&{name}' before it", mark.line, mark.column)
            self._add(node, mark.line, mark.column, alias=name)
        elif isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            if len(self.stack) >= self.max_depth:
                raise YamlProblem("unsafe", f"the document nests deeper than {self.max_depth} levels", mark.line, mark.column)
            kind = "map" if isinstance(event, yaml.MappingStartEvent) else "seq"
            if event.tag not in (None, "!", _STD + ("map" if kind == "map" else "seq")) and event.tag not in COMPOSE_TAGS:
                raise YamlProblem("syntax", f"unsupported YAML tag '{event.tag}'", mark.line, mark.column)
            if event.anchor:
                self.open_anchors.add(event.anchor)
            self.stack.append([Node(kind, mark.line, mark.column, event.tag, []), event.anchor, None])
        elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            node, anchor, _ = self.stack.pop()
            self._register(anchor, node)
            self._add(node, node.line, node.column)


def _key_value(node: Node) -> str:
    if node.kind != "scalar":
        raise YamlProblem("syntax", "a mapping key must be a plain value, not a list or mapping", node.line, node.column)
    value = node.value
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _is_merge_key(knode: Node) -> bool:
    return knode.kind == "scalar" and knode.value == "<<" and not knode.style and knode.tag in (None, _STD + "merge")


def _effective_items(node: Node, duplicates: list | None = None) -> list[tuple[str, Node, Node]]:
    """The (name, key node, value node) of a mapping after merge keys: explicit keys
    win over merged ones, and earlier merged mappings win over later ones.  A key
    defined twice raises, or with ``duplicates`` is collected there (the first one is kept)."""
    items: list[tuple[str, Node, Node]] = []
    seen: dict[str, Node] = {}
    merges: list[Node] = []
    for knode, vnode in node.value:
        if _is_merge_key(knode):
            merges.append(vnode)
            continue
        name = _key_value(knode)
        if name in seen:
            problem = YamlProblem(
                "duplicate", f"duplicate key '{name}': Compose rejects a key defined twice in one mapping", knode.line, knode.column, seen[name].line
            )
            if duplicates is None:
                raise problem
            duplicates.append(problem)
            continue
        seen[name] = knode
        items.append((name, knode, vnode))
    for merge in merges:
        for source in merge.value if merge.kind == "seq" else [merge]:
            if source.kind != "map":
                raise YamlProblem("syntax", "a merge key '<<' takes a mapping or a list of mappings (aliases like *defaults)", source.line, source.column)
            for name, knode, vnode in _effective_items(source, duplicates):
                if name not in seen:
                    seen[name] = knode
                    items.append((name, knode, vnode))
    return items


class _Constructor:
    def __init__(self, duplicates: list | None = None) -> None:
        self.positions: dict[Path, Position] = {}
        self.duplicates = duplicates

    def build(self, node: Node, path: Path, key: Node | None = None) -> Any:
        self.positions[path] = Position(node.line, node.column, key.line if key else None, key.column if key else None, node)
        if node.kind == "scalar":
            return node.value
        if node.kind == "seq":
            return [self.build(child, (*path, i)) for i, child in enumerate(node.value)]
        result: dict[str, Any] = {}
        for name, knode, vnode in _effective_items(node, self.duplicates):
            result[name] = self.build(vnode, (*path, name), knode)
        return result


def load(text: str, *, max_bytes: int = MAX_BYTES, max_depth: int = MAX_DEPTH, max_nodes: int = MAX_NODES, duplicates: list | None = None) -> Document:
    """Load one YAML document safely; raise :class:`YamlProblem` on any problem.  With a
    ``duplicates`` list, keys defined twice are collected there instead (the first one is
    kept), so that the rest of the document can still be checked."""
    if len(text.encode("utf-8", "surrogatepass")) > max_bytes:
        raise YamlProblem("unsafe", f"the document is larger than {max_bytes // 1024} KiB: refused as unreasonably large for a compose file")
    builder = _Builder(max_depth, max_nodes)
    documents = 0
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise YamlProblem(
                        "syntax",
                        "a second YAML document starts here: keep one document per compose file",
                        event.start_mark.line,
                        event.start_mark.column,
                    )
            builder.feed(event)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_problem(exc, text) from None
    except yaml.YAMLError as exc:  # reader errors (control characters) without marks
        raise YamlProblem("syntax", f"YAML syntax error: {exc}") from None
    if not builder.roots:
        return Document(None, {(): Position(0, 0)}, 0)
    constructor = _Constructor(duplicates)
    data = constructor.build(builder.roots[0], ())
    return Document(data, constructor.positions, documents)
