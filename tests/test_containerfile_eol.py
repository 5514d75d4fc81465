"""The end-of-support table (``coursekit.validation.image_eol``), shared with the compose checks."""

from __future__ import annotations

import re
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
        ("debian:bookworm-slim", "2026-07-11"),
        ("debian:12", "2026-07-11"),
        ("debian:stretch", "2020-07-18"),
        ("python:3.10-slim", "2026-10-31"),
        ("python:3.12-bookworm", "2026-07-11"),
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
        ("golang:1.24", "2026-02-10"),
        ("golang:1.25-alpine", "2026-08-19"),
        ("nginx:1.28-alpine", "2026-04-14"),
        ("nginx:1.29", "2026-05-13"),
        ("fedora:39", "2024-11-26"),
        ("fedora:40", "2025-05-13"),
        ("fedora:41", "2025-12-15"),
        ("fedora:42", "2026-05-28"),
        ("redis:7.0-alpine", "2024-07-29"),
        ("mcr.microsoft.com/dotnet/sdk:6.0", "2024-11-12"),
        ("mcr.microsoft.com/dotnet/runtime:7.0", "2024-05-14"),
        ("mcr.microsoft.com/dotnet/aspnet:8.0-alpine", "2026-11-10"),
        ("mcr.microsoft.com/dotnet/runtime-deps:9.0", "2026-11-10"),
        # issue 15: each PostgreSQL 9.x major release ended on its own date (postgresql.org/support/versioning)
        ("postgres:9.4", "2020-02-13"),
        ("postgres:9.4-alpine", "2020-02-13"),
        ("postgres:9.5", "2021-02-11"),
        ("postgres:9.6.24", "2021-11-11"),
        ("postgres:9.0", "2015-10-08"),
        ("postgres:9", "2021-11-11"),
        # issue 15: abandoned in 2019 (Java 8 on Alpine 3.8)
        ("anapsix/alpine-java", "2019-07-15"),
        ("anapsix/alpine-java:8_server-jre", "2019-07-15"),
        ("docker.io/anapsix/alpine-java:8u202b08_jdk", "2019-07-15"),
        # issue 15: buildpack-deps is the Debian or Ubuntu release its tag names
        ("buildpack-deps:bookworm", "2026-07-11"),
        ("buildpack-deps:bookworm-curl", "2026-07-11"),
        ("buildpack-deps:bookworm-scm", "2026-07-11"),
        ("buildpack-deps:bullseye", "2024-08-14"),
        ("buildpack-deps:focal-scm", "2025-05-31"),
        ("debian:squeeze", "2014-05-31"),
        ("ubuntu:25.04", "2026-01-17"),
        ("ubuntu:questing", "2026-07-01"),
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
        "redis:7.2",
        "redis:6.2-alpine",
        "alpine:3.24",
        "python:3.14-slim",
        "postgres:18",
        "node:26-slim",
        "ubuntu:26.04",
        "ubuntu:resolute",
        "buildpack-deps:trixie",
        "buildpack-deps:noble-curl",
        "buildpack-deps",
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
    assert split_reference("index.docker.io/library/node:20") == ("node", "20")
    assert split_reference("registry-1.docker.io/library/node:20-slim") == ("node", "20-slim")
    assert split_reference("localhost/app:1") == ("localhost/app", "1")
    assert split_reference("team/app:1.0") == ("team/app", "1.0")  # no registry: Docker Hub user
    assert split_reference("python:3.9@sha256:" + "0" * 64) == ("python", "3.9")
    assert split_reference("example.org/python") == ("example.org/python", "")


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


# -- warning horizon, hints and the review date (issue 18) --------------------------------------


def test_eol_soon_is_a_window_of_90_days_before_the_end():
    # alpine 3.23 ends 2027-11-01 (alpinelinux.org/releases): 90 days before is 2027-08-03
    assert image_eol.WARNING_HORIZON.days == 90
    assert image_eol.eol_soon("alpine:3.23", date(2027, 8, 2)) is None
    assert image_eol.eol_soon("alpine:3.23", date(2027, 8, 3)) == (date(2027, 11, 1), "alpine:3.24 (or alpine:3.23)")
    assert image_eol.eol_soon("alpine:3.23", date(2027, 10, 31))[0] == date(2027, 11, 1)
    # on the day itself it is an error, no longer a warning
    assert image_eol.eol_soon("alpine:3.23", date(2027, 11, 1)) is None
    assert eol_status("alpine:3.23", date(2027, 11, 1)) is not None
    assert image_eol.eol_soon("$BASE", date(2027, 10, 1)) is None
    assert image_eol.eol_soon("example.org/alpine:3.23", date(2027, 10, 1)) is None


