"""Problems found in the input: collected, never raised one at a time."""
from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    path: str
    line: int | None
    column: int | None
    message: str
    warning: bool = False

    def __str__(self) -> str:
        where = self.path
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        kind = "warning: " if self.warning else ""
        return f"{where}: {kind}{self.message}"


@dataclass
class Problems:
    """Every problem of one run, in the order found."""
    items: list[Problem] = field(default_factory=list)

    def error(self, path, line, message, column=None):
        self.items.append(Problem(display_path(path), line, column, message))

    def warn(self, path, line, message, column=None):
        self.items.append(Problem(display_path(path), line, column, message, warning=True))

    @property
    def errors(self):
        return [p for p in self.items if not p.warning]

    @property
    def warnings(self):
        return [p for p in self.items if p.warning]

    def errors_in(self, folder) -> bool:
        """Whether any error concerns a file in this folder."""
        prefix = display_path(folder) + os.sep
        return any(p.path.startswith(prefix) for p in self.errors)

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))

    def summary(self) -> str:
        e, w = len(self.errors), len(self.warnings)
        return f"{e} error{'s' * (e != 1)}, {w} warning{'s' * (w != 1)}"


class BuildFailed(Exception):
    """The input has errors; the Problems say which."""

    def __init__(self, problems: Problems):
        super().__init__(problems.summary())
        self.problems = problems


def display_path(path) -> str:
    """A path as the user would type it: relative to the working folder when inside it."""
    path = os.fspath(path)
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return path
    return path if rel.startswith("..") else rel


def did_you_mean(word: str, choices) -> str:
    """' (did you mean "x"?)' for the closest choice, or ''."""
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f' (did you mean "{close[0]}"?)' if close else ""
