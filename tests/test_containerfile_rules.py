"""Every Containerfile rule: inputs that must fire it (at the expected line) and inputs that must not.

Data-driven (pymdown-extensions style): ``FIRES`` and ``QUIET`` are tables of
(code, Containerfile text[, expected line]); a meta test makes sure every
registered Containerfile rule has at least one case of each.
"""

from __future__ import annotations

import pytest

from coursekit.markdown.blocks import Annotation, SourceLine
from coursekit.validation import checker
from coursekit.validation.containerfile.checks import KIND
from coursekit.validation.findings import Severity
from coursekit.validation.registry import REGISTRY


@pytest.fixture(autouse=True)
def _build_date(monkeypatch):
    monkeypatch.setenv("COURSE_CHECK_DATE", "2026-11-28")


def run(text: str, *, fragment: bool = False, placeholders: bool = False, expect=(), ignore=None):
    ann = None
    if fragment or placeholders or expect or ignore:
        ann = Annotation(fragment=fragment, placeholders=placeholders, expect=list(expect), ignore=dict(ignore or {}), line=1, path="page.md")
    lines = [SourceLine(t, "Containerfile", n) for n, t in enumerate(text.splitlines(), start=1)]
    return checker.check_artifact(checker.Artifact(KIND, lines, "Containerfile", 1, ann, True))


A = "FROM alpine:3.23\n"  # a valid first line

