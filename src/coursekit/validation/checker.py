"""The one checker: finds artefacts (code blocks, lab files), runs the checks of their kind,
maps positions to real files and applies annotations.

The kinds and rules it knows are listed explicitly in :mod:`coursekit.validation.registry`.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from coursekit.markdown import blocks as markdown_blocks
from coursekit.markdown.blocks import CodeBlock, SourceLine
from coursekit.validation.artifact import Artifact, Kind
from coursekit.validation.file_names import skip_reason
from coursekit.validation.findings import Finding, Severity
from coursekit.validation.meta import (
    ck001_unclosed_fence,
    ck002_misplaced_annotation,
    ck003_invalid_annotation,
    ck004_invalid_snippet,
    ck005_expected_finding_missing,
    ck006_unreadable_source,
    ck007_oversized_source,
    ck008_link_outside_repository,
    ck010_unclosed_block,
    ck013_broken_symlink,
)
from coursekit.validation.meta.ck003_invalid_annotation import HADOLINT_CODE
from coursekit.validation.meta.ck006_unreadable_source import read_text
from coursekit.validation.meta.ck007_oversized_source import MAX_BLOCK_BYTES, MAX_BLOCK_LINES, oversized
from coursekit.validation.meta.ck008_link_outside_repository import is_outside_link
from coursekit.validation.registry import KINDS, PAGE_CHECKS, REGISTRY

__all__ = ["MAX_BLOCK_BYTES", "MAX_BLOCK_LINES", "Artifact", "Kind", "Report", "oversized", "read_text"]


def kind_of_block(block: CodeBlock) -> Kind | None:
    for kind in sorted(KINDS.values(), key=lambda k: -k.priority):
        if kind.block_matches(block):
            return kind
    return None


def kinds_of_block(block: CodeBlock) -> list[Kind]:
    """Every kind that checks ``block``, highest priority first.

    Several kinds may check the same block: a console block gets the docker CLI
    rules (``command_checks``) and the exercise-book conventions (``book_checks``).
    """
    return [kind for kind in sorted(KINDS.values(), key=lambda k: -k.priority) if kind.block_matches(block)]


def kind_of_file(path: str) -> Kind | None:
    for kind in sorted(KINDS.values(), key=lambda k: -k.priority):
        if kind.file_matches(os.path.basename(path)):
            return kind
    return None


# ---------------------------------------------------------------------------


def apply_annotation(artifact: Artifact, findings: list[Finding]) -> list[Finding]:
    """Drop ignored findings, consume expected ones, report stale expectations."""
    ann = artifact.annotation
    if ann is None:
        return findings
    path, line = ann.path or artifact.origin, ann.line or artifact.origin_line
    out = [ck003_invalid_annotation.RULE.finding(path, line, 1, problem) for problem in ck003_invalid_annotation.RULE.check(ann, REGISTRY.resolve)]
    ignore = {REGISTRY.resolve(c) for c in ann.ignore} - {None}
    hadolint_ignore = {c.upper() for c in ann.ignore if REGISTRY.resolve(c) is None and HADOLINT_CODE.match(c)}  # reported as CF300
    expect = [code for code in map(REGISTRY.resolve, ann.expect) if code is not None]
    missing = ck005_expected_finding_missing.RULE
    out.extend(missing.finding(path, line, 1, **fields) for fields in missing.check(expect, {f.code for f in findings}))
    out.extend(
        f for f in findings if f.code not in ignore and f.code not in expect and not (f.code == "CF300" and _hadolint_code(f.message) in hadolint_ignore)
    )
    return out


def _hadolint_code(message: str) -> str:
    """The hadolint code of a CF300 message ('hadolint DL3008: ...')."""
    m = re.match(r"hadolint ((?:DL|SC)\d{4}):", message)
    return m.group(1) if m else ""


#: No rule switched off.
NONE_DISABLED: frozenset[str] = frozenset()


def resolve_disabled(disable: Iterable[str] = ()) -> tuple[frozenset[str], list[str]]:
    """The rule codes to switch off (``extra.course.checks.disable``, ``--disable``), by code or
    name, and the names that match no rule.  Passed to the check functions as ``disabled``."""
    unknown = []
    codes = set()
    disable = list(disable)
    for item in disable:
        code = REGISTRY.resolve(str(item))
        if code is None:
            unknown.append(str(item))
        else:
            codes.add(code)
    return frozenset(codes), unknown


def disabled_rules_from_mkdocs(config_path: str) -> list[str]:
    """The ``extra.course.checks.disable`` list of a mkdocs.yml (python tags ignored)."""
    import yaml

    class _Loader(yaml.SafeLoader):
        pass

    _Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        with open(config_path, encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=_Loader) or {}
    except (OSError, yaml.YAMLError):
        return []
    # A mkdocs.yml that is not a mapping (or whose extra/course/checks is not one) disables
    # nothing here; course-check reports it (CK009) instead of crashing.
    for key in ("extra", "course", "checks", "disable"):
        data = data.get(key) if isinstance(data, dict) else None
    if isinstance(data, str):
        return [data]
    return [str(item) for item in data] if isinstance(data, list) else []


def _with_file_annotation(artifact: Artifact, kind: Kind) -> Artifact:
    """The artefact annotated by its own comment (a Containerfile's ``# course-check:``) when nothing precedes it."""
    if artifact.annotation is None and kind.file_annotation is not None:
        own = kind.file_annotation(artifact)
        if own is not None:
            return dataclasses.replace(artifact, annotation=own)
    return artifact


def check_block(artifact: Artifact, kinds: list[Kind], disabled: frozenset[str] = NONE_DISABLED) -> list[Finding]:
    """Run every kind's check on one block; the annotation applies to the merged findings."""
    artifact = _with_file_annotation(artifact, kinds[0])
    findings: list[Finding] = []
    for kind in kinds:
        findings.extend(f for f in kind.check(dataclasses.replace(artifact, kind=kind.name)) if f.code not in disabled)
    return apply_annotation(artifact, findings)


def check_artifact(artifact: Artifact, disabled: frozenset[str] = NONE_DISABLED) -> list[Finding]:
    kind = KINDS[artifact.kind]
    artifact = _with_file_annotation(artifact, kind)
    findings = [f for f in kind.check(artifact) if f.code not in disabled]
    return apply_annotation(artifact, findings)


@dataclass
class Report:
    findings: list[Finding] = field(default_factory=list)
    files_checked: int = 0
    artifacts_checked: int = 0

    @property
    def has_errors(self) -> bool:
        return any(f.severity is Severity.ERROR for f in self.findings)


def check_markdown(text: str, path: str, repo_root: str | None = None, disabled: frozenset[str] = NONE_DISABLED) -> tuple[list[Finding], int]:
    """All findings of one Markdown page; returns (findings, number of artefacts checked)."""
    blocks, problems = markdown_blocks.extract_blocks(text, path, repo_root)
    findings: list[Finding] = []
    for rule in (ck001_unclosed_fence.RULE, ck002_misplaced_annotation.RULE):
        findings.extend(rule.finding(path, line, 1, message) for line, message in rule.check(problems))
    unclosed = ck010_unclosed_block.RULE
    if unclosed.code not in disabled:
        findings.extend(unclosed.finding(path, line, 1, message) for line, message in unclosed.check(text))
    for page_check in PAGE_CHECKS:
        findings.extend(f for f in page_check(text, path, repo_root) if f.code not in disabled)
    count = 0
    for block in blocks:
        for rule in (ck004_invalid_snippet.RULE, ck006_unreadable_source.RULE):
            if rule.code not in disabled:
                findings.extend(
                    rule.finding(where or path, line, 1, message) for where, line, message in ck004_invalid_snippet.snippet_problems(block, rule.code)
                )
        too_big = oversized(len(block.lines), sum(len(line.text) + 1 for line in block.lines), "code block")
        if too_big:
            findings.append(ck007_oversized_source.RULE.finding(path, block.fence_line, 1, too_big))
            continue
        kinds = kinds_of_block(block)
        if not kinds:
            if block.annotation is not None:
                findings.extend(apply_annotation(Artifact("none", block.lines, path, block.fence_line, block.annotation), []))
            continue
        count += 1
        root = os.path.abspath(repo_root) if repo_root else ""
        artifact = Artifact(
            kinds[0].name, block.lines, path, block.fence_line, block.annotation, False, block.lang, block.title, root=root, partial=block.partial
        )
        findings.extend(check_block(artifact, kinds, disabled))
    return sorted(set(findings)), count


def check_lab_file(text: str, path: str, source_path: str | None = None, disabled: frozenset[str] = NONE_DISABLED) -> list[Finding]:
    """Findings of a lab file shown as ``path``; ``source_path`` is where it is on disk (default: ``path``)."""
    kind = kind_of_file(path)
    if kind is None:
        return []
    too_big = oversized(text.count("\n") + (not text.endswith("\n")), len(text.encode("utf-8")), "lab file")
    if too_big:
        return [ck007_oversized_source.RULE.finding(path, 1, 1, too_big)]
    lines = [SourceLine(t, path, n) for n, t in enumerate(text.splitlines(), start=1)]
    artifact = Artifact(kind.name, lines, path, 1, None, True, source_path=os.path.abspath(source_path or path))
    return sorted(set(check_artifact(artifact, disabled)))


def links_outside(paths: Iterable[str], repo_root: str, disabled: frozenset[str] = NONE_DISABLED) -> list[Finding]:
    """CK008 for every symlink under ``paths`` that resolves outside ``repo_root``, CK013 for one
    whose target is missing or that loops (it would silently drop out of the site and downloads)."""
    found: list[Finding] = []
    broken, outside = ck013_broken_symlink.RULE, ck008_link_outside_repository.RULE

    def check(p: str) -> None:
        if broken.code not in disabled:
            found.extend(broken.check(p, repo_root))
        found.extend(outside.check(p, repo_root))

    for p in paths:
        check(p)
        for dirpath, dirnames, filenames in _walk(p) if os.path.isdir(p) and not os.path.islink(p) else ():
            for name in sorted(dirnames + filenames):
                check(os.path.join(dirpath, name))
    return found


def _walk(folder: str) -> Iterable[tuple[str, list[str], list[str]]]:
    """``os.walk`` of a folder without hidden folders, node_modules, caches and built sites, sorted."""
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in ("node_modules", "__pycache__", "site"))
        yield dirpath, dirnames, sorted(filenames)


