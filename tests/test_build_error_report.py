"""A failing `mkdocs build` leads with the mistake: its first ERROR line is the finding at
file:line, and no unrelated page is named (MkDocs' "Error reading page '<page>'" used to
come first, naming whichever page was being rendered when the validation result arrived)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import mkdocs_build


def _replace(project: Path, rel: str, old: str, new: str) -> None:
    path = project / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(project: Path, rel: str, needle: str) -> int:
    return next(i for i, line in enumerate((project / rel).read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def _containerfile(p: Path) -> tuple[str, str]:
    rel = "docs/modules/volumes.md"
    path = p / rel
    text = path.read_text(encoding="utf-8")
    at = text.index("\n", text.index("\nFROM ", text.index("```dockerfile"))) + 1  # after the first block's FROM line
    path.write_text(text[:at] + "RUNN echo hi\n" + text[at:], encoding="utf-8")
    return rel, rf"{_line_of(p, rel, 'RUNN echo hi')}:1: error CF100 unknown instruction 'RUNN'"


def _compose(p: Path) -> tuple[str, str]:
    rel = "exercises/compose-start-app/files/coinminer/compose.yaml"
    _replace(p, rel, "\n  rng:\n", "\n  rng:\n    driver: bridge\n")
    return rel, rf"{_line_of(p, rel, 'driver: bridge')}:5: error CO004 `driver` is not a service option"


def _docker_command(p: Path) -> tuple[str, str]:
    rel = "exercises/container-run-inspect/index.md"
    _replace(p, rel, "$ docker container run ", "$ docker container runn ")
    return rel, rf"{_line_of(p, rel, 'docker container runn')}:\d+: error CL001 unknown command 'docker container runn'"


def _bad_snippet(p: Path) -> tuple[str, str]:
    rel = "exercises/containerfile-basics/index.md"
    _replace(p, rel, '"exercises/containerfile-basics/files/Containerfile"', '"exercises/containerfile-basics/files/Containerfile.missing"')
    line = _line_of(p, rel, "Containerfile.missing")
    # The emptied block's own finding (no FROM, at its fence) may sort first; both are this file.
    return rel, rf"({line - 1}|{line}):1: error (CF108|CK004) "


@pytest.mark.slow
@pytest.mark.parametrize("breaks", [_containerfile, _compose, _docker_command, _bad_snippet], ids=["containerfile", "compose", "docker-command", "bad-snippet"])
def test_the_first_error_line_is_the_finding_and_names_no_other_page(project_copy, tmp_path, breaks):
    rel, finding = breaks(project_copy)
    result = mkdocs_build(project_copy, tmp_path / "site")
    log = result.stderr  # MkDocs logs to stderr; click prints "Aborted with a BuildError!" on stdout
    assert result.returncode != 0 and "Aborted with a BuildError!" in result.stdout, log[-3000:]
    assert "Traceback" not in log
    lines = log.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("ERROR"))
    assert re.match(rf"ERROR\s+-\s+{re.escape(rel)}:{finding}", lines[start]), lines[start]
    # The whole error record: findings of the broken file, then one summary line.
    record = [line for line in lines[start:] if line.strip()]
    assert re.match(r"course-check found \d+ errors? in the course sources \(listed above", record[-1]), record[-1]
    for line in record[:-1]:
        assert re.match(rf"(ERROR\s+-\s+)?{re.escape(rel)}:\d+:\d+: error ", line), line
    assert "Error reading page" not in log and "Error building page" not in log
    # No page is written by a build that fails: the findings stop it before the first write.
    assert not list((tmp_path / "site").rglob("*.html"))
