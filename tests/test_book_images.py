"""The instructor guide's image list (coursekit.book.images): what the validators' parsers
find in Containerfiles, compose files and docker command lines, and what is left out."""

from __future__ import annotations

import textwrap

import pytest

from coursekit.book import images as book_images
from coursekit.markdown.blocks import SourceLine


def lines(text: str, path: str = "x") -> list[SourceLine]:
    return [SourceLine(t, path, n) for n, t in enumerate(textwrap.dedent(text).strip("\n").splitlines(), start=1)]


def images(found: book_images.Found) -> list[tuple[str, int, str]]:
    return [(u.image, u.line, u.how) for u in found.uses]


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("alpine:3.23", "alpine:3.23"),
        ("docker.io/library/alpine:3.23", "alpine:3.23"),
        ("docker.io/jdoe/tool:1", "jdoe/tool:1"),
        ("alpine", "alpine:latest"),
        ("ghcr.io/org/app:2", "ghcr.io/org/app:2"),
        ("localhost:5000/training/app", "localhost:5000/training/app:latest"),
        ("alpine@sha256:" + "a" * 64, "alpine@sha256:" + "a" * 64),
        ("<image>", None),
        ("$IMAGE", None),
        ("python:${VERSION}", None),
        ("...", None),
        ("Alpine:3.23", None),  # not a valid reference
    ],
)
def test_references_are_normalised_as_docker_pulls_them(ref, expected):
    assert book_images.normalise(ref) == expected


@pytest.mark.parametrize(
    ("ref", "local"),
    [
        ("localhost:5000/x:1", True),
        ("127.0.0.1:5000/x:1", True),
        ("[::1]:5000/x:1", True),
        ("localhost:1", False),
        ("registry:3", False),
        ("ghcr.io/x:1", False),
    ],
)
def test_images_of_a_registry_on_the_vm_itself(ref, local):
    assert book_images.is_local_registry(ref) is local


def test_containerfile_base_images_skip_stages_scratch_and_fill_in_arg_defaults():
    found = book_images.containerfile_images(
        lines(
            """
            # syntax=docker/dockerfile:1
            ARG PY=3.13
            ARG BASE
            FROM --platform=$BUILDPLATFORM python:${PY}-alpine AS build
            RUN pip wheel .
            FROM build AS test
            FROM ${BASE} AS other
            FROM scratch
            COPY --from=build /wheels /wheels
            COPY --from=0 /a /a
            COPY --from=docker.io/library/busybox:1.37 /bin/busybox /busybox
            FROM eclipse-temurin:21-jre-alpine
            """
        )
    )
    assert images(found) == [("python:3.13-alpine", 4, "FROM"), ("busybox:1.37", 11, "COPY --from"), ("eclipse-temurin:21-jre-alpine", 12, "FROM")]
    assert found.built == set()


def test_compose_images_resolve_defaults_and_count_built_services_as_built():
    found = book_images.compose_images(
        lines(
            """
            services:
              db:
                image: "postgres:${PG_VERSION:-17}"
              cache:
                image: redis:8.2-alpine
              web:
                build: ./web
                image: myapp:1.0
              other:
                image: ${UNSET_IMAGE}
              broken:
                build: .
            """
        )
    )
    assert images(found) == [("postgres:17", 3, "compose image"), ("redis:8.2-alpine", 5, "compose image")]
    assert found.built == {"myapp:1.0"}
    assert book_images.compose_images(lines("services: [unclosed")).uses == []


def test_docker_commands_name_the_images_they_pull_and_the_ones_they_build():
    found = book_images.command_images(
        lines(
            """
            $ docker container run --detach --name web --publish 8080:80 -e A=b nginx:1.30-alpine
            $ docker run -it --rm ubuntu:24.04 bash -c 'docker container run inner:1'
            $ docker container run --rm \\
                --volume data:/data \\
                alpine:3.23 cat /data/x
            $ docker image pull docker.io/library/postgres:17
            $ sudo docker pull -q registry:3
            $ ID=$(docker container create busybox:1.37 true) && docker container start "$ID"
            $ docker container run --help
            $ docker container run <image>
            $ docker compose up --detach
            $ docker image build --file Containerfile -t toolbox:1.0 --tag toolbox:latest .
            $ docker image tag alpine:3.23 localhost:5000/training/my-alpine:1.0
            $ docker container commit builder my-curl:1.0
            $ docker image import rootfs.tar demo:imported
            $ docker buildx build -t multi:1 .
            # docker container run in-a-container:1
            output line docker container run not-a-command:1
            """
        ),
        console=True,
    )
    assert images(found) == [
        ("nginx:1.30-alpine", 1, "docker container run"),
        ("ubuntu:24.04", 2, "docker container run"),
        ("alpine:3.23", 5, "docker container run"),
        ("postgres:17", 6, "docker image pull"),
        ("registry:3", 7, "docker image pull"),
        ("busybox:1.37", 8, "docker container create"),
        ("in-a-container:1", 17, "docker container run"),
    ]
    assert found.built == {"toolbox:1.0", "toolbox:latest", "localhost:5000/training/my-alpine:1.0", "my-curl:1.0", "demo:imported", "multi:1"}


def test_a_page_maps_snippet_lines_to_their_lab_file_and_ignores_prose(tmp_path):
    lab = tmp_path / "exercises" / "x" / "files" / "Containerfile"
    lab.parent.mkdir(parents=True)
    lab.write_text("FROM alpine:3.23\nRUN apk add --no-cache curl\n")
    page = textwrap.dedent(
        """
        Run `docker container run prose:1` in prose: not a command block.

        ```dockerfile title="Containerfile"
        --8<-- "exercises/x/files/Containerfile"
        ```

        ```yaml title="compose.yaml"
        services:
          db:
            image: postgres:17
        ```

        ```console
        $ docker image build --tag app:1 .
        $ docker container run --rm app:1
        ```

        <!-- course-check: placeholders -->
        ```dockerfile
        FROM <base image>
        ```

        <!-- course-check: expect LatestTag -->
        ```dockerfile
        FROM ubuntu:latest
        ```
        """
    )
    found = book_images.page_images(page, "exercises/x/index.md", str(tmp_path))
    assert [(u.image, u.path, u.line) for u in found.uses] == [
        ("alpine:3.23", "exercises/x/files/Containerfile", 1),
        ("postgres:17", "exercises/x/index.md", 11),
        ("app:1", "exercises/x/index.md", 16),
    ]
    assert found.built == {"app:1"}


def test_the_list_links_the_exercises_and_its_pull_loop_passes_the_command_checks():
    from coursekit.course.manifest import Exercise
    from coursekit.validation import checker

    ex = Exercise("run", 'A "quoted" title', "basics", "exercise", 5, [], "exercises/run/index.md", "/x", "3.1")
    demo = Exercise("show", "Show", "basics", "demo", 5, [], "exercises/show/index.md", "/y", "3.1")
    items = [book_images.CourseImage("alpine:3.23", [ex, demo], []), book_images.CourseImage("redis:8.2-alpine", [demo], [])]
    md = book_images.image_list_markdown(items, "guide/index.md")
    assert '| `alpine:3.23` | [Exercise 3.1](../exercises/run/index.md "A &quot;quoted&quot; title"), [Demo 3.1](../exercises/show/index.md "Show") |' in md
    assert '$ for image in alpine:3.23 redis:8.2-alpine; do docker image pull "$image"; done' in md
    findings, checked = checker.check_markdown(md, "guide/index.md")
    assert checked >= 1 and findings == []
    assert book_images.image_list_markdown([], "guide/index.md") == "The labs of this course variant pull no images."
