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
import hashlib
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


def write_site(files: dict, out: Path, inputs: str = "") -> None:
    """Write the site; `inputs` (a fingerprint of everything it was built from) goes into the marker
    with a digest of the files, so that a rebuild of the same inputs can be skipped (up_to_date)."""
    if outside(files):
        raise ValueError(f"refusing to write outside the output folder: {outside(files)}")
    out = Path(os.path.abspath(out))
    staging = remove_leftovers(out)
    try:
        for folder in sorted({(staging / path).parent for path in files}):
            folder.mkdir(parents=True, exist_ok=True)
        # Writing is waiting on the file system, not on Python: a few threads keep it busy.
        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(lambda path: (staging / path).write_bytes(files[path]), sorted(files)))
        (staging / MARKER).write_bytes(MARKER_TEXT + stamp(inputs, digest(files.items())).encode("ascii"))
        if out.is_dir():
            swap(staging, out)        # staging now holds the old site
        else:
            os.rename(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging)


def remove_leftovers(out: Path) -> Path:
    """Remove the staging folder a killed build may have left beside `out`; return its path."""
    staging = Path(os.path.abspath(out)).parent / f".{Path(out).name}.staging"
    if staging.exists():
        shutil.rmtree(staging)
    return staging


def digest(items) -> str:
    """One hash of (path, bytes) pairs, whatever their order."""
    total = hashlib.sha256()
    for path, content in sorted(items):
        total.update(hashlib.sha256(path.encode("utf-8")).digest() + hashlib.sha256(content).digest())
    return total.hexdigest()


def stamp(inputs: str, output: str) -> str:
    return f"inputs {inputs}\noutput {output}\n" if inputs else ""


def up_to_date(out: Path, inputs: str) -> bool:
    """Whether `out` was built from exactly these inputs and its files are still as written."""
    try:
        marker = (Path(out) / MARKER).read_bytes()
    except OSError:
        return False
    lines = marker.decode("ascii", "replace").splitlines()
    if len(lines) != 3 or lines[1] != f"inputs {inputs}" or not lines[2].startswith("output "):
        return False
    files = [p for p in Path(out).rglob("*") if p.is_file() and p.name != MARKER]
    current = digest((p.relative_to(out).as_posix(), p.read_bytes()) for p in files)
    return lines[2] == f"output {current}"


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
