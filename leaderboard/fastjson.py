"""JSON lines in bulk. The fast reader of JSON-lines inputs (judgments/, battles/): pyarrow's JSON
reader, through pandas, takes a whole file at once, and a scan of its bytes maps each row to its line
in the file. And the writer's escaping of a whole column of texts (json_strings).

It vouches only for a well-formed file; for anything else it returns None and the caller's exact
checker reads the file line by line, reporting each fault at its line. Imported only by builds
with such files (numpy, pandas and pyarrow are not part of the default build's start-up).
"""
from __future__ import annotations

import mmap
import os
import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

CHUNK = 64 << 20                     # bytes scanned at a time for line breaks (memory stays flat)
# A line with more "{" and "[" than this is left to the exact reader: pyarrow's parser recurses into
# nesting and a line nested a hundred thousand deep crashes it (verdicts and battles are flat).
OPENERS = 100
SLICE = 1 << 20   # rows written out as JSON lines at a time (a pyarrow text column holds at most 2 GB)
# Both open with a line break, so that the search skips from one to the next (the first line is
# checked on its own): a blank line, and a line that opens with something other than "{".
BLANK = re.compile(rb"\n[ \t\r]*(?=\n)")
NOT_OBJECT = re.compile(rb"\n[ \t\r]*[^{ \t\r\n]")


def read_frame(path):
    """(a pandas DataFrame of pyarrow columns, one row per JSON line; the line number of each row),
    or None when the file is not one well-formed object per non-blank line."""
    import pandas as pd
    try:
        lines = json_lines(path)   # before pyarrow, which crashes on a file that opens with "null"
        if lines is None:
            return None
        frame = pd.read_json(path, lines=True, engine="pyarrow", dtype_backend="pyarrow")
        pa.table(frame).validate(full=True)   # strings that are not UTF-8
    except (pa.ArrowException, OSError, ValueError):   # UnicodeError is a ValueError
        return None
    return (frame, lines) if len(lines) == len(frame) else None   # two objects on one line


def json_lines(path):
    """The numbers of the file's lines that hold JSON (not blank), as pyarrow reads them (an int64
    array); None when some line is not an object, or the file is empty, UTF-16 or holds NUL bytes.
    The usual file, every line an object, is scanned a chunk at a time (memory stays flat however
    big it is); one with blank lines is looked at whole (`with_blank_lines`)."""
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        head = f.read(3)
        if not size or head[:2] in (b"\xff\xfe", b"\xfe\xff"):
            return None
        bom = 3 * (head == b"\xef\xbb\xbf")
        f.seek(0)
        buffer, at, lines, objects, follows = bytearray(CHUNK), 0, 0, True, bom   # follows: a line starts here
        while objects:
            n = f.readinto(buffer)
            if not n:
                break
            chunk = np.frombuffer(buffer, np.uint8, n)
            if (chunk == 0).any():
                return None
            breaks = np.flatnonzero(chunk == 10)
            if too_deep(chunk, breaks):
                return None
            starts = breaks + 1
            starts = np.concatenate(([follows - at], starts)) if at <= follows < at + n else starts
            starts = starts[starts < n]
            objects = bool(np.all(chunk[starts] == ord("{")))
            lines += len(starts)
            follows = at + n if chunk[n - 1] == 10 else follows if follows >= at + n else -1
            at += n
    if objects:
        return np.arange(1, lines + 1, dtype=np.int64)
    return with_blank_lines(path)


def too_deep(view: np.ndarray, breaks: np.ndarray) -> bool:
    """Whether some line of `view` (its line breaks at `breaks`) opens more than OPENERS objects or lists."""
    openers = np.flatnonzero((view == 123) | (view == 91))
    if len(openers) <= OPENERS:
        return False
    per_line = np.diff(np.searchsorted(openers, np.concatenate(([0], breaks + 1, [len(view)]))))
    return bool(per_line.max() > OPENERS)


def with_blank_lines(path):
    """json_lines of a file in which some line does not open with "{": the numbers of the lines that
    are not blank, or None when one of them is not an object."""
    with open(path, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
        if data.find(b"\x00") >= 0:
            return None
        bom = 3 * (data[:3] == b"\xef\xbb\xbf")
        breaks = np.concatenate([np.flatnonzero(np.frombuffer(data, np.uint8, min(CHUNK, len(data) - at), at) == 10)
                                 + at for at in range(0, len(data), CHUNK)])
        first = data[bom:breaks[0]] if len(breaks) else data[bom:]
        if first.strip(b" \t\r")[:1] not in (b"", b"{") or NOT_OBJECT.search(data) or \
                too_deep(np.frombuffer(data, np.uint8), breaks):
            return None
        blank = [int(np.searchsorted(breaks, m.start() + 1)) + 1 for m in BLANK.finditer(data)]
        tail = data[breaks[-1] + 1:] if len(breaks) else None
    total = len(breaks) + 1
    blank += [1] * (not first.strip(b" \t\r")) + [total] * (tail is not None and not tail.strip(b" \t\r"))
    return np.setdiff1d(np.arange(1, total + 1, dtype=np.int64), np.array(blank, dtype=np.int64))


JSON_ESCAPES = (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t"), ("\b", "\\b"),
                ("\f", "\\f"))


def json_strings(column):
    """Each text as a JSON string, as json.dumps(text, ensure_ascii=False) writes it; null as null."""
    for character, escaped in JSON_ESCAPES:
        column = pc.replace_substring(column, character, escaped)
    if pc.any(pc.match_substring_regex(column, "[\\x{0}-\\x{1f}]")).as_py():   # other control characters
        for code in range(0x20):
            if chr(code) not in "\n\r\t\b\f":
                column = pc.replace_substring(column, chr(code), f"\\u{code:04x}")
    return pc.fill_null(pc.binary_join_element_wise('"', column, '"', ""), "null")


def joined(texts) -> bytes:
    """A pyarrow string array's texts end to end, as UTF-8, without a Python object per text."""
    _, offsets, data = texts.buffers()
    at = np.frombuffer(offsets, np.int32)[texts.offset:texts.offset + len(texts) + 1]
    return data.to_pybytes()[at[0]:at[-1]] if len(texts) else b""


def in_slices(line: np.ndarray, write) -> object:
    """The rows in the file's order (by `line`), SLICE at a time, each slice's JSON lines made by
    write(rows): an iterator of pieces (write.Staging.put writes them one after the other)."""
    order = np.argsort(line, kind="stable")
    return (write(order[at:at + SLICE]) for at in range(0, len(order), SLICE))
