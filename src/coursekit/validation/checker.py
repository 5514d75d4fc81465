"""The one checker: finds artefacts (code blocks, lab files), runs the registered
checks of their kind, maps positions to real files and applies annotations.

Kinds plug in with :func:`register_kind` (a classifier for blocks, one for file
names, and a check function); see ``containerfile_checks`` and ``compose_checks``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from coursekit.markdown import blocks as markdown_blocks
from coursekit.markdown.blocks import Annotation, CodeBlock, SourceLine
from coursekit.validation.findings import Finding, Severity
from coursekit.validation.rules import REGISTRY

# ---------------------------------------------------------------------------
# Meta rules of the checker itself (code blocks, annotations, snippets).


def _meta(code, name, severity, message, rationale):
    REGISTRY.rule(code, name, "markdown", severity, message, rationale)(lambda *_: ())


_meta("CK001", "UnclosedFence", Severity.ERROR, "{detail}", "An unclosed fence swallows the rest of the page into one code block; nothing after it renders.")
_meta(
    "CK002", "MisplacedAnnotation", Severity.ERROR, "{detail}", "An annotation only applies to the fence right below it; a stray one silently checks nothing."
)
_meta(
    "CK003",
    "InvalidAnnotation",
    Severity.ERROR,
    "{detail}",
    "Annotations with unknown keywords or rule codes, or suppressions without a reason, hide problems instead of documenting them.",
)
_meta(
    "CK004", "InvalidSnippet", Severity.ERROR, "{detail}", "A snippet that is missing or points outside the repository would render an empty or foreign block."
)
_meta(
    "CK005",
    "ExpectedFindingMissing",
    Severity.ERROR,
    "expected finding {code} no longer occurs in this deliberate bad example",
    "A bad example that no longer shows its mistake teaches the wrong lesson; keep it bad or drop the expectation.",
)
_meta("CK006", "UnreadableSource", Severity.ERROR, "{detail}", "Pages must be UTF-8 text files; anything else cannot be rendered or checked.")
_meta(
    "CK007",
    "OversizedSource",
    Severity.ERROR,
    "{detail}",
    "A code block or lab file of thousands of lines is not course material (a pasted log or a generated file); it makes pages unreadable and the build slow.",
)
_meta(
    "CK008",
    "LinkOutsideRepository",
    Severity.ERROR,
    "{detail}",
    "A symlink that leaves the repository would publish whatever it points to on the build machine (a password file, a private key).",
)
_meta(
    "CK009",
    "InvalidCourseSource",
    Severity.ERROR,
    "{detail}",
    "The course manifest, module and exercise front matter and the exercise assignments must be consistent, or the site cannot be built.",
)
_meta(
    "CK012",
    "ModuleDurationTooShort",
    Severity.ERROR,
    "{detail}",
    "A module's duration includes its exercises and demos; one shorter than their sum is a contradiction the agenda would print as the plan "
    "(basics at 15 min with 43 min of labs), so the day overruns. An error, not a warning: the number is wrong, and the fix (raise it, move "
    "an exercise) is one line. A variant's 'durations' entry must likewise cover the exercises it keeps.",
)
_meta(
    "CK010",
    "UnclosedBlock",
    Severity.ERROR,
    "{detail}",
    "A '/// notes' (or columns, hint, solution, exercises, ...) block without its closing '///' swallows the rest of the page: the "
    "following slides disappear into the speaker notes and a trainee build drops them with the notes, while the build passes. A "
    "'#'/'##' topic inside a block, a closing line that closes an outer block first and a closing line without a block are the same mistake.",
)

_meta(
    "CK013",
    "BrokenSymlink",
    Severity.ERROR,
    "{detail}",
    "A symlink whose target is missing (or that loops) is silently left out of the site and of the lab downloads: the trainee gets a lab "
    "without that file. Replace it by the file, or fix the target.",
)

#: Largest code block / checked lab file: more is refused with CK007 before any check runs.
MAX_BLOCK_LINES = 1000
MAX_BLOCK_BYTES = 100_000


@dataclass
class Artifact:
    """A Containerfile, compose file or command block to check, with its line map."""

    kind: str
    lines: list[SourceLine]
    origin: str  # the Markdown page or lab file that holds it
    origin_line: int = 1
    annotation: Annotation | None = None
    is_file: bool = False
    lang: str = ""
    title: str = ""
    root: str = ""  # folder the (snippet) paths of ``lines`` are relative to; "" = current folder
    source_path: str = ""  # the lab file on disk (absolute), for checks of files beside it
    partial: bool = False  # shows part of a file (a snippet's line range or section): a fragment

    @property
    def text(self) -> str:
        return "".join(line.text + "\n" for line in self.lines)

    @property
    def fragment(self) -> bool:
        """Only instruction-level rules apply: marked ``fragment``, or a snippet showing part of a file."""
        return self.partial or bool(self.annotation and self.annotation.fragment)

    @property
    def placeholders(self) -> bool:
        return bool(self.annotation and self.annotation.placeholders)

    def position(self, local_line: int, local_col: int = 1) -> tuple[str, int, int]:
        """Map a 1-based line/column inside the artefact to its real file position."""
        if not self.lines:
            return self.origin, self.origin_line, 1
        idx = min(max(local_line, 1), len(self.lines)) - 1
        src = self.lines[idx]
        return src.path, src.line, src.column_offset + max(local_col, 1)

    def finding(self, code: str, local_line: int, local_col: int = 1, message: str | None = None, **fmt) -> Finding:
        rule = REGISTRY.get(code)
        if rule is None:
            raise KeyError(f"unregistered rule {code}")
        path, line, col = self.position(local_line, local_col)
        return Finding(path, line, col, rule.severity, rule.code, message if message is not None else rule.message.format(**fmt))


@dataclass
class Kind:
    name: str
    block_matches: Callable[[CodeBlock], bool]
    file_matches: Callable[[str], bool]
    check: Callable[[Artifact], Iterable[Finding]]
    priority: int = 0


KINDS: dict[str, Kind] = {}


def register_kind(kind: Kind) -> Kind:
    KINDS[kind.name] = kind
    return kind


#: Checks of a whole Markdown page, ``check(text, path, repo_root) -> findings`` (e.g. ``deck_lint``: slides).
PAGE_CHECKS: list[Callable[[str, str, str | None], Iterable[Finding]]] = []


def register_page_check(check: Callable[[str, str, str | None], Iterable[Finding]]) -> Callable:
    PAGE_CHECKS.append(check)
    return check


def _load_kinds() -> None:
    # Import for their registration side effect; optional until each lands.
    import importlib

    for module in (
        "coursekit.validation.containerfile.checks",
        "coursekit.validation.compose.checks",
        "coursekit.validation.commands.checks",
        "coursekit.book.conventions",
        "coursekit.course.lint",
        "coursekit.deck.lint",
    ):
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise


def kind_of_block(block: CodeBlock) -> Kind | None:
    for kind in sorted(KINDS.values(), key=lambda k: -k.priority):
        if kind.block_matches(block):
            return kind
    return None


def kinds_of_block(block: CodeBlock) -> list[Kind]:
    """Every kind that checks ``block``, highest priority first.

    Several kinds may check the same block: a console block gets the docker CLI
    rules (``command_checks``) and the exercise-book conventions (``book_conventions``).
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
    out: list[Finding] = []
    for problem in ann.problems:
        out.append(Finding(path, line, 1, Severity.ERROR, "CK003", problem))
    ignore = {}
    hadolint_ignore: set[str] = set()  # hadolint's own codes (DLxxxx, SCxxxx), reported as CF300
    for code_or_name, reason in ann.ignore.items():
        code = REGISTRY.resolve(code_or_name)
        if code is None and _HADOLINT_CODE.match(code_or_name):
            hadolint_ignore.add(code_or_name.upper())
        elif code is None:
            out.append(Finding(path, line, 1, Severity.ERROR, "CK003", f"annotation names unknown rule '{code_or_name}'"))
        else:
            ignore[code] = reason
    expect = []
    for code_or_name in ann.expect:
        code = REGISTRY.resolve(code_or_name)
        if code is None and _HADOLINT_CODE.match(code_or_name):
            out.append(
                Finding(
                    path,
                    line,
                    1,
                    Severity.ERROR,
                    "CK003",
                    f"'expect {code_or_name}': a hadolint code can only be ignored (hadolint is an optional engine, so its findings cannot be expected)",
                )
            )
        elif code is None:
            out.append(Finding(path, line, 1, Severity.ERROR, "CK003", f"annotation names unknown rule '{code_or_name}'"))
        else:
            expect.append(code)
    seen = {f.code for f in findings}
    for code in expect:
        if code not in seen:
            out.append(Finding(path, line, 1, Severity.ERROR, "CK005", REGISTRY.get("CK005").message.format(code=code)))
    out.extend(
        f for f in findings if f.code not in ignore and f.code not in expect and not (f.code == "CF300" and _hadolint_code(f.message) in hadolint_ignore)
    )
    return out


