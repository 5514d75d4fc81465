"""Compose rules beyond the schema: what ``docker compose config`` rejects, and the
warnings the course cares about.  Each rule is a registered function that walks a
:class:`ComposeContext` and yields :class:`Hit` objects (a path into the document
and the fields of the rule's message); ``compose_checks`` turns them into findings.

Durations, ports and interpolation follow compose-go (the library inside
``docker compose`` v2): durations accept ``ns us µs ms s m h d w``; short port
syntax is ``[IP:][HOST[-RANGE]:]CONTAINER[-RANGE][/PROTOCOL]``; ``${...}`` must be
closed and name a variable.
"""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from coursekit.validation.compose.safe_yaml import Document
from coursekit.validation.compose.schema import schema_info
from coursekit.validation.findings import Severity
from coursekit.validation.image_eol import build_date, eol_soon, eol_status
from coursekit.validation.rules import REGISTRY

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
        return self.placeholders and isinstance(value, str) and bool(_PLACEHOLDER.search(value))


_PLACEHOLDER = re.compile(r"<[A-Za-z][\w.-]*>")

Check = Callable[[ComposeContext], Iterable[Hit]]


def rule(code: str, name: str, severity: Severity, message: str, rationale: str, scope: str = "instruction"):
    return REGISTRY.rule(code, name, KIND, severity, message, rationale, scope)


# ---------------------------------------------------------------------------
# Loading and schema (reported by compose_checks; registered here for the rule table)

_SCHEMA = schema_info()

for _code, _name, _message, _why in (
    (
        "CO001",
        "ComposeYamlSyntax",
        "{detail}",
        "A compose file that is not valid YAML is rejected before Compose looks at it; tabs in the indentation are the classic cause.",
    ),
    (
        "CO002",
        "DuplicateYamlKey",
        "duplicate key '{key}' (first defined at line {first}): Compose rejects a key defined twice",
        "YAML libraries silently keep one of two equal keys; Compose refuses the file, so a slide that shows one must be wrong.",
    ),
    (
        "CO003",
        "UnsafeYaml",
        "{detail}",
        "A compose block is untrusted input: an alias bomb of a few hundred bytes, huge or absurdly deep documents must be refused quickly instead of exhausting memory.",
    ),
    (
        "CO004",
        "UnknownComposeKey",
        "{detail}",
        "Compose rejects keys the Compose Specification does not define; a mis-indented or misspelt key is the most common mistake in compose files.",
    ),
    (
        "CO005",
        "InvalidComposeValue",
        "{detail}",
        "A value of the wrong type or outside the allowed set fails `docker compose config` against the Compose Specification schema."
        f" Schema used: {_SCHEMA.package} {_SCHEMA.package_version} `{_SCHEMA.resource.rsplit('/', 1)[-1]}`"
        f" ({_SCHEMA.title}, JSON Schema {_SCHEMA.dialect.rsplit('/', 2)[-2]}, sha256 {_SCHEMA.sha256[:12]}).",
    ),
):
    REGISTRY.rule(_code, _name, KIND, Severity.ERROR, _message, _why)(lambda *_: ())


# ---------------------------------------------------------------------------
# Values the schema lets through (strings are allowed for interpolation) but Compose refuses
# when it converts them; reported as CO005 by compose_checks, like the schema's own findings.

_BYTES = re.compile(r"^(\d+(?:\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$")  # docker/go-units RAMInBytes
_BYTE_KEYS = ("mem_limit", "mem_reservation", "memswap_limit", "shm_size")
_INT_KEYS = ("scale", "cpu_shares", "pids_limit", "cpu_count", "cpu_percent", "oom_score_adj")


