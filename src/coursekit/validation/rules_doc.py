"""The rule reference of the authors' handbook, generated from the rule registry: one page
per rule, ruff-style (what it does, why, an example that fires, the fixed version), and an
index of every rule by kind.

``handbook/hooks/rule_reference.py`` adds these pages to the handbook at build time; they
are never committed, so they cannot drift from the registry (``tests/test_handbook.py``
builds the handbook and finds one page per registered rule).  Without MkDocs:

    python -m coursekit.validation.rules_doc              # the index (Markdown) on stdout
    python -m coursekit.validation.rules_doc --rule CF100 # one rule's page
"""

from __future__ import annotations

import argparse
import re
import sys

from coursekit.validation.registry import REGISTRY
from coursekit.validation.rules import Rule

#: Folder of the rule pages inside the handbook's docs.
RULES_DIR = "rules"

#: Headings per kind, in the order they appear; unknown kinds follow alphabetically.
KIND_TITLES = {
    "containerfile": "Containerfiles",
    "compose": "Compose files",
    "shell": "Docker commands",
    "command": "Docker commands",
    "book": "Exercise-book conventions",
    "deck": "Slide decks (module pages)",
    "markdown": "Code blocks and annotations (the checker itself)",
}

#: How a rule's example and fixed version are highlighted: as the file the checker reads
#: for that kind (Containerfile, compose file); the other kinds' examples are Markdown pages.
EXAMPLE_LANGUAGES = {"containerfile": "dockerfile", "compose": "yaml"}

#: Examples that stand for a named file (``Rule.example_path``), by the end of its name;
#: ``"sh"`` means shell commands that set the situation up (a symlink, bytes that are not text).
LANGUAGES_BY_NAME = (
    ("sh", "sh"),
    (".sh", "sh"),
    (".md", "markdown"),
    (".yaml", "yaml"),
    (".yml", "yaml"),
    ("ockerfile", "dockerfile"),
    ("ontainerfile", "dockerfile"),
)

SCOPES = {
    "instruction": "instruction (also runs on fragments)",
    "file": "file (needs a whole file: skipped for fragments)",
}


def _kind_order(kind: str) -> tuple[int, str]:
    keys = list(KIND_TITLES)
    return (keys.index(kind) if kind in keys else len(keys), kind)


def kind_title(kind: str) -> str:
    return KIND_TITLES.get(kind, kind.capitalize())


def rules_by_kind() -> dict[str, list[Rule]]:
    grouped: dict[str, list[Rule]] = {}
    for rule in REGISTRY:
        grouped.setdefault(rule.kind, []).append(rule)
    return {k: sorted(grouped[k], key=lambda r: r.code) for k in sorted(grouped, key=_kind_order)}


def page_uri(rule: Rule) -> str:
    """The rule's page inside the handbook's docs folder."""
    return f"{RULES_DIR}/{rule.code}.md"


_CODE_SPAN = re.compile(r"(`+).+?(?<!`)\1(?!`)", re.DOTALL)


def _prose(text: str) -> str:
    """Markdown prose as written, except that a ``<`` outside code spans is text, not a tag
    (rationales mention exercises/<id>/files)."""
    out, end = [], 0
    for span in _CODE_SPAN.finditer(text):
        out += [text[end : span.start()].replace("<", "&lt;"), span.group(0)]
        end = span.end()
    out.append(text[end:].replace("<", "&lt;"))
    return "".join(out).strip()


def _cell(text: str) -> str:
    return _prose(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _code_span(text: str) -> str:
    """``text`` as inline code, whatever backticks it contains."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    ticks = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or longest else ""
    return f"{ticks}{pad}{text}{pad}{ticks}"


def _fence(text: str, language: str) -> str:
    """``text`` as a fenced block, longer than any backtick fence inside it (Markdown examples)."""
    longest = max((len(run) for run in re.findall(r"^\s*(`{3,})", text, re.MULTILINE)), default=2)
    ticks = "`" * (longest + 1)
    return f"{ticks}{language}\n{text.rstrip()}\n{ticks}"


def _composed(rule: Rule) -> bool:
    """The whole message is written by the check (``{detail}``): nothing to show in advance."""
    return rule.message.strip() == "{detail}"


def _message(rule: Rule) -> str:
    if _composed(rule):
        return "a message the check composes from what it found (see *Why*)."
    filled = " (`{...}` is filled in by the check)" if "{" in rule.message else ""
    return f"{_code_span(rule.message)}{filled}"


def _example_path(rule: Rule) -> str:
    return getattr(rule, "example_path", "") or ""


def _example_language(rule: Rule) -> str:
    path = _example_path(rule)
    for end, language in LANGUAGES_BY_NAME:
        if path.endswith(end):
            return language
    return EXAMPLE_LANGUAGES.get(rule.kind, "markdown")


def _example_fence(text: str, rule: Rule) -> str:
    path = _example_path(rule)
    title = f' title="{path}"' if path and path != "sh" else ""
    return _fence(text, _example_language(rule) + title)


def render_rule_page(rule: Rule) -> str:
    """One rule's page: code, name, severity, kind, scope; message; rationale; example and fix."""
    lines = [
        f"# {rule.code} {rule.name}",
        "",
        f"**{rule.severity}** · {kind_title(rule.kind)} · scope: {SCOPES.get(rule.scope, rule.scope)}",
        "",
        "## What it does",
        "",
        f"Reports: {_message(rule)}",
        "",
        "## Why",
        "",
        _prose(rule.rationale),
        "",
    ]
    # `example` and `fixed` are optional: a rule without them still gets its page.
    example, fixed = getattr(rule, "example", None), getattr(rule, "fixed", None)
    setup = " (commands that set the situation up)" if _example_path(rule) == "sh" else ""
    if example:
        lines += ["## Example", "", f"This fires{setup}:", "", _example_fence(example, rule), ""]
    if fixed:
        lines += ["## Use instead", "", f"This is silent{setup}:", "", _example_fence(fixed, rule), ""]
    lines += [
        "## Code and name",
        "",
        f"`{rule.code}` and `{rule.name}` are interchangeable in annotations (`expect`, `ignore`) and in "
        "`extra.course.checks.disable`: see [Annotations and snippets](../annotations.md).",
        "",
        "[All rules by kind](index.md)",
        "",
    ]
    return "\n".join(lines)


def render_index_tables() -> str:
    """Every rule by kind, each code linking to its page (for ``rules/index.md``)."""
    parts = []
    for kind, rules in rules_by_kind().items():
        parts += [f"## {kind_title(kind)} ({len(rules)} rules)", "", "| code | name | severity | message |", "| --- | --- | --- | --- |"]
        parts += [f"| [{r.code}]({r.code}.md) | {r.name} | {r.severity} | {'(composed by the check)' if _composed(r) else _cell(r.message)} |" for r in rules]
        parts.append("")
    return "\n".join(parts)


def rule_pages() -> dict[str, str]:
    """``{uri: markdown}`` for every registered rule."""
    return {page_uri(rule): render_rule_page(rule) for rules in rules_by_kind().values() for rule in rules}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coursekit.validation.rules_doc", description=__doc__.splitlines()[0])
    parser.add_argument("--rule", metavar="CODE", help="print this rule's page (code or name) instead of the index")
    args = parser.parse_args(argv)
    if args.rule is None:
        sys.stdout.write(render_index_tables())
        return 0
    rule = REGISTRY.get(args.rule)
    if rule is None:
        print(f"unknown rule '{args.rule}'", file=sys.stderr)
        return 2
    sys.stdout.write(render_rule_page(rule))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
