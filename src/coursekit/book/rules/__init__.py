"""The exercise-book conventions for command blocks, one module per rule, named by code; ``RULES``
is the explicit list.  They share the console scan of ``book/conventions.py``."""

from __future__ import annotations

from coursekit.book.rules import (
    bk001_prompt_missing,
    bk002_output_in_command_block,
    bk003_prompt_in_script_block,
    bk004_non_course_prompt,
    bk005_heredoc_in_command_block,
)

RULES = (
    bk001_prompt_missing.RULE,
    bk002_output_in_command_block.RULE,
    bk003_prompt_in_script_block.RULE,
    bk004_non_course_prompt.RULE,
    bk005_heredoc_in_command_block.RULE,
)