# (code, text, line of the expected finding)
FIRES = [
    ("CF100", A + "RUNN echo hi\n", 2),
    ("CF100", A + "$ docker build -t app .\n", 2),
    ("CF100", A + "This image installs curl for the exercise.\n", 2),
    ("CF100", A + "ONBUILD RUNN make\n", 2),
    ("CF101", "# escape=x\n" + A, 1),
    ("CF101", "# syntax=docker/dockerfile:1\n# syntax=docker/dockerfile:1\n" + A, 2),
    ("CF101", "# check=skip=JSONArgsRecommended;bogus=1\n" + A, 1),
    ("CF101", "# check=error=maybe\n" + A, 1),
    ("CF102", A + "RUN <<EOF\necho hi\n", 2),
    ("CF102", A + "COPY <<EOF /etc/motd\nhello\nEOT\n", 2),
    ("CF103", A + "WORKDIR\n", 2),
    ("CF103", "FROM alpine:3.23 AS\n", 1),
    ("CF103", "FROM alpine:3.23 AS build extra\n", 1),
    ("CF103", "FROM alpine:3.23 INTO build\n", 1),
    ("CF103", A + "ENV\n", 2),
    ("CF103", A + "ENV APP_HOME\n", 2),
    ("CF103", A + "LABEL version\n", 2),
    ("CF103", A + "COPY app.py\n", 2),
    ("CF103", A + "CMD\n", 2),
    ("CF103", A + "USER\n", 2),
    ("CF104", A + "COPY --from build /out /app\n", 2),
    ("CF104", A + "COPY --form=build /out /app\n", 2),
    ("CF104", A + "COPY --from= /out /app\n", 2),
    ("CF104", A + "RUN --mount=type=cach,target=/x echo\n", 2),
    ("CF104", A + "RUN --mount=type=cache echo\n", 2),
    ("CF104", A + "RUN --network=bridge echo\n", 2),
    ("CF104", A + "ENV --x=1 A=b\n", 2),
    ("CF104", A + "CMD --help\n", 2),
    ("CF104", A + "COPY --link=yes a /b\n", 2),
    ("CF104", A + "ONBUILD COPY --from app /x /y\n", 2),
    ("CF105", A + "COPY --chmod=999 run.sh /run.sh\n", 2),
    ("CF105", A + "ADD --chmod=rwx run.sh /run.sh\n", 2),
    ("CF106", A + "HEALTHCHECK --interval=5 CMD true\n", 2),
    ("CF106", A + "HEALTHCHECK --timeout=3x CMD true\n", 2),
    ("CF106", A + "HEALTHCHECK --retries=-1 CMD true\n", 2),
    ("CF106", A + "HEALTHCHECK NONE CMD true\n", 2),
    ("CF106", A + "HEALTHCHECK RUN curl -f http://localhost/\n", 2),
    ("CF106", A + "HEALTHCHECK CMD\n", 2),
    ("CF107", A + "EXPOSE 99999\n", 2),
    ("CF107", A + "EXPOSE 80/http\n", 2),
    ("CF107", A + "EXPOSE http\n", 2),
    ("CF107", A + "EXPOSE 9000-8000\n", 2),
    # boundaries: the largest port is 65535, for single ports and for either end of a range
    ("CF107", A + "EXPOSE 65536\n", 2),
    ("CF107", A + "EXPOSE 65536/udp\n", 2),
    ("CF107", A + "EXPOSE 8000-65536\n", 2),
    ("CF107", A + "EXPOSE 65536-65537\n", 2),
    ("DL3061", "RUN echo hi\n" + A, 1),
    ("DL3061", "ENV A=1\nARG B\n" + A, 1),
    ("CF108", "RUN echo hi\n", 1),
    ("CF108", 'CMD ["ping", "127.0.0.1"]\n', 1),
    ("DL3024", "FROM alpine:3.23 AS build\nFROM alpine:3.23 AS Build\n", 2),
    ("CF109", "FROM alpine:3.23 AS 1st\n", 1),
    ("CF109", "FROM alpine:3.23 AS my/stage\n", 1),
    ("CF110", A + "CMD ['python', 'app.py']\n", 2),
    ("CF110", A + 'ENTRYPOINT ["app", "--serve",]\n', 2),
    ("CF110", A + 'RUN ["apt-get" "install"]\n', 2),
    ("CF110", A + "CMD [python, app.py]\n", 2),
    ("CF111", "FROM Ubuntu:24.04\n", 1),
    ("CF111", "FROM alpine::3.23\n", 1),
    ("CF112", A + "COPY <src> <dest>\n", 2),
    ("CF112", "FROM <base image>\n", 1),
    ("CF113", A + "SHELL /bin/bash -c\n", 2),
    ("DL3021", A + "COPY a.txt b.txt /dest\n", 2),
    ("DL3023", "FROM alpine:3.23 AS build\nCOPY --from=build /a /b\n", 2),
    ("CF114", "FROM alpine:3.23 AS builder\nRUN echo hi > /out\nFROM alpine:3.23\nCOPY --from=biulder /out /out\n", 4),
    ("CF114", "FROM alpine:3.23\nCOPY --from=build /out /out\nFROM alpine:3.23 AS build\n", 2),
    ("DL3043", A + "ONBUILD FROM alpine:3.23\n", 2),
    ("DL3043", A + "ONBUILD ONBUILD RUN echo\n", 2),
    ("DL3043", A + "ONBUILD MAINTAINER me\n", 2),
    ("CF115", "FROM alpine:${TAG}\n", 1),
    ("CF115", "FROM --platform=$PLATFORM alpine:3.23\n", 1),
    ("CF116", "ARG TAG\nFROM alpine:${TAG}\n", 2),
    ("CF200", "FROM centos:7\n", 1),
    ("CF200", "FROM ubuntu:16.04\n", 1),
    ("CF200", "FROM alpine:3.5\n", 1),
    ("CF200", "FROM python:3.5\n", 1),
    ("CF200", "FROM node:18-alpine\n", 1),
    ("CF200", "FROM python:3.12-bookworm\n", 1),
    ("CF200", "FROM openjdk:17\n", 1),
    ("CF250", "FROM fedora:43\n", 1),  # ends 2026-12-09, 11 days after the pinned 2026-11-28
    ("CF200", A + "COPY --from=python:3.5 /usr/local/bin/python3 /usr/bin/\n", 2),
    ("DL3025", A + "CMD python app.py\n", 2),
    ("DL3025", A + "ENTRYPOINT /usr/local/bin/worker.sh | tee /tmp/log\n", 2),
    ("DL4000", A + "MAINTAINER Jane Doe\n", 2),
    ("DL3006", "FROM alpine\n", 1),
    ("DL3006", "FROM docker.io/library/debian AS base\n", 1),
    ("DL3007", "FROM alpine:latest\n", 1),
    ("DL3020", A + "ADD app.py /app/\n", 2),
    ("DL3020", A + "ADD . /src\n", 2),
    ("DL3014", "FROM ubuntu:24.04\nRUN apt-get update && apt-get install curl && rm -rf /var/lib/apt/lists/*\n", 2),
    ("DL3014", "FROM ubuntu:24.04\nRUN apt-get -q install curl\n", 2),
    ("DL3009", "FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y curl\n", 2),
    ("DL3019", A + "RUN apk add curl\n", 2),
    ("DL3019", A + "RUN apk update && apk add --virtual .deps curl\n", 2),
    ("DL3027", "FROM ubuntu:24.04\nRUN apt install -y curl && rm -rf /var/lib/apt/lists/*\n", 2),
    ("DL3003", A + "RUN cd /src && make\n", 2),
    ("DL3003", A + "RUN mkdir /app; cd /app; touch x\n", 2),
    ("DL3004", "FROM ubuntu:24.04\nRUN sudo apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n", 2),
    ("CF201", A + "RUN echo a \\\n\n    b\n", 3),
    ("CF202", A + "run echo hi\nRUN echo ho\n", 2),
    ("CF203", "FROM alpine:3.23 as build\n", 1),
    ("CF203", "from alpine:3.23 AS build\n", 1),
    ("CF204", "FROM alpine:3.23 AS Build\n", 1),
    ("CF205", "FROM alpine:3.23 AS scratch\n", 1),
    ("CF206", A + "WORKDIR app\n", 2),
    ("CF207", A + 'CMD ["a"]\nCMD ["b"]\n', 2),
    ("CF207", A + 'HEALTHCHECK CMD ["true"]\nHEALTHCHECK NONE\n', 2),
    ("CF208", A + "ENV APP_HOME /opt/app\n", 2),
    ("CF208", A + 'LABEL maintainer "me"\n', 2),
    ("CF209", A + "ARG GITHUB_TOKEN\n", 2),
    ("CF209", A + "ENV DB_PASSWORD=secret\n", 2),
    ("CF210", "FROM --platform=$TARGETPLATFORM alpine:3.23\n", 1),
    ("CF211", "FROM --platform=linux/amd64 alpine:3.23\n", 1),
    ("CF212", A + "EXPOSE 80/TCP\n", 2),
    ("CF213", A + "EXPOSE 8080:80\n", 2),
    ("CF213", A + "EXPOSE 127.0.0.1:8080:80/tcp\n", 2),
    ("CF214", "FROM python:3.13-alpine\nWORKDIR /app\nCOPY mypy/ .\nRUN pip install --no-cache-dir -r requirements.txt\n", 3),
    ("CF214", "FROM node:24-alpine\nWORKDIR /app\nCOPY . .\nRUN npm ci\n", 3),
    # issue 15: shapes from real repositories
    ("CF110", A + 'CMD "python3", "app.py"]\n', 2),  # the array lost its '['
    ("CF110", A + 'ENTRYPOINT "/docker-entrypoint.sh", "nginx", "-g", "daemon off;"]\n', 2),
    ("CF215", "FROM golang:1.25-alpine\nRUN go build -o /out/app .\nFROM alpine:3.24\nCOPY --from=build /out/app /usr/local/bin/app\n", 4),
    ("CF215", "FROM alpine:3.24\nCOPY --from=busybox /bin/busybox /bin/busybox\n", 2),
    ("CF216", "FROM python:3.13-alpine\nARG APP_HOME=/opt/app\nWORKDIR $APP_HOME\nCOPY app.py $APP_HOEM/\n", 4),
    ("CF216", "ARG VERSION=1.0\nFROM alpine:3.24\nLABEL org.opencontainers.image.version=$VERSION\n", 3),
    ("CF216", "FROM alpine:3.24 AS base\nENV APP=/app\nFROM base\nWORKDIR ${APP_DIR}\n", 4),
    ("DL3019", "FROM alpine:3.24\nRUN set -eux; \\\n\tapk add --no-cache ca-certificates; \\\n\tapk add curl\n", 4),
]

