"""The rules for ``docker`` command lines, one module per rule, named by code; ``RULES`` is the
explicit list.  Each judges one :class:`~coursekit.validation.commands.walk.CommandWalk` and yields
(offset in the command line, message fields)."""

from __future__ import annotations

from coursekit.validation.commands.rules import (
    cl001_unknown_docker_command,
    cl002_unknown_docker_flag,
    cl003_flag_needs_value,
    cl004_boolean_flag_with_value,
    cl005_compose_v1_command,
    cl006_management_command_style,
    cl007_desktop_only_command,
    cl008_wrong_docker_argument_count,
)

RULES = (
    cl001_unknown_docker_command.RULE,
    cl002_unknown_docker_flag.RULE,
    cl003_flag_needs_value.RULE,
    cl004_boolean_flag_with_value.RULE,
    cl005_compose_v1_command.RULE,
    cl006_management_command_style.RULE,
    cl007_desktop_only_command.RULE,
    cl008_wrong_docker_argument_count.RULE,
)
