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


class Staging:
    """The folder beside the output that a build writes its files into as the render stage hands them
    over, then swaps in whole (swap_in). Forked render workers write into it too and hand back the
    digests of what they wrote (adopt). With dry=True (--check) nothing is written."""

    def __init__(self, out: Path, dry: bool = False):
        self.out = Path(os.path.abspath(out))
        self.dry = dry
        self.path = self.out.parent / f".{self.out.name}.staging"
        self.written = {}          # path in the site -> sha256 of its bytes
        self._folders = set()
        if not dry:
            remove_leftovers(self.out)
            self.path.mkdir(parents=True)

    def put(self, path: str, content: bytes) -> None:
        if outside([path]):
            raise ValueError(f"refusing to write outside the output folder: {path}")
        if path in self.written:   # two pages at one address: a naming rule is missing upstream
            raise ValueError(f"two outputs would be written to {path}")
        self.written[path] = hashlib.sha256(content).digest()
        if self.dry:
            return
        target = self.path / path
        if target.parent not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        target.write_bytes(content)

    def adopt(self, written: dict) -> None:
        """Take in the digests of the files a worker process wrote into this same folder."""
        for path in written:
            if path in self.written:
                raise ValueError(f"two outputs would be written to {path}")
        self.written.update(written)

    def swap_in(self, inputs: str = "") -> None:
        """Make the staged files the site. `inputs` (a fingerprint of everything it was built from)
        goes into the marker with a digest of the files, so that a rebuild of the same inputs can be
        skipped (up_to_date)."""
        (self.path / MARKER).write_bytes(MARKER_TEXT + stamp(inputs, digest(self.written.items())).encode("ascii"))
        if self.out.is_dir():
            swap(self.path, self.out)        # staging now holds the old site
        else:
            os.rename(self.path, self.out)

    def discard(self) -> None:
        """Remove the staging folder (after a swap it holds the old site; after a failure, a partial one)."""
        if not self.dry and self.path.exists():
            shutil.rmtree(self.path)


def remove_leftovers(out: Path) -> Path:
    """Remove the staging folder a killed build may have left beside `out`; return its path."""
    staging = Path(os.path.abspath(out)).parent / f".{Path(out).name}.staging"
    if staging.exists():
        shutil.rmtree(staging)
    return staging


def digest(items) -> str:
    """One hash of (path, sha256 of its bytes) pairs, whatever their order."""
    total = hashlib.sha256()
    for path, content_hash in sorted(items):
        total.update(hashlib.sha256(path.encode("utf-8")).digest() + content_hash)
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
    current = digest((p.relative_to(out).as_posix(), hashlib.sha256(p.read_bytes()).digest()) for p in files)
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
