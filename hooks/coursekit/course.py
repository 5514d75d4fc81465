"""The course manifest (``extra.course`` in mkdocs.yml), modules and the exercise catalog.

Everything the site, the deck and the exercise book number or order is computed
here from the manifest and from page front matter, never typed by hand.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import SourceError
from .frontmatter import Field, FrontMatter, split_front_matter, validate_fields

MODULES_DIR = "modules"
EXERCISES_DIR = "exercises"
KINDS = ("exercise", "demo", "wrap-up", "appendix")
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# Keys Material itself understands; allowed on every page.
_MATERIAL_KEYS = (
    Field("description", str, required=False),
    Field("hide", list, required=False),
    Field("search", dict, required=False),
    Field("icon", str, required=False),
    Field("status", str, required=False),
    Field("template", str, required=False),
)

MODULE_FIELDS = (
    Field("title", str, help="the module's full title"),
    Field("short_title", str, required=False, help="label for the agenda and slide footer"),
    Field("duration", int, positive=True, help="minutes, exercises included"),
    Field("objectives", list, required=False, help="learning objectives, one sentence each"),
    *_MATERIAL_KEYS,
)

EXERCISE_FIELDS = (
    Field("id", str, help="stable identifier, also the folder name"),
    Field("title", str),
    Field("module", str, help="id of the module that assigns it"),
    Field("kind", str, choices=KINDS),
    Field("duration", int, positive=True, help="minutes"),
    Field("objectives", list, help="learning objectives, one sentence each"),
    *_MATERIAL_KEYS,
)


@dataclass
class Module:
    id: str
    number: int
    title: str
    short_title: str
    duration: int
    objectives: list[str]
    src_path: str  # relative to docs_dir, e.g. "modules/basics.md"
    abs_path: str


@dataclass
class Exercise:
    id: str
    title: str
    module: str
    kind: str
    duration: int
    objectives: list[str]
    src_uri: str  # site-relative source, e.g. "exercises/container-run/index.md"
    abs_path: str
    number: str = ""  # "3.1" ("A" for an appendix), computed from course order

    @property
    def label(self) -> str:
        return {"demo": "Demo", "wrap-up": "Wrap-up", "appendix": "Appendix"}.get(self.kind, "Exercise")


@dataclass
class Variant:
    name: str
    title: str
    days: int
    modules: list[str]
    exclude_exercises: list[str] = field(default_factory=list)


@dataclass
class Course:
    title: str
    variant: Variant
    variants: dict[str, Variant]
    modules: list[Module]
    exercises: dict[str, Exercise]

    def module(self, module_id: str) -> Module | None:
        return next((m for m in self.modules if m.id == module_id), None)

    def exercises_of(self, module_id: str) -> list[Exercise]:
        found = [e for e in self.exercises.values() if e.module == module_id]
        return sorted(found, key=lambda e: _number_key(e.number))

    @property
    def total_minutes(self) -> int:
        return sum(m.duration for m in self.modules)


def _number_key(number: str) -> tuple[int, ...]:
    if number.isalpha():  # appendices (A, B, ..., Z, AA, ...) come after every numbered exercise
        return (10**5, len(number), *(ord(c) - ord("A") for c in number.upper()))
    return tuple(int(p) for p in number.split(".") if p.isdigit()) or (10**6,)


def appendix_letter(index: int) -> str:
    """0 -> "A", 25 -> "Z", 26 -> "AA": the number of the ``index``-th appendix of the course."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def manifest_lines(config_file: str) -> dict[tuple[str, int], int]:
    """1-based line in mkdocs.yml of each ``extra.course.variants.<name>.modules[i]`` item.

    Read with a loader that accepts MkDocs' ``!!python/...`` and ``!ENV`` tags, so
    manifest errors can name the line of the offending entry.  Empty when the
    file cannot be read or has no manifest (errors then name the file only).
    """
    import yaml

    class _Loader(yaml.SafeLoader):
        pass

    try:
        with open(config_file, encoding="utf-8-sig") as fh:
            root = yaml.compose(fh, Loader=_Loader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}

    def child(node, key):
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if getattr(k, "value", None) == key:
                    return v
        return None

    variants = child(child(child(root, "extra"), "course"), "variants")
    lines: dict[tuple[str, int], int] = {}
    if isinstance(variants, yaml.MappingNode):
        for name_node, spec in variants.value:
            modules = child(spec, "modules")
            if isinstance(modules, yaml.SequenceNode):
                for i, item in enumerate(modules.value):
                    lines[(str(name_node.value), i)] = item.start_mark.line + 1
    return lines


