"""The container images a course really uses: the instructor guide's pre-pull list.

The guide's ``/// image-list`` marker is replaced by every image the labs and
demos of the built course variant pull, each with the exercises that use it,
and the one-line loop that pulls them all on a lab VM.  The list is read from
the sources with the validators' own parsers, so it cannot drift from the pages:

* base images of Containerfiles (``containerfile_parser``): ``FROM`` of every
  stage and ``COPY --from=<image>``, in lab and solution files and in the
  Containerfile blocks of exercise and demo pages; global ``ARG`` defaults are
  filled in, stage names and ``scratch`` are not images;
* ``image:`` of compose services (``safe_yaml``, ``${VAR:-default}`` resolved
  as ``compose_rules`` does), in compose lab files and blocks;
* images named by ``docker container run`` / ``create`` and ``docker image pull``
  (and their short forms) in console and shell blocks and lab scripts, found
  with the Docker CLI grammar of ``command_checks`` and ``shell_words``.

Left out: placeholders (``<image>``, ``$IMAGE``), images the course builds
itself (``docker image build --tag``, the target of ``docker image tag``,
``docker container commit``, ``docker image import``, the ``image:`` of a compose
service that has a ``build:``), images of a registry on the VM itself
(``localhost:5000/...``), invalid references, deliberate bad examples (blocks
annotated ``expect``) and end-of-life images (only a bad example can name one:
the build fails on any other).
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from coursekit.course.manifest import Course, Exercise
from coursekit.markdown.blocks import SourceLine
from coursekit.site import workers

#: The image list needs the validators' parsers; they load on first use (the guide page), not at import.
_PLACEHOLDER = re.compile(r"[<>${}]|\.\.\.|…")
_LOCAL_REGISTRIES = ("localhost", "127.0.0.1", "[::1]")
_DOCKER_HUB = ("docker.io/library/", "index.docker.io/library/", "registry-1.docker.io/library/", "docker.io/", "index.docker.io/", "registry-1.docker.io/")
#: Commands whose first argument is an image that must be on the VM (pulled if missing).
_PULLING = {"container run": "docker container run", "container create": "docker container create", "image pull": "docker image pull"}


@dataclass(frozen=True)
class ImageUse:
    image: str  # normalised reference, e.g. "alpine:3.23"
    path: str  # file that names it (a page, or the lab file a snippet shows)
    line: int
    how: str  # "FROM", "COPY --from", "compose image", "docker container run", ...


@dataclass
class Found:
    """Images one source uses, and the images it builds or tags itself."""

    uses: list[ImageUse] = field(default_factory=list)
    built: set[str] = field(default_factory=set)

    def add(self, other: Found) -> None:
        self.uses += other.uses
        self.built |= other.built


@dataclass
class CourseImage:
    image: str
    exercises: list[Exercise]
    uses: list[ImageUse]


# ---------------------------------------------------------------------------
# References


def normalise(ref: str) -> str | None:
    """``ref`` as Docker pulls it (Docker Hub prefixes dropped, ``:latest`` made explicit);
    None for a placeholder or an invalid reference."""
    from coursekit.validation.api import reference_problem

    ref = ref.strip()
    if not ref or _PLACEHOLDER.search(ref) or reference_problem(ref):
        return None
    for prefix in _DOCKER_HUB:
        if ref.startswith(prefix):
            ref = ref[len(prefix) :]
            break
    name = ref.split("@", 1)[0]
    if "@" not in ref and ":" not in name.rsplit("/", 1)[-1]:
        ref += ":latest"
    return ref


def is_local_registry(ref: str) -> bool:
    """An image of a registry on the machine itself (``localhost:5000/team/app:1``): pushed there by the course."""
    first, _, rest = ref.partition("/")
    host = "[::1]" if first.startswith("[::1]") else first.split(":")[0]
    return bool(rest) and host in _LOCAL_REGISTRIES


# ---------------------------------------------------------------------------
# Containerfiles

_VAR = re.compile(r"\$(?:\{(?P<braced>[A-Za-z_][A-Za-z0-9_]*)(?::?-(?P<default>[^}]*))?\}|(?P<plain>[A-Za-z_][A-Za-z0-9_]*))")


def _expand(value: str, args: dict[str, str | None]) -> str | None:
    """``value`` with ``$NAME`` / ``${NAME}`` / ``${NAME:-x}`` from the global ARG defaults; None if one has none."""
    missing = False

    def sub(m: re.Match) -> str:
        nonlocal missing
        name = m.group("braced") or m.group("plain")
        if args.get(name):
            return args[name]
        if m.group("default") is not None:
            return m.group("default")
        missing = True
        return ""

    out = _VAR.sub(sub, value)
    return None if missing else out


def containerfile_images(lines: list[SourceLine]) -> Found:
    """Base images (``FROM``, ``COPY --from=<image>``) of one Containerfile."""
    from coursekit.validation.api import parse_containerfile

    parsed = parse_containerfile("".join(line.text + "\n" for line in lines))
    found = Found()
    args: dict[str, str | None] = {}
    stages: set[str] = set()
    seen_from = False

    def use(ref: str, instr, how: str) -> None:
        image = normalise(ref)
        if image is None or ref.lower() == "scratch":
            return
        src = lines[min(instr.start_line, len(lines)) - 1]
        found.uses.append(ImageUse(image, src.path, src.line, how))

    for instr in parsed.instructions:
        if instr.cmd == "ARG" and not seen_from:
            for arg in instr.args:
                name, eq, default = arg.partition("=")
                args[name] = default.strip("\"'") if eq else None
        elif instr.cmd == "FROM" and instr.args:
            seen_from = True
            ref = _expand(instr.args[0], args)
            if ref is not None and ref.lower() not in stages:
                use(ref, instr, "FROM")
            if len(instr.args) == 3 and instr.args[1].lower() == "as":
                stages.add(instr.args[2].lower())
        elif instr.cmd == "COPY":
            for flag in instr.flags:
                if flag.startswith("--from="):
                    ref = flag[len("--from=") :]
                    if ref.lower() not in stages and not ref.isdigit():
                        use(ref, instr, "COPY --from")
    return found


# ---------------------------------------------------------------------------
# Compose files


def compose_images(lines: list[SourceLine]) -> Found:
    """``image:`` of the services of one compose file; a service with ``build:`` names the image it builds."""
    from coursekit.validation.api import YamlProblem, load_compose_yaml, with_defaults

    found = Found()
    try:
        doc = load_compose_yaml("".join(line.text + "\n" for line in lines))
    except YamlProblem:
        return found  # the validator reports it
    services = doc.data.get("services") if isinstance(doc.data, dict) else None
    if not isinstance(services, dict):
        return found
    for name, service in services.items():
        image = service.get("image") if isinstance(service, dict) else None
        if not isinstance(image, str):
            continue
        resolved = normalise(with_defaults(image) or "")
        if resolved is None:
            continue
        if "build" in service:
            found.built.add(resolved)
            continue
        local = doc.where(("services", name, "image"))[0]
        src = lines[min(local, len(lines) - 1)]
        found.uses.append(ImageUse(resolved, src.path, src.line, "compose image"))
    return found


# ---------------------------------------------------------------------------
# docker command lines


@dataclass
class DockerCall:
    command: str  # grammar key, e.g. "container run" (also for `docker run`)
    flags: dict[str, list[str]]  # long flag name -> values given
    args: list  # positional words (shell_words.Word); for run/create only the image


def parse_docker(words: list) -> DockerCall | None:
    """Walk one ``docker ...`` command (``words[0]`` is ``docker``) like the CLI does, with the
    grammar ``command_checks`` validates against; None for an unknown command."""
    from coursekit.validation.api import grammar

    g = grammar()
    path: list[str] = []
    spec = dict(g.global_flags)
    usage = ""
    flags: dict[str, list[str]] = {}
    args: list = []
    i = 1
    while i < len(words):
        w, t = words[i], words[i].text
        if not w.quoted and t.startswith("-") and t != "-":
            if t == "--":
                args += words[i + 1 :]
                break
            i = _take_flag(words, i, spec, flags)
            continue
        children = g.children.get(" ".join(path), [])
        if children and not args:
            candidate = " ".join([*path, t])
            if candidate not in g.canonical:
                return None
            path.append(t)
            node = g.commands.get(g.canonical[candidate], {})
            spec = {**g.global_flags, **node.get("flags", {})}
            usage = node.get("usage", "")
            i += 1
            continue
        args.append(w)
        if re.search(r"\bCOMMAND\b", usage):
            break  # the rest is the container's command
        i += 1
    key = g.canonical.get(" ".join(path))
    if not key:
        return None
    # Short forms are their own grammar entries; their first alias is the management command ("docker container run").
    aliases = [a.split(None, 1)[1] for a in g.commands.get(key, {}).get("aliases", []) if a.startswith("docker ")]
    return DockerCall(aliases[0] if aliases else key, flags, args)


def _take_flag(words: list, i: int, spec: dict, flags: dict[str, list[str]]) -> int:
    t = words[i].text
    if t.startswith("--"):
        name, eq, value = t[2:].partition("=")
        entry = spec.get(name)
        if entry is None or not entry.get("value"):
            return i + 1
        if eq:
            flags.setdefault(name, []).append(value)
            return i + 1
        if i + 1 < len(words):
            flags.setdefault(name, []).append(words[i + 1].text)
        return i + 2
    letters = t[1:]
    for j, letter in enumerate(letters):
        name = next((n for n, s in spec.items() if s.get("short") == letter), None)
        if name is None:
            return i + 1
        if spec[name].get("value"):
            if j + 1 < len(letters):
                flags.setdefault(name, []).append(letters[j + 1 :])  # -tname, -p8080:80
                return i + 1
            if i + 1 < len(words):
                flags.setdefault(name, []).append(words[i + 1].text)
            return i + 2
    return i + 1


def command_images(lines: list[SourceLine], console: bool) -> Found:
    """Images pulled by, and images built or tagged in, the ``docker`` commands of a console block or script."""
    from coursekit.validation.api import command_head, logical_lines, split_commands

    found = Found()
    for logical in logical_lines([line.text for line in lines], console):
        for words in split_commands(logical.text):
            k = command_head(words)
            if k >= len(words) or words[k].text != "docker" or words[k].quoted:
                continue
            call = parse_docker(words[k:])
            if call is None:
                continue
            if call.command in _PULLING and call.args:
                image = normalise(call.args[0].text)
                if image:
                    src = lines[logical.position(call.args[0].start)[0] - 1]
                    found.uses.append(ImageUse(image, src.path, src.line, _PULLING[call.command]))
            built: list[str] = []
            if call.command in ("image build", "buildx build"):
                built = call.flags.get("tag", [])
            elif call.command in ("image tag", "container commit", "image import") and len(call.args) >= 2:
                built = [call.args[1].text]
            found.built |= {image for image in map(normalise, built) if image}
    return found


# ---------------------------------------------------------------------------
# Pages, lab files, the course


def page_images(text: str, path: str, repo_root: str) -> Found:
    """Images in the code blocks of one page (snippets resolved to their lab files)."""
    from coursekit.markdown import blocks as markdown_blocks
    from coursekit.validation.api import CONSOLE_LANGS, SCRIPT_LANGS, is_compose_block, is_containerfile_block

    found = Found()
    blocks, _problems = markdown_blocks.extract_blocks(text, path, repo_root)
    for block in blocks:
        if block.annotation is not None and block.annotation.expect:
            continue  # a deliberate bad example: shown, never run
        if is_containerfile_block(block):
            found.add(containerfile_images(block.lines))
        elif is_compose_block(block):
            found.add(compose_images(block.lines))
        elif (block.lang in CONSOLE_LANGS or block.lang in SCRIPT_LANGS) and "docker" in block.text:
            found.add(command_images(block.lines, block.lang in CONSOLE_LANGS))
    return found


def lab_file_images(text: str, path: str) -> Found:
    """Images of one lab file: a Containerfile, a compose file or a shell script."""
    from coursekit.validation.api import is_compose_file_name, is_containerfile_name

    lines = [SourceLine(t, path, n) for n, t in enumerate(text.splitlines(), start=1)]
    if is_containerfile_name(path):
        return containerfile_images(lines)
    if is_compose_file_name(path):
        return compose_images(lines)
    if path.endswith(".sh"):
        return command_images(lines, console=False)
    return Found()


def course_images(course: Course, repo_root: str, lab_files: Iterable[tuple[str, str, str]] = ()) -> list[CourseImage]:
    """Every image the exercises and demos of ``course`` pull, sorted by name, each with its exercises in course order.

    ``lab_files`` are (exercise id, path shown, absolute path) of the build's lab and solution files.
    """
    from coursekit.validation.api import build_date as today
    from coursekit.validation.api import eol_status

    per_exercise: dict[str, Found] = {ex_id: Found() for ex_id in course.exercises}  # in course order
    for ex in course.exercises.values():
        with open(ex.abs_path, encoding="utf-8-sig", errors="replace") as fh:
            text = fh.read()
        per_exercise[ex.id].add(page_images(text, os.path.relpath(ex.abs_path, repo_root).replace(os.sep, "/"), repo_root))
    for ex_id, shown, abs_path in lab_files:
        if ex_id not in per_exercise:
            continue
        try:
            with open(abs_path, encoding="utf-8-sig") as fh:
                text = fh.read()
        except (OSError, UnicodeDecodeError):
            continue  # binary lab files name no images
        per_exercise[ex_id].add(lab_file_images(text, shown))
    built = set().union(*(f.built for f in per_exercise.values())) if per_exercise else set()
    day = today()
    images: dict[str, CourseImage] = {}
    for ex_id, found in per_exercise.items():
        for use in found.uses:
            if use.image in built or is_local_registry(use.image) or eol_status(use.image, day):
                continue
            entry = images.setdefault(use.image, CourseImage(use.image, [], []))
            entry.uses.append(use)
            if course.exercises[ex_id] not in entry.exercises:
                entry.exercises.append(course.exercises[ex_id])
    return [images[name] for name in sorted(images)]


# ---------------------------------------------------------------------------
# The guide's list


def pull_command(images: list[CourseImage]) -> str:
    names = " ".join(i.image for i in images)
    return f'$ for image in {names}; do docker image pull "$image"; done'


def image_list_markdown(images: list[CourseImage], page_src: str) -> str:
    from coursekit.site.structure import relative_link

    if not images:
        return "The labs of this course variant pull no images."
    rows = [
        '<div class="image-list" markdown>',
        "",
        f"The labs and demos of this course variant pull these {len(images)} images "
        "(read from their Containerfiles, compose files and `docker` commands when the site is built):",
        "",
        "| Image | Used by |",
        "|---|---|",
    ]
    for item in images:
        links = ", ".join(f'[{ex.label} {ex.number}]({relative_link(page_src, ex.src_uri)} "{html.escape(ex.title, quote=True)}")' for ex in item.exercises)
        rows.append(f"| `{item.image}` | {links} |")
    rows += ["", "Pull them all on a lab VM (or on the VM template) in one go:", "", "```console", pull_command(images), "```", "", "</div>"]
    return "\n".join(rows)


# ---------------------------------------------------------------------------
# In the background


class Background:
    """``course_images(...)`` in a worker process (:mod:`.workers`) while MkDocs renders the other pages.

    Reading every exercise with the validators' parsers costs about half a second
    (most of it importing them); the guide's start page is rendered late, so on a
    machine with two cores the list is ready by then and costs the build no wall
    time.  Where workers cannot run (or for ``sync=True``) the list is computed
    when it is first asked for.  A crash of the worker is raised, never swallowed.
    """

    def __init__(self, course: Course, repo_root: str, lab_files: list[tuple[str, str, str]], worker: workers.Worker | None = None):
        """``worker``: the build's background worker; None computes the list when first asked for."""
        self._args = (course, repo_root, lab_files)
        self._value: list[CourseImage] | None = None
        self._worker = worker.submit("image list: the worker", course_images, self._args) if worker is not None else None

    def result(self, timeout: float = 300) -> list[CourseImage]:
        if self._value is not None:
            return self._value
        if self._worker is None:
            try:
                self._value = course_images(*self._args)
            except Exception as exc:  # reported like a crashed worker: the hook logs it, serve keeps going
                import traceback

                raise RuntimeError(f"image list: {traceback.format_exc()}") from exc
            return self._value
        self._value = self._worker.wait(timeout)
        return self._value
