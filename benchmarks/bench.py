"""``nox -s bench``: what the course costs to build and serve, measured in one run.

Everything is measured on this machine in this run, so ratios compare like with
like; each figure is the median of several runs (``--runs``, default 5) because
a shared 2-core machine is noisy.  One untimed build of each project comes first and
bytecode writing is on, so the timed builds load the course's own modules from .pyc
files as MkDocs and Material do (not from source, as under PYTHONDONTWRITEBYTECODE).

* clean build of the course (all hooks) vs. the same Markdown built by plain
  MkDocs + Material without the project's hooks (a generated project: docs/ plus
  exercises/ under docs/exercises/, no ``hooks:``, strict off) -- target <= 1.25x (issue 14);
* share of the build spent in each hook and plugin (every registered event
  handler timed, see ``build_driver.py``) -- validation target < 5 %; judged
  twice: on wall time (the validation runs in a forked worker beside the render,
  so the build waits for it only at the end) and on CPU (a cold validation pass,
  imports included, against the build's CPU: what it would cost with no spare core);
* CPU ratio course / plain next to the wall ratio (``getrusage``, worker included);
* ``mkdocs serve``: from saving a module page to the rebuilt page being served
  (full and dirty rebuilds) -- target <= 1 s;
* scaling: a synthetic course with 10x the modules and exercises -- target <= 11x;
* validator throughput (Containerfile and compose blocks/s) and the peak memory
  (ru_maxrss) of each build process.

Results: a table on stdout and ``bench-results/bench.json``.

    python benchmarks/bench.py [--runs N] [--scale 10] [--skip-serve] [--skip-scale]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DRIVER = Path(__file__).with_name("build_driver.py")
# Bytecode written as on any machine after its first build: with PYTHONDONTWRITEBYTECODE (set in
# some CI and sandbox shells) every course build would recompile coursekit and the hooks from source,
# while MkDocs and Material load the .pyc files pip wrote, and the ratio would measure the compiler.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"NO_MKDOCS_2_WARNING": "1"}
TARGETS = {"build_ratio": 1.25, "validation_share": 0.05, "serve_seconds": 1.0, "scale_ratio": 11.0}


# -- projects ------------------------------------------------------------------------------


def copy_project(dest: Path) -> Path:
    """A copy of the course sources (node_modules linked)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "docs", "exercises", "hooks", "overrides"):
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dest / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(src, dest / name)
    (dest / "node_modules").symlink_to(REPO / "node_modules")
    return dest


def baseline_project(dest: Path) -> Path:
    """The same Markdown for plain MkDocs + Material: docs/ with exercises/ inside, no hooks, strict off."""
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "docs", dest / "docs")
    shutil.copytree(REPO / "exercises", dest / "docs" / "exercises", ignore=shutil.ignore_patterns("__pycache__", ".*"))
    shutil.copytree(REPO / "overrides", dest / "overrides")
    yml = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    yml = re.sub(r"^hooks:\n(?:[ \t]+.*\n|\n)*", "", yml, flags=re.MULTILINE)
    yml = re.sub(r"^watch:\n(?:[ \t]+.*\n)*", "", yml, flags=re.MULTILINE)
    yml = re.sub(r"^strict: true", "strict: false", yml, flags=re.MULTILINE)
    # Without the hook, snippets resolve against the working folder: point them at the copies.
    yml = yml.replace("      check_paths: true\n", "      check_paths: false\n      base_path: [docs, .]\n")
    assert not re.search(r"^hooks:", yml, re.MULTILINE) and "strict: false" in yml
    (dest / "mkdocs.yml").write_text(yml, encoding="utf-8")
    return dest


def _module_ids(yml: str) -> list[str]:
    block = re.search(r"      full-day:\n(?:        .*\n)*?        modules:\n((?:          - .*\n)+)", yml)
    return re.findall(r"- (\S+)", block.group(1))


