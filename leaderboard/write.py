"""Write stage: put the rendered files in a staging folder beside the output, then swap it in.

One build at a time writes an output folder: a build holds an exclusive lock on a file beside it
(`.<name>.lock`) from its up-to-date check to the swap, and a second build waits for it. Each build
stages into a folder of its own (`.<name>.staging-<pid>-<random>`); one that a killed build left
is removed by the next build, under the lock, so no live build's folder is ever touched.

The swap is one atomic exchange of two directory entries where the system offers it (Linux
renameat2 RENAME_EXCHANGE), so a reader or a killed build sees either the whole old site or
the whole new one. Elsewhere it falls back to two renames.

A marker file names the output folder as ours: an existing folder without it is never replaced,
so a mistyped --out cannot wipe unrelated files.
"""
from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import fcntl
import glob
import hashlib
import os
import posixpath
import secrets
import shutil
from pathlib import Path

MARKER = ".leaderboard-site"
MARKER_TEXT = b"Built by build.py. This whole folder is replaced by every build.\n"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def display(path: Path) -> str:
    from .problems import display_path
    return display_path(path)


def refusal(out: Path):
    """Why the output folder may not be written, or None."""
    out = Path(os.path.abspath(out))
    cwd = Path.cwd()
    if out == cwd or out in cwd.parents:
        return "is the working folder or one of its parents: choose an --out inside it, such as site"
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        return "exists and is not a folder: remove it or choose another --out"
    above = next((p for p in out.parents if p.exists()), None)
    if above is not None and not above.is_dir():
        return f"is inside {display(above)}, which is a file, not a folder: choose another --out"
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        return (f"is a folder this tool did not build (it has no {MARKER} file): "
                "empty it or choose another --out, so nothing of yours is overwritten")
    return None


def beside(out: Path, kind: str) -> Path:
    """A file or folder of the build's own next to the output folder: .<name>.<kind>."""
    out = Path(os.path.abspath(out))
    return out.parent / f".{out.name}.{kind}"


@contextlib.contextmanager
def exclusive(out: Path, waiting=lambda: None):
    """Hold the output folder's lock while the block runs. A build that finds it held calls
    waiting() once, then waits for it. The lock is the kernel's (flock): it goes with the process
    that holds it, however that process ends, so a killed build never leaves it held."""
    path = beside(out, "lock")
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting()
            fcntl.flock(handle, fcntl.LOCK_EX)
        yield
    finally:
        os.close(handle)   # releases the lock


class Staging:
    """The folder beside the output that a build writes its files into as the render stage hands them
    over, then swaps in whole (swap_in). Forked render workers write into it too and hand back the
    digests of what they wrote (adopt). With dry=True (--check) nothing is written. Only under the
    output folder's lock (exclusive)."""

    def __init__(self, out: Path, dry: bool = False):
        self.out = Path(os.path.abspath(out))
        self.dry = dry
        self.path = beside(self.out, f"staging-{os.getpid()}-{secrets.token_hex(4)}")
        self.written = {}          # path in the site -> sha256 of its bytes
        self.swapped = False       # whether the staged files are the site now
        self._folders = set()
        if not dry:
            remove_leftovers(self.out)
            self.path.mkdir(parents=True)

    def put(self, path: str, content) -> None:
        """Write one file: bytes, or an iterable of bytes written one piece after the other (a
        download of millions of lines is never held whole)."""
        if outside([path]):
            raise ValueError(f"refusing to write outside the output folder: {path}")
        if path in self.written:   # two pages at one address: a naming rule is missing upstream
            raise ValueError(f"two outputs would be written to {path}")
        target = self.path / path
        if not self.dry and target.parent not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        try:
            if isinstance(content, bytes):
                self.written[path] = hashlib.sha256(content).digest()
                if not self.dry:
                    target.write_bytes(content)
                return
            hashed = hashlib.sha256()
            with contextlib.nullcontext() if self.dry else open(target, "wb") as f:
                for piece in content:
                    hashed.update(piece)
                    if f is not None:
                        f.write(piece)
            self.written[path] = hashed.digest()
        except OSError as exc:   # a write that fails (a full disk) names no file: this one, for the message
            if exc.filename is None:
                raise OSError(exc.errno, exc.strerror, str(target)) from exc
            raise

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
        self.swapped = True

    def discard(self) -> None:
        """Remove the staging folder (after a swap it holds the old site; after a failure, a partial one)."""
        if not self.dry and self.path.exists():
            shutil.rmtree(self.path)


def remove_leftovers(out: Path) -> None:
    """Remove the staging folders killed builds left beside `out` (only under its lock: then no
    other build is writing one)."""
    ours = beside(out, "")
    for path in ours.parent.glob(glob.escape(ours.name) + "*"):
        if path.name[len(ours.name):].startswith(("staging", "old")) and path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)


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
    spare = beside(b, "old")
    if spare.exists():
        shutil.rmtree(spare)
    os.rename(b, spare)
    os.rename(a, b)
    os.rename(spare, a)
