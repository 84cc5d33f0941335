"""Compare two checkouts' cold builds of one scores folder, alternating runs so that the machine's
drift touches both alike; prints each run's wall and CPU time (the build's processes, all cores
counted: steadier than the wall on a busy machine) and the medians.

    git worktree add /tmp/before <commit>
    python3 tests/bench/alternate.py /tmp/before . scores/ --pairs 5 --out /dev/shm
"""
from __future__ import annotations

import argparse
import resource
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
    cpu = {"before": [], "after": []}
    for _ in range(args.pairs):
        for name in times:
            out = args.out / f"alternate-{name}"
            shutil.rmtree(out, ignore_errors=True)   # cold: no site, no Markdown cache beside it
            started, used = time.perf_counter(), children_cpu()
            subprocess.run([sys.executable, str(getattr(args, name) / "build.py"), "--scores", str(args.scores.resolve()),
                            "--out", str(out / "site"), "-q"], check=True)
            times[name].append(time.perf_counter() - started)
            cpu[name].append(children_cpu() - used)
            print(f"{name:6} {times[name][-1]:6.2f} s   CPU {cpu[name][-1]:6.2f} s", flush=True)
    for label, runs in (("wall", times), ("CPU", cpu)):
        medians = {name: statistics.median(values) for name, values in runs.items()}
        for name, values in runs.items():
            print(f"{name:6} {label:4} median {medians[name]:6.2f} s   runs {', '.join(f'{t:.2f}' for t in values)}")
        print(f"{label} after / before: {medians['after'] / medians['before']:.3f}")


def children_cpu() -> float:
    """User and system time of the finished child processes (and theirs) so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


if __name__ == "__main__":
    main()