def scaled_project(dest: Path, factor: int) -> Path:
    """``factor`` times the modules and exercises: copy k of module m is ``m-x<k>`` and assigns
    copies of its exercises (new ids, folders, snippet paths); the manifest lists them all."""
    copy_project(dest)
    yml = (dest / "mkdocs.yml").read_text(encoding="utf-8")
    modules = _module_ids(yml)
    exercise_ids = sorted(p.name for p in (REPO / "exercises").iterdir() if (p / "index.md").is_file())
    for k in range(1, factor):
        suffix = f"-x{k}"
        for m in modules:
            text = (REPO / "docs/modules" / f"{m}.md").read_text(encoding="utf-8")
            # ids inside /// exercises and /// demo blocks
            text = re.sub(
                r"(^/// (?:exercises|demo)\b.*\n)((?:- .*\n)+)",
                lambda mm, suffix=suffix: mm.group(1) + re.sub(r"^- (\S+)", rf"- \1{suffix}", mm.group(2), flags=re.M),
                text,
                flags=re.M,
            )
            (dest / "docs/modules" / f"{m}{suffix}.md").write_text(text, encoding="utf-8")
        for ex in exercise_ids:
            src = REPO / "exercises" / ex
            new = dest / "exercises" / f"{ex}{suffix}"
            shutil.copytree(src, new, symlinks=True, ignore=shutil.ignore_patterns("__pycache__"))
            page = new / "index.md"
            text = page.read_text(encoding="utf-8")
            text = re.sub(r"^id: .*$", f"id: {ex}{suffix}", text, count=1, flags=re.M)
            text = re.sub(r"^module: (\S+)$", rf"module: \1{suffix}", text, count=1, flags=re.M)
            text = text.replace(f"exercises/{ex}/", f"exercises/{ex}{suffix}/")
            page.write_text(text, encoding="utf-8")
    listing = "".join(f"          - {m}{'' if k == 0 else f'-x{k}'}\n" for k in range(factor) for m in modules)
    yml = re.sub(r"(      full-day:\n(?:        .*\n)*?        modules:\n)((?:          - .*\n)+)", lambda mm: mm.group(1) + listing, yml, count=1)
    (dest / "mkdocs.yml").write_text(yml, encoding="utf-8")
    return dest


# -- builds ----------------------------------------------------------------------------------


def build_once(project: Path, strict: bool | None) -> dict:
    """One clean build in a child process; adds its peak memory (ru_maxrss) and process wall time."""
    site = Path(tempfile.mkdtemp(prefix="bench-site-"))
    args = [sys.executable, str(DRIVER), str(project / "mkdocs.yml"), str(site)]
    if strict is not None:
        args.append("--strict" if strict else "--no-strict")
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(args, cwd=project, env=ENV, stdout=out, stderr=err)
        _pid, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - start
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    shutil.rmtree(site, ignore_errors=True)
    if proc.returncode != 0:
        raise RuntimeError(f"build of {project} failed:\n{stderr[-3000:]}")
    result = json.loads(stdout.strip().splitlines()[-1])
    result["process_seconds"] = wall
    result["max_rss_mb"] = usage.ru_maxrss / 1024  # kilobytes on Linux
    return result


def median_of(results: list[dict], key) -> float:
    return statistics.median(key(r) for r in results)


def hook_shares(results: list[dict]) -> dict[str, float]:
    """Median share of the build per hook/plugin; the archives are split out of the book hook."""
    labels = sorted({label for r in results for label in r["handlers"]})
    shares = {}
    for label in labels:

        def part(r, label=label):
            seconds = r["handlers"].get(label, 0.0)
            if label == "hook:book":
                seconds -= r["archives"]
            return seconds / r["seconds"]

        shares[label] = median_of(results, part)
    shares["hook:book (lab archives)"] = median_of(results, lambda r: r["archives"] / r["seconds"])
    # Not part of the build's wall time: the validation pass runs in its forked worker, beside the render.
    shares["validation worker, its wall time (runs beside the render)"] = median_of(results, lambda r: r.get("validation_worker", 0.0) / r["seconds"])
    shares["MkDocs + Material (the rest)"] = median_of(results, lambda r: 1 - sum(r["handlers"].values()) / r["seconds"])
    return shares


# -- serve -----------------------------------------------------------------------------------


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str, timeout: float) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as resp:
            return resp.read().decode("utf-8", "replace")
    except (urllib.error.URLError, TimeoutError, ConnectionError, OSError):
        return None


def serve_latency(project: Path, edits: int, extra_args: list[str]) -> dict:
    """Seconds from saving docs/modules/basics.md to the served page containing the edit."""
    with tempfile.TemporaryFile() as log:
        return _serve_latency(project, edits, extra_args, log)


