"""Issue 9: every authoring mistake ends in a clear error, never a traceback, a hang or a half-written site.

Each case breaks a small fixture course (the real mkdocs.yml, hooks and overrides;
one module, one exercise with lab files) and runs it through

* ``python -m coursekit.site.safe_build`` (``mkdocs build --strict`` into a temporary
  folder, swapped in only on success; what ``nox -s build`` runs), and
* ``course-check docs exercises``;

both must exit non-zero, print the file and line of the mistake and no Python
traceback, and the previous ``site/`` must be left as it was.  The builds run two
at a time (each case has its own copy of the course).  Finally one ``mkdocs serve``
process lives through every case in turn: sources broken, repaired, page served again.
"""

from __future__ import annotations

import concurrent.futures
import os
import re
import shutil
import stat
import subprocess
import sys
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import BUILD_ENV, fetch, mkdocs_serve_process, scaffold_course

MODULE = "docs/modules/basics.md"
EXERCISE = "exercises/first-run/index.md"
LAB_COMPOSE = "exercises/first-run/files/compose.yaml"
COURSE_CHECK = str(Path(sys.executable).with_name("course-check"))
SENTINEL = "previous-site.txt"
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # a BEL or ESC must be shown escaped, not emitted

MANIFEST = """\
    variants:
      mini:
        title: Mini course
        days: 1
        modules:
          - basics
"""


