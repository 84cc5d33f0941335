"""Write stage: put the rendered files in a staging folder beside the output, then swap it in.

The swap is one atomic exchange of two directory entries where the system offers it (Linux
renameat2 RENAME_EXCHANGE), so a reader or a killed build sees either the whole old site or
the whole new one. Elsewhere it falls back to two renames.

A marker file names the output folder as ours: an existing folder without it is never replaced,
so a mistyped --out cannot wipe unrelated files.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import posixpath
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

MARKER = ".leaderboard-site"
MARKER_TEXT = b"Built by build.py. This whole folder is replaced by every build.\n"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def refusal(out: Path):
    """Why the output folder may not be written, or None."""
    out = Path(os.path.abspath(out))
    cwd = Path.cwd()
    if out == cwd or out in cwd.parents:
        return "is the working folder or one of its parents: choose an --out inside it, such as site"
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        return "exists and is not a folder: remove it or choose another --out"
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        return (f"is a folder this tool did not build (it has no {MARKER} file): "
                "empty it or choose another --out, so nothing of yours is overwritten")
    return None


def write_site(files: dict, out: Path) -> None:
    if outside(files):
        raise ValueError(f"refusing to write outside the output folder: {outside(files)}")
    out = Path(os.path.abspath(out))
    staging = out.parent / f".{out.name}.staging"
    if staging.exists():
        shutil.rmtree(staging)        # left by a build that was killed
    try:
        for folder in sorted({(staging / path).parent for path in files}):
            folder.mkdir(parents=True, exist_ok=True)
        # Writing is waiting on the file system, not on Python: a few threads keep it busy.
        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(lambda path: (staging / path).write_bytes(files[path]), sorted(files)))
        (staging / MARKER).write_bytes(MARKER_TEXT)
        if out.is_dir():
            swap(staging, out)        # staging now holds the old site
        else:
            os.rename(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging)


def outside(files) -> list:
    """Paths that are not plain relative paths inside the output folder."""
    return [path for path in files
            if not path or path.startswith("/") or posixpath.normpath(path) != path or path.split("/")[0] == ".."]


def swap(a: Path, b: Path) -> None:
    """Exchange two directory entries atomically, or as close to it as the system allows."""
    libc_name = ctypes.util.find_library("c")
    renameat2 = getattr(ctypes.CDLL(libc_name, use_errno=True), "renameat2", None) if libc_name else None
    if renameat2 is not None:
        if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
            return
    spare = b.parent / f".{b.name}.old"
    if spare.exists():
        shutil.rmtree(spare)
    os.rename(b, spare)
    os.rename(a, b)
    os.rename(spare, a)