def value_problems(data: Any) -> list[tuple[tuple, bool, str]]:
    """(path, at_key, message) of values ``docker compose config`` refuses although the schema accepts them."""
    out: list[tuple[tuple, bool, str]] = []
    if not isinstance(data, dict):
        return out

    def literal(value: Any) -> str | None:
        return value.strip() if isinstance(value, str) and "$" not in value else None

    def size(path: tuple, key: str, value: Any) -> None:
        text = literal(value)
        if text is not None and not _BYTES.match(text) and text != "-1":
            out.append((path, False, f"`{key}` is not a size: '{text}' (write a number with an optional unit: 512m, 1g, 1.5GiB)"))

    def integer(path: tuple, key: str, value: Any) -> None:
        text = literal(value)
        if text is not None and not re.fullmatch(r"[-+]?\d+", text):
            out.append((path, False, f"`{key}` must be a whole number, not '{text}'"))

    services = data.get("services") if isinstance(data.get("services"), dict) else {}
    for sname, svc in services.items():
        if not isinstance(svc, dict):
            continue
        base = ("services", sname)
        for key in _BYTE_KEYS:
            if key in svc:
                size((*base, key), key, svc[key])
        if isinstance(svc.get("build"), dict) and "shm_size" in svc["build"]:
            size((*base, "build", "shm_size"), "build.shm_size", svc["build"]["shm_size"])
        for key in _INT_KEYS:
            if key in svc:
                integer((*base, key), key, svc[key])
        deploy = svc.get("deploy") if isinstance(svc.get("deploy"), dict) else {}
        if "replicas" in deploy:
            integer((*base, "deploy", "replicas"), "deploy.replicas", deploy["replicas"])
        resources = deploy.get("resources") if isinstance(deploy.get("resources"), dict) else {}
        for part in ("limits", "reservations"):
            limits = resources.get(part) if isinstance(resources.get(part), dict) else {}
            if "memory" in limits:
                size((*base, "deploy", "resources", part, "memory"), f"deploy.resources.{part}.memory", limits["memory"])
            if "pids" in limits:
                integer((*base, "deploy", "resources", part, "pids"), f"deploy.resources.{part}.pids", limits["pids"])
    volumes = data.get("volumes") if isinstance(data.get("volumes"), dict) else {}
    for vname, spec in volumes.items():
        if isinstance(spec, dict) and spec.get("external") not in (None, False):
            for key in ("driver", "driver_opts", "labels"):
                if key in spec:
                    out.append((("volumes", vname, key), True, f"volume `{vname}` is `external` (created outside Compose) and cannot also set `{key}`"))
    return out


# ---------------------------------------------------------------------------
# Helpers

_VAR = re.compile(r"\$\{([_A-Za-z][_A-Za-z0-9]*)(?::?-([^}]*))?\}|\$([_A-Za-z][_A-Za-z0-9]*)")


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

    out = _VAR.sub(sub, value.replace("$$", "\0")).replace("\0", "$")
    return None if unresolved or "$" in out else out


def _str_list(value: Any) -> list[tuple[int, str]]:
    return [(i, v) for i, v in enumerate(value) if isinstance(v, str)] if isinstance(value, list) else []


def _names(value: Any) -> list[tuple[tuple, str]]:
    """Names used by a list-or-mapping option (``networks``, ``depends_on``): (sub-path, name)."""
    if isinstance(value, list):
        return [((i,), v) for i, v in enumerate(value) if isinstance(v, str)]
    if isinstance(value, dict):
        return [((k,), k) for k in value]
    return []


def _sources(value: Any, option: str) -> list[tuple[tuple, str]]:
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


_WINDOWS_PATH = re.compile(r"^[A-Za-z]:[\\/]")


def _is_path(source: str) -> bool:
    return source.startswith((".", "/", "~", "$")) or bool(_WINDOWS_PATH.match(source))


def mounts(service: dict, base: tuple) -> list[Mount]:
    out = []
    for i, item in enumerate(service.get("volumes") if isinstance(service.get("volumes"), list) else []):
        if isinstance(item, str):
            parts = item.split(":")
            if _WINDOWS_PATH.match(item):  # C:\data:/data
                parts = [parts[0] + ":" + parts[1], *parts[2:]]
            if len(parts) == 1:
                out.append(Mount((*base, "volumes", i), "volume", "", parts[0]))
            else:
                source = parts[0]
                out.append(Mount((*base, "volumes", i), "bind" if _is_path(source) else "volume", source, parts[1]))
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
    deps = [(("depends_on", *sub), "depends_on", name) for sub, name in _names(service.get("depends_on"))]
    for i, link in _str_list(service.get("links")):
        deps.append((("links", i), "links", link.split(":")[0]))
    for i, vf in _str_list(service.get("volumes_from")):
        if not vf.startswith("container:"):
            deps.append((("volumes_from", i), "volumes_from", vf.split(":")[0]))
    mode = service.get("network_mode")
    if isinstance(mode, str) and mode.startswith("service:"):
        deps.append((("network_mode",), "network_mode", mode[len("service:") :]))
    return deps


# ---------------------------------------------------------------------------
# Consistency: what `docker compose config` rejects beyond the schema


@rule(
    "CO101",
    "UndefinedNetwork",
    Severity.ERROR,
    "service `{service}` uses network `{name}`, which is not declared under the top-level `networks:`",
    "Compose refuses a service that joins an undeclared network ('refers to undefined network'); only `default` exists implicitly.",
    "file",
)
def undefined_network(ctx: ComposeContext) -> Iterator[Hit]:
    declared = ctx.declared("networks")
    if declared is None:
        return
    for sname, svc in ctx.services.items():
        for sub, name in _names(svc.get("networks")):
            if name != "default" and name not in declared and not ctx.is_placeholder(name):
                yield Hit(("services", sname, "networks", *sub), {"service": sname, "name": name}, at_key=isinstance(svc.get("networks"), dict))