# (code, text): the rule must stay quiet
QUIET = [
    ("CF100", A + "run echo hi\n"),
    ("CF100", A + "# RUNN is only a comment\n"),
    ("CF101", "# syntax=docker/dockerfile:1\n# check=skip=JSONArgsRecommended;error=false\n# escape=\\\n" + A),
    ("CF101", A + "# escape=x is just a comment here\n"),
    ("CF101", "# escape=`\n\n# escape=x (after an empty line: a comment)\n" + A),
    ("CF102", A + "RUN <<EOF\necho hi\nEOF\n"),
    ("CF102", A + 'RUN echo "<<EOF"\n'),
    ("CF102", A + "RUN <<-EOF\n\techo hi\n\tEOF\n"),
    ("CF103", A + "ENV APP_HOME=\n"),
    ("CF103", A + "WORKDIR /my app\n"),
    ("CF103", A + "CMD []\n"),
    ("CF103", "FROM alpine:3.23 as build\n"),
    ("CF103", A + "COPY <<EOF /etc/motd\nhi\nEOF\n"),
    ("CF104", A + "COPY --link --from=build --chmod=0755 a /b/\n"),
    ("CF104", A + "RUN --mount=type=cache,target=/root/.cache --mount=type=secret,id=tok echo\n"),
    ("CF104", A + "ADD --checksum=sha256:abcd --keep-git-dir=true https://example.org/a.tar.gz /x/\n"),
    ("CF104", A + 'CMD ["--help"]\n'),
    ("CF105", A + "COPY --chmod=0755 run.sh /run.sh\n"),
    ("CF105", A + "COPY --chmod=644 a /a\n"),
    ("CF105", A + "COPY --chmod=u+x,g=rx run.sh /run.sh\n"),
    ("CF105", A + "COPY --chmod=$MODE run.sh /run.sh\n"),
    ("CF106", A + "HEALTHCHECK --interval=1m30s --timeout=500ms --start-period=0 --retries=3 CMD true\n"),
    ("CF106", A + "HEALTHCHECK NONE\n"),
    ("CF107", A + "EXPOSE 80 443/tcp 8000-8010/udp 9/sctp\n"),
    ("CF107", A + "EXPOSE $PORT\n"),
    ("CF107", A + "EXPOSE 65535 0\n"),
    ("CF107", A + "EXPOSE 65000-65535/udp\n"),
    ("DL3061", "ARG VERSION=3.23\nFROM alpine:${VERSION}\nRUN echo\n"),
    ("CF108", A + "RUN echo\n"),
    ("DL3024", "FROM alpine:3.23 AS build\nFROM alpine:3.23 AS test\n"),
    ("CF109", "FROM alpine:3.23 AS build-1.x_y\n"),
    ("CF110", A + 'CMD ["python", "app.py"]\n'),
    ("CF110", A + "RUN [ -f /etc/os-release ] && cat /etc/os-release\n"),
    ("CF111", "FROM registry.example.org:5000/team/app:1.2\n"),
    ("CF111", "FROM localhost/app:1\n"),
    ("CF111", "FROM ghcr.io/owner/image:v1.2.3-rc1\n"),
    ("CF112", A + 'LABEL org.opencontainers.image.authors="Team <team@example.org>"\n'),
    ("CF112", A + "RUN sort < input > output\n"),
    ("CF112", A + 'RUN echo "<html>"\n'),
    ("CF113", A + 'SHELL ["/bin/bash", "-o", "pipefail", "-c"]\n'),
    ("DL3021", A + "COPY a.txt b.txt /dest/\n"),
    ("DL3021", A + "COPY a.txt /dest\n"),
    ("DL3023", "FROM alpine:3.23 AS build\nFROM alpine:3.23\nCOPY --from=build /a /b\n"),
    (
        "CF114",
        "FROM alpine:3.23 AS build\nFROM alpine:3.23\nCOPY --from=busybox:1.37 /bin/busybox /bin/\nCOPY --from=nginx /etc/nginx /etc/nginx\nCOPY --from=0 /a /b\n",
    ),
    ("DL3043", A + "ONBUILD RUN echo hi\n"),
    ("CF115", "ARG TAG=3.23\nFROM alpine:${TAG}\n"),
    ("CF115", "FROM alpine:${TAG:-3.23}\n"),
    ("CF115", "FROM --platform=$BUILDPLATFORM alpine:3.23\n"),
    ("CF116", "ARG TAG=3.23\nFROM alpine:${TAG}\n"),
    ("CF200", "FROM alpine:3.23\n"),
    ("CF200", "FROM python:3.13-slim\n"),
    ("CF250", "FROM fedora:42\n"),  # ended: CF200, not a warning
    ("CF250", "FROM fedora:44\n"),
    ("CF200", "FROM node:24-alpine\n"),
    ("CF200", "FROM quay.io/centos/centos:stream10\n"),
    ("DL3025", A + 'CMD ["python", "app.py"]\n'),
    ("DL3025", A + 'SHELL ["pwsh", "-Command"]\nCMD Get-Date\n'),
    ("DL4000", A + 'LABEL org.opencontainers.image.authors="Jane"\n'),
    ("DL3006", "FROM scratch\n"),
    ("DL3006", "FROM alpine:3.23 AS base\nFROM base\n"),
    ("DL3006", "FROM alpine@sha256:4bcff63911fcb4448bd4fdacec207030997caf25e9bea4045fa6c8c44de311d1\n"),
    ("DL3006", "ARG IMG=alpine:3.23\nFROM ${IMG}\n"),
    ("DL3007", A),
    ("DL3020", A + "ADD rootfs.tar.gz /\n"),
    ("DL3020", A + "ADD https://example.org/file.txt /x\n"),
    ("DL3020", A + "ADD git@github.com:moby/buildkit.git /src\n"),
    ("DL3014", "FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y curl\n"),
    ("DL3014", "FROM ubuntu:24.04\nRUN apt-get install -qq curl\n"),
    ("DL3014", "FROM ubuntu:24.04\nRUN apt-get -yq install curl\n"),
    ("DL3014", "FROM ubuntu:24.04\nRUN apt-get --yes install curl\n"),
    ("DL3009", "FROM ubuntu:24.04\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"),
    ("DL3009", "FROM ubuntu:24.04\nRUN --mount=type=cache,target=/var/lib/apt apt-get update && apt-get install -y curl\n"),
    ("DL3009", "FROM ubuntu:24.04 AS build\nRUN apt-get update && apt-get install -y gcc\nFROM scratch\nCOPY --from=build /x /x\n"),
    ("DL3019", A + "RUN apk add --no-cache curl\n"),
    ("DL3019", A + "RUN --mount=type=cache,target=/var/cache/apk apk add curl\n"),
    ("DL3027", "FROM ubuntu:24.04\nRUN apt-get install -y curl && rm -rf /var/lib/apt/lists/*\n"),
    ("DL3003", A + "RUN (cd /tmp && touch x)\n"),
    ("DL3003", A + "WORKDIR /src\nRUN make\n"),
    ("DL3004", A + "RUN echo sudo is not used here\n"),
    ("CF201", A + "RUN echo a \\\n    # a comment\n    b\n"),
    ("CF202", "from alpine:3.23\nrun echo\n"),
    ("CF203", "from alpine:3.23 as build\n"),
    ("CF204", "FROM alpine:3.23 AS build\n"),
    ("CF205", "FROM alpine:3.23 AS base\n"),
    ("CF206", A + "WORKDIR /app\nWORKDIR sub\n"),
    ("CF206", "FROM mcr.microsoft.com/windows/servercore:ltsc2022\nWORKDIR C:\\app\n"),
    ("CF207", 'FROM alpine:3.23 AS a\nCMD ["a"]\nFROM alpine:3.23\nCMD ["b"]\n'),
    ("CF208", A + "ENV APP_HOME=/opt/app\n"),
    ("CF209", A + "ARG VERSION\nENV KEYBOARD=us PUBLIC_KEY_URL=https://example.org/k\n"),
    ("CF210", "FROM --platform=$BUILDPLATFORM alpine:3.23\n"),
    ("CF211", "FROM --platform=$BUILDPLATFORM alpine:3.23\n"),
    ("CF212", A + "EXPOSE 80/tcp\n"),
    ("CF213", A + "EXPOSE 80\n"),
    ("CF214", "FROM python:3.13-alpine\nWORKDIR /app\nCOPY mypy/requirements.txt .\nRUN pip install --no-cache-dir -r requirements.txt\nCOPY mypy/ .\n"),
    ("CF214", "FROM node:24-alpine AS deps\nWORKDIR /app\nCOPY package.json package-lock.json ./\nRUN npm ci\nCOPY . .\n"),
    # issue 15: shapes from real repositories (docker-library python, postgres, nginx)
    ("CF110", 'FROM alpine:3.24\nCMD ["python3", "app.py"]\n'),
    ("CF110", 'FROM alpine:3.24\nCMD echo "a", "b"]\n'),  # shell form that merely ends in ']'
    ("CF215", "FROM alpine:3.24\nCOPY --from=busybox:1.37 /bin/busybox /bin/\nCOPY --from=docker.io/library/nginx:1.30 /etc/nginx /etc/nginx\n"),
    (
        "CF215",
        "FROM golang:1.25-alpine AS build\nRUN go build -o /out/app .\nFROM alpine:3.24\nCOPY --from=build /out/app /usr/local/bin/app\nCOPY --from=0 /out/app /app\n",
    ),
    ("CF216", "FROM debian:trixie-slim\nENV PATH /usr/local/bin:$PATH\nENV LANG C.UTF-8\n"),
    ("CF216", "FROM python:3.13-slim\nLABEL python=$PYTHON_VERSION\nRUN echo $UNDECLARED_IN_SHELL\n"),
    ("CF216", "ARG VERSION=1.0\nFROM alpine:3.24\nARG VERSION\nLABEL version=$VERSION fallback=${OTHER:-none} literal='$NOT_EXPANDED'\n"),
    ("CF216", "FROM myorg/base:1.0\nWORKDIR $APP_HOME\n"),  # unknown base image: its environment is unknown
    (
        "DL3009",
        "FROM debian:trixie-slim\nRUN set -eux; \\\n\tapt-get update; \\\n\tapt-get install -y --no-install-recommends ca-certificates netbase tzdata; \\\n\tapt-get dist-clean\n",
    ),
    (
        "DL3019",
        "FROM alpine:3.24\nRUN set -eux; \\\n\tapk add --no-cache --virtual .build-deps gcc; \\\n\tscanelf --needed /usr/local | xargs -rt apk add --no-network --virtual .rundeps; \\\n\tapk del --no-network .build-deps\n",
    ),
    ("DL3019", "FROM alpine:3.24 AS builder\nRUN apk update && apk add gcc make\nFROM alpine:3.24\nCOPY --from=builder /usr/bin/make /usr/bin/make\n"),
]