def _w(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")


def write_course(dest: Path) -> Path:
    """The fixture course: one module with a Containerfile and a compose block, one exercise
    whose lab files are shown by snippets."""
    scaffold_course(dest, MANIFEST, "mini")
    _w(
        dest / "docs/index.md",
        """
        # Mini course

        /// agenda
        ///
    """,
    )
    _w(
        dest / MODULE,
        """
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

        ```dockerfile title="Containerfile"
        FROM docker.io/library/alpine:3.23
        RUN apk add --no-cache curl
        CMD ["curl", "--version"]
        ```

        ```yaml title="compose.yaml"
        services:
          web:
            image: docker.io/library/nginx:1.30
            ports:
              - "8080:80"
        ```

        ## Run your first container

        /// exercises | Exercise: first containers
        - first-run
        ///
    """,
    )
    _w(
        dest / "exercises/index.md",
        """
        # Exercise book

        Intro of the book.
    """,
    )
    _w(
        dest / EXERCISE,
        """
        ---
        id: first-run
        title: Your first container
        module: basics
        kind: exercise
        duration: 10
        objectives:
          - Start a container from an image
        ---

        # Your first container

        ## Step 1: Run

        ```console
        $ docker container run --rm docker.io/library/alpine:3.23 echo hello
        ```

        ```output
        hello
        ```

        - [ ] You saw hello.

        ## Step 2: Build

        ```dockerfile title="Containerfile"
        --8<-- "exercises/first-run/files/Containerfile"
        ```

        ```yaml title="compose.yaml"
        --8<-- "exercises/first-run/files/compose.yaml"
        ```

        - [ ] You built it.

        ## Conclusion

        You ran containers.
    """,
    )
    _w(
        dest / "exercises/first-run/files/Containerfile",
        """
        FROM docker.io/library/alpine:3.23
        CMD ["echo", "hello"]
    """,
    )
    _w(
        dest / LAB_COMPOSE,
        """
        services:
          hello:
            build:
              context: .
              dockerfile: Containerfile
    """,
    )
    return dest


# ---------------------------------------------------------------------------------
# The cases: each breaks the course in one way; ``where`` is the file:line the error must name.


def _append(p: Path, rel: str, text: str) -> None:
    f = p / rel
    f.write_text(f.read_text(encoding="utf-8") + text, encoding="utf-8")


def _replace(p: Path, rel: str, old: str, new: str) -> None:
    f = p / rel
    text = f.read_text(encoding="utf-8")
    assert old in text, (rel, old)
    f.write_text(text.replace(old, new, 1), encoding="utf-8")


def _compose_block(body: str) -> str:
    return '\n```yaml title="compose.yaml"\n' + body + "```\n"


def _alias_bomb() -> str:
    lines = ["x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(8):
        prev, name = chr(97 + i), chr(98 + i)
        lines.append(f"x-{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join([*lines, "services:", "  web:", "    image: docker.io/library/nginx:1.30"]) + "\n"


def _nested(depth: int) -> str:
    return "services:\n  web:\n    image: docker.io/library/nginx:1.30\n    labels:\n      x: " + "[" * depth + "]" * depth + "\n"


def _snippet(p: Path, target: str) -> None:
    _replace(p, EXERCISE, '"exercises/first-run/files/Containerfile"', f'"{target}"')


@dataclass(frozen=True)
class Case:
    name: str
    breaks: object  # callable(project)
    where: str  # regex: the file:line the error must name
    serve: bool = True  # part of the serve survival run
    course_check: bool = True  # a source error course-check must report
    banner: tuple[str, str] | None = None  # (URL, rule code): serve shows the page with this banner while broken


CASES: list[Case] = []


def case(name: str, where: str, **kw):
    def deco(fn):
        CASES.append(Case(name, fn, where, **kw))
        return fn

    return deco


@case("unclosed-fence", rf"{MODULE}:35:")
def _unclosed(p):
    _append(p, MODULE, "\n```bash\necho never closed\n")


@case("fence-four-backticks-closed-with-three", rf"{MODULE}:35:")
def _four_three(p):
    _append(p, MODULE, "\n````dockerfile\nFROM docker.io/library/alpine:3.23\n```\n")


@case("invalid-utf8-in-module", rf"{MODULE}:13\b")
def _utf8_module(p):
    f = p / MODULE
    f.write_bytes(f.read_bytes().replace(b"A container is a process.", b"A container is a \xff\xfe process."))


@case("invalid-utf8-in-exercise", rf"{EXERCISE}:39\b")
def _utf8_exercise(p):
    f = p / EXERCISE
    f.write_bytes(f.read_bytes().replace(b"You ran containers.", b"You ran \xc3\x28 containers."))


@case("invalid-utf8-in-plain-page", r"docs/index\.md:6\b", banner=("/", "CK006"))
def _utf8_page(p):
    f = p / "docs/index.md"
    f.write_bytes(f.read_bytes() + b"\nbad \x80 byte\n")


@case("empty-module-page", rf"{MODULE}:1\b")
def _empty_module(p):
    (p / MODULE).write_text("", encoding="utf-8")


@case("empty-exercise-page", rf"{EXERCISE}:1\b")
def _empty_exercise(p):
    (p / EXERCISE).write_text("", encoding="utf-8")


@case("module-page-with-front-matter-only", rf"{MODULE}:5\b")
def _front_matter_only(p):
    (p / MODULE).write_text("---\ntitle: Basics\nduration: 60\n---\n", encoding="utf-8")


@case("one-megabyte-code-block", rf"{MODULE}:35:")
def _huge_block(p):
    _append(p, MODULE, "\n```text\n" + ("x" * 99 + "\n") * 10_500 + "```\n")


@case("yaml-alias-bomb-in-compose-block", rf"{MODULE}:\d+:")
def _alias(p):
    _append(p, MODULE, _compose_block(_alias_bomb()))


@case("yaml-nested-200-levels", rf"{MODULE}:40:")
def _deep(p):
    _append(p, MODULE, _compose_block(_nested(200)))


@case("tab-indented-compose-file", rf"{LAB_COMPOSE}:2:")
def _tabs(p):
    (p / LAB_COMPOSE).write_text("services:\n\thello:\n\t\timage: docker.io/library/alpine:3.23\n", encoding="utf-8")


@case("front-matter-not-yaml", rf"{MODULE}:5\b")
def _fm_syntax(p):
    _replace(p, MODULE, "duration: 60", "duration: [60")


@case("front-matter-not-a-mapping", rf"{EXERCISE}:2\b")
def _fm_list(p):
    (p / EXERCISE).write_text("---\n- id\n- title\n---\n\n# Title\n", encoding="utf-8")


@case("front-matter-wrong-types", rf"{EXERCISE}:6\b")
def _fm_types(p):
    _replace(p, EXERCISE, "duration: 10", "duration: ten minutes")


@case("exercise-id-used-twice", r"exercises/first-run-copy/index\.md:2\b")
def _id_twice(p):
    shutil.copytree(p / "exercises/first-run", p / "exercises/first-run-copy")


@case("exercise-assigned-twice", rf"{MODULE}:38\b")
def _assigned_twice(p):
    _append(p, MODULE, "\n## Again\n\n/// exercises\n- first-run\n///\n")


@case("unknown-exercise-id-on-a-slide", rf"{MODULE}:33\b")
def _unknown_id(p):
    _replace(p, MODULE, "- first-run\n", "- first-run\n- frist-run\n")


@case("snippet-of-a-missing-file", rf"{EXERCISE}:28:", banner=("/exercises/first-run/index.html", "CK004"))
def _snippet_missing(p):
    _snippet(p, "exercises/first-run/files/Containerfile.missing")


@case("snippet-escaping-with-dotdot", rf"{EXERCISE}:28:", banner=("/exercises/first-run/index.html", "CK004"))
def _snippet_dotdot(p):
    _snippet(p, "../../etc/passwd")


@case("snippet-absolute-path", rf"{EXERCISE}:28:", banner=("/exercises/first-run/index.html", "CK004"))
def _snippet_abs(p):
    _snippet(p, "/etc/passwd")


@case("snippet-through-symlink-outside", rf"{EXERCISE}:28:", banner=("/exercises/first-run/index.html", "CK004"))
def _snippet_link(p):
    (p / "docs/leak.txt").symlink_to("/etc/passwd")
    _snippet(p, "docs/leak.txt")


@case("lab-file-symlink-outside", r"exercises/first-run/files/passwd:1\b")
def _lab_link(p):
    (p / "exercises/first-run/files/passwd").symlink_to("/etc/passwd")


@case("containerfile-block-of-10000-lines", rf"{MODULE}:35:")
def _long_containerfile(p):
    _append(p, MODULE, "\n```dockerfile\nFROM docker.io/library/alpine:3.23\n" + "RUN true\n" * 9_999 + "```\n")


@case("compose-file-of-5000-services", rf"{LAB_COMPOSE}:1:")
def _many_services(p):
    services = "".join(f"  s{i}:\n    image: docker.io/library/alpine:3.23\n" for i in range(5000))
    (p / LAB_COMPOSE).write_text("services:\n" + services, encoding="utf-8")


@case("module-listed-twice-in-manifest", r"mkdocs\.yml:\d+\b")
def _module_twice(p):
    _replace(p, "mkdocs.yml", "          - basics\n", "          - basics\n          - basics\n")


@case("missing-module-file", r"mkdocs\.yml:\d+\b")
def _module_missing(p):
    _replace(p, "mkdocs.yml", "          - basics\n", "          - basics\n          - networking\n")


@case("image-reference-with-control-character", rf"{MODULE}:16:(?=.*alp\\x07ine)")
def _ctrl_from(p):
    _replace(p, MODULE, "FROM docker.io/library/alpine:3.23\nRUN", "FROM docker.io/library/alp\x07ine:3.23\nRUN")


@case("compose-image-with-control-character", rf"{MODULE}:22:")
def _ctrl_compose(p):
    _replace(p, MODULE, "image: docker.io/library/nginx:1.30", "image: docker.io/library/ng\x1binx:1.29")


@case("markdown-page-that-is-a-folder", r"docs/notes\.md:1\b")
def _page_dir(p):
    (p / "docs/notes.md").mkdir()
    (p / "docs/notes.md/readme.txt").write_text("not a page\n", encoding="utf-8")


# Not a source error: course-check has nothing to report; serve never writes site/.
@case("read-only-site-folder", r"site is read-only", serve=False, course_check=False)
def _read_only_site(p):
    os.chmod(p / "site", 0o555)


@case("snippet-file-not-utf8", r"exercises/first-run/files/app\.py:2\b", banner=("/exercises/first-run/index.html", "CK006"))
def _snippet_not_utf8(p):
    (p / "exercises/first-run/files/app.py").write_bytes(b"import random\n# \xff not UTF-8\n")
    _append(p, EXERCISE, '\n```python title="app.py"\n--8<-- "exercises/first-run/files/app.py"\n```\n')


@case("snippet-section-missing", rf"{EXERCISE}:28:", banner=("/exercises/first-run/index.html", "CK004"))
def _snippet_section(p):
    _snippet(p, "exercises/first-run/files/Containerfile:nosuchsection")


@case("snippet-block-form-missing-file", rf"{EXERCISE}:\d+:", banner=("/exercises/first-run/index.html", "CK004"))
def _snippet_block_form(p):
    _append(p, EXERCISE, "\n```text\n--8<--\nexercises/first-run/files/nothing-here.txt\n--8<--\n```\n")


# serve=False: creating a dangling link triggers no file event in mkdocs serve (nothing to rebuild, nothing hangs)
@case("lab-file-dangling-symlink", r"exercises/first-run/files/data\.txt:1\b", serve=False)
def _dangling(p):
    (p / "exercises/first-run/files/data.txt").symlink_to("no-such-file.txt")


@case("compose-bind-mount-leaving-the-lab", rf"{LAB_COMPOSE}:7:")
def _compose_escape(p):
    _append(p, LAB_COMPOSE, "    volumes:\n      - ../../../../../../etc/hosts:/h\n")


# ---------------------------------------------------------------------------------
# Running the cases: two at a time, each in its own copy of the fixture course.


@dataclass
class Outcome:
    project: Path
    build: subprocess.CompletedProcess
    check: subprocess.CompletedProcess
    seconds: float


def _env() -> dict:
    return dict(os.environ, **BUILD_ENV)


def _run_case(template: Path, dest: Path, c: Case) -> Outcome:
    shutil.copytree(template, dest, symlinks=True)
    c.breaks(dest)
    start = time.monotonic()
    build = subprocess.run(
        [sys.executable, "-m", "coursekit.site.safe_build", "--site-dir", "site"], cwd=dest, env=_env(), capture_output=True, text=True, timeout=300
    )
    check = subprocess.run([COURSE_CHECK, "docs", "exercises"], cwd=dest, env=_env(), capture_output=True, text=True, timeout=300)
    return Outcome(dest, build, check, time.monotonic() - start)


@pytest.fixture(scope="module")
def outcomes(request, tmp_path_factory):
    """Run the selected cases (two builds at a time); yields {name: Future[Outcome]}."""
    selected = {item.callspec.params["c"].name for item in request.session.items if getattr(item, "originalname", "") == "test_bad_input_fails_cleanly"}
    base = tmp_path_factory.mktemp("bad-inputs")
    template = write_course(base / "template")
    (template / "site").mkdir()
    (template / "site" / SENTINEL).write_text("the site of the last good build\n", encoding="utf-8")
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=2)
    futures = {c.name: pool.submit(_run_case, template, base / c.name, c) for c in CASES if c.name in selected}
    try:
        yield futures
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        for c in CASES:  # let pytest clean up
            if (base / c.name / "site").exists():
                os.chmod(base / c.name / "site", 0o755)


def test_the_fixture_course_builds_and_checks_clean(tmp_path):
    project = write_course(tmp_path / "course")
    build = subprocess.run(
        [sys.executable, "-m", "coursekit.site.safe_build", "--site-dir", "site"], cwd=project, env=_env(), capture_output=True, text=True, timeout=300
    )
    assert build.returncode == 0, build.stderr[-3000:]
    assert (project / "site/modules/basics.html").is_file() and (project / "site/exercises/first-run/index.html").is_file()
    # Readable by others, like a folder mkdocs makes itself (the staging folder starts as mkdtemp's 0700).
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE((project / "site").stat().st_mode) == 0o777 & ~umask
    check = subprocess.run([COURSE_CHECK, "docs", "exercises"], cwd=project, env=_env(), capture_output=True, text=True, timeout=300)
    assert check.returncode == 0, check.stdout


def test_there_are_at_least_25_cases():
    assert len(CASES) >= 25 and len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("c", CASES, ids=[c.name for c in CASES])
def test_bad_input_fails_cleanly(c: Case, outcomes):
    out = outcomes[c.name].result(timeout=600)
    build_log = out.build.stdout + out.build.stderr
    assert out.build.returncode != 0, f"the build accepted {c.name}:\n{build_log[-3000:]}"
    assert "Traceback" not in build_log, build_log[-5000:]
    assert not CONTROL.search(build_log + out.check.stdout), "raw control characters in the output"
    assert re.search(c.where, build_log), f"the build error does not name {c.where}:\n{build_log[-3000:]}"
    # The first ERROR line is a finding at file:line, never "Error reading page '<some other page>'".
    first_error = next((line for line in build_log.splitlines() if line.startswith("ERROR")), "")
    assert re.match(r"ERROR\s+-\s+(course: )?[\w./-]+:\d+\b", first_error) or not c.course_check, f"first ERROR line: {first_error!r}"
    assert "Error reading page" not in build_log and "Error building page" not in build_log, build_log[-3000:]
    # The previous site is intact and no staging folder is left behind.
    assert (out.project / "site" / SENTINEL).is_file(), "the previous site/ was damaged"
    assert sorted(os.listdir(out.project / "site")) == [SENTINEL]
    assert not [n for n in os.listdir(out.project) if n.startswith(".site-")]

    check_log = out.check.stdout + out.check.stderr
    assert "Traceback" not in check_log, check_log[-5000:]
    if c.course_check:
        assert out.check.returncode == 1, check_log[-3000:]
        assert re.search(c.where + r".*error", check_log), f"course-check does not name {c.where}:\n{check_log[-3000:]}"
    else:
        assert out.check.returncode == 0, check_log[-3000:]


# ---------------------------------------------------------------------------------
# mkdocs serve survives every case: one server, sources broken and repaired in turn.


def _snapshot(root: Path) -> dict[str, bytes | None]:
    """Every path under docs/ and exercises/ plus mkdocs.yml: file bytes, or None for a folder."""
    snap: dict[str, bytes | None] = {"mkdocs.yml": (root / "mkdocs.yml").read_bytes()}
    for top in ("docs", "exercises"):
        for dirpath, dirnames, filenames in os.walk(root / top):
            for d in dirnames:
                snap[os.path.relpath(os.path.join(dirpath, d), root)] = None
            for f in filenames:
                full = os.path.join(dirpath, f)
                snap[os.path.relpath(full, root)] = Path(full).read_bytes()
    return snap


def _restore(root: Path, snap: dict[str, bytes | None]) -> None:
    for top in ("docs", "exercises"):
        for dirpath, dirnames, filenames in os.walk(root / top, topdown=False):
            for name in filenames + dirnames:
                full = os.path.join(dirpath, name)
                if os.path.relpath(full, root) not in snap:
                    if os.path.islink(full) or not os.path.isdir(full):
                        os.unlink(full)
                    else:
                        shutil.rmtree(full)
    for rel, data in snap.items():
        full = root / rel
        if data is None:
            full.mkdir(parents=True, exist_ok=True)
        elif full.is_symlink() or not full.is_file() or full.read_bytes() != data:
            if full.is_symlink():
                full.unlink()
            full.write_bytes(data)


@pytest.mark.slow
def test_mkdocs_serve_survives_every_bad_input(tmp_path):
    project = write_course(tmp_path / "course")
    snap = _snapshot(project)
    log_path = tmp_path / "serve.log"
    with mkdocs_serve_process(project, log_path) as (proc, base):
        url = base + "/"

        def served(marker: str, timeout: float) -> bool:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                assert proc.poll() is None, f"mkdocs serve exited:\n{log_path.read_text()[-4000:]}"
                body = fetch(url, 3.0)
                if body and marker in body:
                    return True
                time.sleep(0.2)
            return False

        assert served("Mini course", 120), log_path.read_text()[-4000:]
        for n, c in enumerate(c for c in CASES if c.serve):
            builds_before = log_path.read_text().count("Building documentation")
            c.breaks(project)
            if c.banner:
                # While broken, the page is still served, with the error in a banner.
                path, code = c.banner
                deadline = time.monotonic() + 60
                body = None
                while time.monotonic() < deadline:
                    body = fetch(url.rstrip("/") + path, 3.0)
                    if body and "course-check-banner" in body and code in body:
                        break
                    time.sleep(0.2)
                assert body and "course-check-banner" in body and code in body, f"{c.name}: no banner on {path}:\n{log_path.read_text()[-3000:]}"
                assert "root:x:0:0" not in body  # nothing from outside the repository
            # Wait (bounded) until serve has picked the broken sources up and finished with them.
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                text = log_path.read_text()
                if text.count("Building documentation") > builds_before and re.search(
                    r"(Documentation built|ERROR|Error|Aborted)", text.split("Building documentation")[-1]
                ):
                    break
                assert proc.poll() is None, f"mkdocs serve exited on {c.name}:\n{log_path.read_text()[-4000:]}"
                time.sleep(0.2)
            else:
                pytest.fail(f"serve never rebuilt after {c.name}:\n{log_path.read_text()[-3000:]}")
            _restore(project, snap)
            marker = f"Repaired after case {n}: {c.name}"
            _append(project, "docs/index.md", f"\n{marker}\n")
            assert served(marker, 90), f"the page is not served again after repairing {c.name}:\n{log_path.read_text()[-4000:]}"
            snap["docs/index.md"] = (project / "docs/index.md").read_bytes()
