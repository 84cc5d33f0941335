"""Write stage: put the rendered files in a staging folder beside the output, then swap it in.

The swap is one atomic exchange of two directory entries where the system offers it (Linux
renameat2 RENAME_EXCHANGE), so a reader or a killed build sees either the whole old site or
the whole new one. Elsewhere it falls back to two renames.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import posixpath
import shutil
from pathlib import Path

_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def write_site(files: dict, out: Path) -> None:
    if outside(files):
        raise ValueError(f"refusing to write outside the output folder: {outside(files)}")
    out = Path(os.path.abspath(out))
    staging = out.parent / f".{out.name}.staging"
    if staging.exists():
        shutil.rmtree(staging)        # left by a build that was killed
    for path in sorted(files):
        target = staging / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(files[path])
    if out.is_dir() and not out.is_symlink():
        swap(staging, out)
        shutil.rmtree(staging)        # now holds the old site
    elif out.exists() or out.is_symlink():
        raise FileExistsError(f"{out} exists and is not a folder; remove it or choose another --out")
    else:
        os.rename(staging, out)


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
