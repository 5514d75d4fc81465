"""Plan: every exercise and demo of a course variant as a script, without any engine.

Each console block becomes a step: its commands (prompts stripped, ``\\`` continuations
joined), the output block right after it, the working folder its ``cd`` commands imply.
A command that cannot run unattended (a terminal session, typing inside a container, an
editor, a command that never ends by itself) needs an annotation (``input``, ``run``) or an
explicit ``skip`` with a reason; without one it is a plan problem, never dropped silently.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from pathlib import Path

from ..book.images import course_images
from ..course.exercise_root import exercise_root_files
from ..course.lint import read_config
from ..course.manifest import Course, Exercise, load_course
from ..shell_words import Word, split_commands
from ..validation.api import command_head, grammar, logical_lines
from .pages import Page, PageBlock, PageCheck, read_page

DEFAULT_TIMEOUT = 120.0
LAB_ROOT = "~/labs"  # where the lab bundle unpacks in the trainee's home (lab_archives.BUNDLE_ROOT)


@dataclass
class Command:
    line: int  # page line of the command (of the annotation for a `run` replacement)
    text: str  # what the shell runs
    shown: str  # the command as the page shows it (or the replacement)


@dataclass
class Step:
    """One console block: run its commands, compare their joined output with ``expected``."""

    page: str
    line: int  # the console fence
    kind: str  # "shell", "session" (the last command reads ``input``), "skip", "check"
    commands: list[Command]
    cwd: str  # the working folder the page implies before the step (for the plan listing)
    expected: list[PageBlock] = field(default_factory=list)  # output blocks compared with the output
    input: list[Command] = field(default_factory=list)  # commands typed into a session
    before: list[Command] = field(default_factory=list)  # what the trainee did by hand (a file written), output not compared
    exit: int = 0
    timeout: float = DEFAULT_TIMEOUT
    unchecked: str | None = None
    reason: str = ""  # skip: why; check: the checkpoint text
    skipped: list[Command] = field(default_factory=list)  # commands of the page not run (skip)
    unplanned: list[Command] = field(default_factory=list)  # commands nothing accounts for (a plan problem)
    page_commands: int = 0  # commands of the page this step covers (input blocks included)

    @property
    def planned(self) -> int:
        return 0 if self.kind in ("skip", "check") else self.page_commands - len(self.skipped) - len(self.unplanned)


@dataclass
class ExercisePlan:
    id: str
    number: str
    title: str
    page: str
    steps: list[Step]
    lab_files: bool

    @property
    def planned(self) -> int:
        return sum(s.planned for s in self.steps)


@dataclass
class Plan:
    root: str  # the course folder (mkdocs.yml's)
    variant: str
    exercises: list[ExercisePlan]
    problems: list[tuple[str, int, str]]  # (page, line, message): commands no step accounts for
    images: list[str] = field(default_factory=list)  # what the labs pull (the guide's pre-pull list)

    @property
    def planned(self) -> int:
        return sum(e.planned for e in self.exercises)

    @property
    def skipped(self) -> list[tuple[Step, Command]]:
        return [(s, c) for e in self.exercises for s in e.steps for c in s.skipped]


# ---------------------------------------------------------------------------
# What cannot run unattended


def _docker_command(words: list[Word]) -> tuple[str, set[str], list[str]]:
    """(grammar key such as "container run", long names of the flags given, positional words)."""
    g = grammar()
    path: list[str] = []
    flags: set[str] = set()
    positional: list[str] = []
    node_flags: dict = dict(g.global_flags)
    i = 1
    while i < len(words):
        t = words[i].text
        if t.startswith("-") and t != "-" and not positional:
            if t == "--":
                break
            name, has_eq = (t[2:].split("=")[0], "=" in t) if t.startswith("--") else (None, False)
            if name is not None:
                spec = node_flags.get(name)
                flags.add(name)
                i += 2 if spec and spec.get("value") and not has_eq else 1
                continue
            shorts = {v.get("short"): k for k, v in node_flags.items() if v.get("short")}
            for j, ch in enumerate(t[1:]):
                long = shorts.get(ch, ch)
                flags.add(long)
                if node_flags.get(long, {}).get("value"):
                    i += 1 if j < len(t) - 2 else 2  # -ofoo / -o foo
                    break
            else:
                i += 1
            continue
        candidate = " ".join(path + [t])
        if not positional and candidate in g.canonical and g.children.get(" ".join(path)):
            path.append(t)
            node_flags = dict(g.commands.get(g.canonical[candidate], {}).get("flags", {}))
        else:
            positional.append(t)
        i += 1
    key = g.canonical.get(" ".join(path), " ".join(path))
    return key, flags, positional


EDITORS = {"vi", "vim", "nvim", "nano", "emacs", "pico", "joe", "mcedit", "less", "more", "top", "htop", "watch", "man", "ssh"}


def unattended_problem(text: str) -> str | None:
    """Why a command cannot run without a person at a terminal, or None."""
    for words in split_commands(text):
        k = command_head(words)
        if k >= len(words):
            continue
        words = words[k:]
        head = os.path.basename(words[0].text)
        if head in EDITORS:
            return f"'{head}' needs a person at a terminal"
        if head in ("xdg-open", "open", "firefox", "chromium", "sensible-browser"):
            return "opens a browser"
        if head == "ping" and not any(w.text.startswith("-c") for w in words):
            return "'ping' without -c never ends by itself"
        if head == "tail" and any(w.text in ("-f", "-F", "--follow") for w in words):
            return "'tail -f' never ends by itself"
        if head != "docker":
            continue
        key, flags, _ = _docker_command(words)
        if key in ("container run", "container create", "container exec", "compose run") and "tty" in flags and "interactive" in flags:
            return f"'docker {key} --interactive --tty' opens a terminal session"
        if key == "container start" and "attach" in flags and "interactive" in flags:
            return "'docker container start --attach --interactive' opens a terminal session"
        if key == "container attach":
            return "'docker container attach' connects the terminal to a container"
        if key in ("container logs", "compose logs") and "follow" in flags:
            return f"'docker {key} --follow' never ends by itself"
        if key == "container stats" and "no-stream" not in flags:
            return "'docker container stats' without --no-stream never ends by itself"
        if key == "system events" and "until" not in flags:
            return "'docker system events' never ends by itself"
        if key == "compose up" and not flags & {"detach", "wait"}:
            return "'docker compose up' without --detach runs in the foreground until stopped"
    return None


def is_session_opener(text: str) -> bool:
    """A command whose terminal session reads the following ``input`` blocks.  (``docker compose
    exec`` is not one: it allocates a terminal only when its output is one.)"""
    problem = unattended_problem(text) or ""
    return "terminal session" in problem or "connects the terminal" in problem


def without_terminal(text: str) -> str:
    """``text`` with the terminal flag dropped (``-it`` -> ``-i``, ``--tty`` gone), so its session
    reads from a pipe; ``docker container attach`` and ``start --attach`` need no change."""
    out = []
    for word in text.split(" "):
        if word in ("--tty", "-t"):
            continue
        if len(word) > 2 and word[0] == "-" and word[1] != "-" and "t" in word and set(word[1:]) <= set("itdP"):
            word = word.replace("t", "")
        out.append(word)
    return " ".join(out)


# ---------------------------------------------------------------------------
# Pages -> steps


def _commands(block: PageBlock) -> list[tuple[Command, bool]]:
    """(command, typed inside a container) for each logical command of a console block."""
    texts = [t for _, t in block.lines]
    out = []
    for logical in logical_lines(texts, console=True):
        local = logical.segments[0][1]
        page_line, raw = block.lines[local - 1]
        inside = raw.lstrip().startswith("#") or bool(raw.split(" ", 1)[0].endswith("#"))
        out.append((Command(page_line, logical.text.strip(), logical.text.strip()), inside))
    return out


def _next_cwd(cwd: str, text: str) -> str:
    for words in split_commands(text):
        if words and words[0].text == "cd":
            target = words[1].text if len(words) > 1 else "~"
            if target.startswith("~"):
                cwd = "~" + target[1:]
            elif target.startswith("/"):
                cwd = target
            else:
                cwd = posixpath.normpath(posixpath.join(cwd, target))
    return cwd


def plan_page(page: Page, timeout: float) -> tuple[list[Step], list[tuple[str, int, str]]]:
    steps: list[Step] = []
    problems = [(page.path, line, msg) for line, msg in page.problems]
    cwd = "~"
    items = page.items
    session: Step | None = None  # the last step that opened a terminal session
    for n, item in enumerate(items):
        if isinstance(item, PageCheck):
            steps.append(Step(page.path, item.line, "check", [Command(item.line, item.command, item.command)], cwd, reason=item.checkpoint, timeout=timeout))
            continue
        if item.lang != "console":
            extra = [k for k, v in vars(item.annotation).items() if v not in (None, False, [], ()) and k not in ("unchecked", "problems")]
            if extra:
                problems.append((page.path, item.fence_line, f"an output block takes only 'unchecked -- reason', not {', '.join(extra)}"))
            continue
        ann = item.annotation
        nxt = items[n + 1] if n + 1 < len(items) else None
        expected = [nxt] if isinstance(nxt, PageBlock) and nxt.lang == "output" else []
        commands = _commands(item)
        if not commands:
            problems.append((page.path, item.fence_line, "console block without a command (a '$ ' or '# ' prompt)"))
            continue
        unchecked = ann.unchecked if ann.unchecked is not None else next((b.annotation.unchecked for b in expected), None)
        step = Step(page.path, item.fence_line, "shell", [], cwd, expected, exit=ann.exit or 0, timeout=ann.timeout or timeout, unchecked=unchecked)
        step.page_commands = len(commands)
        if ann.skip is not None:
            step.kind, step.reason, step.skipped = "skip", ann.skip, [c for c, _ in commands]
            steps.append(step)
            session = None
            continue
        if ann.input:
            if session is None:
                problems.append(
                    (page.path, item.fence_line, "'input' block without a terminal session before it (a 'docker container run --interactive --tty ...' block)")
                )
                continue
            session.input += [c for c, _ in commands]
            session.expected += expected
            session.page_commands += len(commands)
            continue
        session = None
        step.before = [Command(line, text, text) for line, text in ann.before]
        if ann.run:
            step.commands = [Command(line, text, text) for line, text in ann.run]
        else:
            for command, inside in commands:
                why = "typed inside a container" if inside else unattended_problem(command.text)
                if why and not (not inside and is_session_opener(command.text) and command is commands[-1][0]):
                    problems.append(
                        (
                            page.path,
                            command.line,
                            f"cannot run unattended ({why}): annotate the block with <!-- labs: input -->, <!-- labs: run CMD --> or <!-- labs: skip -- reason -->",
                        )
                    )
                    step.unplanned.append(command)
                else:
                    step.commands.append(command)
            last = commands[-1][0]
            if step.commands and step.commands[-1] is last and is_session_opener(last.text):
                step.kind = "session"
                last.text = without_terminal(last.text)
                session = step
        for c in step.before + step.commands:
            cwd = _next_cwd(cwd, c.text)
        steps.append(step)
    for s in steps:
        if s.kind == "session" and not s.input:
            problems.append(
                (
                    s.page,
                    s.commands[-1].line,
                    "terminal session without input: add the commands typed in it as a following '# ' block annotated <!-- labs: input -->, or annotate this block",
                )
            )
    return steps, sorted(problems)


def load_variant(config_file: str, variant: str | None) -> Course:
    config = read_config(config_file) or {}
    extra = config.get("extra") if isinstance(config.get("extra"), dict) else {}
    docs = os.path.join(os.path.dirname(os.path.abspath(config_file)), str(config.get("docs_dir") or "docs"))
    return load_course(config_file, docs, extra, variant)


def build_plan(config_file: str, variant: str | None = None, only: list[str] | None = None, timeout: float = DEFAULT_TIMEOUT) -> Plan:
    """The plan of every exercise and demo of ``variant`` (or of ``only``, in course order)."""
    course = load_variant(config_file, variant)
    root = os.path.dirname(os.path.abspath(config_file))
    chosen: list[Exercise] = sorted(course.exercises.values(), key=lambda e: _order(e.number))
    if only:
        unknown = [x for x in only if x not in course.exercises]
        if unknown:
            raise SystemExit(f"unknown exercise(s) in variant '{course.variant.name}': {', '.join(unknown)}")
        chosen = [e for e in chosen if e.id in only]
    exercises, problems = [], []
    for ex in chosen:
        rel = os.path.relpath(ex.abs_path, root)
        page = read_page(Path(ex.abs_path).read_text(encoding="utf-8-sig"), rel)
        steps, found = plan_page(page, timeout)
        problems += found
        folder = os.path.dirname(ex.abs_path)
        has_files = any(os.path.isdir(os.path.join(folder, part)) for part in ("files", "solution"))
        exercises.append(ExercisePlan(ex.id, ex.number, ex.title, rel, steps, has_files))
    lab_files = [(uri.split("/")[1], uri, path) for uri, path in exercise_root_files(root) if "/files/" in uri or "/solution/" in uri]
    images = [i.image for i in course_images(course, root, lab_files)]
    return Plan(root, course.variant.name, exercises, problems, images)


def _order(number: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 10**6 + ord(p[0]) for p in number.split("."))


# ---------------------------------------------------------------------------
# The listing


def format_plan(plan: Plan) -> str:
    out: list[str] = []
    for ex in plan.exercises:
        out.append(f"== {ex.number} {ex.id}: {ex.title} ({ex.page})" + (f"  [lab files unpacked into {LAB_ROOT}/{ex.id}]" if ex.lab_files else ""))
        for s in ex.steps:
            where = f"{s.page}:{s.line}"
            if s.kind == "check":
                out.append(f"  {where}  check  {s.commands[0].text}" + (f"   # {s.reason}" if s.reason else ""))
                continue
            if s.kind == "skip":
                out.append(f"  {where}  SKIP   {s.reason}")
                continue
            extra = []
            if s.exit:
                extra.append(f"exit {s.exit}")
            if s.expected:
                extra.append("output " + ", ".join(f"line {b.fence_line}" for b in s.expected) if not s.unchecked else "output not compared")
            for c in s.before:
                out.append(f"  {s.page}:{c.line}  [{s.cwd}] $ {c.text}   (before the block: what the trainee did by hand)")
            for c in s.commands:
                out.append(f"  {s.page}:{c.line}  [{s.cwd}] $ {c.text}")
            for c in s.input:
                out.append(f"  {s.page}:{c.line}  typed: {c.text}")
            for c in s.unplanned:
                out.append(f"  {s.page}:{c.line}  NOT PLANNED {c.shown}")
            if extra:
                out.append(f"  {' ' * len(where)}      ({'; '.join(extra)})")
    skipped = plan.skipped
    if skipped:
        out.append("")
        out.append("Skipped:")
        for s, c in skipped:
            out.append(f"  {s.page}:{c.line}: {c.shown}  -- {s.reason}")
    if plan.problems:
        out.append("")
        out.append("Not planned (annotate these):")
        for page, line, msg in plan.problems:
            out.append(f"  {page}:{line}: {msg}")
    out.append("")
    out.append("Images the labs pull (kept between exercises): " + (" ".join(plan.images) or "none"))
    out.append(summary_line(plan))
    return "\n".join(out) + "\n"


def summary_line(plan: Plan) -> str:
    return f"{len(plan.exercises)} exercises, {plan.planned} commands planned, {len(plan.skipped)} skipped"