@rule(
    "CO102",
    "UndefinedVolume",
    Severity.ERROR,
    "service `{service}` mounts the named volume `{name}`, which is not declared under the top-level `volumes:`",
    "A named volume must be declared at the top level ('refers to undefined volume'); a path meant as a bind mount needs './' in front.",
    "file",
)
def undefined_volume(ctx: ComposeContext) -> Iterator[Hit]:
    declared = ctx.declared("volumes")
    if declared is None:
        return
    for sname, svc in ctx.services.items():
        for m in mounts(svc, ("services", sname)):
            if m.type == "volume" and m.source and "$" not in m.source and m.source not in declared and not ctx.is_placeholder(m.source):
                yield Hit(m.path, {"service": sname, "name": m.source})


@rule(
    "CO103",
    "UndefinedSecret",
    Severity.ERROR,
    "service `{service}` uses the secret `{name}`, which is not declared under the top-level `secrets:`",
    "Compose refuses a service that uses an undeclared secret ('refers to undefined secret').",
    "file",
)
def undefined_secret(ctx: ComposeContext) -> Iterator[Hit]:
    yield from _undefined(ctx, "secrets")


@rule(
    "CO104",
    "UndefinedConfig",
    Severity.ERROR,
    "service `{service}` uses the config `{name}`, which is not declared under the top-level `configs:`",
    "Compose refuses a service that uses an undeclared config ('refers to undefined config').",
    "file",
)
def undefined_config(ctx: ComposeContext) -> Iterator[Hit]:
    yield from _undefined(ctx, "configs")


def _undefined(ctx: ComposeContext, section: str) -> Iterator[Hit]:
    declared = ctx.declared(section)
    if declared is None:
        return
    for sname, svc in ctx.services.items():
        for sub, name in _sources(svc.get(section), section):
            if name not in declared and not ctx.is_placeholder(name):
                yield Hit(("services", sname, *sub), {"service": sname, "name": name})


@rule(
    "CO105",
    "UnknownServiceReference",
    Severity.ERROR,
    "`{option}` of service `{service}` names `{name}`, which is not a service in this compose file",
    "depends_on, links, volumes_from, network_mode: service:x and extends must name a service of the project; Compose refuses the file otherwise.",
    "file",
)
def unknown_service_reference(ctx: ComposeContext) -> Iterator[Hit]:
    if ctx.included is None:
        return
    known = set(ctx.services) | ctx.included.get("services", set())
    if isinstance(ctx.data, dict) and isinstance(ctx.data.get("services"), dict):
        known |= set(ctx.data["services"])
    for sname, svc in ctx.services.items():
        for sub, option, name in service_dependencies(svc):
            if name not in known and not ctx.is_placeholder(name):
                yield Hit(
                    ("services", sname, *sub),
                    {"option": option, "service": sname, "name": name},
                    at_key=option == "depends_on" and isinstance(svc.get("depends_on"), dict),
                )
        target, file = extends_target(svc)
        if target is not None and file is None and target not in known:
            sub = ("extends",) if isinstance(svc.get("extends"), str) else ("extends", "service")
            yield Hit(("services", sname, *sub), {"option": "extends", "service": sname, "name": target})


@rule(
    "CO106",
    "DependencyCycle",
    Severity.ERROR,
    "services depend on each other in a cycle: {cycle}",
    "Compose cannot order services that wait for each other ('dependency cycle detected') and refuses the file; a service that extends itself, directly or through others, is refused too ('Circular reference').",
    "file",
)
def dependency_cycle(ctx: ComposeContext) -> Iterator[Hit]:
    services = ctx.services
    graph = {name: [(sub, dep) for sub, _opt, dep in service_dependencies(svc) if dep in services] for name, svc in services.items()}
    state: dict[str, int] = {}  # 1 = on stack, 2 = done
    reported: set[frozenset] = set()
    stack: list[str] = []

    def visit(name: str) -> Iterator[Hit]:
        state[name] = 1
        stack.append(name)
        for sub, dep in graph[name]:
            if state.get(dep) == 1:
                cycle = stack[stack.index(dep) :] + [dep]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    yield Hit(
                        ("services", name, *sub),
                        {"cycle": " → ".join(f"`{c}`" for c in cycle)},
                        at_key=isinstance(services[name].get("depends_on"), dict) and sub[0] == "depends_on",
                    )
            elif dep not in state:
                yield from visit(dep)
        stack.pop()
        state[name] = 2

    for name in services:
        if name not in state:
            yield from visit(name)
    # extends within the file: Compose refuses a service that extends itself, directly or not ("Circular reference")
    for name, svc in services.items():
        chain = [name]
        target, file = extends_target(svc)
        while target is not None and file is None and target in services and target not in chain:
            chain.append(target)
            target, file = extends_target(services[target])
        if target is not None and file is None and target == name:
            key = frozenset(chain) | {"extends"}
            if key not in reported:
                reported.add(key)
                sub = ("extends",) if isinstance(svc.get("extends"), str) else ("extends", "service")
                yield Hit(("services", name, *sub), {"cycle": " extends ".join(f"`{c}`" for c in [*chain, name])})