def iter_paths(paths: Iterable[str]) -> Iterable[str]:
    """Files to check under ``paths``: Markdown pages and files a kind recognises."""
    for p in paths:
        if os.path.isdir(p):
            for dirpath, dirnames, filenames in _walk(p):
                for name in dirnames:
                    if name.endswith(".md"):
                        yield os.path.join(dirpath, name)  # a page that is a folder: read_text reports it
                for name in filenames:
                    full = os.path.join(dirpath, name)
                    if name.endswith(".md") or kind_of_file(full):
                        yield full
        else:
            yield p


def look_alikes(paths: Iterable[str]) -> list[tuple[str, str]]:
    """(file, why) of the files under the folders in ``paths`` whose names look like a Containerfile
    or compose file but are not checked as one (``Dockerfile.template``, ``dockerfile.min.js``)."""
    found = []
    for p in paths:
        for dirpath, _dirnames, filenames in _walk(p) if os.path.isdir(p) else ():
            found.extend((os.path.join(dirpath, name), why) for name in filenames if (why := skip_reason(name)))
    return found


def check_paths(paths: Iterable[str], repo_root: str | None = None, disabled: frozenset[str] = NONE_DISABLED) -> Report:
    paths = list(paths)
    report = Report()
    report.findings.extend(links_outside(paths, repo_root or ".", disabled))
    for path in iter_paths(paths):
        if is_outside_link(path, repo_root or "."):
            continue  # refused above (CK008); never read what it points to
        shown = os.path.relpath(path, repo_root) if repo_root and os.path.isabs(path) else os.path.normpath(path)
        text, problem = read_text(path, shown)
        report.files_checked += 1
        if problem:
            report.findings.append(problem)
            continue
        if path.endswith(".md"):
            found, n = check_markdown(text, shown, repo_root or ".", disabled)
            report.artifacts_checked += n
        else:
            found = check_lab_file(text, shown, path, disabled)
            report.artifacts_checked += 1
        report.findings.extend(found)
    # A lab file shown on a page by a snippet is checked twice: report each finding once.
    report.findings = sorted(set(report.findings))
    return report
