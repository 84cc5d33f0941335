"""Load stage for release CSVs: releases/<YYYY-MM-DD>.csv, one tidy row per model and dimension."""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from . import yamlfile
from .problems import Problems

REQUIRED_COLUMNS = ("model", "dimension", "score")
COUNT_COLUMNS = ("win", "tie", "loss")


@dataclass(frozen=True)
class Row:
    line: int
    model: str
    dimension: str
    score: str          # as written; "" when absent
    win: str = ""
    tie: str = ""
    loss: str = ""


@dataclass
class ReleaseFile:
    path: Path
    date: str           # the file name without .csv
    rows: list          # Row, in file order


def load_releases(folder: Path, problems: Problems) -> list:
    if not folder.is_dir():
        problems.error(folder, None, "missing: a board needs a releases/ folder with at least one <YYYY-MM-DD>.csv")
        return []
    files = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() != ".csv":
            problems.warn(path, None, "ignored: release files end in .csv")
            continue
        release = load_release(path, problems)
        if release is not None:
            files.append(release)
    return files


def load_release(path: Path, problems: Problems):
    text = yamlfile.read_text(path, problems)
    if text is None:
        return None
    if not text.strip():
        problems.error(path, 1, "empty file: expected a header line " + ",".join(REQUIRED_COLUMNS + COUNT_COLUMNS))
        return None
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False,
                            skip_blank_lines=False, skipinitialspace=True)
    except (pd.errors.ParserError, csv.Error) as exc:
        problems.error(path, None, f"not a readable CSV: {exc}")
        return None
    columns = [str(c).strip() for c in frame.columns]
    if not _columns_ok(columns, path, problems):
        return None
    frame.columns = columns
    rows = []
    for index, record in enumerate(frame.to_dict("records")):
        line = index + 2   # header is line 1; blank lines are kept as rows, so this is exact
        values = {k: (record.get(k) or "").strip() for k in REQUIRED_COLUMNS + COUNT_COLUMNS}
        if not any(values.values()):
            problems.warn(path, line, "blank row ignored")
            continue
        rows.append(Row(line=line, **values))
    return ReleaseFile(path=path, date=path.stem, rows=rows)


def _columns_ok(columns, path, problems) -> bool:
    expected = list(REQUIRED_COLUMNS) + [c for c in COUNT_COLUMNS if c in columns]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    extra = [c for c in columns if c not in REQUIRED_COLUMNS + COUNT_COLUMNS]
    if missing or extra:
        found = ",".join(columns)
        problems.error(path, 1, f'header "{found}": expected columns '
                       f'{",".join(REQUIRED_COLUMNS)} and optionally {",".join(COUNT_COLUMNS)}'
                       + (f"; missing {', '.join(missing)}" if missing else "")
                       + (f"; unknown {', '.join(extra)}" if extra else ""))
        return False
    counts = [c for c in COUNT_COLUMNS if c in columns]
    if counts and len(counts) != len(COUNT_COLUMNS):
        problems.error(path, 1, f"count columns come together: found {', '.join(counts)}, "
                       f"expected all of {', '.join(COUNT_COLUMNS)}")
        return False
    return bool(expected)