def load_manifest(
    extra: dict[str, Any], variant_name: str | None, config_path: str, lines: dict[tuple[str, int], int] | None = None
) -> tuple[str, Variant, dict[str, Variant]]:
    """Validate ``extra.course`` and pick the variant (``COURSE_VARIANT`` or the default).

    ``lines`` (from :func:`manifest_lines`) lets errors about a module entry name its line.
    """
    lines = lines or {}
    course = extra.get("course")
    if not isinstance(course, dict):
        raise SourceError("mkdocs.yml needs an 'extra.course' mapping (the course manifest)", config_path)
    variants_raw = course.get("variants")
    if not isinstance(variants_raw, dict) or not variants_raw:
        raise SourceError("'extra.course.variants' must map variant names to module lists", config_path)
    variants: dict[str, Variant] = {}
    for name, spec in variants_raw.items():
        if not isinstance(spec, dict) or not isinstance(spec.get("modules"), list) or not spec["modules"]:
            raise SourceError(f"course variant '{name}' needs a non-empty 'modules' list", config_path)
        seen: set[str] = set()
        for i, mod in enumerate(spec["modules"]):
            line = lines.get((str(name), i), 0)
            if not isinstance(mod, str) or not _ID.match(mod):
                raise SourceError(f"course variant '{name}': module id {mod!r} is not a lowercase-dashed id", config_path, line)
            if mod in seen:
                raise SourceError(f"course variant '{name}' lists module '{mod}' twice", config_path, line)
            seen.add(mod)
        exclude = spec.get("exclude_exercises", []) or []
        if not isinstance(exclude, list):
            raise SourceError(f"course variant '{name}': 'exclude_exercises' must be a list of exercise ids", config_path)
        days = spec.get("days", 1)
        if not isinstance(days, int) or isinstance(days, bool) or days < 1:
            raise SourceError(f"course variant '{name}': 'days' must be a positive whole number", config_path)
        variants[name] = Variant(name, str(spec.get("title", course.get("title", name))), days, list(spec["modules"]), list(exclude))
    chosen = variant_name or course.get("default_variant") or next(iter(variants))
    if chosen not in variants:
        raise SourceError(f"unknown course variant '{chosen}' (known: {', '.join(variants)})", config_path)
    return str(course.get("title", "Course")), variants[chosen], variants


