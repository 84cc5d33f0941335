"""Where a build's render time goes: a cold build in one process (no workers, no helper), timing
each page by its template, and the data files; prints CPU seconds and milliseconds per page.

    python3 tests/bench/render_kinds.py /dev/shm/s1000/scores --out /dev/shm/kinds
"""
from __future__ import annotations

import argparse
import collections
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from leaderboard import pipeline, render, workers   # noqa: E402
from leaderboard.problems import Problems           # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scores", type=Path)
    parser.add_argument("--out", type=Path, default=Path("/tmp/render-kinds"))
    args = parser.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)
    pipeline.markup_cache_path(args.out).unlink(missing_ok=True)   # cold: no Markdown kept from before
    spent, pages = collections.Counter(), collections.Counter()

    def timed(name, make):
        def run(*args_, **kwargs):
            started = time.process_time()
            try:
                return make(*args_, **kwargs)
            finally:
                spent[name(*args_)] += time.process_time() - started
                pages[name(*args_)] += 1
        return run

    workers.can_fork = lambda: False   # one process: every page's time is counted here
    render.render_page = timed(lambda env, site, strings, lang, spec, *rest: spec.template, render.render_page)
    render.data_files = timed(lambda *rest: "data (by board)", render.data_files)
    started = time.process_time()
    pipeline.build(args.scores, args.out, Problems())
    total = time.process_time() - started
    print(f"cold build in one process: {total:.2f} s CPU, of which rendered pages and data files "
          f"{sum(spent.values()):.2f} s")
    for name, seconds in spent.most_common():
        print(f"{name:16} {seconds:6.2f} s  {pages[name]:5} × {1000 * seconds / pages[name]:7.2f} ms")


if __name__ == "__main__":
    main()
