"""How many Containerfile blocks per second the checker validates, and where the time goes.

``containerfile_blocks_per_second()`` is the number ``nox -s bench`` reports
(target: at least 2,000 blocks/s); ``course_validation_share()`` measures the
share of a full validation pass over the course sources (docs/ and exercises/,
every kind) in wall time, to compare with the build.  Run this file directly
for the breakdown (BuildKit parse, our parser layer, rules)::

    python benchmarks/bench_validation.py            # add --build for the share of a real build

The blocks are the valid Containerfile corpus of the tests (24 files, 4 to 19
lines, heredocs, multi-stage, Windows) checked as Markdown code blocks through
the same path as ``mkdocs build`` (rules + annotations), not as files on disk.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from coursekit.markdown.blocks import SourceLine  # noqa: E402
from coursekit.site import validation as site_validation  # noqa: E402
from coursekit.validation import checker  # noqa: E402
from coursekit.validation.containerfile import checks as containerfile_checks  # noqa: E402
from coursekit.validation.containerfile import parser as containerfile_parser  # noqa: E402

CORPUS = REPO / "tests" / "data" / "containerfiles" / "valid"


def corpus_blocks() -> list[checker.Artifact]:
    blocks = []
    for path in sorted(CORPUS.glob("*")):
        rel = f"docs/bench/{path.stem}.md"
        lines = [SourceLine(text, rel, n + 10) for n, text in enumerate(path.read_text(encoding="utf-8").splitlines())]
        blocks.append(checker.Artifact(containerfile_checks.KIND, lines, rel, 9, None, False, "dockerfile", "Containerfile"))
    return blocks


def _rate(func, items, seconds: float) -> float:
    """Items per second of ``func`` over ``items``, median of several rounds."""
    for item in items:
        func(item)
    rates = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline or len(rates) < 3:
        start = time.perf_counter()
        for item in items:
            func(item)
        rates.append(len(items) / (time.perf_counter() - start))
    return statistics.median(rates)


def containerfile_blocks_per_second(seconds: float = 2.0) -> float:
    """Full check (parse, every Containerfile rule, annotations) of Containerfile blocks per second."""
    os.environ.setdefault("COURSE_CHECK_DATE", "2026-11-28")
    return _rate(checker.check_artifact, corpus_blocks(), seconds)


def course_validation_seconds(root: Path = REPO) -> tuple[float, float, int]:
    """(cold seconds, cached seconds, files) of the hook's validation pass over the course."""
    validator = site_validation.SiteValidator(str(root))
    folders = [str(root / "docs"), str(root / "exercises")]
    start = time.perf_counter()
    result = validator.validate(folders)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    validator.validate(folders)
    return cold, time.perf_counter() - start, result.files_checked


_CPU_PROBE = """
import importlib, re, sys, time
from pathlib import Path
root = Path(sys.argv[1])
# What the build's parent process has imported before it forks the worker (the hooks' own imports)
# costs the worker nothing: import it before the clock starts.
import mkdocs.commands.build, material, pymdownx
for hook in sorted((root / "hooks").glob("*.py")):
    for name in re.findall(r"^(?:from|import) (coursekit[.\\w]*)", hook.read_text(), re.MULTILINE):
        importlib.import_module(name)
from coursekit.validation import checker  # noqa: E402
from coursekit.site import validation as site_validation  # noqa: E402
start = time.process_time()

imported = time.process_time()
site_validation.SiteValidator(str(root)).validate([str(root / "docs"), str(root / "exercises")])
print(imported - start, time.process_time() - imported)
"""


def validation_cpu_seconds(root: Path = REPO) -> tuple[float, float]:
    """(imports, checks) CPU seconds of one cold validation pass over the course, as the build's worker runs it.

    This is what the build's forked worker costs in CPU when nothing is cached: it runs
    beside the render, so it hardly adds wall time on a free core, but on a busy or
    single-core machine it would.
    """
    import subprocess

    env = dict(os.environ, COURSE_CHECK_DATE=os.environ.get("COURSE_CHECK_DATE", "2026-11-28"))
    proc = subprocess.run([sys.executable, "-c", _CPU_PROBE, str(root)], cwd=root, env=env, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise RuntimeError(f"the validation probe failed:\n{proc.stderr[-2000:]}")
    imports, checks = (float(x) for x in proc.stdout.split()[-2:])
    return imports, checks


def build_share(root: Path = REPO) -> tuple[float, float]:
    """(validation ms, build seconds) of one real ``mkdocs build`` of the course, from its log."""
    import re
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as site:
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-d", site], cwd=root, env=env, capture_output=True, text=True, timeout=600)
    log = proc.stderr + proc.stdout
    checked = re.search(r"course-check: \d+ files checked .* in (\d+) ms", log)
    built = re.search(r"Documentation built in ([\d.]+) seconds", log)
    if proc.returncode != 0 or not checked or not built:
        raise RuntimeError(f"the course build failed or logged no timings:\n{log[-2000:]}")
    return float(checked.group(1)), float(built.group(1))


def breakdown(seconds: float = 1.0) -> dict[str, float]:
    """Blocks per second of each stage: Go parse only, parser layer, full check."""
    import dockerfile

    blocks = corpus_blocks()
    texts = [b.text for b in blocks]
    return {
        "BuildKit Go parser (dockerfile.parse_string)": _rate(dockerfile.parse_string, texts, seconds),
        "parser layer (containerfile_parser.parse)": _rate(containerfile_parser.parse, texts, seconds),
        "full check (parse + rules + annotations)": containerfile_blocks_per_second(seconds),
    }


if __name__ == "__main__":
    for name, rate in breakdown().items():
        print(f"{rate:10.0f} blocks/s  {name}")
    cold, warm, files = course_validation_seconds()
    print(f"course sources: {files} files validated in {cold * 1000:.0f} ms (cold), {warm * 1000:.0f} ms with the content cache")
    if "--build" in sys.argv:
        ms, seconds = build_share()
        print(f"mkdocs build: validation {ms:.0f} ms of {seconds:.2f} s = {ms / 10 / seconds:.1f} % of the build")