#: hadolint's own rule codes and ShellCheck's (its RUN checks): ignorable one by one in annotations.
_HADOLINT_CODE = re.compile(r"^(?:DL|SC)\d{4}$", re.IGNORECASE)


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
    if disable:  # resolving names needs every rule; without any, the kinds load when first used
        _load_kinds()
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


def check_block(artifact: Artifact, kinds: list[Kind], disabled: frozenset[str] = NONE_DISABLED) -> list[Finding]:
    """Run every kind's check on one block; the annotation applies to the merged findings."""
    import dataclasses

    findings: list[Finding] = []
    for kind in kinds:
        findings.extend(f for f in kind.check(dataclasses.replace(artifact, kind=kind.name)) if f.code not in disabled)
    return apply_annotation(artifact, findings)


def check_artifact(artifact: Artifact, disabled: frozenset[str] = NONE_DISABLED) -> list[Finding]:
    kind = KINDS[artifact.kind]
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
    _load_kinds()
    blocks, problems = markdown_blocks.extract_blocks(text, path, repo_root)
    findings: list[Finding] = []
    for p in problems:
        findings.append(Finding(path, p.line, 1, Severity.ERROR, p.code, p.message))
    for p in markdown_blocks.block_problems(text) if "CK010" not in disabled else ():
        findings.append(Finding(path, p.line, 1, Severity.ERROR, "CK010", p.message))
    for page_check in PAGE_CHECKS:
        findings.extend(f for f in page_check(text, path, repo_root) if f.code not in disabled)
    count = 0
    for block in blocks:
        for where, line, code, message in block.snippet_problems:
            if code not in disabled:
                findings.append(Finding(where or path, line, 1, Severity.ERROR, code, message))
        too_big = oversized(len(block.lines), sum(len(line.text) + 1 for line in block.lines), "code block")
        if too_big:
            findings.append(Finding(path, block.fence_line, 1, Severity.ERROR, "CK007", too_big))
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
    _load_kinds()
    kind = kind_of_file(path)
    if kind is None:
        return []
    too_big = oversized(text.count("\n") + (not text.endswith("\n")), len(text.encode("utf-8")), "lab file")
    if too_big:
        return [Finding(path, 1, 1, Severity.ERROR, "CK007", too_big)]
    lines = [SourceLine(t, path, n) for n, t in enumerate(text.splitlines(), start=1)]
    artifact = Artifact(kind.name, lines, path, 1, None, True, source_path=os.path.abspath(source_path or path))
    return sorted(set(check_artifact(artifact, disabled)))


