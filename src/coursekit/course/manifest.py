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

from coursekit.course.frontmatter import Field, FrontMatter, split_front_matter, validate_fields
from coursekit.course.timetable import Hours, parse_hours
from coursekit.errors import SourceError
from coursekit.markdown.scanner import Page, scan

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
    day: int = 1  # the course day that teaches it (1-based; the manifest groups modules by day)
    #: ``duration`` as written in the front matter; ``duration`` is what this variant spends
    #: (minus the exercises it excludes, or the variant's own ``durations`` entry).
    source_duration: int = 0
    duration_line: int = 0  # 1-based line of ``duration:`` in the module's front matter


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
    modules: list[str]  # every module id in teaching order (the days joined)
    exclude_exercises: list[str] = field(default_factory=list)
    #: module ids per course day; a flat ``modules:`` list is one day
    day_groups: list[list[str]] = field(default_factory=list)
    #: minutes per module id that this variant spends instead of the module's own ``duration``
    durations: dict[str, int] = field(default_factory=dict)
    #: the hours the variant announces, with its breaks (``hours`` in the manifest; see ``timetable``)
    hours: Hours | None = None

    def __post_init__(self) -> None:
        if not self.day_groups:
            self.day_groups = [list(self.modules)]


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

    @property
    def schedule(self) -> list[tuple[int, list[Module], int]]:
        """(day number, its modules, its minutes) for every course day, in order."""
        out = []
        for day in range(1, self.variant.days + 1):
            modules = [m for m in self.modules if m.day == day]
            out.append((day, modules, sum(m.duration for m in modules)))
        return out

    @property
    def length_label(self) -> str:
        """How long the course is, in words: "2 days", "one day" or "half a day"."""
        return course_length_label(self.total_minutes, self.variant.days)


#: Up to this many minutes (exercises included, breaks not) a one-day variant is "half a day".
HALF_DAY_MINUTES = 270


def course_length_label(total_minutes: int, days: int) -> str:
    if days > 1:
        return f"{days} days"
    return "half a day" if total_minutes <= HALF_DAY_MINUTES else "one day"


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


def manifest_lines(config_file: str) -> dict[tuple, int]:
    """1-based lines in mkdocs.yml of the manifest's entries, for errors at file:line.

    Keys: ``(variant, i)`` for the i-th module of a variant (counted through all its
    days), ``(variant, "day", d)`` for the d-th day list, ``(variant, key)`` for a key of
    the variant (``"name"`` for the variant itself), ``(variant, "exclude_exercises", i)``,
    ``(variant, "durations", module)`` and ``("course", key)`` for ``extra.course`` keys.
    Composed, not constructed, so MkDocs' ``!!python/...`` and ``!ENV`` tags need no loader of
    their own; with libyaml's parser when PyYAML has it (a tenth of the pure-Python parser's
    time, and every build reads the file twice).  Empty when the file cannot be read or has
    no manifest (errors then name the file only).
    """
    import yaml

    try:
        with open(config_file, encoding="utf-8-sig") as fh:
            root = yaml.compose(fh, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}

    def child(node, key):
        if isinstance(node, yaml.MappingNode):
            for k, v in node.value:
                if getattr(k, "value", None) == key:
                    return v
        return None

    def line(node) -> int:
        return node.start_mark.line + 1

    lines: dict[tuple, int] = {}
    course = child(child(root, "extra"), "course")
    if isinstance(course, yaml.MappingNode):
        for k, _v in course.value:
            lines[("course", str(k.value))] = line(k)
    variants = child(course, "variants")
    if isinstance(variants, yaml.MappingNode):
        for name_node, spec in variants.value:
            name = str(name_node.value)
            lines[(name, "name")] = line(name_node)
            if not isinstance(spec, yaml.MappingNode):
                continue
            for k, v in spec.value:
                lines[(name, str(k.value))] = line(k)
                if k.value == "exclude_exercises" and isinstance(v, yaml.SequenceNode):
                    for i, item in enumerate(v.value):
                        lines[(name, "exclude_exercises", i)] = line(item)
                if k.value == "durations" and isinstance(v, yaml.MappingNode):
                    for mk, _mv in v.value:
                        lines[(name, "durations", str(mk.value))] = line(mk)
                if k.value == "hours" and isinstance(v, yaml.MappingNode):
                    for hk, hv in v.value:
                        lines[(name, "hours", str(hk.value))] = line(hk)
                        if hk.value == "breaks" and isinstance(hv, yaml.SequenceNode):
                            for i, item in enumerate(hv.value):
                                lines[(name, "breaks", i)] = line(item)
            modules = child(spec, "modules")
            if isinstance(modules, yaml.SequenceNode):
                flat = 0
                for d, item in enumerate(modules.value):
                    lines[(name, "day", d)] = line(item)
                    for sub in item.value if isinstance(item, yaml.SequenceNode) else [item]:
                        lines[(name, flat)] = line(sub)
                        flat += 1
    return lines


