"""The Compose Specification JSON Schema, with errors in plain words at the right key.

The schema is not hand-written or copied: it is the ``compose-spec.json`` that the
pinned ``check-jsonschema`` package vendors (draft 2020-12, tracking the spec's main
branch).  :func:`schema_info` records which file was used (package version, ``$id``,
title, SHA-256), so a report can say what the course was validated against.

jsonschema's raw errors are poor teaching material: ``unevaluatedProperties``
reports *every* sibling of one wrong key as unexpected once any branch of the
``allOf`` fails, and ``oneOf`` errors list every alternative.  Here, unknown keys
are computed against the properties the schema actually declares for that object,
``oneOf``/``anyOf`` errors are narrowed to the alternative that matches the value's
type, and each error names the key ("`driver` is not a service option").

Speed: a valid document (the common case) is answered by the compiled Rust
validator of the same schema (PyPI ``jsonschema-rs``, optional) in microseconds;
only an invalid one goes through the Python ``jsonschema`` validator for the
detailed errors.  A test keeps both in agreement.
"""

from __future__ import annotations

import difflib
import hashlib
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import metadata, resources, util
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

try:  # Rust validator: ~500x faster yes/no answer for the common case, a valid file
    import jsonschema_rs
except ImportError:  # pragma: no cover - optional speed-up
    jsonschema_rs = None

_PACKAGE = "check-jsonschema"
_RESOURCE = ("check_jsonschema.builtin_schemas.vendor", "compose-spec.json")


@dataclass(frozen=True)
class SchemaInfo:
    package: str
    package_version: str
    resource: str
    schema_id: str
    title: str
    dialect: str
    sha256: str

    def describe(self) -> str:
        return f"{self.title} ({self.schema_id}, {self.dialect.rsplit('/', 2)[-2]}) from {self.package} {self.package_version} {self.resource}, sha256 {self.sha256[:12]}"


def _resource_path() -> Path:
    """The vendored schema file, found without importing check_jsonschema (its import costs ~0.2 s CPU)."""
    package, *subpackages = _RESOURCE[0].split(".")
    spec = util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - an installation problem
        return Path(str(resources.files(_RESOURCE[0]).joinpath(_RESOURCE[1])))
    return Path(spec.submodule_search_locations[0]).joinpath(*subpackages, _RESOURCE[1])


@cache
def _load() -> tuple[dict, SchemaInfo]:
    raw = _resource_path().read_bytes()
    schema = json.loads(raw)
    info = SchemaInfo(
        package=_PACKAGE,
        package_version=metadata.version(_PACKAGE),
        resource=f"{_RESOURCE[0].replace('.', '/')}/{_RESOURCE[1]}",
        schema_id=schema.get("$id", ""),
        title=schema.get("title", ""),
        dialect=schema.get("$schema", ""),
        sha256=hashlib.sha256(raw).hexdigest(),
    )
    return schema, info


def schema() -> dict:
    return _load()[0]


def schema_info() -> SchemaInfo:
    return _load()[1]


@cache
def _validator() -> Draft202012Validator:
    # Imported here: only an invalid file (or no jsonschema-rs) needs the Python validator, and its
    # import is most of what loading the validators costs a build (about 40 ms).
    from jsonschema import Draft202012Validator

    s = schema()
    Draft202012Validator.check_schema(s)
    return Draft202012Validator(s)


@cache
def _fast_validator():
    """A compiled validator of the same schema that only answers valid/invalid, or None."""
    if jsonschema_rs is None:
        return None
    return jsonschema_rs.Draft202012Validator(schema())


def is_valid(data: Any) -> bool:
    """True when ``data`` satisfies the schema (fast path; the explanations come from :func:`validate`)."""
    fast = _fast_validator()
    if fast is not None:
        try:
            return fast.is_valid(data)
        except (ValueError, TypeError, OverflowError):  # values Rust cannot take (inf, huge ints)
            pass
    return _validator().is_valid(data)


@dataclass(frozen=True)
class SchemaError:
    """One problem: ``path`` into the document; ``at_key`` points at the key itself."""

    path: tuple
    message: str
    at_key: bool = False
    unknown_key: bool = False


# ---------------------------------------------------------------------------
# Plain words

#: Top-level sections whose keys are names chosen by the author.
_NAMED_SECTIONS = {
    "services": "service",
    "networks": "network",
    "volumes": "volume",
    "secrets": "secret",
    "configs": "config",
    "jobs": "job",
    "models": "model",
}