def oversized(lines: int, size: int, what: str) -> str:
    """The CK007 message when a block or lab file is too large to be course material, else ''."""
    if lines > MAX_BLOCK_LINES:
        return f"{what} of {lines} lines is too large for the course (limit {MAX_BLOCK_LINES} lines): shorten it or link to the full file"
    if size > MAX_BLOCK_BYTES:
        return f"{what} of {size // 1000} kB is too large for the course (limit {MAX_BLOCK_BYTES // 1000} kB): shorten it or link to the full file"
    return ""


def is_outside_link(path: str, repo_root: str) -> bool:
    """True for a symlink that resolves outside ``repo_root``."""
    if not os.path.islink(path):
        return False
    root = os.path.realpath(repo_root)
    return os.path.commonpath([os.path.realpath(path), root]) != root


def links_outside(paths: Iterable[str], repo_root: str, disabled: frozenset[str] = NONE_DISABLED) -> list[Finding]:
    """CK008 for every symlink under ``paths`` that resolves outside ``repo_root``, CK013 for one
    whose target is missing or that loops (it would silently drop out of the site and downloads)."""
    found: list[Finding] = []

    def check(p: str) -> None:
        if os.path.islink(p) and not os.path.exists(p) and "CK013" not in disabled and not is_outside_link(p, repo_root):
            shown = os.path.relpath(os.path.abspath(p), os.path.abspath(repo_root)).replace(os.sep, "/")
            target = os.readlink(p)
            found.append(
                Finding(
                    shown,
                    1,
                    1,
                    Severity.ERROR,
                    "CK013",
                    f"is a symlink to '{target}', which does not exist or loops: it would be left out of the site and the lab downloads",
                )
            )
            return
        if is_outside_link(p, repo_root):
            real = os.path.realpath(p)
            shown = os.path.relpath(os.path.abspath(p), os.path.abspath(repo_root)).replace(os.sep, "/")
            found.append(
                Finding(
                    shown, 1, 1, Severity.ERROR, "CK008", f"is a symlink to {real}, outside the repository: refused (copy the file into the course instead)"
                )
            )

    for p in paths:
        check(p)
        if os.path.isdir(p) and not os.path.islink(p):
            for dirpath, dirnames, filenames in os.walk(p):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in ("node_modules", "__pycache__", "site"))
                for name in sorted(dirnames + filenames):
                    check(os.path.join(dirpath, name))
    return found


def read_text(path: str, shown: str) -> tuple[str | None, Finding | None]:
    if os.path.isdir(path):
        return None, Finding(shown, 1, 1, Severity.ERROR, "CK006", "is a folder, not a file")
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        return None, Finding(shown, 1, 1, Severity.ERROR, "CK006", f"cannot be read: {exc.strerror}")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, Finding(shown, line, 1, Severity.ERROR, "CK006", f"is not valid UTF-8 (byte 0x{data[exc.start]:02x})")


def iter_paths(paths: Iterable[str]) -> Iterable[str]:
    """Files to check under ``paths``: Markdown pages and files a kind recognises."""
    _load_kinds()
    for p in paths:
        if os.path.isdir(p):
            for dirpath, dirnames, filenames in os.walk(p):
                dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in ("node_modules", "__pycache__", "site"))
                for name in dirnames:
                    if name.endswith(".md"):
                        yield os.path.join(dirpath, name)  # a page that is a folder: read_text reports it
                for name in sorted(filenames):
                    full = os.path.join(dirpath, name)
                    if name.endswith(".md") or kind_of_file(full):
                        yield full
        else:
            yield p


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
