"""One in-process ``mkdocs build`` with every event handler timed (run in a child process by bench.py).

    python benchmarks/build_driver.py CONFIG SITE_DIR [--strict|--no-strict]

Prints one JSON object: the build's wall time (``load_config`` + ``build``, as
``mkdocs build`` runs them), seconds spent in each hook file and plugin (every
callable registered in ``config.plugins.events`` is wrapped and attributed to its
module), the lab-archive part of the book hook, and the number of pages built.
With ``BENCH_EVENTS=1`` a hook's seconds are split per event (``hook:deck:on_page_content``).
"""

from __future__ import annotations

import collections
import json
import os
import re
import resource
import sys
import time

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


def _label(fn) -> str:
    owner = getattr(fn, "__self__", None)
    if owner is not None:  # a plugin's bound method
        return f"plugin:{type(owner).__module__.split('.')[0]}.{type(owner).__name__}"
    module = getattr(fn, "__module__", "") or ""
    if module.endswith(".py"):  # MkDocs names hook modules by their path, e.g. "hooks/deck.py"
        return "hook:" + os.path.basename(module)[:-3] + (":" + fn.__name__ if os.environ.get("BENCH_EVENTS") else "")
    return module or repr(fn)


def _timed(fn, label: str, totals: dict, calls: dict):
    def wrapper(*args, **kwargs):
        start = time.perf_counter()
        try:
            return fn(*args, **kwargs)
        finally:
            totals[label] += time.perf_counter() - start
            calls[label] += 1

    wrapper.__name__ = getattr(fn, "__name__", "handler")
    return wrapper


def main(argv: list[str]) -> int:
    config_file, site_dir = argv[0], argv[1]
    strict = None if len(argv) < 3 else argv[2] == "--strict"
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    # The validation hook logs the time of its pass; in a build on Linux the pass runs in a
    # forked worker in parallel with the render, so that time is not inside the hook's handlers.
    worker = {"seconds": 0.0}

    class _ValidationLog(logging.Handler):
        def emit(self, record):
            m = re.search(r"course-check: \d+ files checked .* in (\d+) ms in a background process", record.getMessage())
            if m:
                worker["seconds"] += int(m.group(1)) / 1000

    logging.getLogger("mkdocs").addHandler(_ValidationLog(logging.INFO))
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    totals: dict[str, float] = collections.defaultdict(float)
    calls: dict[str, int] = collections.defaultdict(int)
    start = time.perf_counter()
    kwargs = {"config_file": config_file, "site_dir": site_dir}
    if strict is not None:
        kwargs["strict"] = strict
    config = load_config(**kwargs)
    for handlers in config.plugins.events.values():
        handlers[:] = [_timed(h, _label(h), totals, calls) for h in handlers]

    # The archives are made inside the book hook's on_files: time them on their own.
    archives = {"seconds": 0.0}
    try:
        import coursekit.book.lab_archives as lab_archives
    except ImportError:
        lab_archives = None
    if lab_archives is not None:
        original = lab_archives.build_archives

        def build_archives(*a, **k):
            t = time.perf_counter()
            try:
                return original(*a, **k)
            finally:
                archives["seconds"] += time.perf_counter() - t

        lab_archives.build_archives = build_archives

    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    wall = time.perf_counter() - start
    # CPU of this process and of its reaped children (the forked validation worker): what the build costs
    # on a machine with no spare core.
    cpu = sum(u.ru_utime + u.ru_stime for u in (resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)))
    pages = sum(1 for _dirpath, _dirs, files in os.walk(site_dir) for f in files if f.endswith(".html"))
    print(
        json.dumps(
            {
                "seconds": wall,
                "cpu_seconds": cpu,
                "handlers": dict(totals),
                "calls": dict(calls),
                "archives": archives["seconds"],
                "validation_worker": worker["seconds"],
                "html_files": pages,
            }
        )
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
