"""End-of-support dates of base images, for the Containerfile and compose checks.

One function for the checks::

    eol_status("centos:7", date(2026, 11, 28))  ->  (date(2024, 6, 30), "quay.io/centos/centos:stream10, ...")
    eol_status("alpine:3.23", date(2026, 11, 28))  ->  None

``eol_status`` returns ``(end_of_support_date, replacement_hint)`` when the image
reference names a release whose (free, regular) support ended on or before
``today``, else ``None`` (also for unknown images, variables and digests).
``eol_soon`` returns the same pair when the end is still ahead but within
``WARNING_HORIZON`` (90 days): the checks report it as a warning (CF250, CO250)
so that maintainers hear of it before the build breaks.  ``lookup`` returns the
pair regardless of the date, for tests and docs.

Which date counts, for every distribution with a regular and an extended phase
(Debian: security team, then LTS; Ubuntu: standard support, then ESM): the end
of REGULAR support is the error (CF200, CO204), and the warning starts
``WARNING_HORIZON`` before it.  The extended phase does not postpone the error:
Ubuntu ESM needs an Ubuntu Pro subscription the public image does not have, and
Debian LTS covers only part of the archive on four architectures (amd64, i386,
arm64, armhf), run by a separate team; a course should not start trainees on a
release that has left regular support.  The extended end dates are recorded in
the comments for reference.

Maintenance: when a release ends or a new one ships, edit the tables below,
cite the source and set ``REVIEWED``; ``review_warning`` reminds maintainers
(course-check and the build) once the review is older than ``REVIEW_MAX_AGE``
relative to the check date, and the scheduled workflow .github/workflows/eol.yml
runs course-check weekly.  Dates are ISO ``YYYY-MM-DD``; a month-only announcement
uses the last day of that month.

Review of 2026-12-06: every family checked against endoflife.date (its product
pages, github:endoflife-date/endoflife.date, snapshot of 2026-08-22, which cites
each project's own release page) and the projects' pages named per table:
Alpine 3.24 added, Debian 6/9/12 and Ubuntu 25.04/25.10/26.04 dates corrected,
PostgreSQL 9.0-9.6 each with its own date and 18 added, Redis dates taken from
redis.io's lifecycle, Go 1.24/1.25 and nginx 1.28/1.29 exact dates, Python 3.15,
``anapsix/alpine-java`` and ``buildpack-deps`` added.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from coursekit import settings

#: When the tables below were last checked against the projects' release pages.
REVIEWED = date(2026, 12, 6)
#: A release ending within this many days of the check date gives a warning (CF250, CO250).
WARNING_HORIZON = timedelta(days=90)
#: A review older than this (relative to the check date) gives a reminder.
REVIEW_MAX_AGE = timedelta(days=90)

# (version, end of support) per family.  Versions are matched as a prefix of the
# tag's version part at a dot boundary: "3.5" matches "3.5", "3.5.2", "3.5-slim".

# CentOS Linux: https://www.centos.org/centos-linux-eol/ ; CentOS Stream:
# https://www.centos.org/cl-vs-cs/ and https://blog.centos.org/ (Stream 8 ended
# 2024-05-31; Stream 9 is expected to end 2027-05-31).  The Docker Hub `centos`
# image is deprecated altogether (https://hub.docker.com/_/centos): no tag of it
# is maintained, so every tag is flagged with the date of its release's end.
_CENTOS = {"5": "2017-03-31", "6": "2020-11-30", "7": "2024-06-30", "8": "2021-12-31"}
_CENTOS_STREAM = {"8": "2024-05-31", "9": "2027-05-31"}

# Ubuntu standard support: https://ubuntu.com/about/release-cycle and
# https://wiki.ubuntu.com/Releases (interim releases: 9 months; endoflife.date/ubuntu).
# ESM (Ubuntu Pro, paid; not in the public image) runs to 2034-04 for 24.04 and 2036-04 for 26.04.
_UBUNTU = {
    "12.04": "2017-04-28",
    "14.04": "2019-04-30",
    "16.04": "2021-04-30",
    "18.04": "2023-05-31",
    "20.04": "2025-05-31",
    "22.04": "2027-06-01",
    "24.04": "2029-05-31",
    "26.04": "2031-04-30",
    "21.04": "2022-01-20",
    "21.10": "2022-07-14",
    "22.10": "2023-07-20",
    "23.04": "2024-01-25",
    "23.10": "2024-07-11",
    "24.10": "2025-07-10",
    "25.04": "2026-01-17",
    "25.10": "2026-07-01",
}
_UBUNTU_CODENAMES = {
    "precise": "12.04",
    "trusty": "14.04",
    "xenial": "16.04",
    "bionic": "18.04",
    "focal": "20.04",
    "jammy": "22.04",
    "noble": "24.04",
    "hirsute": "21.04",
    "impish": "21.10",
    "kinetic": "22.10",
    "lunar": "23.04",
    "mantic": "23.10",
    "oracular": "24.10",
    "plucky": "25.04",
    "questing": "25.10",
    "resolute": "26.04",
}

# Debian regular security support (the security team), https://wiki.debian.org/DebianReleases,
# https://www.debian.org/releases/ and endoflife.date/debian: 11 "bullseye" ended 2024-08-14
# (LTS to 2026-08-31), 12 "bookworm" ended 2026-07-11 with its last point release 12.15
# (https://www.debian.org/News/2026/2026051602; LTS to 2028-06-30), 13 "trixie" (released
# 2025-08-09) is expected to end 2028-08-09 (LTS to 2030-06-30).  6 "squeeze" ended
# 2014-05-31 (its LTS, the first, to 2016-02-29); 9 "stretch" 2020-07-18 (LTS to 2022-06-30).
_DEBIAN = {
    "6": "2014-05-31",
    "7": "2016-04-25",
    "8": "2018-06-17",
    "9": "2020-07-18",
    "10": "2022-09-10",
    "11": "2024-08-14",
    "12": "2026-07-11",
    "13": "2028-08-09",
}
_DEBIAN_CODENAMES = {
    "squeeze": "6",
    "wheezy": "7",
    "jessie": "8",
    "stretch": "9",
    "buster": "10",
    "bullseye": "11",
    "bookworm": "12",
    "trixie": "13",
}

# Alpine Linux: https://alpinelinux.org/releases/ (each branch: two years of main;
# endoflife.date/alpine-linux): 3.24 released 2026-06-09, supported to 2028-06-01.
_ALPINE = {
    "3.0": "2016-05-01",
    "3.1": "2016-11-01",
    "3.2": "2017-05-01",
    "3.3": "2017-11-01",
    "3.4": "2018-05-01",
    "3.5": "2018-11-01",
    "3.6": "2019-05-01",
    "3.7": "2019-11-01",
    "3.8": "2020-05-01",
    "3.9": "2020-11-01",
    "3.10": "2021-05-01",
    "3.11": "2021-11-01",
    "3.12": "2022-05-01",
    "3.13": "2022-11-01",
    "3.14": "2023-05-01",
    "3.15": "2023-11-01",
    "3.16": "2024-05-23",
    "3.17": "2024-11-22",
    "3.18": "2025-05-09",
    "3.19": "2025-11-01",
    "3.20": "2026-04-01",
    "3.21": "2026-11-01",
    "3.22": "2027-05-01",
    "3.23": "2027-11-01",
    "3.24": "2028-06-01",
}

# Python: https://devguide.python.org/versions/ and https://peps.python.org/api/release-cycle.json
# (PEPs 373, 478, 494, 537, 569, 596, 619, 664, 693, 719, 745, 790): month-only ends, last day.
# 3.15 (PEP 790) was scheduled for 2026-10-01 with end of life 2031-10.
_PYTHON = {
    "2": "2020-01-01",
    "3.0": "2009-06-27",
    "3.1": "2012-04-09",
    "3.2": "2016-02-20",
    "3.3": "2017-09-29",
    "3.4": "2019-03-18",
    "3.5": "2020-09-30",
    "3.6": "2021-12-23",
    "3.7": "2023-06-27",
    "3.8": "2024-10-07",
    "3.9": "2025-10-31",
    "3.10": "2026-10-31",
    "3.11": "2027-10-31",
    "3.12": "2028-10-31",
    "3.13": "2029-10-31",
    "3.14": "2030-10-31",
    "3.15": "2031-10-31",
}

# Node.js: https://github.com/nodejs/Release#release-schedule (odd majors: 8 months;
# endoflife.date/nodejs: 26 released 2026-05-05, LTS since 2026-10-28, ends 2029-04-30).
_NODE = {
    "0": "2016-12-31",
    "4": "2018-04-30",
    "5": "2016-06-30",
    "6": "2019-04-30",
    "7": "2017-06-30",
    "8": "2019-12-31",
    "9": "2018-06-30",
    "10": "2021-04-30",
    "11": "2019-06-01",
    "12": "2022-04-30",
    "13": "2020-06-01",
    "14": "2023-04-30",
    "15": "2021-06-01",
    "16": "2023-09-11",
    "17": "2022-06-01",
    "18": "2025-04-30",
    "19": "2023-06-01",
    "20": "2026-04-30",
    "21": "2024-06-01",
    "22": "2027-04-30",
    "23": "2025-06-01",
    "24": "2028-04-30",
    "25": "2026-06-01",
    "26": "2029-04-30",
}
_NODE_CODENAMES = {
    "argon": "4",
    "boron": "6",
    "carbon": "8",
    "dubnium": "10",
    "erbium": "12",
    "fermium": "14",
    "gallium": "16",
    "hydrogen": "18",
    "iron": "20",
    "jod": "22",
    "krypton": "24",
}

# Eclipse Temurin feature releases that are not LTS end when the next one ships
# (https://adoptium.net/support/ ; JDK GA dates from https://openjdk.org/projects/jdk/).
_TEMURIN = {
    "16": "2021-09-14",
    "18": "2022-09-20",
    "19": "2023-03-21",
    "20": "2023-09-19",
    "22": "2024-09-17",
    "23": "2025-03-18",
    "24": "2025-09-16",
    "26": "2026-09-15",
}

# Go: the two newest major releases are supported (https://go.dev/doc/devel/release,
# endoflife.date/go): 1.21 ended with 1.23 (2024-08-13), 1.22 with 1.24 (2025-02-11), 1.23
# with 1.25 (2025-08-12), 1.24 with 1.26 (2026-02-10), 1.25 with 1.27 (2026-08-19).  1.26 ends
# with 1.28, planned for February 2027 (month-only: approximate, the last day of the month).
_GOLANG = {
    "1.18": "2023-02-01",
    "1.19": "2023-08-08",
    "1.20": "2024-02-06",
    "1.21": "2024-08-13",
    "1.22": "2025-02-11",
    "1.23": "2025-08-12",
    "1.24": "2026-02-10",
    "1.25": "2026-08-19",
    "1.26": "2027-02-28",
}

# nginx: an old stable branch ends when the next stable ships, a mainline when the next
# mainline starts (https://nginx.org/en/CHANGES, endoflife.date/nginx): 1.26.0 shipped
# 2024-04-23, 1.28.0 2025-04-23, 1.30.0 2026-04-14 (ending 1.28), 1.31.0 mainline 2026-05-13
# (ending 1.29).  1.30 is the current stable branch (its end is not announced).
_NGINX = {
    "1.18": "2021-05-25",
    "1.19": "2021-05-25",
    "1.20": "2022-05-24",
    "1.21": "2022-05-24",
    "1.22": "2023-04-11",
    "1.23": "2023-04-11",
    "1.24": "2024-04-23",
    "1.25": "2024-04-23",
    "1.26": "2025-04-23",
    "1.27": "2025-04-23",
    "1.28": "2026-04-14",
    "1.29": "2026-05-13",
}

# Fedora: a release is maintained until four weeks after the release after next
# (https://docs.fedoraproject.org/en-US/releases/lifecycle/ and /releases/eol/):
# 39 ended 2024-11-26, 40 2025-05-13, 41 2025-12-15, 42 2026-05-28 (one day after the
# planned 2026-05-27).  43 and 44 are estimates from the policy (approximate).
_FEDORA = {
    "37": "2023-12-05",
    "38": "2024-05-21",
    "39": "2024-11-26",
    "40": "2025-05-13",
    "41": "2025-12-15",
    "42": "2026-05-28",
    "43": "2026-12-09",
    "44": "2027-06-09",
}

# Redis Open Source: end of maintenance per release line from redis.io's version management
# page (https://redis.io/docs/latest/operate/oss_and_stack/install/version-mgmt/, as tabulated
# by endoflife.date/redis): 8.0 ends 2026-12-01, 7.2 and 7.4 2029-12-01, 8.2 2030-09-01;
# 8.4 and later have no announced end.
_REDIS = {
    "5": "2022-04-27",
    "6.0": "2022-05-31",
    "6.2": "2027-04-01",
    "7.0": "2024-07-29",
    "7.2": "2029-12-01",
    "7.4": "2029-12-01",
    "8.0": "2026-12-01",
    "8.2": "2030-09-01",
}

# .NET (mcr.microsoft.com/dotnet/sdk, aspnet, runtime, runtime-deps):
# https://dotnet.microsoft.com/platform/support/policy/dotnet-core (STS 18 months, since
# 9.0 24 months; LTS 3 years).  8.0 (LTS) and 9.0 (STS) both end 2026-11-10.
_DOTNET = {
    "2.1": "2021-08-21",
    "3.1": "2022-12-13",
    "5.0": "2022-05-10",
    "6.0": "2024-11-12",
    "7.0": "2024-05-14",
    "8.0": "2026-11-10",
    "9.0": "2026-11-10",
    "10.0": "2028-11-14",
}
_DOTNET_REPOS = ("sdk", "aspnet", "runtime", "runtime-deps", "monitor")

# PostgreSQL: five years, final minor release in November (https://www.postgresql.org/support/versioning/,
# endoflife.date/postgresql).  Each 9.x was a major release with its own end; a bare `postgres:9`
# tag last pointed at 9.6.
_POSTGRES = {
    "9": "2021-11-11",
    "9.0": "2015-10-08",
    "9.1": "2016-10-27",
    "9.2": "2017-11-09",
    "9.3": "2018-11-08",
    "9.4": "2020-02-13",
    "9.5": "2021-02-11",
    "9.6": "2021-11-11",
    "10": "2022-11-10",
    "11": "2023-11-09",
    "12": "2024-11-21",
    "13": "2025-11-13",
    "14": "2026-11-12",
    "15": "2027-11-11",
    "16": "2028-11-09",
    "17": "2029-11-08",
    "18": "2030-11-14",
}

# MySQL: https://www.oracle.com/us/support/library/lifetime-support-technology-069183.pdf
# and https://dev.mysql.com/doc/refman/8.0/en/ : 5.7 ended 2023-10-31, 8.0 ended 2026-04-30.
_MYSQL = {"5.5": "2018-12-31", "5.6": "2021-02-28", "5.7": "2023-10-31", "8.0": "2026-04-30", "8.4": "2032-04-30"}

# MariaDB: https://mariadb.org/about/#maintenance-policy (LTS: 5 years).
_MARIADB = {"10.3": "2023-05-25", "10.4": "2024-06-18", "10.5": "2025-06-24", "10.6": "2026-07-06", "10.11": "2028-02-16", "11.4": "2029-05-29"}

# PHP: https://www.php.net/supported-versions.php
_PHP = {
    "5": "2018-12-31",
    "7.0": "2019-01-10",
    "7.1": "2019-12-01",
    "7.2": "2020-11-30",
    "7.3": "2021-12-06",
    "7.4": "2022-11-28",
    "8.0": "2023-11-26",
    "8.1": "2025-12-31",
    "8.2": "2026-12-31",
}

# Ruby: https://www.ruby-lang.org/en/downloads/branches/
_RUBY = {"2.6": "2022-04-12", "2.7": "2023-03-31", "3.0": "2024-04-23", "3.1": "2025-03-26", "3.2": "2026-03-31"}

# Amazon Linux: https://aws.amazon.com/amazon-linux-2/faqs/ (AL2 extended to 2026-06-30),
# Amazon Linux AMI (1) ended 2023-12-31.
_AMAZONLINUX = {"1": "2023-12-31", "2018.03": "2023-12-31", "2": "2026-06-30", "2023": "2029-06-30"}

# Apache Tomcat: https://tomcat.apache.org/whichversion.html (7: 2021-03-31, 8.5: 2024-03-31, 10.0: 2022-10-31).
_TOMCAT = {"7": "2021-03-31", "8.0": "2018-06-30", "8.5": "2024-03-31", "10.0": "2022-10-31"}

#: Repositories deprecated as a whole on Docker Hub: (date, hint).
#: openjdk: https://hub.docker.com/_/openjdk ("officially deprecated", July 2022);
#: java: the old `java` image was replaced by openjdk in 2017-01.
#: anapsix/alpine-java (Oracle Java 8 on Alpine 3.8, itself out of support since 2020-05-01):
#: abandoned in 2019, when the move to Alpine 3.9 was put on hold and closed on 2019-07-15
#: (https://github.com/anapsix/docker-alpine-java/issues/78); no tag receives updates.
_DEPRECATED_REPOS = {
    "openjdk": ("2022-07-01", "eclipse-temurin:21-jre (or 25), amazoncorretto:21"),
    "java": ("2017-01-01", "eclipse-temurin:21-jre"),
    "anapsix/alpine-java": ("2019-07-15", "eclipse-temurin:21-jre-alpine (or 25-jre-alpine)"),
}

#: buildpack-deps tags name the distribution release they are built on
#: (https://hub.docker.com/_/buildpack-deps: bookworm, bookworm-curl, noble-scm, ...).
_BUILT_ON_RELEASE = ("buildpack-deps",)

_HINTS = {
    "centos": "quay.io/centos/centos:stream10, rockylinux/rockylinux:9 or almalinux:9",
    "ubuntu": "ubuntu:24.04 (or 26.04)",
    "buildpack-deps": "buildpack-deps:trixie (Debian 13) or buildpack-deps:noble (Ubuntu 24.04)",
    "debian": "debian:trixie-slim (Debian 13)",
    "alpine": "alpine:3.24 (or alpine:3.23)",
    "python": "python:3.14-slim (or 3.13)",
    "node": "node:24-slim or node:26-slim (both LTS)",
    "eclipse-temurin": "eclipse-temurin:21-jre or eclipse-temurin:25-jre (LTS)",
    "golang": "golang:1.27 (only the two newest Go releases are supported, and 1.26 ends with 1.28 in February 2027)",
    "nginx": "nginx:1.30-alpine (the current stable branch)",
    "fedora": "fedora:44",
    "redis": "redis:8.2-alpine",
    **{f"mcr.microsoft.com/dotnet/{name}": f"mcr.microsoft.com/dotnet/{name}:10.0 (LTS)" for name in _DOTNET_REPOS},
    "postgres": "postgres:18 (or 17)",
    "mysql": "mysql:8.4 (LTS)",
    "mariadb": "mariadb:11.4 (LTS) or mariadb:10.11",
    "php": "php:8.4 (or 8.3)",
    "ruby": "ruby:3.4",
    "amazonlinux": "amazonlinux:2023",
    "tomcat": "tomcat:10.1 or tomcat:11",
}

_VERSION_TABLES = {
    "ubuntu": _UBUNTU,
    "debian": _DEBIAN,
    "alpine": _ALPINE,
    "python": _PYTHON,
    "node": _NODE,
    "eclipse-temurin": _TEMURIN,
    "golang": _GOLANG,
    "nginx": _NGINX,
    "postgres": _POSTGRES,
    "mysql": _MYSQL,
    "mariadb": _MARIADB,
    "php": _PHP,
    "ruby": _RUBY,
    "amazonlinux": _AMAZONLINUX,
    "tomcat": _TOMCAT,
    "fedora": _FEDORA,
    "redis": _REDIS,
    **{f"mcr.microsoft.com/dotnet/{name}": _DOTNET for name in _DOTNET_REPOS},
}

_TAG_WORD = re.compile(r"[a-z]+|\d+(?:\.\d+)*")


def _date(text: str) -> date:
    return date.fromisoformat(text)


def split_reference(image_ref: str) -> tuple[str, str]:
    """(repository without registry/``library/``, tag) of an image reference; tag '' if none."""
    ref = image_ref.strip().split("@", 1)[0]
    name, tag = ref, ""
    slash = ref.rfind("/")
    colon = ref.rfind(":")
    if colon > slash:
        name, tag = ref[:colon], ref[colon + 1 :]
    parts = name.lower().split("/")
    if len(parts) > 1 and ("." in parts[0] or ":" in parts[0] or parts[0] == "localhost"):
        registry, parts = parts[0], parts[1:]
        if registry not in ("docker.io", "index.docker.io", "registry-1.docker.io"):
            parts = [registry, *parts]
    if len(parts) == 2 and parts[0] == "library":
        parts = parts[1:]
    return "/".join(parts), tag.lower()


def _match(table: dict[str, str], version: str) -> tuple[str, str] | None:
    """Longest table key that is ``version`` or a dotted prefix of it."""
    best = None
    for key in table:
        if (version == key or version.startswith(key + ".")) and (best is None or len(key) > len(best)):
            best = key
    return (best, table[best]) if best else None


def _leading_version(tag: str) -> str:
    m = re.match(r"v?(\d+(?:\.\d+)*)", tag)
    return m.group(1) if m else ""


def _release(repo: str, tag: str) -> tuple[date, str] | None:
    """The release named by the repository and tag (``python:3.5``, ``ubuntu:xenial``)."""
    if repo in ("centos", "quay.io/centos/centos"):
        if tag.startswith("stream"):
            found = _match(_CENTOS_STREAM, tag[len("stream") :])
            return (_date(found[1]), _HINTS["centos"]) if found else None
        if repo == "centos":
            # Untagged/latest pointed at CentOS 8; every tag of the image is unmaintained.
            m = re.match(r"(?:centos)?(\d+)", tag)
            version = m.group(1) if m else "8"
            return _date(_CENTOS.get(version, _CENTOS["8"])), _HINTS["centos"]
        return None
    if repo in _DEPRECATED_REPOS:
        when, hint = _DEPRECATED_REPOS[repo]
        return _date(when), hint
    if repo in _BUILT_ON_RELEASE:
        word = tag.split("-")[0] if tag else ""
        if word in _DEBIAN_CODENAMES:
            return _date(_DEBIAN[_DEBIAN_CODENAMES[word]]), _HINTS[repo]
        if word in _UBUNTU_CODENAMES:
            return _date(_UBUNTU[_UBUNTU_CODENAMES[word]]), _HINTS[repo]
        return None
    table = _VERSION_TABLES.get(repo)
    if table is None or not tag:
        return None
    word = tag.split("-")[0]
    codenames = {"ubuntu": _UBUNTU_CODENAMES, "debian": _DEBIAN_CODENAMES, "node": _NODE_CODENAMES}.get(repo, {})
    version = codenames.get(word) or _leading_version(tag)
    found = _match(table, version) if version else None
    return (_date(found[1]), _HINTS[repo]) if found else None


def _os_variant(repo: str, tag: str) -> tuple[date, str] | None:
    """The OS release a language image is built on, named in its tag (-bullseye, -alpine3.19, -focal)."""
    if repo in ("debian", "ubuntu", "alpine", *_BUILT_ON_RELEASE):
        return None
    for word in tag.split("-")[1:]:
        if word in _DEBIAN_CODENAMES:
            return _date(_DEBIAN[_DEBIAN_CODENAMES[word]]), f"a -trixie variant of {repo} (Debian 13)"
        if word in _UBUNTU_CODENAMES:
            return _date(_UBUNTU[_UBUNTU_CODENAMES[word]]), f"a -noble variant of {repo} (Ubuntu 24.04)"
        m = re.fullmatch(r"alpine(\d+\.\d+)", word)
        if m:
            found = _match(_ALPINE, m.group(1))
            if found:
                return _date(found[1]), f"an -alpine3.24 (or plain -alpine) variant of {repo}"
    return None


def lookup(image_ref: str) -> tuple[date, str] | None:
    """End of support and replacement hint of the release ``image_ref`` names, if known.

    When both the release (python 3.12) and the OS variant in the tag (bookworm)
    are dated, the earlier end wins.
    """
    if "$" in image_ref or "<" in image_ref:
        return None
    repo, tag = split_reference(image_ref)
    candidates = [c for c in (_release(repo, tag), _os_variant(repo, tag)) if c is not None]
    return min(candidates, key=lambda c: c[0]) if candidates else None


def eol_status(image_ref: str, today: date) -> tuple[date, str] | None:
    """``(eol_date, replacement_hint)`` when ``image_ref``'s release is out of support on ``today``."""
    found = lookup(image_ref)
    return found if found is not None and found[0] <= today else None


def eol_soon(image_ref: str, today: date) -> tuple[date, str] | None:
    """``(eol_date, replacement_hint)`` when ``image_ref``'s release ends after ``today`` but within ``WARNING_HORIZON``."""
    found = lookup(image_ref)
    return found if found is not None and today < found[0] <= today + WARNING_HORIZON else None


def review_warning(today: date) -> str | None:
    """A reminder when the tables were last reviewed more than ``REVIEW_MAX_AGE`` before ``today``."""
    age = (today - REVIEWED).days
    if age <= REVIEW_MAX_AGE.days:
        return None
    return (
        f"the end-of-life table was last reviewed on {REVIEWED.isoformat()}, {age} days before {today.isoformat()}: "
        "check the release pages cited in src/coursekit/validation/image_eol.py, update the dates and REVIEWED"
    )


def build_date() -> date:
    """The date end-of-support dates are compared with: today, or ``COURSE_CHECK_DATE`` (YYYY-MM-DD)."""
    return settings.check_date()