VARIANT_KEYS = ("title", "modules", "days", "exclude_exercises", "durations", "hours")


def load_manifest(
    extra: dict[str, Any], variant_name: str | None, config_path: str, lines: dict[tuple, int] | None = None
) -> tuple[str, Variant, dict[str, Variant]]:
    """Validate ``extra.course`` up front and pick the variant (``COURSE_VARIANT`` or the default).

    A variant's ``modules`` is either one list of module ids (a one-day course) or one
    list per course day.  ``lines`` (from :func:`manifest_lines`) lets every error name
    the line of the offending entry.
    """
    lines = lines or {}
    course = extra.get("course")
    if not isinstance(course, dict):
        raise SourceError("mkdocs.yml needs an 'extra.course' mapping (the course manifest)", config_path)
    variants_raw = course.get("variants")
    if not isinstance(variants_raw, dict) or not variants_raw:
        raise SourceError("'extra.course.variants' must map variant names to module lists", config_path, lines.get(("course", "variants"), 0))
    variants = {str(name): _variant(str(name), spec, course, config_path, lines) for name, spec in variants_raw.items()}
    default = course.get("default_variant")
    if default is not None and default not in variants:
        known = ", ".join(variants)
        raise SourceError(
            f"unknown course variant '{default}' in 'default_variant'{_suggest(str(default), variants)} (known: {known})",
            config_path,
            lines.get(("course", "default_variant"), 0),
        )
    chosen = variant_name or default or next(iter(variants))
    if chosen not in variants:
        raise SourceError(f"unknown course variant '{chosen}' from COURSE_VARIANT{_suggest(str(chosen), variants)} (known: {', '.join(variants)})", config_path)
    return str(course.get("title", "Course")), variants[chosen], variants


