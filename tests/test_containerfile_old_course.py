"""The old course's recipes (tests/data/containerfiles/old-course.md): every known problem is found."""

from __future__ import annotations

from pathlib import Path

import pytest

from coursekit.validation import checker

PAGE = Path(__file__).parent / "data" / "containerfiles" / "old-course.md"


@pytest.fixture(autouse=True)
def _build_date(monkeypatch):
    monkeypatch.setenv("COURSE_CHECK_DATE", "2026-11-28")


def test_old_course_recipes_are_flagged():
    findings, count = checker.check_markdown(PAGE.read_text(encoding="utf-8"), "old-course.md", None)
    got = {(f.line, f.code) for f in findings}
    expected = {
        (5, "CF200"),  # ubuntu:16.04
        (6, "DL3009"),  # apt lists left in the image
        (7, "DL3020"),  # ADD of a local folder
        (11, "CF200"),  # alpine:3.5
        (13, "DL3019"),  # apk add without --no-cache, at the `apk add` line (not the `apk update` before it)
        (15, "DL3020"),
        (18, "DL3025"),  # shell-form CMD
        (22, "CF112"),  # an unmarked placeholder <base image>
        (28, "CF200"),  # alpine:3.4
        (29, "CF104"),  # COPY --from foo without '='
        (30, "CF104"),
        (34, "CF200"),  # python:3.5
        (36, "CF214"),  # the "bad caching" recipe
        (41, "CF200"),  # centos:7
        (46, "DL3006"),  # untagged base image
        (47, "CF112"),  # <version>
        (52, "CF100"),  # a shell prompt pasted into a Containerfile
        (52, "CF108"),  # ... and no FROM
        (56, "CF100"),  # prose inside a Containerfile block
    }
    assert count == 8
    assert expected <= got, sorted(expected - got)
    assert any(f.code == "CF100" and "shell prompt" in f.message for f in findings)
    assert any(f.code == "CF100" and "prose" in f.message for f in findings)
