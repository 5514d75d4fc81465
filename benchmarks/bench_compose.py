"""How many compose blocks per second the checker validates, and where the time goes.

``compose_blocks_per_second()`` is the number ``nox -s bench`` reports; run this file
directly for the breakdown (safe YAML loading, schema validation, compose rules)::

    python benchmarks/bench_compose.py

The blocks are the valid compose corpus of the tests (18 files, 6 to 45 lines),
checked as Markdown code blocks, i.e. without looking at lab files on disk.
"""

from __future__ import annotations

import statistics
import sys
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from coursekit.markdown.blocks import SourceLine  # noqa: E402
from coursekit.validation.checker import Artifact  # noqa: E402
from coursekit.validation.compose import checks as compose_checks  # noqa: E402
from coursekit.validation.compose import safe_yaml  # noqa: E402
from coursekit.validation.compose import schema as compose_schema  # noqa: E402
from coursekit.validation.compose.context import ComposeContext  # noqa: E402
from coursekit.validation.compose.rules import DOCUMENT_RULES  # noqa: E402

sys.path.insert(0, str(Path(__file__).parent))
from bench_validation import _rate  # noqa: E402  (one timing loop for both validators)

CORPUS = REPO / "tests" / "data" / "compose" / "valid"
TODAY = date(2026, 11, 28)


def corpus_blocks() -> list[Artifact]:
    blocks = []
    for path in sorted(CORPUS.glob("*/compose.yaml")):
        rel = f"docs/bench/{path.parent.name}.md"
        lines = [SourceLine(text, rel, n + 10) for n, text in enumerate(path.read_text(encoding="utf-8").splitlines())]
        blocks.append(Artifact("compose", lines, rel, 9, None, False, "yaml", "compose.yaml"))
    return blocks


def compose_blocks_per_second(seconds: float = 2.0) -> float:
    """Full check (YAML, schema, rules) of compose blocks per second."""
    blocks = corpus_blocks()
    return _rate(lambda a: list(compose_checks.check(a, today=TODAY)), blocks, seconds)


def breakdown(seconds: float = 1.0) -> dict[str, float]:
    blocks = corpus_blocks()
    texts = [a.text for a in blocks]
    docs = [safe_yaml.load(t) for t in texts]
    pairs = list(zip(blocks, docs, strict=True))

    def rules(pair):
        _artifact, doc = pair
        ctx = ComposeContext(doc, today=TODAY)
        for rule in DOCUMENT_RULES[2:]:  # beyond the schema (CO004, CO005)
            list(rule.check(ctx))

    return {
        "full check": compose_blocks_per_second(seconds),
        "safe YAML load": _rate(safe_yaml.load, texts, seconds),
        "schema validation": _rate(lambda d: compose_schema.validate(d.data), docs, seconds),
        "schema, Python only": _rate(lambda d: list(compose_schema._validator().iter_errors(d.data)), docs, seconds),
        "compose rules": _rate(rules, pairs, seconds),
    }


def main() -> int:
    blocks = corpus_blocks()
    lines = [len(a.lines) for a in blocks]
    print(f"{len(blocks)} compose blocks, {min(lines)}-{max(lines)} lines (median {statistics.median(lines):.0f})")
    print(f"schema: {compose_schema.schema_info().describe()}")
    results = breakdown()
    for name, rate in results.items():
        print(f"  {name:<20} {rate:10.0f} blocks/s   {1000 / rate:6.3f} ms/block")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