def read_source(abs_path: str, shown_path: str) -> str:
    """Read a Markdown source as UTF-8 with a clear error for bad bytes or folders."""
    if os.path.isdir(abs_path):
        raise SourceError("is a folder, not a Markdown file", shown_path)
    try:
        with open(abs_path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise SourceError(f"cannot be read: {exc.strerror}", shown_path) from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(f"is not valid UTF-8 (byte 0x{data[exc.start]:02x})", shown_path, line) from None


def load_module(module_id: str, number: int, docs_dir: str, rel_root: str, listed_at: tuple[str, int] | None = None) -> Module:
    """``listed_at`` is (mkdocs.yml, line) of the manifest entry, named when the file is missing."""
    src = f"{MODULES_DIR}/{module_id}.md"
    abs_path = os.path.join(docs_dir, src)
    shown = os.path.join(rel_root, src)
    if not os.path.exists(abs_path):
        where = listed_at or (shown, 0)
        raise SourceError(f"course manifest names module '{module_id}' but {shown} does not exist", *where)
    text = read_source(abs_path, shown)
    if not text.strip():
        raise SourceError(
            "the module page is empty: it needs front matter (title, duration), a '# Title' and its topics; see README 'How to author a module'", shown, 1
        )
    fm, body = split_front_matter(text, shown)
    problems = validate_fields(fm, MODULE_FIELDS, shown, "module")
    if problems:
        raise _all(problems)
    require_body(body, fm, shown, "module")
    d = fm.data
    return Module(module_id, number, d["title"], d.get("short_title", d["title"]), d["duration"], list(d.get("objectives", [])), src, abs_path)


def _all(problems: list[SourceError]) -> SourceError:
    """One error for several front-matter problems: each on its own line as ``file:line: message``."""
    if len(problems) == 1:
        return problems[0]
    error = SourceError(f"{len(problems)} front matter problems:\n  " + "\n  ".join(str(p) for p in problems))
    error.problems = list(problems)  # each with its own file:line (course-check reports them one by one)
    return error


_H1 = re.compile(r"^#[ \t]+\S", re.MULTILINE)


def require_body(body: str, fm: FrontMatter, shown: str, what: str) -> None:
    """A module or exercise page must have content below its front matter: at least a '# Title'."""
    if not _H1.search(body):
        line = (fm.body_offset or 0) + 1
        if not body.strip():
            raise SourceError(f"the {what} page has front matter but no content: add its '# Title' and its text below the closing '---'", shown, line)
        raise SourceError(f"the {what} page has no '# Title' heading: start its content with one", shown, line)


def exercise_sources(root: str) -> list[tuple[str, str]]:
    """(exercise id, absolute path of its page) for every ``exercises/<id>/index.md``."""
    found = []
    if not os.path.isdir(root):
        return found
    for name in sorted(os.listdir(root)):
        page = os.path.join(root, name, "index.md")
        if os.path.isfile(page):
            found.append((name, page))
    return found


def load_exercise(folder_id: str, abs_path: str, rel_root: str) -> tuple[Exercise, FrontMatter]:
    shown = os.path.normpath(os.path.join(rel_root, EXERCISES_DIR, folder_id, "index.md"))
    text = read_source(abs_path, shown)
    if not text.strip():
        raise SourceError(
            "the exercise page is empty: it needs front matter (id, title, module, kind, duration, objectives) and its steps; see README 'How to author an exercise'",
            shown,
            1,
        )
    fm, body = split_front_matter(text, shown)
    if not fm.start_line:
        names = ", ".join(f.name for f in EXERCISE_FIELDS if f.required)
        raise SourceError(f"an exercise page starts with front matter between '---' lines ({names}); see README 'How to author an exercise'", shown, 1)
    problems = validate_fields(fm, EXERCISE_FIELDS, shown, "exercise")
    if problems:
        raise _all(problems)
    d = fm.data
    if d["id"] != folder_id:
        raise SourceError(f"exercise id '{d['id']}' must equal its folder name '{folder_id}'", shown, fm.key_lines.get("id", 1))
    require_body(body, fm, shown, "exercise")
    ex = Exercise(d["id"], d["title"], d["module"], d["kind"], d["duration"], list(d["objectives"]), f"{EXERCISES_DIR}/{folder_id}/index.md", abs_path)
    return ex, fm


_ASSIGN_BLOCK = re.compile(r"^\s*/{3,}\s*(exercises|demo)\b")
_BLOCK_END = re.compile(r"^\s*/{3,}\s*$")
_LIST_ITEM = re.compile(r"^\s*[-*]\s+([A-Za-z0-9_.-]+)\s*$")


@dataclass(frozen=True)
class Assignment:
    """One exercise id named in a module's ``/// exercises`` or ``/// demo`` block."""

    exercise_id: str
    line: int  # 1-based line in the module file
    block: str = "exercises"  # "exercises" | "demo": the kind of block that names it


def assignments_in(text: str) -> list[Assignment]:
    """Exercise ids named by ``/// exercises`` / ``/// demo`` blocks, in order, with lines."""
    found: list[Assignment] = []
    inside = False
    block = "exercises"
    for number, line in enumerate(text.splitlines(), start=1):
        start = None if inside else _ASSIGN_BLOCK.match(line)
        if start:
            inside = True
            block = start.group(1)
            continue
        if inside:
            if _BLOCK_END.match(line):
                inside = False
                continue
            m = _LIST_ITEM.match(line)
            if m:
                found.append(Assignment(m.group(1), number, block))
    return found


def load_course(config_file: str, docs_dir: str, extra: dict[str, Any], variant_name: str | None = None) -> Course:
    """Load manifest, modules and exercises; compute numbers; raise SourceError on the first problem."""
    root = os.path.dirname(os.path.abspath(config_file))
    rel_config = os.path.relpath(config_file, root) if os.path.isabs(config_file) else config_file
    lines = manifest_lines(config_file)
    shown_config = os.path.basename(rel_config)
    title, variant, variants = load_manifest(extra, variant_name, shown_config, lines)
    rel_docs = os.path.relpath(docs_dir, root)
    modules = [load_module(mid, i, docs_dir, rel_docs, (shown_config, lines.get((variant.name, i - 1), 0))) for i, mid in enumerate(variant.modules, start=1)]
    by_id = {m.id: m for m in modules}

    exercises: dict[str, Exercise] = {}
    key_lines: dict[str, dict[str, int]] = {}
    for folder_id, abs_path in exercise_sources(os.path.join(root, EXERCISES_DIR)):
        ex, fm = load_exercise(folder_id, abs_path, ".")
        if ex.id in exercises:
            raise SourceError(f"exercise id '{ex.id}' is used twice", os.path.relpath(abs_path, root), fm.key_lines.get("id", 1))
        exercises[ex.id] = ex
        key_lines[ex.id] = fm.key_lines

    # Course order: the order in which each module's exercise/demo blocks name them.
    all_modules = set(variants_module_ids(variants))
    order: dict[str, int] = {}
    assigned_at: dict[str, str] = {}
    for m in modules:
        text = Path(m.abs_path).read_text(encoding="utf-8-sig")
        shown_module = os.path.join(rel_docs, m.src_path)
        for a in assignments_in(text):
            where = f"{shown_module}:{a.line}"
            if a.exercise_id not in exercises:
                raise SourceError(f"unknown exercise id '{a.exercise_id}'" + _suggest(a.exercise_id, exercises), shown_module, a.line)
            ex = exercises[a.exercise_id]
            if a.exercise_id in assigned_at:
                raise SourceError(
                    f"exercise '{a.exercise_id}' is already assigned at {assigned_at[a.exercise_id]}; assign each exercise once", shown_module, a.line
                )
            assigned_at[a.exercise_id] = where
            if (ex.kind == "demo") != (a.block == "demo"):
                want = "/// demo" if ex.kind == "demo" else "/// exercises"
                raise SourceError(
                    f"'{a.exercise_id}' is a {ex.kind} (kind: {ex.kind}), so list it in a '{want}' block, not in '/// {a.block}'", shown_module, a.line
                )
            if ex.module != m.id:
                shown = os.path.relpath(ex.abs_path, root)
                raise SourceError(
                    f"exercise says 'module: {ex.module}' but {where} (module '{m.id}') assigns it; make them agree", shown, key_lines[ex.id].get("module", 1)
                )
            order.setdefault(a.exercise_id, len(order))
    for ex in exercises.values():
        shown = os.path.relpath(ex.abs_path, root)
        line = key_lines[ex.id].get("module", 1)
        if ex.module not in all_modules:
            raise SourceError(
                f"exercise names module '{ex.module}', which no course variant lists" + _suggest(ex.module, {k: None for k in all_modules}), shown, line
            )
        if ex.module in by_id and ex.id not in assigned_at and ex.id not in variant.exclude_exercises:
            block = "/// demo" if ex.kind == "demo" else "/// exercises"
            raise SourceError(
                f"no '{block}' block in {os.path.join(rel_docs, by_id[ex.module].src_path)} lists '{ex.id}'; assign it where the module teaches it", shown, line
            )

    counters: dict[tuple[str, str], int] = {}
    appendices = 0
    ordered = sorted(exercises.values(), key=lambda e: (by_id[e.module].number if e.module in by_id else 10**6, order.get(e.id, 10**6), e.id))
    for ex in ordered:
        if ex.module not in by_id or ex.id in variant.exclude_exercises:
            continue
        if ex.kind == "appendix":  # lettered through the whole course, in course order
            ex.number = appendix_letter(appendices)
            appendices += 1
            continue
        series = "demo" if ex.kind == "demo" else "exercise"
        counters[(ex.module, series)] = counters.get((ex.module, series), 0) + 1
        ex.number = f"{by_id[ex.module].number}.{counters[(ex.module, series)]}"
    in_variant = {e.id: e for e in ordered if e.number}
    return Course(title, variant, variants, modules, in_variant)


def variants_module_ids(variants: dict[str, Variant]) -> list[str]:
    return [m for v in variants.values() for m in v.modules]


def _suggest(word: str, known: dict[str, Any]) -> str:
    import difflib

    match = difflib.get_close_matches(word, sorted(known), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""
