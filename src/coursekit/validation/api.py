"""The public validation API for other subsystems (the book's image list, the labs runner):
what a Containerfile, compose file or docker command says, without reaching into rule modules.
"""

from __future__ import annotations

from coursekit.shell_words import split_commands
from coursekit.validation.commands.checks import CONSOLE_LANGS, SCRIPT_LANGS, command_head, logical_lines
from coursekit.validation.commands.walk import grammar
from coursekit.validation.compose.checks import block_matches as is_compose_block
from coursekit.validation.compose.context import with_defaults
from coursekit.validation.compose.safe_yaml import YamlProblem
from coursekit.validation.compose.safe_yaml import load as load_compose_yaml
from coursekit.validation.containerfile.checks import block_matches as is_containerfile_block
from coursekit.validation.containerfile.context import reference_problem
from coursekit.validation.containerfile.parser import parse as parse_containerfile
from coursekit.validation.file_names import is_compose_file_name, is_containerfile_name
from coursekit.validation.image_eol import build_date, eol_status

__all__ = [
    "CONSOLE_LANGS",
    "SCRIPT_LANGS",
    "YamlProblem",
    "build_date",
    "command_head",
    "eol_status",
    "grammar",
    "is_compose_block",
    "is_compose_file_name",
    "is_containerfile_block",
    "is_containerfile_name",
    "load_compose_yaml",
    "logical_lines",
    "parse_containerfile",
    "reference_problem",
    "split_commands",
    "with_defaults",
]