@rule(
    "CO107",
    "ServiceWithoutImage",
    Severity.ERROR,
    "service `{service}` has neither `image` nor `build`: Compose cannot tell what to run",
    "Every service needs an image to pull or a build to run ('has neither an image nor a build context specified'); extends can supply them.",
    "file",
)
def service_without_image(ctx: ComposeContext) -> Iterator[Hit]:
    services = ctx.services
    for sname, svc in services.items():
        if not _has_image(sname, services, set()) and "provider" not in svc:
            yield Hit(("services", sname), {"service": sname}, at_key=True)


def _has_image(name: str, services: dict, seen: set[str]) -> bool:
    svc = services.get(name)
    if svc is None or name in seen:
        return True  # unknown base (other file, include, cycle): reported elsewhere
    if "image" in svc or "build" in svc:
        return True
    target, file = extends_target(svc)
    if target is None:
        return False
    if file is not None:
        return True
    return _has_image(target, services, seen | {name})


@rule(
    "CO108",
    "NetworkModeWithNetworks",
    Severity.ERROR,
    "service `{service}` sets both `network_mode` and `networks`; Compose refuses the combination",
    "network_mode replaces the service's networking, so networks would be ignored; Compose calls them mutually exclusive.",
)
def network_mode_with_networks(ctx: ComposeContext) -> Iterator[Hit]:
    for sname, svc in ctx.services.items():
        if "network_mode" in svc and "networks" in svc:
            yield Hit(("services", sname, "networks"), {"service": sname}, at_key=True)


_HC_TEST_WORDS = ("CMD", "CMD-SHELL", "NONE")


@rule(
    "CO109",
    "InvalidHealthcheckTest",
    Severity.ERROR,
    'healthcheck `test` of service `{service}` must start with "CMD", "CMD-SHELL" or "NONE", not {first}',
    "In list form the first item says how to run the check; anything else is refused by Compose (a string is run with the shell).",
)
def invalid_healthcheck_test(ctx: ComposeContext) -> Iterator[Hit]:
    for path, hc, owner in _healthchecks(ctx):
        test = hc.get("test")
        # an empty list is accepted (`docker compose config` drops it)
        if isinstance(test, list) and test and test[0] not in _HC_TEST_WORDS:
            yield Hit((*path, "test", 0), {"service": owner, "first": f"'{test[0]}'"})


def _healthchecks(ctx: ComposeContext) -> Iterator[tuple[tuple, dict, str]]:
    for sname, svc in ctx.services.items():
        if isinstance(svc.get("healthcheck"), dict):
            yield ("services", sname, "healthcheck"), svc["healthcheck"], sname


# -- ports -------------------------------------------------------------------

_PROTOCOLS = ("tcp", "udp", "sctp")


def _port_range(text: str, what: str, allow_zero: bool = False) -> tuple[int, int]:
    if not re.fullmatch(r"\d+(-\d+)?", text):
        raise ValueError(f"{what} '{text}' is not a port number or range")
    lo, _, hi = text.partition("-")
    start, end = int(lo), int(hi or lo)
    for p in (start, end):
        if not (0 if allow_zero else 1) <= p <= 65535:
            raise ValueError(f"{what} {p} is outside 1-65535")
    if end < start:
        raise ValueError(f"{what} range '{text}' ends before it starts")
    return start, end


@dataclass
class Binding:
    host_ip: str
    host: tuple[int, int] | None
    container: tuple[int, int]
    protocol: str


def parse_port(spec: Any) -> Binding:
    """A short-syntax port, as Docker parses it; ValueError with a plain message."""
    if isinstance(spec, bool):
        raise ValueError("a port cannot be true or false")
    if isinstance(spec, int):
        return Binding("", None, _port_range(str(spec), "container port"), "tcp")
    if isinstance(spec, float):
        raise ValueError(f"{spec} is not a port: quote port mappings in YAML")
    text = str(spec).strip()
    protocol = "tcp"
    if "/" in text:
        text, protocol = text.rsplit("/", 1)
        if protocol.lower() not in _PROTOCOLS:
            raise ValueError(f"protocol '{protocol}' is not one of tcp, udp, sctp")
        protocol = protocol.lower()
    host_ip = ""
    if text.startswith("["):  # [IPv6]:host:container
        close = text.find("]")
        if close < 0 or text[close + 1 : close + 2] != ":":
            raise ValueError(f"'{spec}' has an unclosed IPv6 address")
        host_ip, text = text[1:close], text[close + 2 :]
        parts = ["", *text.split(":")] if text.count(":") == 1 else ["", "", *text.split(":")]
        parts = parts[-3:]
    else:
        parts = text.split(":")
        if len(parts) > 3:
            raise ValueError(f"'{spec}' has too many ':' (write an IPv6 address in brackets)")
        if len(parts) == 3:
            host_ip = parts[0]
    if host_ip:
        try:
            ipaddress.ip_address(host_ip)
        except ValueError:
            raise ValueError(f"'{host_ip}' is not an IP address") from None
    container = _port_range(parts[-1], "container port")
    host = None
    if len(parts) >= 2 and parts[-2] != "":
        host = _port_range(parts[-2], "host port", allow_zero=True)
        host_len, container_len = host[1] - host[0], container[1] - container[0]
        if container_len and host_len != container_len:
            raise ValueError(f"host range {parts[-2]} and container range {parts[-1]} differ in length")
    return Binding(host_ip, host, container, protocol)


