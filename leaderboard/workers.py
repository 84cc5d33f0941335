"""The worker pool: a big site renders on forked processes, each taking the next unit of work when
it is done with one."""
from __future__ import annotations

import multiprocessing
import os
import threading
from concurrent.futures import ProcessPoolExecutor

from . import markup


# A big site renders on two processes (measured: about 1.7 times faster for N=1000 models and M=1000
# dialogues on two cores); a small one stays in one, where starting workers would cost more than it saves.
PARALLEL_FROM = 2000   # pages, all languages counted
WORKERS = 2


def can_fork() -> bool:
    """Forking is safe only where the system has it and no other thread is running (--serve's
    rebuilds run beside the server's threads)."""
    return ("fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
            and len(os.sched_getaffinity(0)) > 1)


def render_in_parallel(renderer, units: list, out) -> None:
    """Render the units on forked workers, each taking the next unit when it is done with one. A
    worker writes its files into out's folder itself and hands back only their digests and the
    Markdown it rendered (for this process's cache). A worker that dies fails the build instead of
    hanging it."""
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(WORKERS, mp_context=context, initializer=_adopt,
                             initargs=(renderer, units, out)) as pool:
        for written, rendered in pool.map(_render_unit, range(len(units))):
            out.adopt(written)
            markup.remember(rendered)


_WORK = None


def _adopt(renderer, units: list, out):
    """In a worker: keep the work it inherited when it was forked (nothing is pickled)."""
    global _WORK
    _WORK = renderer, units, out


def _render_unit(index: int):
    renderer, units, out = _WORK
    out.written = {}   # this unit's files only
    renderer.run(units[index], out)
    return out.written, markup.hand_over()


