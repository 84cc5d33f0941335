"""--serve: build, serve the output on 127.0.0.1, and rebuild when scores/ or templates/ change."""
from __future__ import annotations

import functools
import gzip
import http.server
import io
import os
import sys
import threading
import time
from pathlib import Path

from . import sources
from .pipeline import TEMPLATES


def snapshot(*folders: Path) -> dict:
    """(size, mtime) of every entry below the folders, links inside them followed (as the build reads
    them): a change in any of them means rebuild. Nothing is opened, so a FIFO cannot hang it."""
    state = {}
    for folder in folders:
        seen = set()
        for root, dirs, names in os.walk(folder, followlinks=True):
            real = os.path.realpath(root)
            if real in seen or not sources.within(Path(real), Path(folder)):
                dirs[:] = []
                continue
            seen.add(real)
            for name in names:
                if name.startswith(".#"):   # an editor's lock, there while a file is open: no change
                    continue
                path = os.path.join(root, name)
                try:
                    info = os.stat(path)
                except OSError:   # a link to nothing (an editor's lock, say): only the link itself
                    info = os.lstat(path)
                state[path] = (info.st_size, info.st_mtime_ns, info.st_mode)
    return state


def watch(args, run_build, interval: float = 0.5) -> None:
    seen = snapshot(args.scores, TEMPLATES)
    while True:
        time.sleep(interval)
        now = snapshot(args.scores, TEMPLATES)
        if now != seen:
            seen = now
            print("change seen; rebuilding", file=sys.stderr)
            run_build(args)


COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".csv", ".xml", ".txt")


class Handler(http.server.SimpleHTTPRequestHandler):
    """Static files, gzip-compressed for clients that accept it (as GitHub Pages serves them)."""

    def log_message(self, format, *args):   # keep the terminal for build reports
        pass

    def list_directory(self, path):   # a folder without index.html is not listed
        self.send_error(404, "File not found")
        return None

    def send_head(self):
        address = self.path.split("?", 1)[0]
        if "\0" in address or "%00" in address.lower():
            self.send_error(400, "Bad request")
            return None
        if any(part.startswith(".") for part in address.split("/") if part):   # the build's own files
            self.send_error(404, "File not found")
            return None
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()   # the usual redirect to the folder's address
            path = os.path.join(path, "index.html")
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts and path.endswith(COMPRESSIBLE) and os.path.isfile(path)):
            return super().send_head()
        try:
            with open(path, "rb") as source:
                body = gzip.compress(source.read(), compresslevel=6, mtime=0)
        except OSError:
            return super().send_head()
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


def serve(args, run_build) -> int:
    code = run_build(args)
    if code in (130, 143) or (code != 0 and not args.out.is_dir()):   # stopped, or nothing to serve
        return code
    handler = functools.partial(Handler, directory=str(args.out.resolve()))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    except OSError as exc:
        print(f"cannot serve on 127.0.0.1:{args.port}: {exc.strerror}; try --port", file=sys.stderr)
        return 1
    threading.Thread(target=watch, args=(args, run_build), daemon=True).start()
    print(f"serving {args.out} at http://127.0.0.1:{server.server_port}/ (Ctrl-C to stop)", file=sys.stderr, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
