"""The end-of-support table (``coursekit.validation.image_eol``), shared with the compose checks."""

from __future__ import annotations

from datetime import date

import pytest

from coursekit.validation import image_eol
from coursekit.validation.image_eol import eol_status, lookup, split_reference

TODAY = date(2026, 11, 28)


@pytest.mark.parametrize(
    "ref, ended",
    [
        ("centos:7", "2024-06-30"),
        ("ubuntu:16.04", "2021-04-30"),
        ("alpine:3.5", "2018-11-01"),
        ("python:3.5", "2020-09-30"),
        ("centos", "2021-12-31"),
        ("centos:centos7.9.2009", "2024-06-30"),
        ("ubuntu:xenial", "2021-04-30"),
        ("ubuntu:20.04", "2025-05-31"),
        ("alpine:3.21", "2026-11-01"),
        ("alpine:3.5.2", "2018-11-01"),
        ("debian:bookworm-slim", "2026-06-10"),
        ("debian:12", "2026-06-10"),
        ("debian:stretch", "2020-07-06"),
        ("python:3.10-slim", "2026-10-31"),
        ("python:3.12-bookworm", "2026-06-10"),
        ("python:3.11-alpine3.19", "2025-11-01"),
        ("node:18-alpine", "2025-04-30"),
        ("node:20", "2026-04-30"),
        ("node:hydrogen", "2025-04-30"),
        ("openjdk:17-jdk-slim", "2022-07-01"),
        ("eclipse-temurin:17-jdk-focal", "2025-05-31"),
        ("docker.io/library/python:3.9", "2025-10-31"),
        ("quay.io/centos/centos:stream8", "2024-05-31"),
        ("postgres:14", "2026-11-12"),
        ("mysql:8.0", "2026-04-30"),
        ("alpine:3.5@sha256:" + "a" * 64, "2018-11-01"),
        ("golang:1.24", "2026-02-28"),
        ("golang:1.25-alpine", "2026-08-31"),
        ("nginx:1.28-alpine", "2026-04-30"),
        ("nginx:1.29", "2026-04-30"),
        ("fedora:39", "2024-11-26"),
        ("fedora:40", "2025-05-13"),
        ("fedora:41", "2025-12-15"),
        ("fedora:42", "2026-05-28"),
        ("redis:6.2-alpine", "2025-05-01"),
        ("redis:7.2", "2026-02-28"),
        ("mcr.microsoft.com/dotnet/sdk:6.0", "2024-11-12"),
        ("mcr.microsoft.com/dotnet/runtime:7.0", "2024-05-14"),
        ("mcr.microsoft.com/dotnet/aspnet:8.0-alpine", "2026-11-10"),
        ("mcr.microsoft.com/dotnet/runtime-deps:9.0", "2026-11-10"),
    ],
)
def test_ended(ref, ended):
    status = eol_status(ref, TODAY)
    assert status is not None, ref
    assert status[0] == date.fromisoformat(ended) and status[1]


@pytest.mark.parametrize(
    "ref",
    [
        "alpine:3.23",
        "alpine:3.22",
        "alpine:3",
        "alpine",
        "python:3.13-slim",
        "python:3",
        "node:24-alpine",
        "node:22",
        "ubuntu:24.04",
        "debian:trixie-slim",
        "eclipse-temurin:21-jre-alpine",
        "quay.io/centos/centos:stream9",
        "redis:8",
        "nginx:1.30-alpine",
        "golang:1.26",
        "golang:1.27-alpine",
        "fedora:43",
        "fedora:44",
        "redis:8.2-alpine",
        "mcr.microsoft.com/dotnet/aspnet:10.0",
        "mcr.microsoft.com/dotnet/sdk:10.0-alpine",
        "postgres:17",
        "mysql:8.4",
        "$BASE",
        "python:${PY}",
        "<image>",
        "scratch",
        "example.org/team/python:3.5",
    ],
)
def test_supported_or_unknown(ref):
    assert eol_status(ref, TODAY) is None


def test_compared_with_the_build_date():
    assert eol_status("alpine:3.21", date(2026, 10, 31)) is None
    assert eol_status("alpine:3.21", date(2026, 11, 1)) is not None
    assert eol_status("alpine:3.22", date(2027, 5, 1)) is not None
    assert lookup("alpine:3.23")[0] == date(2027, 11, 1)  # known, not yet ended


def test_reference_parsing():
    assert split_reference("docker.io/library/python:3.9-slim") == ("python", "3.9-slim")
    assert split_reference("registry.example.org:5000/team/app:1.0") == ("registry.example.org:5000/team/app", "1.0")
    assert split_reference("localhost:5000/app") == ("localhost:5000/app", "")
    assert split_reference("quay.io/centos/centos:stream9") == ("quay.io/centos/centos", "stream9")


def test_tables_are_well_formed():
    for name, table in image_eol._VERSION_TABLES.items():
        assert name in image_eol._HINTS
        for version, when in table.items():
            date.fromisoformat(when)
            assert all(part.isdigit() for part in version.split(".")), (name, version)
    for codenames, table in (
        (image_eol._UBUNTU_CODENAMES, image_eol._UBUNTU),
        (image_eol._DEBIAN_CODENAMES, image_eol._DEBIAN),
        (image_eol._NODE_CODENAMES, image_eol._NODE),
    ):
        assert set(codenames.values()) <= set(table)


def _cf200(text: str, monkeypatch) -> list:
    from coursekit.validation.checker import check_lab_file

    monkeypatch.setenv("COURSE_CHECK_DATE", TODAY.isoformat())
    return [(f.line, f.column, f.message) for f in check_lab_file(text, "Containerfile") if f.code == "CF200"]


def test_from_an_arg_is_checked_with_its_default(monkeypatch):
    found = _cf200('ARG BASE=centos:7\nFROM ${BASE}\nCMD ["true"]\n', monkeypatch)
    assert len(found) == 1 and found[0][:2] == (2, 6)
    assert "'centos:7' ('${BASE}' with its ARG default)" in found[0][2]
    # ${X:-default} without an ARG default: the default is what a plain docker build uses
    assert len(_cf200('ARG TAG\nFROM python:${TAG:-3.5}\nCMD ["true"]\n', monkeypatch)) == 1
    assert _cf200('ARG BASE=alpine:3.23\nFROM $BASE\nCMD ["true"]\n', monkeypatch) == []
    assert _cf200('ARG BASE\nFROM ${BASE}\nCMD ["true"]\n', monkeypatch) == []  # no value: cannot judge


def test_the_course_uses_a_supported_nginx():
    assert eol_status("nginx:1.30-alpine", TODAY) is None
    assert "nginx:1.30-alpine" in eol_status("nginx:1.28-alpine", TODAY)[1]
