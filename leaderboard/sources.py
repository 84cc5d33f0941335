"""Which files under scores/ the build reads, and how much of them: the one rule the loaders, the
up-to-date check and --serve's watcher all follow.

A file is read only when it is a regular file inside the scores folder (a symbolic link is followed
when it stays inside: a board kept elsewhere and linked in must be copied in instead, so that a
pull request cannot publish a file of the machine that builds it), and not bigger than its kind
allows. FIFOs, devices and sockets are never opened; an editor's lock link (.#name) is passed over.
"""
from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

MB = 1 << 20
# Generous for real boards: a 100,000-model board's models.yaml is about 20 MB, its release CSV 60 MB.
LIMITS = {".yaml": 64 * MB, ".yml": 64 * MB, ".csv": 128 * MB, ".md": 4 * MB, ".jsonl": 4096 * MB}
DEFAULT_LIMIT = 64 * MB


def editor_lock(path: Path) -> bool:
    """Emacs keeps a dangling link .#name beside a file open for editing."""
    return path.name.startswith(".#")


def problem(path: Path, root: Path):
    """Why path may not be read (a sentence), or None; nothing is opened to find out."""
    try:
        info = os.lstat(path)
    except OSError as exc:
        return f"cannot read: {exc.strerror}"
    if stat.S_ISLNK(info.st_mode):
        try:
            target = Path(os.path.realpath(path, strict=True))
        except OSError:
            return "a link to nothing: remove it"
        if not within(target, root):
            return f"a link to {target}, outside {root.name}/: not read (copy the file in instead)"
        info = os.stat(path)
    if stat.S_ISDIR(info.st_mode):
        return None
    if not stat.S_ISREG(info.st_mode):
        return f"not a regular file ({kind(info.st_mode)}): not read"
    limit = LIMITS.get(path.suffix.lower(), DEFAULT_LIMIT)
    if info.st_size > limit:
        return f"too big: {info.st_size / MB:.0f} MB, where a {path.suffix or 'such'} file may have {limit // MB} MB"
    return None


def within(path: Path, root: Path) -> bool:
    real = Path(os.path.realpath(root))
    return path == real or real in path.parents


def kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISCHR, "a character device"),
                       (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "a special file"


def walk(root: Path):
    """Every readable file below root, links inside it followed (each real folder once), in a stable
    order; the others (special files, links out or to nothing) are left for validation to report."""
    seen = set()
    for folder, subfolders, names in os.walk(root, followlinks=True):
        real = os.path.realpath(folder)
        if real in seen or not within(Path(real), root):
            subfolders[:] = []
            continue
        seen.add(real)
        subfolders[:] = sorted(d for d in subfolders if d not in ("node_modules", "__pycache__"))
        for name in sorted(names):
            path = Path(folder) / name
            if not editor_lock(path) and problem(path, root) is None:
                yield path


def fingerprint(root: Path, total) -> None:
    """Add every readable file below root (its path and content) to the hash `total`; special files
    are named but not read, so a change to them still counts."""
    for path in walk(root):
        digest = hashlib.sha256()
        with open(path, "rb") as source:
            for block in iter(lambda: source.read(1 << 20), b""):
                digest.update(block)
        total.update(path.relative_to(root).as_posix().encode("utf-8", "surrogateescape") + b"\0" + digest.digest())