def _variant(name: str, spec: Any, course: dict, config_path: str, lines: dict[tuple, int]) -> Variant:
    at = lines.get((name, "name"), 0)

    def fail(message: str, line: int = 0) -> SourceError:
        return SourceError(f"course variant '{name}' {message}", config_path, line or at)

    if not isinstance(spec, dict):
        raise fail("must be a mapping with 'title' and 'modules'")
    for key in spec:
        if key not in VARIANT_KEYS:
            raise fail(
                f"has an unknown key '{key}'{_suggest(str(key), dict.fromkeys(VARIANT_KEYS))} (known: {', '.join(VARIANT_KEYS)})",
                lines.get((name, str(key)), 0),
            )
    raw = spec.get("modules")
    modules_line = lines.get((name, "modules"), 0)
    if not isinstance(raw, list) or not raw:
        raise fail("needs a non-empty 'modules' list (module ids in teaching order, or one list of them per day)", modules_line)
    grouped = [isinstance(item, list) for item in raw]
    if any(grouped) and not all(grouped):
        d = grouped.index(not grouped[0])
        raise fail(
            "mixes module ids and day lists in 'modules': write one list of ids (a one-day course) or one list per day, e.g. '- [welcome, basics]'",
            lines.get((name, "day", d), modules_line),
        )
    groups = [list(item) for item in raw] if grouped[0] else [list(raw)]
    seen: set[str] = set()
    flat = 0
    for d, group in enumerate(groups):
        if not group:
            raise fail(f"lists no modules for day {d + 1}", lines.get((name, "day", d), modules_line))
        for mod in group:
            line = lines.get((name, flat), 0)
            flat += 1
            if not isinstance(mod, str) or not _ID.match(mod):
                raise fail(f"has module id {mod!r}, which is not a lowercase-dashed id", line)
            if mod in seen:
                raise fail(f"lists module '{mod}' twice", line)
            seen.add(mod)
    days = spec.get("days", len(groups))
    if not isinstance(days, int) or isinstance(days, bool) or days < 1:
        raise fail("has 'days', which must be a positive whole number", lines.get((name, "days"), 0))
    if days != len(groups):
        have = "one list of modules (one day)" if len(groups) == 1 else f"{len(groups)} day lists"
        raise fail(
            f"says 'days: {days}' but 'modules' has {have}: group the modules by day (one list per day) and drop 'days'",
            lines.get((name, "days"), 0),
        )
    exclude = spec.get("exclude_exercises", []) or []
    if not isinstance(exclude, list):
        raise fail("needs 'exclude_exercises' as a list of exercise ids", lines.get((name, "exclude_exercises"), 0))
    for i, ex_id in enumerate(exclude):
        if not isinstance(ex_id, str) or not _ID.match(ex_id):
            raise fail(f"has {ex_id!r} in 'exclude_exercises', which is not an exercise id", lines.get((name, "exclude_exercises", i), 0))
        if exclude.index(ex_id) != i:
            raise fail(f"lists '{ex_id}' twice in 'exclude_exercises'", lines.get((name, "exclude_exercises", i), 0))
    durations = spec.get("durations", {}) or {}
    if not isinstance(durations, dict):
        raise fail("needs 'durations' as a mapping of module ids to minutes, e.g. 'images: 90'", lines.get((name, "durations"), 0))
    for mod, minutes in durations.items():
        line = lines.get((name, "durations", str(mod)), 0)
        if mod not in seen:
            raise fail(f"gives 'durations' for module '{mod}', which it does not list{_suggest(str(mod), dict.fromkeys(seen))}", line)
        if not isinstance(minutes, int) or isinstance(minutes, bool) or minutes <= 0:
            raise fail(f"gives '{mod}' 'durations' of {minutes!r}: use a positive whole number of minutes", line)
    title = spec.get("title", course.get("title", name))
    if not isinstance(title, str) or not title.strip():
        raise fail("needs a non-empty text as 'title'", lines.get((name, "title"), 0))
    hours = parse_hours(spec.get("hours"), list(seen), fail, lines, name)
    return Variant(name, title, days, [m for g in groups for m in g], list(exclude), groups, dict(durations), hours)


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
            "the module page is empty: it needs front matter (title, duration), a '# Title' and its topics; see handbook/docs/modules.md", shown, 1
        )
    fm, body = split_front_matter(text, shown)
    problems = validate_fields(fm, MODULE_FIELDS, shown, "module")
    if problems:
        raise _all(problems)
    require_body(body, fm, shown, "module")
    d = fm.data
    return Module(
        module_id,
        number,
        d["title"],
        d.get("short_title", d["title"]),
        d["duration"],
        list(d.get("objectives", [])),
        src,
        abs_path,
        source_duration=d["duration"],
        duration_line=fm.key_lines.get("duration", 0),
    )


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
            "the exercise page is empty: it needs front matter (id, title, module, kind, duration, objectives) and its steps; see handbook/docs/exercises.md",
            shown,
            1,
        )
    fm, body = split_front_matter(text, shown)
    if not fm.start_line:
        names = ", ".join(f.name for f in EXERCISE_FIELDS if f.required)
        raise SourceError(f"an exercise page starts with front matter between '---' lines ({names}); see handbook/docs/exercises.md", shown, 1)
    problems = validate_fields(fm, EXERCISE_FIELDS, shown, "exercise")
    if problems:
        raise _all(problems)
    d = fm.data
    if d["id"] != folder_id:
        raise SourceError(f"exercise id '{d['id']}' must equal its folder name '{folder_id}'", shown, fm.key_lines.get("id", 1))
    require_body(body, fm, shown, "exercise")
    ex = Exercise(d["id"], d["title"], d["module"], d["kind"], d["duration"], list(d["objectives"]), f"{EXERCISES_DIR}/{folder_id}/index.md", abs_path)
    return ex, fm


#: The heading under which a module page shows its front matter's objectives.
OBJECTIVES_HEADING = re.compile(r"^##[ \t]+Learning objectives\b")
#: One exercise id in a ``/// exercises`` or ``/// demo`` block: ``- id``.
ASSIGNMENT_ITEM = re.compile(r"^\s*[-*]\s+([A-Za-z0-9_.-]+)\s*$")


