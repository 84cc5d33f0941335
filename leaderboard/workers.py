"""The worker pool: a big site renders on forked processes, each taking the next unit of work when
it is done with one."""
from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import signal
import threading
from concurrent.futures import ProcessPoolExecutor

from . import markup


# A big site renders on a process per core this process may use (measured: about 1.7 times faster
# for N=1000 models and M=1000 dialogues on two cores); a small one stays in one, where starting
# workers would cost more than it saves.
PARALLEL_FROM = 2000   # pages, all languages counted


def cores() -> int:
    return len(os.sched_getaffinity(0))


def can_fork() -> bool:
    """Forking is safe only where the system has it and no other thread is running (--serve's
    rebuilds run beside the server's threads)."""
    return ("fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
            and cores() > 1)


def render_in_parallel(renderer, units: list, out) -> None:
    """Render the units on forked workers, each taking the next unit when it is done with one. A
    worker writes its files into out's folder itself and hands back only their digests and the
    Markdown it rendered (for this process's cache). A worker that dies fails the build instead of
    hanging it."""
    context = multiprocessing.get_context("fork")
    pool = ProcessPoolExecutor(cores(), mp_context=context, initializer=_adopt,
                               initargs=(renderer, units, out, os.getpid()))
    try:
        for written, rendered in pool.map(_render_unit, range(len(units))):
            out.adopt(written)
            markup.remember(rendered)
    except BaseException:   # a failure, Ctrl-C or SIGTERM: no worker outlives the build
        stop(pool)
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def stop(pool) -> None:
    """Kill the pool's workers now (Python 3.14 has pool.kill_workers(); before, its process table)."""
    kill = getattr(pool, "kill_workers", None)
    if kill is not None:
        kill()
        return
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        process.kill()


_WORK = None


def _adopt(renderer, units: list, out, parent: int):
    """In a worker: keep the work it inherited when it was forked (nothing is pickled), and die with
    the build: on Linux the kernel kills the worker when its parent dies, however it dies (SIGKILL,
    the OOM killer), so that none is left writing into the staging folder or holding the build's
    output open. Ctrl-C is the parent's to handle."""
    global _WORK
    _WORK = renderer, units, out
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    die_with_parent()
    if os.getppid() != parent:   # the parent died before the line above took effect
        os._exit(1)


PR_SET_PDEATHSIG = 1


def die_with_parent() -> None:
    libc = ctypes.util.find_library("c")
    prctl = getattr(ctypes.CDLL(libc, use_errno=True), "prctl", None) if libc else None
    if prctl is not None:   # Linux; elsewhere the parent's own handlers stop the workers
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def _render_unit(index: int):
    renderer, units, out = _WORK
    out.written = {}   # this unit's files only
    renderer.run(units[index], out)
    return out.written, markup.hand_over()