def _serve_latency(project: Path, edits: int, extra_args: list[str], log) -> dict:
    port = _free_port()
    url = f"http://127.0.0.1:{port}/modules/basics.html"
    page = project / "docs/modules/basics.md"
    original = page.read_text(encoding="utf-8")
    args = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", *extra_args]
    proc = subprocess.Popen(args, cwd=project, env=ENV, stdout=log, stderr=subprocess.STDOUT)

    def log_tail() -> str:
        log.seek(0)
        return log.read().decode()[-3000:]

    latencies = []
    try:
        deadline = time.monotonic() + 180
        while _fetch(url, 2) is None:
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError("mkdocs serve did not come up:\n" + log_tail())
            time.sleep(0.2)
        time.sleep(1.0)
        for i in range(edits):
            marker = f"Benchmark edit {i} {time.time_ns()}"
            start = time.perf_counter()
            page.write_text(original + f"\n{marker}\n", encoding="utf-8")
            seen = None
            while time.perf_counter() - start < 60:
                body = _fetch(url, 5)
                if body and marker in body:
                    seen = time.perf_counter() - start
                    break
                time.sleep(0.02)
            if seen is None:
                raise RuntimeError("the edit never showed up:\n" + log_tail())
            latencies.append(seen)
            time.sleep(1.5)  # let the watcher settle before the next edit
    finally:
        page.write_text(original, encoding="utf-8")
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    return {"median_seconds": statistics.median(latencies), "runs": latencies}


# -- throughput ------------------------------------------------------------------------------


def throughput() -> dict[str, float]:
    sys.path.insert(0, str(Path(__file__).parent))
    import bench_compose
    import bench_validation

    return {
        "containerfile_blocks_per_second": bench_validation.containerfile_blocks_per_second(2.0),
        "compose_blocks_per_second": bench_compose.compose_blocks_per_second(2.0),
    }


def validation_cpu(rounds: int = 3) -> tuple[float, float]:
    """Median (imports, checks) CPU seconds of a cold validation pass in a fresh process."""
    sys.path.insert(0, str(Path(__file__).parent))
    import bench_validation

    samples = [bench_validation.validation_cpu_seconds(REPO) for _ in range(rounds)]
    return statistics.median(s[0] for s in samples), statistics.median(s[1] for s in samples)


# -- report ----------------------------------------------------------------------------------


def verdict(value: float, target: float, lower_is_better: bool = True) -> str:
    ok = value <= target if lower_is_better else value >= target
    return "ok" if ok else "MISSED"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="builds per configuration (median)")
    parser.add_argument("--edits", type=int, default=5, help="page edits per serve measurement (median)")
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--skip-serve", action="store_true")
    parser.add_argument("--skip-scale", action="store_true")
    parser.add_argument("--output", default=str(REPO / "bench-results" / "bench.json"))
    args = parser.parse_args(argv)

    results: dict = {"machine": {"python": platform.python_version(), "cpus": os.cpu_count(), "load_average_at_start": os.getloadavg()}, "runs": args.runs}
    work = Path(tempfile.mkdtemp(prefix="course-bench-"))
    try:
        course = copy_project(work / "course")
        baseline = baseline_project(work / "baseline")
        scaled = None if args.skip_scale else scaled_project(work / "scaled", args.scale)

        # One untimed build each first: it writes the bytecode the timed builds then load.
        for project in (course, baseline, scaled):
            if project is not None:
                build_once(project, None if project is not baseline else False)
        # Interleave the configurations so that load changes hit all of them alike.
        runs: dict[str, list[dict]] = {"course": [], "baseline": [], "scaled": []}
        for i in range(args.runs):
            print(f"build round {i + 1}/{args.runs} ...", file=sys.stderr, flush=True)
            runs["course"].append(build_once(course, None))
            runs["baseline"].append(build_once(baseline, False))
            if scaled is not None:
                runs["scaled"].append(build_once(scaled, None))

        course_s = median_of(runs["course"], lambda r: r["seconds"])
        base_s = median_of(runs["baseline"], lambda r: r["seconds"])
        results["build"] = {
            "course_seconds": course_s,
            "baseline_seconds": base_s,
            "ratio": course_s / base_s,
            "course_process_seconds": median_of(runs["course"], lambda r: r["process_seconds"]),
            "baseline_process_seconds": median_of(runs["baseline"], lambda r: r["process_seconds"]),
            "course_html_files": runs["course"][0]["html_files"],
            "baseline_html_files": runs["baseline"][0]["html_files"],
            "course_runs": [r["seconds"] for r in runs["course"]],
            "baseline_runs": [r["seconds"] for r in runs["baseline"]],
            # CPU (process + forked worker): the cost on a machine with no spare core.
            "course_cpu_seconds": median_of(runs["course"], lambda r: r["cpu_seconds"]),
            "baseline_cpu_seconds": median_of(runs["baseline"], lambda r: r["cpu_seconds"]),
        }
        results["build"]["cpu_ratio"] = results["build"]["course_cpu_seconds"] / results["build"]["baseline_cpu_seconds"]
        results["hook_share"] = hook_shares(runs["course"])
        results["memory_mb"] = {name: max(r["max_rss_mb"] for r in rs) for name, rs in runs.items() if rs}
        if scaled is not None:
            scaled_s = median_of(runs["scaled"], lambda r: r["seconds"])
            results["scaling"] = {
                "factor": args.scale,
                "scaled_seconds": scaled_s,
                "course_seconds": course_s,
                "ratio": scaled_s / course_s,
                "scaled_html_files": runs["scaled"][0]["html_files"],
                "runs": [r["seconds"] for r in runs["scaled"]],
            }

        if not args.skip_serve:
            print("serve latency ...", file=sys.stderr, flush=True)
            results["serve"] = {
                "full_rebuild": serve_latency(course, args.edits, []),
                "dirty_rebuild": serve_latency(course, args.edits, ["--dirty"]),
            }
        print("validator throughput ...", file=sys.stderr, flush=True)
        results["throughput"] = throughput()
        imports, checks = validation_cpu()
        results["validation_cpu"] = {
            "imports_seconds": imports,
            "checks_seconds": checks,
            "share_of_build_cpu": (imports + checks) / results["build"]["course_cpu_seconds"],
        }
        results["machine"]["load_average_at_end"] = os.getloadavg()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    out = Path(args.output)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print_table(results)
    print(f"\nwritten to {os.path.relpath(out)}")
    return 0


