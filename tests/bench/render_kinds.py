"""Where a build's render time goes: a cold build in one process (no workers, no helper), timing
each page by its template, and the data files; prints CPU seconds and milliseconds per page. Of a
scores folder, or of the synthetic board of tests/bench/synthetic.py.

    python3 tests/bench/render_kinds.py --models 1000 --dialogues 1000 --out /dev/shm/kinds
    python3 tests/bench/render_kinds.py --scores scores
"""
from __future__ import annotations

import argparse
import collections
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from leaderboard import pipeline, render, workers   # noqa: E402
from leaderboard.problems import Problems           # noqa: E402
from synthetic import generate                      # noqa: E402  (beside this file)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scores", type=Path, help="a scores folder (default: a synthetic board)")
    parser.add_argument("--models", type=int, default=1000)
    parser.add_argument("--dialogues", type=int, default=1000)
    parser.add_argument("--out", type=Path, default=Path("/tmp/render-kinds"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        measure(args.scores or generate(Path(folder), args.models, args.dialogues), args.out)


def measure(scores: Path, out: Path):
    shutil.rmtree(out, ignore_errors=True)
    pipeline.markup_cache_path(out).unlink(missing_ok=True)   # cold: no Markdown kept from before
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
    pipeline.build(scores, out, Problems())
    total = time.process_time() - started
    print(f"cold build in one process: {total:.2f} s CPU, of which rendered pages and data files "
          f"{sum(spent.values()):.2f} s")
    for name, seconds in spent.most_common():
        print(f"{name:16} {seconds:6.2f} s  {pages[name]:5} × {1000 * seconds / pages[name]:7.2f} ms")


if __name__ == "__main__":
    main()
