"""Errors that point at a place in the course sources."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class SourceError(Exception):
    """An authoring mistake at ``path:line``; rendered without a traceback."""

    message: str
    path: str = ""
    line: int = 0
    column: int = 0
    #: the rule code course-check reports ("" means CK009 InvalidCourseSource)
    code: str = ""

    def __str__(self) -> str:
        where = self.path
        if where and self.line:
            where += f":{self.line}"
            if self.column:
                where += f":{self.column}"
        message = f"{self.code} {self.message}" if self.code else self.message
        return f"{where}: {message}" if where else message