def _spread(runs: list[float]) -> str:
    return f"(runs {min(runs):.2f}-{max(runs):.2f} s)" if runs else ""


def print_table(r: dict) -> None:
    rows = []
    b = r["build"]
    rows.append(("clean build, course (all hooks)", f"{b['course_seconds']:.2f} s", "", _spread(b["course_runs"])))
    rows.append(("clean build, plain MkDocs + Material", f"{b['baseline_seconds']:.2f} s", "", _spread(b["baseline_runs"])))
    rows.append(("  ratio course / plain (wall)", f"{b['ratio']:.2f}x", f"<= {TARGETS['build_ratio']}x", verdict(b["ratio"], TARGETS["build_ratio"])))
    if "cpu_ratio" in b:
        rows.append(
            (
                "  ratio course / plain (CPU, worker included)",
                f"{b['cpu_ratio']:.2f}x",
                f"<= {TARGETS['build_ratio']}x",
                verdict(b["cpu_ratio"], TARGETS["build_ratio"]),
            )
        )
    for label, share in sorted(r["hook_share"].items(), key=lambda kv: -kv[1]):
        target = verdict(share, TARGETS["validation_share"]) if label == "hook:validation" else ""
        rows.append((f"  share of build wall time: {label}", f"{share * 100:.1f} %", "< 5 %" if label == "hook:validation" else "", target))
    if "validation_cpu" in r:
        v = r["validation_cpu"]
        rows.append(
            (
                "  validation CPU (cold pass, imports included) / build CPU",
                f"{v['share_of_build_cpu'] * 100:.1f} %",
                "< 5 %",
                verdict(v["share_of_build_cpu"], TARGETS["validation_share"]),
            )
        )
        rows.append(("    of which imports / checks", f"{v['imports_seconds']:.2f}/{v['checks_seconds']:.2f} s", "", ""))
    if "serve" in r:
        for mode, data in r["serve"].items():
            rows.append(
                (
                    f"serve: save -> page served ({mode.replace('_', ' ')})",
                    f"{data['median_seconds']:.2f} s",
                    "<= 1 s",
                    verdict(data["median_seconds"], TARGETS["serve_seconds"]),
                )
            )
    if "scaling" in r:
        s = r["scaling"]
        rows.append((f"scaling: {s['factor']}x modules and exercises", f"{s['scaled_seconds']:.2f} s", "", _spread(s["runs"])))
        rows.append(("  ratio scaled / course", f"{s['ratio']:.2f}x", f"<= {TARGETS['scale_ratio']}x", verdict(s["ratio"], TARGETS["scale_ratio"])))
    t = r["throughput"]
    rows.append(("validator: Containerfile blocks", f"{t['containerfile_blocks_per_second']:.0f} /s", "", ""))
    rows.append(("validator: compose blocks", f"{t['compose_blocks_per_second']:.0f} /s", "", ""))
    for name, mb in r["memory_mb"].items():
        rows.append((f"peak memory (ru_maxrss), {name} build", f"{mb:.0f} MB", "", ""))
    width = max(len(row[0]) for row in rows)
    print(f"\n{'measure':<{width}}  {'median':>10}  {'target':>8}  verdict")
    for name, value, target, v in rows:
        print(f"{name:<{width}}  {value:>10}  {target:>8}  {v}")
    print(f"(median of {r['runs']} runs; load average {r['machine']['load_average_at_start'][0]:.1f} at start)")


if __name__ == "__main__":
    raise SystemExit(main())
