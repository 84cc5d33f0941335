"""Load stage for release CSVs: releases/<YYYY-MM-DD>.csv, one tidy row per model and dimension.

Read with the csv module, which reports the line each record starts on (quoted cells may span
lines), so every later message can point at the exact line and column.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import yamlfile
from .problems import Problems, did_you_mean

REQUIRED_COLUMNS = ("model", "dimension", "score")
COUNT_COLUMNS = ("win", "tie", "loss")
HEADER_HELP = f"expected the header {','.join(REQUIRED_COLUMNS)} (and optionally {','.join(COUNT_COLUMNS)})"


@dataclass(frozen=True)
class Row:
    line: int
    model: str
    dimension: str
    score: str          # as written; "" when absent
    win: str = ""
    tie: str = ""
    loss: str = ""
    raw: str = field(default="", compare=False)         # the line as written, for columns in messages
    header: tuple = field(default=(), compare=False)    # the file's field names, in order

    def column(self, name: str):
        """1-based column where the field starts (worked out only for a message: most rows need none)."""
        return dict(zip(self.header, field_columns(self.raw))).get(name)


@dataclass
class ReleaseFile:
    path: Path
    date: str           # the file name without .csv
    rows: list          # Row, in file order


def load_releases(folder: Path, problems: Problems) -> list:
    """The release files that could be read (the others are reported)."""
    if not folder.is_dir():
        problems.error(folder, None, "missing: a board needs a releases/ folder with at least one <YYYY-MM-DD>.csv")
        return []
    paths = [p for p in sorted(folder.iterdir()) if p.is_file()]
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
    return [r for r in (load_release(p, problems) for p in csvs) if r is not None]


def load_release(path: Path, problems: Problems):
    text = yamlfile.read_text(path, problems)
    if text is None:
        return None
    try:
        records = list(read_records(text, path, problems))
    except Unreadable:
        return None
    if not records:
        problems.error(path, 1, f"empty file: {HEADER_HELP}")
        return None
    header_line, header = records[0][0], [c.strip().lower() for c in records[0][2]]
    if not header_ok(header, path, header_line, problems):
        return None
    rows = []
    header = tuple(header)
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
            continue
        values = dict(zip(header, (c.strip() for c in cells)))
        rows.append(Row(line=line, raw=raw, header=header,
                        **{k: values.get(k, "") for k in REQUIRED_COLUMNS + COUNT_COLUMNS}))
    return ReleaseFile(path=path, date=path.stem, rows=rows)


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


def header_ok(header, path, line, problems) -> bool:
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    unknown = [c for c in header if c not in REQUIRED_COLUMNS + COUNT_COLUMNS]
    doubled = sorted({c for c in header if header.count(c) > 1})
    counts = [c for c in COUNT_COLUMNS if c in header]
    message = []
    if missing:
        message.append(f"missing {', '.join(missing)}")
    if unknown:
        hints = "".join(did_you_mean(c, [m for m in REQUIRED_COLUMNS + COUNT_COLUMNS if m not in header])
                        for c in unknown)
        message.append(f"unknown column{'s' * (len(unknown) > 1)} {', '.join(unknown)}{hints}")
    if doubled:
        message.append(f"{', '.join(doubled)} given twice")
    if counts and len(counts) != len(COUNT_COLUMNS):
        message.append(f"count columns come together: found {', '.join(counts)}, expected all of "
                       f"{', '.join(COUNT_COLUMNS)}")
    if message:
        problems.error(path, line, f'header "{",".join(header)}": {"; ".join(message)}; {HEADER_HELP}')
    return not message


def field_columns(raw: str) -> list:
    """1-based column where each field of a CSV line starts (quotes respected)."""
    columns, quoted = [1], False
    for index, char in enumerate(raw):
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            columns.append(index + 2)
    return columns
