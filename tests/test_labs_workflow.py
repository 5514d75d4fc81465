"""The GitHub Actions workflow that runs the labs every week and on demand
(.github/workflows/labs.yml): valid against the GitHub workflow schema that
check-jsonschema vendors, actions pinned to full commit SHAs, the report kept."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

WORKFLOW = Path(__file__).resolve().parent.parent / ".github" / "workflows" / "labs.yml"


def check_workflow(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_workflow_is_valid_against_the_github_schema():
    proc = check_workflow(WORKFLOW)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_schema_check_rejects_a_broken_workflow(tmp_path):
    broken = tmp_path / "labs.yml"
    broken.write_text(WORKFLOW.read_text(encoding="utf-8").replace("runs-on: ubuntu-24.04", "runs_on: ubuntu-24.04"), encoding="utf-8")
    proc = check_workflow(broken)
    assert proc.returncode == 1 and "runs_on" in proc.stdout + proc.stderr


def test_weekly_and_on_demand_with_pinned_actions_and_the_report_as_artefact():
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = data[True]  # YAML 1.1 reads the key `on` as True
    assert "workflow_dispatch" in triggers and triggers["schedule"][0]["cron"] == "17 4 * * 1"
    steps = data["jobs"]["labs"]["steps"]
    uses = [s["uses"] for s in steps if "uses" in s]
    assert uses == [
        "actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1",
        "actions/setup-python@5fda3b95a4ea91299a34e894583c3862153e4b97",
        "actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f",
    ]
    assert all(re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", u) for u in uses)
    runs = "\n".join(s.get("run", "") for s in steps)
    assert "nox -s labs -- --plan" in runs and "nox -s labs -- --engine docker --junit labs-junit.xml --report labs-report.txt" in runs
    upload = steps[-1]
    assert upload["if"] == "always()" and upload["with"]["path"].split() == ["labs-plan.txt", "labs-report.txt", "labs-junit.xml"]
