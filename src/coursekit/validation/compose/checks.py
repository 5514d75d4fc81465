"""The ``compose`` kind of the checker: which blocks and lab files are compose files,
and how one is checked (safe YAML → Compose Specification schema → compose rules).

What counts as a compose file:

* a fenced YAML block whose ``title`` names a compose file (``compose.yaml``,
  ``docker-compose.prod.yml``, ...);
* a fenced YAML block whose top-level mapping has a ``services`` key (a Kubernetes
  manifest or a GitHub workflow has none at the top level and is left alone);
* a lab file with a compose file name; its local references (bind mounts, build
  contexts, env_file, include, secret/config files) must exist beside it.  A block
  that is one lab file included with a snippet is checked like that lab file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from datetime import date

from coursekit.markdown.blocks import CodeBlock
from coursekit.validation import image_eol
from coursekit.validation.artifact import Artifact, Kind
from coursekit.validation.compose import safe_yaml
from coursekit.validation.compose.context import KIND, ComposeContext, Hit, load
from coursekit.validation.compose.rules import DOCUMENT_RULES, LOAD_RULES, co005_invalid_compose_value
from coursekit.validation.file_names import is_compose_file_name
from coursekit.validation.findings import Finding

_TITLE_NAME = re.compile(r"(?:^|[\s/\\])((?:docker-)?compose(?:[.-][\w.-]+)?\.ya?ml)(?=$|[\s)\]:,])", re.IGNORECASE)
_TOP_SERVICES = re.compile(r"^services[ \t]*:", re.MULTILINE)
_NOT_COMPOSE = re.compile(r"^(?:apiVersion|kind|jobs|on|\"on\"|'on')[ \t]*:", re.MULTILINE)
_YAML_LANGS = {"yaml", "yml"}


def title_names_compose_file(title: str) -> bool:
    return bool(_TITLE_NAME.search(title.strip()))


def looks_like_compose(text: str) -> bool:
    """A YAML text whose top-level mapping has ``services`` (and is not a manifest or workflow)."""
    return bool(_TOP_SERVICES.search(text)) and not _NOT_COMPOSE.search(text)


def block_matches(block: CodeBlock) -> bool:
    if block.lang and block.lang not in _YAML_LANGS:
        return False
    if title_names_compose_file(block.title):
        return True
    return block.lang in _YAML_LANGS and looks_like_compose(block.text)


def file_matches(name: str) -> bool:
    return is_compose_file_name(name)


# ---------------------------------------------------------------------------


def _existing_file(path: str, root: str = "") -> str | None:
    full = path if os.path.isabs(path) else os.path.abspath(os.path.join(root, path) if root else path)
    return full if os.path.isfile(full) else None


def lab_file_of(artifact: Artifact) -> str | None:
    """The compose file on disk this artefact is (a lab file, or a block that is one whole snippet)."""
    if artifact.is_file:
        return _existing_file(getattr(artifact, "source_path", "") or artifact.origin)
    paths = {line.path for line in artifact.lines if line.text.strip()}
    if len(paths) == 1:
        (path,) = paths
        if path != artifact.origin and is_compose_file_name(path):
            return _existing_file(path, getattr(artifact, "root", ""))
    return None


_SECTIONS = ("services", "networks", "volumes", "secrets", "configs")


def _included_names(data, lab_dir: str | None, depth: int = 0) -> dict[str, set[str]] | None:
    """Names declared by ``include``d files; None when an include cannot be read."""
    incs = data.get("include") if isinstance(data, dict) else None
    if not incs:
        return {}
    if lab_dir is None or depth > 5 or not isinstance(incs, list):
        return None
    names: dict[str, set[str]] = {s: set() for s in _SECTIONS}
    for inc in incs:
        paths = inc if isinstance(inc, str) else inc.get("path") if isinstance(inc, dict) else None
        for rel in [paths] if isinstance(paths, str) else paths if isinstance(paths, list) else []:
            full = os.path.join(lab_dir, rel) if isinstance(rel, str) else ""
            try:
                with open(full, encoding="utf-8") as fh:
                    sub = safe_yaml.load(fh.read()).data
            except (OSError, safe_yaml.YamlProblem, UnicodeDecodeError):
                return None
            if not isinstance(sub, dict):
                continue
            for s in _SECTIONS:
                if isinstance(sub.get(s), dict):
                    names[s] |= set(sub[s])
            nested = _included_names(sub, os.path.dirname(full), depth + 1)
            if nested is None:
                return None
            for s in _SECTIONS:
                names[s] |= nested.get(s, set())
    return names


def _column(artifact: Artifact, doc: safe_yaml.Document, hit: Hit, line: int, col: int) -> int:
    """Column of ``hit.offset`` inside a one-line scalar, else the scalar's start."""
    if hit.offset is None:
        return col
    node = doc.node(hit.path)
    if node is None or node.kind != "scalar" or not isinstance(node.value, str) or "\n" in node.value:
        return col
    if not 0 <= node.line < len(artifact.lines):
        return col
    text = artifact.lines[node.line].text
    quote = 1 if node.style in ("'", '"') else 0
    if node.style in ("", "'", '"') and text[node.column + quote : node.column + quote + len(node.value)] == node.value:
        return node.column + quote + hit.offset
    return col


def check(artifact: Artifact, today: date | None = None) -> Iterable[Finding]:
    loaded = load(artifact.text)
    findings: list[Finding] = []
    for rule in LOAD_RULES:
        for line, column, fields in rule.check(loaded):
            if "first" in fields:  # the line of the first definition, as the author sees it
                fields = {**fields, "first": artifact.position(fields["first"] + 1)[1]}
            findings.append(artifact.finding(rule, line + 1, column + 1, **fields))
    if loaded.doc is None:
        return findings
    # A key defined twice (CO002) is reported and the first one kept: the rest is still checked.
    return findings + list(_check_loaded(artifact, loaded.doc, today))


def _check_loaded(artifact: Artifact, doc: safe_yaml.Document, today: date | None) -> Iterable[Finding]:
    if doc.data is None:
        if not artifact.lines and not artifact.is_file:
            return []  # nothing to check (e.g. a snippet that could not be read: CK004)
        return [artifact.finding(co005_invalid_compose_value.RULE, 1, 1, detail="the compose file is empty: Compose refuses it ('empty compose file')")]

    lab_file = lab_file_of(artifact)
    lab_dir = os.path.dirname(lab_file) if lab_file else None
    ctx = ComposeContext(
        doc,
        fragment=artifact.fragment,
        placeholders=artifact.placeholders,
        lab_dir=lab_dir,
        included=_included_names(doc.data, lab_dir),
        today=today or image_eol.build_date(),  # COURSE_CHECK_DATE pins it, as for Containerfiles
        shown_line=lambda n: artifact.position(n + 1)[1],
    )
    findings: list[Finding] = []
    for rule in DOCUMENT_RULES:
        if ctx.fragment and rule.scope == "file":
            continue
        for hit in rule.check(ctx):
            line, col = doc.where(hit.path, hit.at_key)
            col = _column(artifact, doc, hit, line, col)
            findings.append(artifact.finding(rule, line + 1, col + 1, **hit.fields))
    return findings


KIND_SPEC = Kind(KIND, block_matches, file_matches, check)
