"""The checker's own rules (CKxxx): code blocks, annotations, snippets, sources and the course
structure, one module per rule, named by code; ``RULES`` is the explicit list."""

from __future__ import annotations

from coursekit.validation.meta import (
    ck001_unclosed_fence,
    ck002_misplaced_annotation,
    ck003_invalid_annotation,
    ck004_invalid_snippet,
    ck005_expected_finding_missing,
    ck006_unreadable_source,
    ck007_oversized_source,
    ck008_link_outside_repository,
    ck009_ck012_course_source,
    ck010_unclosed_block,
    ck011_diagram_without_description,
    ck013_broken_symlink,
    ck014_too_many_slides_for_talk_time,
    ck015_day_exceeds_announced_hours,
)

RULES = (
    ck001_unclosed_fence.RULE,
    ck002_misplaced_annotation.RULE,
    ck003_invalid_annotation.RULE,
    ck004_invalid_snippet.RULE,
    ck005_expected_finding_missing.RULE,
    ck006_unreadable_source.RULE,
    ck007_oversized_source.RULE,
    ck008_link_outside_repository.RULE,
    ck009_ck012_course_source.RULE,
    ck010_unclosed_block.RULE,
    ck011_diagram_without_description.RULE,
    ck009_ck012_course_source.DURATION_RULE,
    ck013_broken_symlink.RULE,
    ck014_too_many_slides_for_talk_time.RULE,
    ck015_day_exceeds_announced_hours.RULE,
)
