"""The report: each failure at its page file:line with its diff, a summary table, JUnit XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from .run import FAILED, NOT_RUN, PASSED, SKIPPED, ExerciseResult


def failures(results: list[ExerciseResult]) -> str:
    out = []
    for r in results:
        if r.error:
            out.append(f"{r.exercise.page}: {r.exercise.id} could not run: {r.error}")
        for s in r.steps:
            if s.status == FAILED:
                out.append(f"FAIL {r.exercise.id}: {s.message}")
        leftover = [c for c in r.cleanup if ":" in c]
        if leftover:
            out.append(f"{r.exercise.page}: cleanup of {r.exercise.id} left: " + "; ".join(leftover))
    return "\n\n".join(out) + ("\n" if out else "")


def summary_table(results: list[ExerciseResult]) -> str:
    rows = [("exercise", "result", "passed", "failed", "skipped", "not run", "removed", "time")]
    for r in results:
        verdict = "ERROR" if r.error else ("ok" if r.ok else "FAILED")
        rows.append(
            (
                f"{r.exercise.number} {r.exercise.id}",
                verdict,
                str(r.count(PASSED)),
                str(r.count(FAILED)),
                str(r.count(SKIPPED)),
                str(r.count(NOT_RUN)),
                str(len(r.cleanup)),
                f"{r.seconds:.1f} s",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip() for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    ok = sum(1 for r in results if r.ok)
    lines.append("")
    lines.append(f"{ok} of {len(results)} exercises passed")
    return "\n".join(lines) + "\n"


def junit_xml(results: list[ExerciseResult], suite: str = "labs") -> bytes:
    """One test suite per exercise, one test case per step (named by page:line)."""
    root = ET.Element("testsuites", name=suite)
    for r in results:
        ts = ET.SubElement(
            root,
            "testsuite",
            name=r.exercise.id,
            tests=str(len(r.steps)),
            failures=str(r.count(FAILED)),
            errors="1" if r.error else "0",
            skipped=str(r.count(SKIPPED) + r.count(NOT_RUN)),
            time=f"{r.seconds:.3f}",
        )
        if r.error:
            case = ET.SubElement(ts, "testcase", classname=f"labs.{r.exercise.id}", name=r.exercise.page)
            ET.SubElement(case, "error", message=r.error).text = r.error
        for s in r.steps:
            first = s.step.commands[0].shown if s.step.commands else (s.step.skipped[0].shown if s.step.skipped else "")
            case = ET.SubElement(ts, "testcase", classname=f"labs.{r.exercise.id}", name=f"{s.where} {first}"[:200], time=f"{s.seconds:.3f}")
            case.set("file", s.step.page)
            case.set("line", str(s.step.line))
            if s.status == FAILED:
                ET.SubElement(case, "failure", message=s.message.splitlines()[0]).text = s.message
            elif s.status in (SKIPPED, NOT_RUN):
                ET.SubElement(case, "skipped", message=s.message or s.status)
            if s.output:
                ET.SubElement(case, "system-out").text = s.output
        if r.cleanup:
            ET.SubElement(ts, "system-out").text = "removed after the exercise:\n" + "\n".join(r.cleanup)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