def _port_items(ctx: ComposeContext) -> Iterator[tuple[str, tuple, Any]]:
    for sname, svc in ctx.services.items():
        for i, item in enumerate(svc.get("ports") if isinstance(svc.get("ports"), list) else []):
            yield sname, ("services", sname, "ports", i), item


def _bindings(item: Any, path: tuple) -> Iterator[tuple[tuple, Binding]]:
    """Parse one ports entry (short or long syntax); raises ValueError with (path, message)."""
    if isinstance(item, dict):
        target = item.get("target")
        published = item.get("published")
        protocol = item.get("protocol", "tcp")
        if isinstance(protocol, str) and protocol.lower() not in _PROTOCOLS and "$" not in protocol:
            raise _PortError((*path, "protocol"), f"protocol '{protocol}' is not one of tcp, udp, sctp")
        mode = item.get("mode")
        if isinstance(mode, str) and mode not in ("host", "ingress") and "$" not in mode:
            raise _PortError((*path, "mode"), f"mode '{mode}' is not 'host' or 'ingress'")
        host_ip = item.get("host_ip") if isinstance(item.get("host_ip"), str) else ""
        try:
            if host_ip and "$" not in host_ip:
                ipaddress.ip_address(host_ip)
        except ValueError:
            raise _PortError((*path, "host_ip"), f"'{host_ip}' is not an IP address") from None
        try:
            container = _port_range(_resolved(target), "target port") if target is not None and _resolved(target) is not None else None
        except ValueError as exc:
            raise _PortError((*path, "target"), str(exc)) from None
        try:
            host = _port_range(_resolved(published), "published port", True) if published is not None and _resolved(published) is not None else None
        except ValueError as exc:
            raise _PortError((*path, "published"), str(exc)) from None
        if container is not None:
            yield (
                (*path, "published") if published is not None else path,
                Binding(host_ip if "$" not in host_ip else "", host, container, str(protocol).lower()),
            )
        return
    value = item
    if isinstance(item, str):
        value = with_defaults(item)
        if value is None:
            return
    try:
        yield path, parse_port(value)
    except ValueError as exc:
        raise _PortError(path, str(exc)) from None


def _resolved(value: Any) -> str | None:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return with_defaults(value)
    return str(value)


class _PortError(ValueError):
    def __init__(self, path: tuple, message: str):
        super().__init__(message)
        self.path = path
        self.message = message


@rule(
    "CO110",
    "InvalidPort",
    Severity.ERROR,
    "invalid port {what}: {problem}",
    "Docker refuses malformed port mappings ('invalid hostPort', 'invalid proto') only when the service starts; catch them in the file.",
)
def invalid_port(ctx: ComposeContext) -> Iterator[Hit]:
    for _sname, path, item in _port_items(ctx):
        if ctx.is_placeholder(item) or (isinstance(item, dict) and any(ctx.is_placeholder(v) for v in item.values())):
            continue
        try:
            list(_bindings(item, path))
        except _PortError as exc:
            yield Hit(exc.path, {"what": f"mapping '{item}'" if not isinstance(item, dict) else "entry", "problem": exc.message})
    for sname, svc in ctx.services.items():
        for i, item in enumerate(svc.get("expose") if isinstance(svc.get("expose"), list) else []):
            text = with_defaults(str(item)) if not isinstance(item, bool) else str(item)
            if text is None or ctx.is_placeholder(text):
                continue
            port, _, proto = text.partition("/")
            try:
                _port_range(port, "exposed port")
                if proto and proto.lower() not in _PROTOCOLS:
                    raise ValueError(f"protocol '{proto}' is not one of tcp, udp, sctp")
            except ValueError as exc:
                yield Hit(("services", sname, "expose", i), {"what": f"in `expose` '{item}'", "problem": str(exc)})


# -- durations ---------------------------------------------------------------

_DURATION = re.compile(r"^[-+]?(?:(?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h|d|w))+$")
_DURATION_KEYS = ("interval", "timeout", "start_period", "start_interval")


def _durations(ctx: ComposeContext) -> Iterator[tuple[tuple, Any]]:
    for path, hc, _owner in _healthchecks(ctx):
        for key in _DURATION_KEYS:
            if key in hc:
                yield (*path, key), hc[key]
    for sname, svc in ctx.services.items():
        if "stop_grace_period" in svc:
            yield ("services", sname, "stop_grace_period"), svc["stop_grace_period"]
        deploy = svc.get("deploy")
        if isinstance(deploy, dict):
            for section, keys in (("restart_policy", ("delay", "window")), ("update_config", ("delay", "monitor")), ("rollback_config", ("delay", "monitor"))):
                part = deploy.get(section)
                if isinstance(part, dict):
                    for key in keys:
                        if key in part:
                            yield ("services", sname, "deploy", section, key), part[key]


