"""What compose rules work on: the loaded document (:class:`ComposeContext`), the
:class:`Hit` a rule yields (a path into the document and the fields of its message), and
helpers several rules share (mounts, dependencies, lab paths, image references)."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from coursekit.validation.compose import safe_yaml
from coursekit.validation.compose import schema as compose_schema
from coursekit.validation.compose.safe_yaml import Document
from coursekit.validation.image_eol import build_date

KIND = "compose"


@dataclass
class Hit:
    path: tuple
    fields: dict = field(default_factory=dict)
    at_key: bool = False
    offset: int | None = None  # character offset inside a one-line scalar (interpolation)


@dataclass
class ComposeContext:
    doc: Document
    fragment: bool = False
    placeholders: bool = False
    #: folder the compose file lives in (lab files, or blocks that are one lab file); None for page examples
    lab_dir: str | None = None
    #: names declared by included files; None when an ``include`` could not be resolved
    included: dict[str, set[str]] | None = field(default_factory=dict)
    today: date = field(default_factory=build_date)  # COURSE_CHECK_DATE pins it
    #: maps a 0-based local line to the line number shown to the author
    shown_line: Callable[[int], int] = lambda n: n + 1

    @property
    def data(self) -> Any:
        return self.doc.data

    @property
    def services(self) -> dict[str, dict]:
        svcs = self.data.get("services") if isinstance(self.data, dict) else None
        if not isinstance(svcs, dict):
            return {}
        return {name: svc for name, svc in svcs.items() if isinstance(svc, dict)}

    def declared(self, section: str) -> set[str] | None:
        """Names declared at the top level (and by includes); None if unknowable."""
        if self.included is None:
            return None
        own = self.data.get(section) if isinstance(self.data, dict) else None
        names = set(own) if isinstance(own, dict) else set()
        return names | self.included.get(section, set())

    def is_placeholder(self, value: Any) -> bool:
        return self.placeholders and isinstance(value, str) and bool(PLACEHOLDER.search(value))

    @functools.cached_property
    def schema_errors(self) -> list[compose_schema.SchemaError]:
        """What the Compose Specification schema says about the document (computed once)."""
        return compose_schema.validate(self.data)

    def about_placeholder(self, path: tuple) -> bool:
        """A finding about a ``<placeholder>`` key or value, allowed by the ``placeholders`` annotation."""
        if not self.placeholders:
            return False
        node = self.doc.node(path)
        values = [p for p in path if isinstance(p, str)]
        if node is not None and node.kind == "scalar" and isinstance(node.value, str):
            values.append(node.value)
        return any(PLACEHOLDER.search(v) for v in values)


PLACEHOLDER = re.compile(r"<[A-Za-z][\w.-]*>")


Check = Callable[[ComposeContext], Iterable[Hit]]


@dataclass
class ComposeLoad:
    """The outcome of loading a compose text: the document, or the problem that stopped it,
    and the keys defined twice (reported; the first one is kept)."""

    doc: Document | None
    problem: safe_yaml.YamlProblem | None = None
    duplicates: list[safe_yaml.YamlProblem] = field(default_factory=list)


def load(text: str) -> ComposeLoad:
    duplicates: list[safe_yaml.YamlProblem] = []
    try:
        return ComposeLoad(safe_yaml.load(text, duplicates=duplicates), None, duplicates)
    except safe_yaml.YamlProblem as problem:
        return ComposeLoad(None, problem, duplicates)


VAR = re.compile(r"\$\{([_A-Za-z][_A-Za-z0-9]*)(?::?-([^}]*))?\}|\$([_A-Za-z][_A-Za-z0-9]*)")


def with_defaults(value: str) -> str | None:
    """``value`` with ``${VAR:-default}`` replaced by its default; None if a variable has none."""
    if "$" not in value:
        return value
    unresolved = False

    def sub(m: re.Match) -> str:
        nonlocal unresolved
        if m.group(2) is not None:
            return m.group(2)
        unresolved = True
        return ""

    out = VAR.sub(sub, value.replace("$$", "\0")).replace("\0", "$")
    return None if unresolved or "$" in out else out


def str_list(value: Any) -> list[tuple[int, str]]:
    return [(i, v) for i, v in enumerate(value) if isinstance(v, str)] if isinstance(value, list) else []


def named_items(value: Any) -> list[tuple[tuple, str]]:
    """Names used by a list-or-mapping option (``networks``, ``depends_on``): (sub-path, name)."""
    if isinstance(value, list):
        return [((i,), v) for i, v in enumerate(value) if isinstance(v, str)]
    if isinstance(value, dict):
        return [((k,), k) for k in value]
    return []


def sources(value: Any, option: str) -> list[tuple[tuple, str]]:
    """Names of secrets/configs a service uses: short strings or ``source:`` of the long form."""
    out = []
    for i, item in enumerate(value if isinstance(value, list) else []):
        if isinstance(item, str):
            out.append(((option, i), item))
        elif isinstance(item, dict) and isinstance(item.get("source"), str):
            out.append(((option, i, "source"), item["source"]))
    return out


@dataclass
class Mount:
    path: tuple  # path of the value that names the source
    type: str  # volume | bind | tmpfs | npipe | cluster | image
    source: str
    target: str


WINDOWS_PATH = re.compile(r"^[A-Za-z]:[\\/]")


def is_path(source: str) -> bool:
    return source.startswith((".", "/", "~", "$")) or bool(WINDOWS_PATH.match(source))


def mounts(service: dict, base: tuple) -> list[Mount]:
    out = []
    for i, item in enumerate(service.get("volumes") if isinstance(service.get("volumes"), list) else []):
        if isinstance(item, str):
            parts = item.split(":")
            if WINDOWS_PATH.match(item):  # C:\data:/data
                parts = [parts[0] + ":" + parts[1], *parts[2:]]
            if len(parts) == 1:
                out.append(Mount((*base, "volumes", i), "volume", "", parts[0]))
            else:
                source = parts[0]
                out.append(Mount((*base, "volumes", i), "bind" if is_path(source) else "volume", source, parts[1]))
        elif isinstance(item, dict):
            source = item.get("source")
            kind = item.get("type") if isinstance(item.get("type"), str) else ""  # missing: the schema reports it (CO005)
            out.append(
                Mount(
                    (*base, "volumes", i, "source") if source is not None else (*base, "volumes", i),
                    kind,
                    source if isinstance(source, str) else "",
                    str(item.get("target", "")),
                )
            )
    return out


def extends_target(service: dict) -> tuple[str | None, str | None]:
    ext = service.get("extends")
    if isinstance(ext, str):
        return ext, None
    if isinstance(ext, dict) and isinstance(ext.get("service"), str):
        return ext["service"], ext.get("file") if isinstance(ext.get("file"), str) else None
    return None, None


def service_dependencies(service: dict) -> list[tuple[tuple, str, str]]:
    """(sub-path, option, service name) of every other service this one needs."""
    deps = [(("depends_on", *sub), "depends_on", name) for sub, name in named_items(service.get("depends_on"))]
    for i, link in str_list(service.get("links")):
        deps.append((("links", i), "links", link.split(":")[0]))
    for i, vf in str_list(service.get("volumes_from")):
        if not vf.startswith("container:"):
            deps.append((("volumes_from", i), "volumes_from", vf.split(":")[0]))
    mode = service.get("network_mode")
    if isinstance(mode, str) and mode.startswith("service:"):
        deps.append((("network_mode",), "network_mode", mode[len("service:") :]))
    return deps


def undefined_names(ctx: ComposeContext, section: str) -> Iterator[Hit]:
    declared = ctx.declared(section)
    if declared is None:
        return
    for sname, svc in ctx.services.items():
        for sub, name in sources(svc.get(section), section):
            if name not in declared and not ctx.is_placeholder(name):
                yield Hit(("services", sname, *sub), {"service": sname, "name": name})


def healthchecks(ctx: ComposeContext) -> Iterator[tuple[tuple, dict, str]]:
    for sname, svc in ctx.services.items():
        if isinstance(svc.get("healthcheck"), dict):
            yield ("services", sname, "healthcheck"), svc["healthcheck"], sname


def lab_paths(ctx: ComposeContext) -> Iterator[tuple[tuple, str, str]]:
    """(path, what, relative file or folder) of every local file the compose file needs."""
    data = ctx.data if isinstance(ctx.data, dict) else {}
    for i, inc in enumerate(data.get("include") if isinstance(data.get("include"), list) else []):
        if isinstance(inc, str):
            yield ("include", i), "included file", inc
        elif isinstance(inc, dict):
            paths = inc.get("path")
            for j, p in [(None, paths)] if isinstance(paths, str) else list(enumerate(paths)) if isinstance(paths, list) else []:
                if isinstance(p, str):
                    yield ("include", i, "path") if j is None else ("include", i, "path", j), "included file", p
    for section in ("secrets", "configs"):
        for name, spec in (data.get(section) or {}).items() if isinstance(data.get(section), dict) else []:
            if isinstance(spec, dict) and isinstance(spec.get("file"), str):
                yield (section, name, "file"), f"file of {section[:-1]} `{name}`", spec["file"]
    for sname, svc in ctx.services.items():
        base = ("services", sname)
        for m in mounts(svc, base):
            if m.type == "bind" and m.source.startswith("."):
                yield m.path, "bind-mount source", m.source
        env = svc.get("env_file")
        for i, item in [(None, env)] if isinstance(env, str) else list(enumerate(env)) if isinstance(env, list) else []:
            sub = (*base, "env_file") if i is None else (*base, "env_file", i)
            if isinstance(item, str):
                yield sub, "env_file", item
            elif isinstance(item, dict) and isinstance(item.get("path"), str) and item.get("required", True) is not False:
                yield (*sub, "path"), "env_file", item["path"]
        _target, file = extends_target(svc)
        if file:
            yield (*base, "extends", "file"), "extends file", file


REMOTE = re.compile(r"^(?:https?://|git@|git://|ssh://|github\.com/|[a-z]+://)")


def build_paths(ctx: ComposeContext) -> Iterator[tuple[tuple, str, str]]:
    for sname, svc in ctx.services.items():
        build = svc.get("build")
        base = ("services", sname, "build")
        if isinstance(build, str):
            context, dockerfile, cpath, dpath = build, None, base, base
        elif isinstance(build, dict):
            context = build.get("context", ".")
            dockerfile = build.get("dockerfile")
            cpath = (*base, "context") if "context" in build else base
            dpath = (*base, "dockerfile") if "dockerfile" in build else cpath
            if "dockerfile_inline" in build:
                dockerfile = False
        else:
            continue
        if not isinstance(context, str) or REMOTE.match(context) or "$" in context:
            continue
        yield cpath, "build context", context
        if dockerfile is False or (isinstance(dockerfile, str) and "$" in dockerfile):
            continue
        name = dockerfile if isinstance(dockerfile, str) else "Dockerfile"
        yield dpath, "Dockerfile" if dockerfile is None else "build.dockerfile", os.path.join(context, name)


def lab_root(lab_dir: str) -> str:
    """The folder a lab's files must stay in: ``exercises/<id>/files`` or ``.../solution`` above
    ``lab_dir`` (what the trainee downloads), else ``lab_dir`` itself."""
    parts = os.path.abspath(lab_dir).split(os.sep)
    for i in range(len(parts) - 1, 1, -1):
        if parts[i] in ("files", "solution") and parts[i - 2] == "exercises":
            return os.sep.join(parts[: i + 1])
    return os.path.abspath(lab_dir)


def outside_lab(lab_dir: str, full: str) -> bool:
    root = os.path.realpath(lab_root(lab_dir))
    real = os.path.realpath(full)
    return os.path.commonpath([real, root]) != root


def service_images(ctx: ComposeContext) -> Iterator[tuple[tuple, str, str]]:
    """(path, image as written, image with interpolation defaults applied)."""
    for sname, svc in ctx.services.items():
        image = svc.get("image")
        if isinstance(image, str) and not ctx.is_placeholder(image):
            resolved = with_defaults(image)
            if resolved is not None:
                yield ("services", sname, "image"), image, resolved


def split_image(ref: str) -> tuple[str, str | None, str | None]:
    """(name, tag, digest) of an image reference."""
    ref, _, digest = ref.partition("@")
    slash = ref.rfind("/")
    colon = ref.rfind(":")
    if colon > slash:
        return ref[:colon], ref[colon + 1 :], digest or None
    return ref, None, digest or None