def _id(case):
    return f"{case[0]}-{case[1].splitlines()[-1][:40]}"


@pytest.mark.parametrize("code, text, line", FIRES, ids=[_id(c) for c in FIRES])
def test_rule_fires(code, text, line):
    found = run(text)
    hits = [f for f in found if f.code == code]
    assert hits, f"{code} did not fire; got {[f.format() for f in found]}"
    assert hits[0].line == line, hits[0].format()
    rule = REGISTRY.get(code)
    assert hits[0].severity == rule.severity and "{" not in hits[0].message


@pytest.mark.parametrize("code, text", QUIET, ids=[_id(c) for c in QUIET])
def test_rule_stays_quiet(code, text):
    found = run(text)
    assert code not in {f.code for f in found}, [f.format() for f in found]


def test_every_containerfile_rule_has_cases_both_ways():
    codes = {r.code for r in REGISTRY.of_kind(KIND)} - {
        "CF300",
        "CF217",
    }  # hadolint: test_containerfile_hadolint.py; CF217 needs a lab folder: test_checker_real_world.py
    assert codes - {c for c, *_ in FIRES} == set()
    assert codes - {c for c, *_ in QUIET} == set()


def test_rules_are_documented_and_named_like_docker():
    names = {r.name: r for r in REGISTRY.of_kind(KIND)}
    for docker_name in (
        "JSONArgsRecommended",
        "MaintainerDeprecated",
        "DuplicateStageName",
        "UndefinedArgInFrom",
        "NoEmptyContinuation",
        "LegacyKeyValueFormat",
    ):
        assert docker_name in names
    for rule in names.values():
        assert rule.message and rule.rationale and rule.severity in (Severity.ERROR, Severity.WARNING)
    assert names["DuplicateStageName"].code == "DL3024" and names["JSONArgsRecommended"].code == "DL3025"


