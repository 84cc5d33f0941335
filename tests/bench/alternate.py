"""Compare two checkouts' cold builds of one scores folder, alternating runs so that the machine's
drift touches both alike; prints each run and the medians.

    git worktree add /tmp/before <commit>
    python3 tests/bench/alternate.py /tmp/before . scores/ --pairs 5 --out /dev/shm
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("before", type=Path, help="the checkout to compare against")
    parser.add_argument("after", type=Path, help="the checkout measured")
    parser.add_argument("scores", type=Path)
    parser.add_argument("--pairs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=Path("/tmp"), help="where the sites are built (a RAM disk is steadier)")
    args = parser.parse_args()
    times = {"before": [], "after": []}
    for _ in range(args.pairs):
        for name in times:
            out = args.out / f"alternate-{name}"
            shutil.rmtree(out, ignore_errors=True)   # cold: no site, no Markdown cache beside it
            started = time.perf_counter()
            subprocess.run([sys.executable, str(getattr(args, name) / "build.py"), "--scores", str(args.scores.resolve()),
                            "--out", str(out / "site"), "-q"], check=True)
            times[name].append(time.perf_counter() - started)
            print(f"{name:6} {times[name][-1]:6.2f} s", flush=True)
    medians = {name: statistics.median(runs) for name, runs in times.items()}
    for name, runs in times.items():
        print(f"{name:6} median {medians[name]:6.2f} s   runs {', '.join(f'{t:.2f}' for t in runs)}")
    print(f"after / before: {medians['after'] / medians['before']:.3f}")


if __name__ == "__main__":
    main()
