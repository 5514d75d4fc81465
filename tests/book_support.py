"""A small fixture course for the exercise-book tests: two modules, three
exercises (one with lab files and a solution), two appendices (the first one
assigned before any exercise), one demo, instructor notes, hints and solutions.  Built with the real mkdocs.yml, hooks and overrides."""

from __future__ import annotations

import textwrap
from pathlib import Path

from conftest import scaffold_course

REPO = Path(__file__).resolve().parent.parent

#: Strings that only instructor-only sources contain; none may reach a trainee build.
NOTES_SECRET = "Ask the room: whose laptop runs PID one"
DEMO_SECRET = "Demo secret: point at the namespace inode"
SOLUTION_SECRET = "Solution secret: docker container prune"
SOLUTION_FILE_SECRET = "solution-file-secret-7f3a"
HINT_TEXT = "Hint text: count the lines"

MANIFEST = """\
    variants:
      fixture:
        title: Fixture course
        days: 1
        modules:
          - basics
          - images
"""


def _w(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def write_course(dest: Path) -> Path:
    """Create the fixture course in ``dest`` (mkdocs.yml, hooks, overrides from the repository)."""
    scaffold_course(dest, MANIFEST, "fixture")
    _w(
        dest / "docs/index.md",
        """
        # Fixture course

        /// agenda
        ///
    """,
    )
    _w(
        dest / "docs/guide/index.md",
        """
        ---
        title: Instructor guide
        ---

        # Instructor guide

        How to run the day.

        ## Demos

        /// guide-index
        ///
    """,
    )
    _w(
        dest / "docs/modules/basics.md",
        f"""
        ---
        title: Containerization basics
        short_title: Basics
        duration: 60
        objectives:
          - Run a container
        ---

        # Containerization basics

        ## Containers are processes

        A container is a process.

        /// notes
        {NOTES_SECRET}?
        ///

        ## Instructor demo: isolation

        /// demo | Instructor demo: isolation
        - demo-isolation
        ///

        ## Words we use

        /// exercises | Appendix: glossary
        - glossary
        ///

        ## Run your first container

        /// exercises | Exercise: first containers
        - first-run
        - cleanup
        ///
    """,
    )
    _w(
        dest / "docs/modules/images.md",
        """
        ---
        title: Container images
        short_title: Images
        duration: 45
        ---

        # Container images

        ## Build an image

        /// exercises
        - build-image
        - cheat-sheet
        ///
    """,
    )
    _w(
        dest / "exercises/index.md",
        """
        # Exercise book

        Intro of the book.

        ## How to use this book

        Read every step.

        ## Lab files

        The lab files.
    """,
    )
    _w(
        dest / "exercises/first-run/index.md",
        f"""
        ---
        id: first-run
        title: Your first container
        module: basics
        kind: exercise
        duration: 10
        objectives:
          - Start a container from an image
          - List containers
        ---

        # Your first container

        ## Step 1: Run

        ```console
        $ docker container run alpine:3.23 echo hello
        $ docker container run --rm \\
            --name second \\
            alpine:3.23 echo again
        # cat /etc/os-release
        ```

        ```output
        hello
        ```

        - [ ] You saw hello.
        - [ ] You ran a second container.

        ## Step 2: List

        ```console
        $ docker container ls --all
        ```

        - [ ] You listed the containers.

        ## Questions

        1. How many containers exist?

            /// hint
            {HINT_TEXT}.
            ///

            /// solution
            {SOLUTION_SECRET}.
            ///

        ## Conclusion

        You ran containers.
    """,
    )
    _w(
        dest / "exercises/cleanup/index.md",
        """
        ---
        id: cleanup
        title: Cleaning up
        module: basics
        kind: exercise
        duration: 5
        objectives:
          - Remove stopped containers
        ---

        # Cleaning up

        ## Step 1: Remove

        ```console
        $ docker container rm --force second
        ```

        - [ ] Nothing is left.

        ## Conclusion

        You cleaned up.
    """,
    )
    _w(
        dest / "exercises/build-image/index.md",
        """
        ---
        id: build-image
        title: Building an image
        module: images
        kind: wrap-up
        duration: 20
        objectives:
          - Build an image from a Containerfile
        ---

        # Building an image

        ## Step 1: Build

        ```dockerfile title="Containerfile"
        --8<-- "exercises/build-image/files/app/Containerfile"
        ```

        ```console
        $ docker image build --file Containerfile --tag app:1 .
        ```

        - [ ] The image is built.

        ## Conclusion

        You built an image.
    """,
    )
    _w(
        dest / "exercises/build-image/files/app/Containerfile",
        """
        FROM alpine:3.23
        COPY hello.sh /usr/local/bin/hello.sh
        CMD ["hello.sh"]
    """,
    )
    _w(
        dest / "exercises/build-image/files/app/hello.sh",
        """
        #!/bin/sh
        echo hello
    """,
    )
    (dest / "exercises/build-image/files/app/hello.sh").chmod(0o755)
    _w(
        dest / "exercises/build-image/solution/app/answer.txt",
        f"""
        {SOLUTION_FILE_SECRET}
    """,
    )
    for ex_id, module, title, term in (
        ("glossary", "basics", "Glossary", "An image is a template."),
        ("cheat-sheet", "images", "Cheat sheet", "Build with docker image build."),
    ):
        _w(
            dest / f"exercises/{ex_id}/index.md",
            f"""
            ---
            id: {ex_id}
            title: {title}
            module: {module}
            kind: appendix
            duration: 5
            objectives:
              - Look up what a word of the course means
            ---

            # {title}

            ## Entries

            {term}

            - [ ] You read the entries.
        """,
        )
    _w(
        dest / "exercises/demo-isolation/index.md",
        f"""
        ---
        id: demo-isolation
        title: Process isolation
        module: basics
        kind: demo
        duration: 5
        objectives:
          - Show that a container is a process on the host
        ---

        # Process isolation

        ## Run it live

        {DEMO_SECRET}.

        ```console
        $ docker container run --detach --name sleeper alpine:3.23 sleep 300
        ```
    """,
    )
    _w(
        dest / "exercises/demo-isolation/files/demo.txt",
        f"""
        {DEMO_SECRET}
    """,
    )
    return dest