@rule(
    "CO111",
    "InvalidDuration",
    Severity.ERROR,
    "`{key}` is not a duration: '{value}' (write a number with a unit: 500ms, 10s, 1m30s, 2h)",
    "Compose parses durations like Go does and refuses a missing or unknown unit ('missing unit in duration').",
)
def invalid_duration(ctx: ComposeContext) -> Iterator[Hit]:
    for path, value in _durations(ctx):
        if not isinstance(value, str) or ctx.is_placeholder(value):
            continue  # numbers are schema errors
        resolved = with_defaults(value)
        if resolved is None:
            continue
        if resolved != "0" and not _DURATION.match(resolved.strip()):
            yield Hit(path, {"key": path[-1], "value": value})


# -- interpolation -----------------------------------------------------------

_BRACED = re.compile(r"^[_A-Za-z][_A-Za-z0-9]*(?::?[-+?](?P<rest>.*))?$", re.S)


def interpolation_problems(text: str) -> list[tuple[int, str]]:
    """(offset, problem) for every invalid ``$`` expression in ``text``."""
    out: list[tuple[int, str]] = []
    i = 0
    while i < len(text):
        if text[i] != "$":
            i += 1
            continue
        nxt = text[i + 1 : i + 2]
        if nxt == "$":
            i += 2
            continue
        if nxt != "{":
            i += 1  # $VAR, or a lone $ that Compose leaves alone
            continue
        depth, j = 1, i + 2
        while j < len(text) and depth:
            if text.startswith("${", j):
                depth += 1
                j += 2
                continue
            if text[j] == "}":
                depth -= 1
            j += 1
        if depth:
            out.append((i, "`${` is never closed with `}` (write `$$` for a literal dollar)"))
            return out
        inner = text[i + 2 : j - 1]
        m = _BRACED.match(inner)
        if not inner:
            out.append((i, "`${}` names no variable"))
        elif not m:
            out.append((i, f"`${{{inner}}}` is not a valid variable reference (a name, optionally followed by :-default, -default, :?error, :+value)"))
        elif m.group("rest"):
            out += [(i + 2 + m.start("rest") + off, msg) for off, msg in interpolation_problems(m.group("rest"))]
        i = j
    return out


def _strings(value: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, (*path, i))


@rule(
    "CO112",
    "InvalidInterpolation",
    Severity.ERROR,
    "invalid variable interpolation: {problem}",
    "Compose substitutes ${VAR} in every value and refuses the whole file on a malformed expression ('invalid interpolation format').",
)
def invalid_interpolation(ctx: ComposeContext) -> Iterator[Hit]:
    for path, text in _strings(ctx.data, ()):
        if "$" not in text:
            continue
        for offset, problem in interpolation_problems(text):
            yield Hit(path, {"problem": problem}, offset=offset)


# -- lab files -----------------------------------------------------------------


def _lab_paths(ctx: ComposeContext) -> Iterator[tuple[tuple, str, str]]:
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


_REMOTE = re.compile(r"^(?:https?://|git@|git://|ssh://|github\.com/|[a-z]+://)")


def _build_paths(ctx: ComposeContext) -> Iterator[tuple[tuple, str, str]]:
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
        if not isinstance(context, str) or _REMOTE.match(context) or "$" in context:
            continue
        yield cpath, "build context", context
        if dockerfile is False or (isinstance(dockerfile, str) and "$" in dockerfile):
            continue
        name = dockerfile if isinstance(dockerfile, str) else "Dockerfile"
        yield dpath, "Dockerfile" if dockerfile is None else "build.dockerfile", os.path.join(context, name)


@rule(
    "CO113",
    "MissingLabFile",
    Severity.ERROR,
    "{what} '{name}' does not exist beside this compose file{hint}",
    "A lab's compose file is downloaded with its folder; a bind mount, build context, env_file, include or secret/config file that is not shipped fails in the classroom.",
)
def missing_lab_file(ctx: ComposeContext) -> Iterator[Hit]:
    if ctx.lab_dir is None:
        return
    missing_contexts: set[str] = set()
    for path, what, rel in list(_lab_paths(ctx)) + list(_build_paths(ctx)):
        if "$" in rel or os.path.isabs(rel) or rel.startswith("~"):
            continue
        full = os.path.normpath(os.path.join(ctx.lab_dir, rel))
        if _outside_lab(ctx.lab_dir, full):
            continue  # CO114
        if os.path.exists(full):
            continue
        if what == "build context":
            missing_contexts.add(full)
        elif what in ("Dockerfile", "build.dockerfile") and os.path.dirname(full) in missing_contexts:
            continue  # the missing context is the problem
        hint = ""
        if what == "Dockerfile" and os.path.exists(os.path.join(os.path.dirname(full), "Containerfile")):
            hint = ": Compose does not fall back to `Containerfile`; set `dockerfile: Containerfile` under `build:`"
        elif what == "build context" or what == "bind-mount source":
            hint = " (ship the folder with the lab)"
        yield Hit(path, {"what": what, "name": rel, "hint": hint})