def _describe(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"the boolean {'true' if value else 'false'}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the string '{value}'" if len(value) < 40 else "a string"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


_TYPE_WORDS = {
    "object": "a mapping",
    "array": "a list",
    "string": "a string",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "null": "empty",
}


def _types(expected) -> str:
    names = [expected] if isinstance(expected, str) else list(expected)
    words = []
    for n in names:
        w = _TYPE_WORDS.get(n, n)
        if w not in words and not (n == "integer" and "number" in names):
            words.append(w)
    return " or ".join(words)


def _label(path: tuple) -> str:
    """How to name the thing at ``path`` in a message."""
    if not path:
        return "the compose file"
    last = path[-1]
    if isinstance(last, int):
        return f"item {last + 1} of `{_label(path[:-1]).strip('`')}`"
    if len(path) == 2 and path[0] in _NAMED_SECTIONS:
        return f"{_NAMED_SECTIONS[path[0]]} `{last}`"
    return f"`{last}`"


def _owner(path: tuple) -> str:
    """'a service option', 'a top-level key', 'an option of `deploy.resources`'."""
    if not path:
        return "a top-level key of a compose file"
    if len(path) == 2 and path[0] in _NAMED_SECTIONS:
        return f"a {_NAMED_SECTIONS[path[0]]} option"
    inner = path[2:] if path[0] in _NAMED_SECTIONS and len(path) > 2 else path
    dotted = ".".join(str(p) if isinstance(p, str) else f"[{p}]" for p in inner).replace(".[", "[")
    return f"an option of `{dotted}`"


# ---------------------------------------------------------------------------
# What an object schema declares


def _deref(node: dict) -> dict:
    seen = 0
    while isinstance(node, dict) and "$ref" in node and seen < 20:
        ref = node["$ref"]
        if not ref.startswith("#/"):
            break
        target: Any = schema()
        for part in ref[2:].split("/"):
            target = target[part]
        node = target
        seen += 1
    return node


def _declared(node: dict) -> tuple[set[str], list[str]]:
    """Property names and patterns an object schema (with its ``allOf``/``$ref``) declares."""
    node = _deref(node)
    props = set(node.get("properties", {}))
    patterns = list(node.get("patternProperties", {}))
    for sub in node.get("allOf", []):
        p, pats = _declared(sub)
        props |= p
        patterns += pats
    return props, patterns


def _is_declared(key: str, props: set[str], patterns: list[str]) -> bool:
    return key in props or any(re.search(p, key) for p in patterns)


def _unknown_keys(error: ValidationError, data: Any) -> list[SchemaError]:
    instance = error.instance
    if not isinstance(instance, dict):
        return []
    path = tuple(error.absolute_path)
    props, patterns = _declared(error.schema)
    out = []
    for key in instance:
        if _is_declared(key, props, patterns):
            continue
        if not props and patterns:
            thing = _NAMED_SECTIONS.get(path[0], "entry") if len(path) == 1 else "entry"
            out.append(SchemaError((*path, key), f"'{key}' is not a valid {thing} name: use letters, digits, '.', '_' and '-' only", True, True))
            continue
        message = f"`{key}` is not {_owner(path)}"
        hint = _hint(path, key, instance[key], props, data)
        out.append(SchemaError((*path, key), message + hint, True, True))
    return out


def _hint(path: tuple, key: str, value: Any, props: set[str], data: Any) -> str:
    close = difflib.get_close_matches(key, sorted(p for p in props if not p.startswith("x-")), n=1, cutoff=0.75)
    if close:
        return f" (did you mean `{close[0]}`?)"
    if not path and isinstance(value, dict) and ("image" in value or "build" in value):
        return " (it looks like a service definition: indent it under `services:`)"
    if len(path) == 2 and path[0] == "services" and isinstance(data, dict):
        services = data.get("services") if isinstance(data.get("services"), dict) else {}
        for section, used in (("networks", _names_used(services, "networks")), ("volumes", _volume_names_used(services))):
            if key in used:
                return f" (`{key}` is used as a {section[:-1]} name: is the top-level `{section}:` heading above it missing?)"
        if isinstance(value, dict) and ("image" in value or "build" in value):
            return " (it looks like a service definition: check its indentation)"
    return ""


def _names_used(services: dict, option: str) -> set[str]:
    used: set[str] = set()
    for svc in services.values():
        if isinstance(svc, dict):
            value = svc.get(option)
            if isinstance(value, list):
                used |= {v for v in value if isinstance(v, str)}
            elif isinstance(value, dict):
                used |= set(value)
    return used


def _volume_names_used(services: dict) -> set[str]:
    used: set[str] = set()
    for svc in services.values():
        if isinstance(svc, dict) and isinstance(svc.get("volumes"), list):
            for v in svc["volumes"]:
                if isinstance(v, str) and ":" in v:
                    used.add(v.split(":", 1)[0])
    return used


# ---------------------------------------------------------------------------


def _type_matches(instance: Any, expected) -> bool:
    names = [expected] if isinstance(expected, str) else expected
    checker = _validator().TYPE_CHECKER
    return any(checker.is_type(instance, n) for n in names)


def _branch_accepts_type(branch: dict, instance: Any) -> bool:
    branch = _deref(branch)
    if "type" in branch and not _type_matches(instance, branch["type"]):
        return False
    for key in ("oneOf", "anyOf"):
        if key in branch:
            return any(_branch_accepts_type(b, instance) for b in branch[key])
    return True


def _branch_types(branch: dict) -> list[str]:
    branch = _deref(branch)
    if "type" in branch:
        return [branch["type"]] if isinstance(branch["type"], str) else list(branch["type"])
    out: list[str] = []
    for key in ("oneOf", "anyOf"):
        for b in branch.get(key, []):
            out += _branch_types(b)
    return out


def _explain(error: ValidationError, data: Any) -> list[SchemaError]:
    path = tuple(error.absolute_path)
    v = error.validator
    if v in ("unevaluatedProperties", "additionalProperties"):
        return _unknown_keys(error, data)
    if v in ("oneOf", "anyOf"):
        branches = error.validator_value
        fitting = [i for i, b in enumerate(branches) if _branch_accepts_type(b, error.instance)]
        if not fitting:
            types = []
            for b in branches:
                types += [t for t in _branch_types(b) if t not in types]
            if path == ("services",) and error.instance is None:
                return [SchemaError(path, "`services` is empty: the service definitions must be indented under it", True)]
            return [SchemaError(path, f"{_label(path)} must be {_types(types) if types else 'something else'}, not {_describe(error.instance)}")]
        sub = [e for e in error.context if e.relative_schema_path and e.relative_schema_path[0] in fitting]
        if len(fitting) == 1 and sub:
            out: list[SchemaError] = []
            for e in sub:
                out += _explain(e, data)
            return out
        if sub:
            from jsonschema.exceptions import best_match

            return _explain(best_match(sub), data)
        return [SchemaError(path, f"{_label(path)} is not valid here ({_describe(error.instance)})")]
    if v == "type":
        if path == ("services",) and error.instance is None:
            return [SchemaError(path, "`services` is empty: the service definitions must be indented under it", True)]
        return [SchemaError(path, f"{_label(path)} must be {_types(error.validator_value)}, not {_describe(error.instance)}")]
    if v == "enum":
        allowed = ", ".join(repr(x) if not isinstance(x, str) else f"'{x}'" for x in error.validator_value)
        return [SchemaError(path, f"{_label(path)} must be one of {allowed}, not {_describe(error.instance)}")]
    if v == "required":
        missing = [r for r in error.validator_value if isinstance(error.instance, dict) and r not in error.instance]
        names = ", ".join(f"`{m}`" for m in missing) or "a required key"
        return [SchemaError(path, f"{_label(path)} needs {names}", True)]
    if v == "pattern":
        return [SchemaError(path, f"{_label(path)} has an invalid value {_describe(error.instance)} (expected to match {error.validator_value})")]
    if v == "minimum":
        return [SchemaError(path, f"{_label(path)} must be at least {error.validator_value}, not {_describe(error.instance)}")]
    if v == "maximum":
        return [SchemaError(path, f"{_label(path)} must be at most {error.validator_value}, not {_describe(error.instance)}")]
    if v == "uniqueItems":
        return [SchemaError(path, f"{_label(path)} lists the same entry more than once")]
    return [SchemaError(path, f"{_label(path)}: {error.message}")]


def validate(data: Any) -> list[SchemaError]:
    """Schema problems of a loaded compose document, one per mistake, in document order."""
    if not isinstance(data, dict):
        return [SchemaError((), f"a compose file must be a mapping of top-level keys (`services:` ...), not {_describe(data)}")]
    if is_valid(data):
        return []
    out: list[SchemaError] = []
    seen: set[tuple] = set()
    for error in _validator().iter_errors(data):
        for problem in _explain(error, data):
            key = (problem.path, problem.message)
            if key not in seen:
                seen.add(key)
                out.append(problem)
    return out
