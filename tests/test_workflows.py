"""Every GitHub Actions workflow in .github/workflows/: valid against the workflow
schema check-jsonschema vendors (no network), actions pinned to a full commit
SHA, and only nox sessions that README's sessions table documents."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.y*ml"))
CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")
NOX_SESSION = re.compile(r"\bnox\s+-s\s+([\w-]+)")
FULL_SHA = re.compile(r"^[^@\s]+@[0-9a-f]{40}$")
VERSION_TAG = re.compile(r"^[^@\s]+@v\d+(\.\d+)*$")


def schema_check(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(CHECK_JSONSCHEMA), "--builtin-schema", "vendor.github-workflows", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def readme_sessions() -> set[str]:
    """Session names from README's "## Sessions" table (first column: `nox -s NAME ...`)."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Sessions\n", 1)[1].split("\n## ", 1)[0]
    return {m.group(1) for line in section.splitlines() if line.startswith("| `nox") for m in [NOX_SESSION.search(line)] if m}


def load(path: Path) -> dict:
    # PyYAML reads the key `on:` as True (YAML 1.1); map it back.
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if True in data:
        data["on"] = data.pop(True)
    return data


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def run_text(workflow: dict) -> str:
    """Every `run:` script, plus the repository scripts those run (`.ci/run`)."""
    parts = []
    for step in steps(workflow):
        script = step.get("run", "")
        parts.append(script)
        for word in script.split():
            candidate = REPO / word.removeprefix("./")
            if word.startswith((".ci/", "./")) and candidate.is_file():
                parts.append(candidate.read_text(encoding="utf-8"))
    return "\n".join(parts)


def triggers(workflow: dict) -> set[str]:
    on = workflow["on"]
    return {on} if isinstance(on, str) else set(on)


def test_the_three_workflows_exist():
    names = {p.name for p in WORKFLOWS}
    assert {"ci.yml", "pages.yml", "release.yml"} <= names


def test_readme_sessions_table_is_parsed():
    # Written down, not computed: the sessions README documents today.
    assert {"build", "serve", "tests", "lint", "check", "bench", "pdf", "dist", "a11y"} <= readme_sessions()


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_matches_github_schema(path):
    result = schema_check(path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_schema_check_rejects_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "name: broken\non: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n        run: echo both\n"
    )
    result = schema_check(broken)
    assert result.returncode != 0, "a step with both `uses` and `run` must fail the schema check"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned(path):
    """A full commit SHA with the tag it was verified at in a comment, or a version tag."""
    text = path.read_text(encoding="utf-8")
    for step in steps(load(path)):
        uses = step.get("uses")
        if not uses or uses.startswith("./") or uses.startswith("docker://"):
            continue
        assert FULL_SHA.match(uses) or VERSION_TAG.match(uses), f"{path.name}: {uses} is pinned neither to a commit SHA nor to a version tag"
        if FULL_SHA.match(uses):
            line = next(i for i, line in enumerate(text.splitlines()) if uses in line)
            comment = "\n".join(text.splitlines()[max(0, line - 2) : line + 1])
            assert re.search(r"#.*\bv\d+(\.\d+)*", comment), f"{path.name}: {uses} needs a comment naming the verified tag"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_workflow_calls_only_documented_nox_sessions(path):
    called = set(NOX_SESSION.findall(run_text(load(path))))
    assert called <= readme_sessions(), f"{path.name} calls sessions README does not document: {sorted(called - readme_sessions())}"


def test_ci_runs_readme_test_command_on_push_and_pull_request():
    ci = load(REPO / ".github/workflows/ci.yml")
    assert {"push", "pull_request"} <= triggers(ci)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    test_command = re.search(r"^(\S*nox -s tests)\b", readme, re.M).group(1)
    text = run_text(ci)
    assert test_command in text
    for package in ("chromium", "redis-server", "default-jdk-headless", "poppler-utils"):
        assert package in text, f"CI must install {package} (through .ci/run)"


def test_pages_builds_the_trainee_edition_with_the_official_pages_actions():
    pages = load(REPO / ".github/workflows/pages.yml")
    assert triggers(pages) >= {"push"} and pages["on"]["push"]["branches"] == ["main"]
    used = [step["uses"].split("@")[0] for step in steps(pages) if "uses" in step]
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= set(used)
    build = next(step for step in steps(pages) if "nox -s build" in step.get("run", ""))
    assert build["env"]["COURSE_AUDIENCE"] == "trainee"
    assert "gh-deploy" not in run_text(pages) and "ghp-import" not in run_text(pages), "Pages deploys an artifact, not a gh-pages branch"


def test_release_attaches_both_zips_and_the_pdfs_with_the_tag_as_version():
    release = load(REPO / ".github/workflows/release.yml")
    assert release["on"]["push"]["tags"] == ["v*"]
    assert release["jobs"]["release"]["env"]["COURSE_VERSION"] == "${{ github.ref_name }}"
    text = run_text(release)
    assert "nox -s dist\n" in text + "\n" and "nox -s dist -- --audience trainee" in text
    assert "nox -s pdf" in text and "nox -s pdf -- --audience trainee" in text
    attach = next(step for step in steps(release) if step.get("uses", "").startswith("softprops/action-gh-release@"))
    assert "dist/*.zip" in attach["with"]["files"] and "dist/pdf/*.pdf" in attach["with"]["files"]


def test_labs_run_weekly_and_on_demand_on_the_runners_docker_and_keep_the_report():
    labs = load(REPO / ".github/workflows/labs.yml")
    assert {"workflow_dispatch", "schedule"} == triggers(labs) and labs["on"]["schedule"][0]["cron"] == "17 4 * * 1"
    job = labs["jobs"]["labs"]
    assert "container" not in job and job["runs-on"].startswith("ubuntu-"), "the labs need the runner's own Docker daemon"
    text = run_text(labs)
    assert "nox -s labs -- --plan" in text and "nox -s labs -- --engine docker --junit labs-junit.xml --report labs-report.txt" in text
    upload = steps(labs)[-1]
    assert upload["uses"].startswith("actions/upload-artifact@") and upload["if"] == "always()"
    assert upload["with"]["path"].split() == ["labs-plan.txt", "labs-report.txt", "labs-junit.xml"]
