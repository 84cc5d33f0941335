"""Problems found in the input: collected, never raised one at a time."""
from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field

from . import rules


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


# A file with a fault on every line (a 50 MB CSV of duplicates) would print millions of messages:
# past this many for one file, the others are counted, not kept.
MOST_PER_FILE = 50


@dataclass
class Problems:
    """Every problem of one run, in the order found (at most MOST_PER_FILE kept per file)."""
    items: list[Problem] = field(default_factory=list)
    per_file: dict = field(default_factory=dict)     # path -> problems found in it
    untold: dict = field(default_factory=dict)       # path -> [errors, warnings] found past the limit

    def error(self, path, line, message, column=None):
        self.add(Problem(display_path(path), line, column, rules.one_line(message)))

    def warn(self, path, line, message, column=None):
        self.add(Problem(display_path(path), line, column, rules.one_line(message), warning=True))

    def add(self, problem: Problem) -> None:
        found = self.per_file[problem.path] = self.per_file.get(problem.path, 0) + 1
        if found <= MOST_PER_FILE:
            self.items.append(problem)
        else:
            self.untold.setdefault(problem.path, [0, 0])[problem.warning] += 1

    @property
    def errors(self):
        return [p for p in self.items if not p.warning]

    @property
    def warnings(self):
        return [p for p in self.items if p.warning]

    def counts(self) -> tuple:
        """(errors, warnings), those past the limit included."""
        return (len(self.errors) + sum(e for e, _ in self.untold.values()),
                len(self.warnings) + sum(w for _, w in self.untold.values()))

    def errors_in(self, folder) -> bool:
        """Whether any error concerns a file in this folder."""
        prefix = display_path(folder) + os.sep
        return any(p.path.startswith(prefix) for p in self.errors)

    def failed(self, strict: bool = False) -> bool:
        return bool(self.errors or (strict and self.warnings))

    def summary(self) -> str:
        e, w = self.counts()
        return f"{e} error{'s' * (e != 1)}, {w} warning{'s' * (w != 1)}"


class BuildFailed(Exception):
    """The input has errors; the Problems say which."""

    def __init__(self, problems: Problems):
        super().__init__(problems.summary())
        self.problems = problems


def display_path(path) -> str:
    """A path as the user would type it: relative to the working folder when inside it (and, like
    every message, with its control characters escaped)."""
    path = os.fspath(path)
    try:
        rel = os.path.relpath(path)
    except ValueError:
        rel = ".."
    return rules.one_line(path if rel.startswith("..") else rel)


# Suggestions cost a comparison with every choice: a build makes at most this many (more messages
# than a file shows anyway), so that thousands of misspelt ids cost a second, not minutes.
SUGGESTIONS = 100
_suggested = [0]


def reset_suggestions() -> None:
    _suggested[0] = 0


def did_you_mean(word: str, choices) -> str:
    """' (did you mean "x"?)' for the closest choice, or ''. Among many choices, only the twenty that
    share the most letter pairs with the word are compared closely."""
    if _suggested[0] >= SUGGESTIONS:
        return ""
    _suggested[0] += 1
    word = str(word)
    choices = sorted(str(c) for c in choices)
    if len(choices) > 20:
        pairs = bigrams(word)
        choices = sorted(choices, key=lambda c: -len(pairs & bigrams(c)))[:20]
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f' (did you mean "{rules.one_line(close[0])}"?)' if close else ""


def bigrams(text: str) -> set:
    text = text.lower()
    return {text[i:i + 2] for i in range(len(text) - 1)}
