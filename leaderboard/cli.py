"""The command line (DESIGN.md section 4). Exit 0 on success, 1 on bad input, 2 on bad usage."""
from __future__ import annotations

import argparse
import signal
import sys
import threading
import time
import traceback
from functools import partial
from pathlib import Path

from . import pipeline
from .problems import BuildFailed, Problems


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="build.py", description="Build the leaderboard site from scores/ into site/.")
    p.add_argument("--scores", type=Path, default=Path("scores"), metavar="DIR", help="input folder (default: scores)")
    p.add_argument("--out", type=Path, default=Path("site"), metavar="DIR", help="output folder (default: site)")
    p.add_argument("--check", action="store_true", help="validate only; write nothing")
    p.add_argument("--strict", action="store_true", help="warnings fail the build too")
    p.add_argument("--serve", action="store_true", help="build, serve on 127.0.0.1 and rebuild on change")
    p.add_argument("--port", type=port, default=8000, help="port for --serve (default: 8000)")
    p.add_argument("--base-url", type=absolute_url, metavar="URL",
                   help="the deployed site's address, overriding site.yaml's base_url (canonical links, "
                        "sitemap.xml, and a 404 page that works at any depth)")
    loud = p.add_mutually_exclusive_group()
    loud.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    loud.add_argument("-v", "--verbose", action="store_true", help="show tracebacks of internal errors")
    return p


def port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port: a whole number from 1 to 65535")
    return int(text)


def absolute_url(text: str) -> str:
    if not text.startswith(("https://", "http://")) or len(text.split("/")) < 3 or not text.split("/")[2]:
        raise argparse.ArgumentTypeError(f"{text!r} is not an absolute http(s) address such as "
                                         "https://user.github.io/repository/")
    return text


class Stopped(KeyboardInterrupt):
    """SIGTERM (a CI timeout, a service manager): stop as Ctrl-C does, cleaning up on the way."""


def stop(signum, frame):
    raise Stopped()


def main(argv=None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)
    if argv[:1] == ["new"]:
        from . import starter
        return starter.main(argv[1:])
    args = parser().parse_args(argv)
    if args.serve and args.check:
        parser().error("--serve and --check do not go together")
    if args.serve:
        from . import serve
        return serve.serve(args, run_build)
    return run_build(args)


def run_build(args) -> int:
    """One build with its report; the exit code."""
    started = time.perf_counter()
    problems = Problems()
    try:
        count = pipeline.build(args.scores, args.out, problems, check=args.check, strict=args.strict,
                               base_url=getattr(args, "base_url", None), waiting=partial(waiting, args))
    except BuildFailed:
        report(problems)
        print(f"build failed: {problems.summary()}; {args.out} was left as it was", file=sys.stderr)
        return 1
    except KeyboardInterrupt as exc:   # Ctrl-C, or SIGTERM (Stopped)
        left = "the new site was already in place" if getattr(exc, "published", False) else \
            f"{args.out} was left as it was"
        print(f"stopped: {left}", file=sys.stderr)
        return 143 if isinstance(exc, Stopped) else 130
    except Exception as exc:   # our bug, not the user's input
        report(problems)
        if args.verbose:
            traceback.print_exc()
        print(f"internal error: {type(exc).__name__}: {exc} (run with -v for the traceback); "
              f"{args.out} was left as it was", file=sys.stderr)
        return 1
    report(problems)
    if not args.quiet:
        done = "checked" if args.check else f"built {count} files into {args.out}" if count is not None \
            else f"{args.out} is up to date: nothing changed since it was built"
        print(f"{done} in {time.perf_counter() - started:.2f} s ({problems.summary()})", file=sys.stderr)
    return 0


def waiting(args) -> None:
    if not args.quiet:
        print(f"waiting for another build of {args.out} to finish", file=sys.stderr, flush=True)


def report(problems: Problems) -> None:
    """Every problem, file by file in line order (and how many more a file has past the limit)."""
    for problem in sorted(problems.items, key=lambda p: (p.path, p.line or 0, p.column or 0)):
        print(problem, file=sys.stderr)
    for path, (errors, warnings) in sorted(problems.untold.items()):
        print(f"{path}: and {errors} more error{'s' * (errors != 1)} and {warnings} more warning"
              f"{'s' * (warnings != 1)} in this file, not shown", file=sys.stderr)
