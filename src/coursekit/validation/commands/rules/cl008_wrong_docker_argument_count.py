"""CL008 WrongDockerArgumentCount."""

from __future__ import annotations

from collections.abc import Iterator

from coursekit.validation.commands.walk import CommandWalk, command_args, grammar
from coursekit.validation.findings import Severity
from coursekit.validation.rules import Rule

#: Words whose count the shell decides, not the author: $VAR, $(...), globs, brace expansion.
_EXPANDS = ("$", "`", "*", "?", "{")


def _plural(n: int) -> str:
    return f"{n} argument{'s' * (n != 1)}"


def wrong_argument_count(walk: CommandWalk) -> Iterator[tuple[int, dict]]:
    """The number of positional arguments after flag parsing, against the usage line, as cobra checks it."""
    if not walk.command or walk.unknown is not None or walk.flag_uses or walk.args_open:
        return
    if any(w.text in ("-h", "--help") for w in walk.words):
        return
    if grammar().children.get(walk.command):
        return  # a management command without its subcommand: docker prints its help
    spec = command_args(walk.command)
    if spec is None:
        return
    n = len(walk.args)
    expands = any(not w.quoted and any(c in w.text for c in _EXPANDS) for w in walk.args)
    at = walk.path[-1].start
    typed = "docker " + " ".join(w.text for w in walk.path)
    if n < spec.min:
        if spec.max == spec.min:
            want = f"requires exactly {_plural(spec.min)}"
        elif spec.max is None:
            want = f"requires at least {_plural(spec.min)}"
        else:
            want = f"requires at least {spec.min} and at most {_plural(spec.max)}"
        yield at, {"command": typed, "want": want, "usage": f" ({spec.usage})", "got": n}
    elif spec.max is not None and n > spec.max and not expands:
        if spec.max == 0:
            want = "accepts no arguments"
        elif spec.max == spec.min:
            want = f"requires exactly {_plural(spec.max)}"
        else:
            want = f"requires at most {_plural(spec.max)}"
        yield walk.args[spec.max].start, {"command": typed, "want": want, "usage": f" ({spec.usage})" if spec.usage else "", "got": n}


RULE = Rule(
    "CL008",
    "WrongDockerArgumentCount",
    "command",
    Severity.ERROR,
    "'{command}' {want}{usage}, got {got}",
    "Docker checks the number of arguments after reading the flags ('\"docker container logs\" requires exactly 1 argument'); "
    "a flag that takes a value consumes the next word, so 'docker container logs --tail 5' has no container left and fails "
    "in the classroom. The counts come from each command's usage line in the grammar, as docker/cli declares them "
    "(cli.ExactArgs, cli.RequiresMinArgs, cli.RequiresMaxArgs, cli.NoArgs).",
    example="```console\n$ docker container logs --tail 5\n```\n",
    fixed="```console\n$ docker container logs --tail 5 web\n```\n",
    check=wrong_argument_count,
)