_HINT_IMAGE = re.compile(r"[a-z0-9][a-z0-9./-]*:[A-Za-z0-9][A-Za-z0-9._-]*")


def _hints() -> list[str]:
    hints = list(image_eol._HINTS.values()) + [h for _, h in image_eol._DEPRECATED_REPOS.values()]
    hints += [image_eol._os_variant("python", t)[1] for t in ("3.14-bullseye", "3.14-focal", "3.14-alpine3.19")]
    return hints


def test_hints_never_recommend_an_image_inside_the_horizon():
    # At the review date plus the horizon every recommended image must still be supported.
    horizon_end = image_eol.REVIEWED + image_eol.WARNING_HORIZON
    recommended = [ref for hint in _hints() for ref in _HINT_IMAGE.findall(hint)]
    assert len(recommended) >= 25  # the regex really finds the images in the hints
    assert {"alpine:3.24", "alpine:3.23", "python:3.14-slim", "golang:1.27", "postgres:18", "fedora:44"} <= set(recommended)
    too_close = [(ref, lookup(ref)[0]) for ref in recommended if lookup(ref) and lookup(ref)[0] <= horizon_end]
    assert too_close == []
    assert "alpine:3.22" not in recommended and "golang:1.26" not in recommended and "fedora:43" not in recommended


def test_os_variant_hints_name_the_current_releases():
    assert image_eol._os_variant("python", "3.14-alpine3.19")[1] == "an -alpine3.24 (or plain -alpine) variant of python"
    assert image_eol._os_variant("python", "3.14-bookworm")[1] == "a -trixie variant of python (Debian 13)"


def test_review_warning_after_90_days():
    assert date(2026, 12, 6) == image_eol.REVIEWED
    assert image_eol.review_warning(date(2027, 3, 6)) is None  # 90 days
    assert image_eol.review_warning(date(2026, 1, 1)) is None
    assert image_eol.review_warning(date(2027, 3, 7)) == (
        "the end-of-life table was last reviewed on 2026-12-06, 91 days before 2027-03-07: "
        "check the release pages cited in src/coursekit/validation/image_eol.py, update the dates and REVIEWED"
    )


def test_course_check_warns_about_a_stale_review(tmp_path):
    from test_cli import course_check

    (tmp_path / "page.md").write_text("# Page\n", encoding="utf-8")
    stale = course_check("page.md", cwd=tmp_path, env={"COURSE_CHECK_DATE": "2028-01-01"})
    assert stale.returncode == 0
    assert "course-check: warning: the end-of-life table was last reviewed on 2026-12-06, 391 days before 2028-01-01" in stale.stderr
    fresh = course_check("page.md", cwd=tmp_path, env={"COURSE_CHECK_DATE": "2026-12-06"})
    assert fresh.returncode == 0 and "last reviewed" not in fresh.stderr


def _codes(text: str, day: str, monkeypatch) -> list:
    from coursekit.validation.checker import check_lab_file

    monkeypatch.setenv("COURSE_CHECK_DATE", day)
    return [(f.code, f.severity.name, f.line, f.message) for f in check_lab_file(text, "Containerfile") if f.code in ("CF200", "CF250")]


def test_cf250_warns_before_cf200_fails(monkeypatch):
    text = 'FROM alpine:3.23\nCMD ["true"]\n'
    assert _codes(text, "2027-08-02", monkeypatch) == []
    assert _codes(text, "2027-08-03", monkeypatch) == [
        (
            "CF250",
            "WARNING",
            1,
            "base image 'alpine:3.23' reaches its end of support on 2027-11-01, in 90 days: move to alpine:3.24 (or alpine:3.23) before then",
        )
    ]
    assert [c[:3] for c in _codes(text, "2027-11-01", monkeypatch)] == [("CF200", "ERROR", 1)]