def test_old_course_base_images_are_all_flagged():
    text = "FROM centos:7\nFROM ubuntu:16.04\nFROM alpine:3.5\nFROM python:3.5\n"
    hits = [f for f in run(text) if f.code == "CF200"]
    assert [f.line for f in hits] == [1, 2, 3, 4]
    assert "2024-06-30" in hits[0].message and "2021-04-30" in hits[1].message


def test_fragment_runs_instruction_rules_only():
    text = "CMD python app.py\nCOPY --from=biuld /a /b\nWORKDIR\n"
    codes = {f.code for f in run(text, fragment=True)}
    assert "CF108" not in codes and "CF114" not in codes  # whole-file rules are skipped
    assert {"DL3025", "CF103"} <= codes  # instruction rules still run


def test_placeholders_are_allowed_when_marked():
    text = "FROM <base image> AS base\nCOPY <src>... <dest>\n...\nRUN <command>\n"
    assert run(text, placeholders=True) == []
    assert {"CF112", "CF100"} <= {f.code for f in run(text)}


def test_expect_keeps_bad_examples_bad():
    bad = "FROM alpine:3.23\nCMD python app.py\n"
    assert run(bad, expect=["JSONArgsRecommended"]) == []
    stale = run('FROM alpine:3.23\nCMD ["python", "app.py"]\n', expect=["DL3025"])
    assert [f.code for f in stale] == ["CK005"]