def lab_root(lab_dir: str) -> str:
    """The folder a lab's files must stay in: ``exercises/<id>/files`` or ``.../solution`` above
    ``lab_dir`` (what the trainee downloads), else ``lab_dir`` itself."""
    parts = os.path.abspath(lab_dir).split(os.sep)
    for i in range(len(parts) - 1, 1, -1):
        if parts[i] in ("files", "solution") and parts[i - 2] == "exercises":
            return os.sep.join(parts[: i + 1])
    return os.path.abspath(lab_dir)


def _outside_lab(lab_dir: str, full: str) -> bool:
    root = os.path.realpath(lab_root(lab_dir))
    real = os.path.realpath(full)
    return os.path.commonpath([real, root]) != root


@rule(
    "CO114",
    "LabPathOutsideLab",
    Severity.ERROR,
    "{what} '{name}' leaves the lab's folder ({folder}): the trainee's download does not contain it",
    "A lab is downloaded as its own folder (exercises/<id>/files or solution); a bind mount, build context, env_file, include or "
    "secret/config file reached with '..' (or through a symlink) points at another exercise or at the trainee's own machine "
    "('../../../etc/hosts') and works only in the course repository.",
)
def lab_path_outside_lab(ctx: ComposeContext) -> Iterator[Hit]:
    if ctx.lab_dir is None:
        return
    root = lab_root(ctx.lab_dir)
    folder = "/".join(root.split(os.sep)[-3:])
    for path, what, rel in list(_lab_paths(ctx)) + list(_build_paths(ctx)):
        if "$" in rel or os.path.isabs(rel) or rel.startswith("~"):
            continue
        if _outside_lab(ctx.lab_dir, os.path.normpath(os.path.join(ctx.lab_dir, rel))):
            if what in ("Dockerfile", "build.dockerfile") and _outside_lab(ctx.lab_dir, os.path.dirname(os.path.normpath(os.path.join(ctx.lab_dir, rel)))):
                continue  # its build context is reported
            yield Hit(path, {"what": what, "name": rel, "folder": folder})


# ---------------------------------------------------------------------------
# Warnings


@rule(
    "CO201",
    "ObsoleteVersionKey",
    Severity.WARNING,
    "the top-level `version` is obsolete: Compose v2 ignores it and warns; remove it",
    "The Compose Specification dropped file versions; `version:` only produces a warning and suggests a v1-era file.",
)
def obsolete_version(ctx: ComposeContext) -> Iterator[Hit]:
    if isinstance(ctx.data, dict) and "version" in ctx.data:
        yield Hit(("version",), {}, at_key=True)


def _images(ctx: ComposeContext) -> Iterator[tuple[tuple, str, str]]:
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


@rule(
    "CO202",
    "ServiceImageWithoutTag",
    Severity.WARNING,
    "image '{image}' has no tag: it means `:latest`, which changes under the course; pin a version",
    "An untagged image pulls whatever `latest` is on the day of the course; labs must behave the same every time.",
)
def image_without_tag(ctx: ComposeContext) -> Iterator[Hit]:
    for path, image, resolved in _images(ctx):
        _name, tag, digest = split_image(resolved)
        if tag is None and digest is None:
            yield Hit(path, {"image": image})


@rule(
    "CO203",
    "ServiceImageLatestTag",
    Severity.WARNING,
    "image '{image}' uses `:latest`, which changes under the course; pin a version",
    "`latest` is just a moving tag; a lab that works today may break next month.",
)
def image_latest(ctx: ComposeContext) -> Iterator[Hit]:
    for path, image, resolved in _images(ctx):
        _name, tag, digest = split_image(resolved)
        if tag == "latest" and digest is None:
            yield Hit(path, {"image": image})


@rule(
    "CO204",
    "ServiceImageEndOfLife",
    Severity.ERROR,
    "image '{image}' is past its end of support ({eol}): no more security fixes; use {hint}",
    "End-of-life images get no security fixes and the course would teach them to every trainee, so this is an error, as in Containerfiles (CF200; same table, coursekit.validation.image_eol; COURSE_CHECK_DATE pins the date).",
)
def image_end_of_life(ctx: ComposeContext) -> Iterator[Hit]:
    for path, image, resolved in _images(ctx):
        status = eol_status(resolved, ctx.today)
        if status:
            eol, hint = status
            yield Hit(path, {"image": image, "eol": eol.isoformat(), "hint": hint})


