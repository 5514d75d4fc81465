"""``--record``: write real outputs back into the pages' output blocks, masks kept.

Only blocks whose comparison failed are rewritten.  A line whose masked form equals the
page's masked line at the same place keeps the page's text (its invented ID, its
"2 minutes ago"), so ``git diff`` shows what really changed and nothing that only varies.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from .masks import ENGINE_NOTICE, PULL_LINE, mask_line
from .run import FAILED, ExerciseResult


def merged(page_lines: list[str], real: list[str]) -> list[str]:
    """The real lines, except where a line only differs by what the masks hide (the page's line
    stays) and the page's image-pull lines (a trainee's first run prints them; a runner whose
    engine already has the image does not).  The engine's own notices are left out."""
    real = [t for t in real if not ENGINE_NOTICE.match(t.strip())]
    want = [mask_line(t) for t in page_lines]
    got = [mask_line(t) for t in real]
    out: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=want, b=got, autojunk=False).get_opcodes():
        if op == "equal":
            out += page_lines[i1:i2]
            continue
        out += [t for t in page_lines[i1:i2] if PULL_LINE.match(t.strip())]
        out += real[j1:j2]
    return out


def record(root: str, results: list[ExerciseResult]) -> list[str]:
    """Rewrite the failed output blocks; returns 'page:line' of each block written (or why not)."""
    changes: dict[str, list[tuple[int, int, list[str], str]]] = {}
    notes = []
    for r in results:
        for s in r.steps:
            if s.status != FAILED or "output differs" not in s.message:
                continue
            if len(s.step.expected) != 1:
                notes.append(f"{s.step.page}:{s.step.line}: not recorded: the output spans {len(s.step.expected)} blocks (a terminal session); edit by hand")
                continue
            block = s.step.expected[0]
            real = s.output.replace("\r\n", "\n").rstrip("\n").split("\n")
            body = [t for _, t in block.lines]
            changes.setdefault(s.step.page, []).append((block.fence_line, block.close_line, merged(body, real), block.indent))
            notes.append(f"{s.step.page}:{block.fence_line}: output recorded")
    for page, edits in changes.items():
        path = Path(root, page)
        lines = path.read_text(encoding="utf-8").split("\n")
        for fence, close, body, indent in sorted(edits, reverse=True):
            lines[fence : close - 1] = [indent + t if t else "" for t in body]
        path.write_text("\n".join(lines), encoding="utf-8")
    return notes
