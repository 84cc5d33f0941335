"""Load stage for release CSVs: releases/<release>.csv, a header and rows (checked against the
board in tables.py).

Read with the csv module, which reports the line each record starts on (quoted cells may span
lines), so every later message can point at the exact line and column.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from pathlib import Path

from . import sources, yamlfile
from .problems import Problems



@dataclass(frozen=True)
class Row:
    line: int
    raw: str            # the line as written, for columns in messages
    cells: tuple        # the cells, stripped


@dataclass
class ReleaseFile:
    path: Path
    release: str        # the file name without .csv: the release id
    header_line: int
    header: tuple       # the column names, stripped and lowercased
    rows: list          # Row, in file order (blank rows left out)
    rejected: list      # Row, those with the wrong number of fields (reported): their model's other checks wait


def load_releases(folder: Path, problems: Problems, root: Path) -> list:
    """The release files that could be read (the others are reported)."""
    if not folder.is_dir():
        problems.error(folder, None, "missing: a board needs a releases/ folder with at least one <YYYY-MM-DD>.csv")
        return []
    paths = [p for p in sorted(folder.iterdir()) if not p.is_dir() and not sources.editor_lock(p)]
    stems = [p.stem for p in paths if p.suffix.lower() == ".csv"]
    for stem in sorted({s for s in stems if stems.count(s) > 1}):
        problems.error(folder / f"{stem}.csv", None, f"two files for release {stem} (names differing only in "
                       "the case of .csv): keep one")
    for path in paths:
        if path.suffix.lower() != ".csv":
            problems.warn(path, None, "ignored: release files end in .csv")
    csvs = [p for p in paths if p.suffix.lower() == ".csv"]
    if not csvs:
        problems.error(folder, None, "no release: add a <YYYY-MM-DD>.csv")
    return [r for r in (load_release(p, problems, root) for p in csvs) if r is not None]


def load_release(path: Path, problems: Problems, root: Path):
    text = yamlfile.read_text(path, problems, root)
    if text is None:
        return None
    try:
        records = list(read_records(text, path, problems))
    except Unreadable:
        return None
    if not records:
        problems.error(path, 1, "empty file: expected the header model,dimension,score (and optionally win,tie,loss)")
        return None
    header_line, header = records[0][0], tuple(c.strip().lower() for c in records[0][2])
    rows, rejected = [], []
    trailing_blank = trailing_blank_start(records)
    for line, raw, cells in records[1:]:
        if not any(c.strip() for c in cells):
            if line < trailing_blank:
                problems.error(path, line, "blank row: remove it (rows are model,dimension,score…)")
            continue
        if len(cells) != len(header):
            hint = "; a comma inside a value? write 97.30, not 97,30, or quote it" if len(cells) > len(header) else ""
            problems.error(path, line, f"{len(cells)} fields, expected {len(header)} as in the header "
                           f"({','.join(header)}){hint}")
            rejected.append(Row(line, raw, tuple(c.strip() for c in cells)))
            continue
        rows.append(Row(line, raw, tuple(c.strip() for c in cells)))
    return ReleaseFile(path, path.stem, header_line, header, rows, rejected)


def read_records(text: str, path, problems: Problems):
    """(first line, raw text of that line, cells) of each CSV record; a parse error is recorded."""
    lines = re.split(r"\r\n|\r|\n", text)   # as the csv module counts lines (not U+2028 and the like)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    try:
        for cells in reader:
            yield start, lines[start - 1] if start <= len(lines) else "", cells
            start = reader.line_num + 1
    except csv.Error as exc:
        problems.error(path, start, f"malformed CSV in the record starting here: {exc}")
        raise Unreadable from exc


class Unreadable(Exception):
    """The file could not be read to its end (the problem is already recorded)."""


def trailing_blank_start(records) -> int:
    """The line from which every record is blank (blank lines at the end are harmless)."""
    start = float("inf")
    for line, _raw, cells in reversed(records):
        if any(c.strip() for c in cells):
            break
        start = line
    return start


def field_columns(raw: str) -> list:
    """1-based column where each field of a CSV line starts (quotes respected)."""
    columns, quoted = [1], False
    for index, char in enumerate(raw):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            columns.append(index + 2)
    return columns