@rule(
    "CO250",
    "ServiceImageNearEndOfLife",
    Severity.WARNING,
    "image '{image}' reaches its end of support on {eol}, in {days} days: move to {hint} before then",
    "Warns WARNING_HORIZON (90 days) before CO204 turns the same image into an error, so maintainers move the course before the build breaks (same table as CF250).",
)
def image_near_end_of_life(ctx: ComposeContext) -> Iterator[Hit]:
    for path, image, resolved in _images(ctx):
        soon = eol_soon(resolved, ctx.today)
        if soon:
            eol, hint = soon
            yield Hit(path, {"image": image, "eol": eol.isoformat(), "days": (eol - ctx.today).days, "hint": hint})


@rule(
    "CO205",
    "HostPortPublishedTwice",
    Severity.WARNING,
    "host port {port} is already published {where}; only one of them can bind it ('port is already allocated')",
    "Two bindings of one host port cannot both succeed: a second service, or a second replica of a scaled service, fails when the project starts.",
)
def host_port_twice(ctx: ComposeContext) -> Iterator[Hit]:
    taken: list[tuple[Binding, str, tuple]] = []
    services = ctx.services
    for sname, path, item in _port_items(ctx):
        try:
            bindings = list(_bindings(item, path))
        except _PortError:
            continue
        for bpath, b in bindings:
            if b.host is None or b.host == (0, 0):
                continue
            port = f"{b.host[0]}" if b.host[0] == b.host[1] else f"{b.host[0]}-{b.host[1]}"
            replicas = _replicas(services[sname])
            if replicas > 1 and b.host[0] == b.host[1]:
                yield Hit(bpath, {"port": f"{port}/{b.protocol}", "where": f"by each of the {replicas} replicas of service `{sname}`"})
                continue
            for other, oname, opath in taken:
                if _overlap(other, b) and not _never_together(services[oname], services[sname]):
                    line = ctx.shown_line(ctx.doc.where(opath)[0])
                    who = "by this service" if oname == sname else f"by service `{oname}`"
                    yield Hit(bpath, {"port": f"{port}/{b.protocol}", "where": f"{who} (line {line})"})
                    break
            else:
                taken.append((b, sname, bpath))


def _overlap(a: Binding, b: Binding) -> bool:
    return a.protocol == b.protocol and _same_ip(a.host_ip, b.host_ip) and a.host[0] <= b.host[1] and b.host[0] <= a.host[1]


def _replicas(service: dict) -> int:
    deploy = service.get("deploy") if isinstance(service.get("deploy"), dict) else {}
    for value in (service.get("scale"), deploy.get("replicas")):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return 1


def _never_together(a: dict, b: dict) -> bool:
    """Services whose profiles do not overlap are never started together."""
    pa, pb = a.get("profiles"), b.get("profiles")
    return isinstance(pa, list) and isinstance(pb, list) and bool(pa) and bool(pb) and not set(map(str, pa)) & set(map(str, pb))


def _same_ip(a: str, b: str) -> bool:
    any_ip = ("", "0.0.0.0", "::")
    return a in any_ip or b in any_ip or a == b


@rule(
    "CO206",
    "PrivilegedService",
    Severity.WARNING,
    "service `{service}` runs privileged: the container gets every capability and all host devices, i.e. root on the host",
    "The course teaches least privilege ('volumes and security'): add the one capability needed with cap_add instead.",
)
def privileged(ctx: ComposeContext) -> Iterator[Hit]:
    for sname, svc in ctx.services.items():
        if svc.get("privileged") is True or svc.get("privileged") == "true":
            yield Hit(("services", sname, "privileged"), {"service": sname})


_SOCKETS = ("/var/run/docker.sock", "/run/docker.sock", "//var/run/docker.sock", "/run/podman/podman.sock")


@rule(
    "CO207",
    "DockerSocketMounted",
    Severity.WARNING,
    "service `{service}` mounts the Docker socket '{source}': whoever controls the container controls the host (it can start privileged containers)",
    "Access to the engine's API socket is root on the host; the course shows it only with a warning and a reason.",
)
def docker_socket(ctx: ComposeContext) -> Iterator[Hit]:
    for sname, svc in ctx.services.items():
        for m in mounts(svc, ("services", sname)):
            if m.source.rstrip("/") in _SOCKETS:
                yield Hit(m.path, {"service": sname, "source": m.source})


@rule(
    "CO208",
    "HostNetworkMode",
    Severity.WARNING,
    "service `{service}` uses `network_mode: host`: no network isolation, ports are not published but bound on the host directly",
    "Host networking removes the isolation the course teaches and behaves differently on Docker Desktop; use published ports.",
)
def host_network(ctx: ComposeContext) -> Iterator[Hit]:
    for sname, svc in ctx.services.items():
        if svc.get("network_mode") == "host":
            yield Hit(("services", sname, "network_mode"), {"service": sname})


#: The rules above with a real check, in code order.
CHECKS: list = [r for r in REGISTRY.of_kind(KIND) if r.check is not None and r.code >= "CO100"]
