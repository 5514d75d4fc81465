"""Containerfile rules: the ``containerfile`` kind of the checker.

What counts as a Containerfile: fenced blocks whose language is ``dockerfile``
or ``containerfile`` (any case) or whose ``title`` names one (``Dockerfile``,
``Containerfile``, ``*.Dockerfile``, ``Dockerfile.*`` ...), and lab files with
those names.  Every rule is registered in :data:`coursekit.rules.REGISTRY` with
a stable code: hadolint's ``DLxxxx`` where the rule is the same as hadolint's,
else ``CFxxx``; names follow Docker's build checks (``docker build --check``)
where they overlap.

Severity policy: **error** for what ``docker build`` rejects and for what cannot
be meant (a recipe that fails or silently does something else: malformed exec
form, a typo in ``COPY --from``, an end-of-life base image taught to trainees,
``apt-get install`` that aborts without ``-y``); **warning** for style and
best practice a reviewer should see but that builds and works (Docker's own
build checks are warnings too).

Annotations (see the handbook, handbook/docs/annotations.md): ``fragment`` runs only rules of scope
``instruction``; ``placeholders`` allows ``<src>``/``<base image>`` and ``...``;
``expect``/``ignore`` are applied by the checker.  A ``# check=skip=Name``
directive skips warnings as ``docker build --check`` does; ``error=true``
turns warnings of Docker's own checks into errors.
"""

from __future__ import annotations

import re

from coursekit.markdown.blocks import Annotation, CodeBlock, parse_annotation
from coursekit.validation.artifact import Artifact, Kind
from coursekit.validation.containerfile import parser as cfp
from coursekit.validation.containerfile.context import KIND, Context, build_stages, mask_placeholders, today
from coursekit.validation.containerfile.rules import RULES
from coursekit.validation.file_names import is_containerfile_name
from coursekit.validation.findings import Finding, Severity

# ---------------------------------------------------------------------------
# Classification


def block_matches(block: CodeBlock) -> bool:
    # "docker" is a Pygments alias of the Dockerfile lexer: such a fence renders (and is checked) as a Containerfile.
    return block.lang in ("dockerfile", "docker", "containerfile") or (bool(block.title) and is_containerfile_name(block.title))


# ---------------------------------------------------------------------------
# The kind

_BY_CODE = {rule.code: rule for rule in RULES}

#: Docker's own build-check names (``# check=error=true`` turns these into errors).
DOCKER_CHECKS = frozenset(
    n.lower()
    for n in (
        "NoEmptyContinuation",
        "ConsistentInstructionCasing",
        "FromAsCasing",
        "StageNameCasing",
        "ReservedStageName",
        "WorkdirRelativePath",
        "MultipleInstructionsDisallowed",
        "LegacyKeyValueFormat",
        "SecretsUsedInArgOrEnv",
        "RedundantTargetPlatform",
        "FromPlatformFlagConstDisallowed",
        "ExposeProtoCasing",
        "ExposeInvalidFormat",
        "JSONArgsRecommended",
        "MaintainerDeprecated",
        "DuplicateStageName",
        "UndefinedArgInFrom",
        "InvalidDefaultArgInFrom",
        "UndefinedVar",
        "CopyIgnoredFile",
    )
)


_FILE_ANNOTATION = re.compile(r"^\s*#\s*course-check:\s*(?P<body>.*?)\s*$")


def file_annotation(artifact: Artifact) -> Annotation | None:
    """A ``# course-check: ...`` comment among a Containerfile's leading comments annotates the file itself.

    Lab files have no Markdown around them; the same comment also works when the
    file is shown through a snippet (a block's own annotation takes precedence).
    """
    leading: list = []
    for src in artifact.lines[:40]:
        if src.text.strip() and not src.text.lstrip().startswith("#"):
            break
        leading.append(src)
    for src in leading:
        m = _FILE_ANNOTATION.match(src.text)
        if m:
            ann = parse_annotation(m.group("body"), src.path, src.line)
            # The comment stays in the file trainees see (page, print page, search, download: what they run
            # is exactly what was checked), so the file must say what it is.
            if not any("course-check" in o.text and not _FILE_ANNOTATION.match(o.text) for o in leading):
                ann.problems.append(
                    "a '# course-check:' comment is shown to trainees (page, print page, search, download): explain it in a comment "
                    "above it, e.g. '# The course-check line below is a marker for the course's own checker; Docker ignores it.'"
                )
            return ann
    return None


def check(artifact: Artifact) -> list[Finding]:
    """All Containerfile findings of one artefact (annotations, the block's or the file's own, are applied by the checker)."""
    text = artifact.text
    placeholders = artifact.placeholders
    if placeholders:
        text = mask_placeholders(text)
    parsed = cfp.parse(text)
    ctx = Context(artifact, parsed, artifact.fragment, placeholders, today())
    build_stages(ctx)
    findings: list[Finding] = []
    for rule in RULES:
        if rule.scope == "file" and ctx.fragment:
            continue
        findings.extend(rule.check(ctx))
    if parsed.check_skip or parsed.check_error:
        findings = _apply_check_directive(findings, parsed)
    return findings


def _apply_check_directive(findings: list[Finding], parsed: cfp.ParsedContainerfile) -> list[Finding]:
    out = []
    for f in findings:
        rule = _BY_CODE.get(f.code)
        if f.severity is Severity.WARNING and rule is not None:
            if "all" in parsed.check_skip or rule.name.lower() in parsed.check_skip or rule.code.lower() in parsed.check_skip:
                continue
            if parsed.check_error and rule.name.lower() in DOCKER_CHECKS:
                f = Finding(f.path, f.line, f.column, Severity.ERROR, f.code, f.message)
        out.append(f)
    return out


KIND_SPEC = Kind(KIND, block_matches, is_containerfile_name, check, file_annotation=file_annotation)