def test_co250_warns_before_co204_fails(monkeypatch):
    from coursekit.validation.checker import check_lab_file

    text = "services:\n  db:\n    image: postgres:15\n"  # PostgreSQL 15 ends 2027-11-11
    monkeypatch.setenv("COURSE_CHECK_DATE", "2027-10-01")
    found = [(f.code, f.severity.name, f.line, f.message) for f in check_lab_file(text, "compose.yaml") if f.code in ("CO204", "CO250")]
    assert found == [
        ("CO250", "WARNING", 3, "image 'postgres:15' reaches its end of support on 2027-11-11, in 41 days: move to postgres:18 (or 17) before then")
    ]
    monkeypatch.setenv("COURSE_CHECK_DATE", "2027-11-11")
    assert [f.code for f in check_lab_file(text, "compose.yaml") if f.code in ("CO204", "CO250")] == ["CO204"]


def test_the_suite_pins_one_check_date():
    import os

    from conftest import BUILD_ENV, CHECK_DATE

    assert os.environ["COURSE_CHECK_DATE"] == CHECK_DATE == BUILD_ENV["COURSE_CHECK_DATE"] == image_eol.REVIEWED.isoformat()
    assert image_eol.build_date() == date(2026, 12, 6)


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("docker.io/library/python:3.9@sha256:abc@x", ("python", "3.9")),
        ("docker.io/python:3.9", ("python", "3.9")),
        ("index.docker.io/library/alpine", ("alpine", "")),
        ("registry.example.com:5000/team/app:1.2", ("registry.example.com:5000/team/app", "1.2")),
        ("localhost:5000/app", ("localhost:5000/app", "")),
        ("library/alpine", ("alpine", "")),
        ("team/sub/app:2", ("team/sub/app", "2")),
        ("a/b:c/d", ("a/b:c/d", "")),  # a colon before the last slash is no tag
        ("alpine@sha256:0", ("alpine", "")),
        (" Python:3.12-Slim ", ("python", "3.12-slim")),
    ],
)
def test_split_reference(ref, expected):
    assert image_eol.split_reference(ref) == expected


def test_lookup_of_references_with_variables_or_placeholders_is_none():
    assert image_eol.lookup("python:3.8") is not None
    for ref in ("python:${PY}", "python:3.8$X", "python:<version>", "python:3.8<"):
        assert image_eol.lookup(ref) is None, ref


def test_the_earlier_end_wins_between_a_release_and_its_os_variant():
    release, variant = image_eol.lookup("python:3.7"), image_eol.lookup("alpine:3.19")
    both = image_eol.lookup("python:3.7-alpine3.19")
    assert both == min(release, variant, key=lambda c: c[0]) == release
    debian = image_eol.lookup("python:3.8-bullseye")
    assert debian[0] == min(image_eol.lookup("python:3.8")[0], image_eol.lookup("debian:bullseye")[0])
    assert debian[1] == "a -trixie variant of python (Debian 13)"


def test_os_images_own_tags_are_not_read_as_variants():
    assert image_eol.lookup("debian:trixie-bullseye") == image_eol.lookup("debian:trixie")
    assert image_eol.lookup("ubuntu:24.04-focal") == image_eol.lookup("ubuntu:24.04")
    assert image_eol.lookup("alpine:3.22-bullseye") == image_eol.lookup("alpine:3.22")


def test_ubuntu_codenames_and_centos_without_a_known_version():
    assert image_eol.lookup("ubuntu:focal") == image_eol.lookup("ubuntu:focal-20240101") == image_eol.lookup("ubuntu:20.04") is not None
    assert image_eol.lookup("centos:4") == image_eol.lookup("centos") == image_eol.lookup("centos:8") is not None


def test_images_built_on_a_release_are_dated_by_the_codename_first_in_their_tag():
    assert image_eol.lookup("buildpack-deps:focal-curl")[0] == image_eol.lookup("ubuntu:20.04")[0]
    assert image_eol.lookup("buildpack-deps:bullseye")[0] == image_eol.lookup("debian:bullseye")[0]
    assert image_eol.lookup("buildpack-deps:curl-bullseye") is None  # the codename must come first
    assert image_eol.lookup("buildpack-deps") is None and image_eol.lookup("buildpack-deps:latest") is None


def test_a_leading_v_in_a_version_tag_is_read_past():
    assert image_eol.lookup("node:v14") == image_eol.lookup("node:14") is not None
    assert image_eol.lookup("golang:v1.20") == image_eol.lookup("golang:1.20") is not None