@dataclass(frozen=True)
class Assignment:
    """One exercise id named in a module's ``/// exercises`` or ``/// demo`` block."""

    exercise_id: str
    line: int  # 1-based line in the module file
    block: str = "exercises"  # "exercises" | "demo": the kind of block that names it


def assignments_in(text: str) -> list[Assignment]:
    """Exercise ids named by ``/// exercises`` / ``/// demo`` blocks, in order, with lines."""
    return assignments_of(scan(text))


def assignments_of(page: Page, within: range | None = None) -> list[Assignment]:
    """The assignments of a scanned page (only blocks opening ``within`` those line indexes, if given)."""
    found: list[Assignment] = []
    for block in page.blocks_named("exercises", "demo"):
        if within is not None and block.open not in within:
            continue
        for k in range(block.open + 1, block.close if block.close is not None else len(page.lines)):
            m = ASSIGNMENT_ITEM.match(page.lines[k].text)
            if m:
                found.append(Assignment(m.group(1), k + 1, block.name))
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
    _plan_time(variant, modules, exercises, shown_config, lines, rel_docs)
    return Course(title, variant, variants, modules, in_variant)


#: Rule code of a module whose ``duration`` does not cover the exercises it assigns.
DURATION_RULE = "CK012"


def timed(ex: Exercise) -> bool:
    """Whether an exercise takes course time (appendices are reference pages, not timed)."""
    return ex.kind != "appendix"


def _plan_time(variant: Variant, modules: list[Module], exercises: dict[str, Exercise], config: str, lines: dict[tuple, int], rel_docs: str) -> None:
    """Days and minutes of each module in this variant; check that durations cover the exercises.

    A module's front matter ``duration`` includes its exercises and demos (all of them,
    whichever variant leaves some out), so it must be at least their sum (CK011).  A
    variant spends that duration minus the exercises it excludes, or what its
    ``durations`` entry says (at least the exercises it keeps).
    """
    day_of = {mod: d for d, group in enumerate(variant.day_groups, start=1) for mod in group}
    excluded = set(variant.exclude_exercises)
    for i, ex_id in enumerate(variant.exclude_exercises):
        line = lines.get((variant.name, "exclude_exercises", i), 0)
        if ex_id not in exercises:
            raise SourceError(f"course variant '{variant.name}' excludes unknown exercise '{ex_id}'" + _suggest(ex_id, exercises), config, line)
        if exercises[ex_id].module not in day_of:
            raise SourceError(
                f"course variant '{variant.name}' excludes '{ex_id}' of module '{exercises[ex_id].module}', "
                "which this variant does not include (its exercises are left out anyway): remove the entry",
                config,
                line,
            )
    for m in modules:
        m.day = day_of.get(m.id, 1)
        own = sorted((e for e in exercises.values() if e.module == m.id and timed(e)), key=lambda e: e.id)
        needed = sum(e.duration for e in own)
        shown = os.path.join(rel_docs, m.src_path)
        if m.source_duration < needed:
            parts = ", ".join(f"{e.id} {e.duration}" for e in own)
            raise SourceError(
                f"duration: {m.source_duration} is less than the {needed} min of the exercises and demos this module assigns ({parts}); "
                f"the duration includes them: raise it to at least {needed} (or move an exercise)",
                shown,
                m.duration_line,
                code=DURATION_RULE,
            )
        kept = sum(e.duration for e in own if e.id not in excluded)
        if m.id in variant.durations:
            minutes = variant.durations[m.id]
            if minutes < kept:
                raise SourceError(
                    f"course variant '{variant.name}' gives '{m.id}' {minutes} min in 'durations', less than the {kept} min of the exercises "
                    "and demos it keeps: raise it, or exclude exercises",
                    config,
                    lines.get((variant.name, "durations", m.id), 0),
                    code=DURATION_RULE,
                )
            m.duration = minutes
        else:
            m.duration = m.source_duration - (needed - kept)


def variants_module_ids(variants: dict[str, Variant]) -> list[str]:
    return [m for v in variants.values() for m in v.modules]


def _suggest(word: str, known: dict[str, Any]) -> str:
    import difflib

    match = difflib.get_close_matches(word, sorted(known), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""