def test_ignore_needs_a_known_rule():
    text = "FROM alpine:latest\n"
    assert run(text, ignore={"LatestTag": "the lesson is about tags"}) == []
    assert [f.code for f in run(text, ignore={"NoSuchRule": "x"})] == ["CK003", "DL3007"]


def test_lab_file_annotation_comment():
    # Lab files are shown and downloaded as they are: the marker needs a comment explaining it to trainees.
    explained = "# The course-check line below is a marker for the course's own checker.\n"
    text = "# course-check: expect JSONArgsRecommended -- shell form on purpose\nFROM alpine:3.23\nENTRYPOINT /worker.sh | tee /tmp/log\n"
    assert checker.check_lab_file(explained + text, "exercises/x/files/Containerfile.shell") == []
    assert [f.code for f in checker.check_lab_file(text, "exercises/x/files/Containerfile.shell")] == ["CK003"]
    unannotated = checker.check_lab_file(text.split("\n", 1)[1], "Containerfile.shell")
    assert [f.code for f in unannotated] == ["DL3025"]


def test_check_directive_skips_and_promotes_warnings():
    base = "FROM alpine:3.23\nCMD python app.py\nMAINTAINER me\n"
    assert {f.code for f in run("# check=skip=JSONArgsRecommended\n" + base)} == {"DL4000"}
    assert run("# check=skip=all\n" + base) == []
    promoted = run("# check=error=true\n" + base)
    assert {f.severity for f in promoted} == {Severity.ERROR}


def test_all_findings_of_a_file_are_reported():
    text = "FROM centos:7\nRUNN x\nWORKDIR\nLABEL a\nENV b\nCOPY --from foo a b\n"
    codes = [f.code for f in run(text)]
    assert codes.count("CF103") == 3 and "CF100" in codes and "CF104" in codes and "CF200" in codes
