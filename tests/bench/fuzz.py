"""Fuzzing that keeps going: the property tests of tests/test_properties.py, run far longer than the
suite runs them (which uses a fixed seed), with a fresh seed, printing what each one tried.

    python3 tests/bench/fuzz.py                   # 3,000 examples per property
    python3 tests/bench/fuzz.py --examples 20000  # longer
    python3 tests/bench/fuzz.py --seed 1234       # replay a run
"""
from __future__ import annotations

import argparse
import os
import random
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=3000, help="examples per property (default 3000)")
    parser.add_argument("--seed", type=int, default=random.randrange(1 << 31))
    parser.add_argument("-k", default="", help="only the properties whose name holds this")
    args = parser.parse_args()
    env = {**os.environ, "HYPOTHESIS_PROFILE": "long", "FUZZ_EXAMPLES": str(args.examples)}
    command = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(ROOT / "tests" / "test_properties.py"),
               f"--hypothesis-seed={args.seed}", "--hypothesis-show-statistics"] + (["-k", args.k] if args.k else [])
    print(f"seed {args.seed}, {args.examples} examples per property")
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    for block in re.split(r"\n(?=tests/test_properties\.py::)", result.stdout):
        name = re.match(r"tests/test_properties\.py::(\w+)", block)
        if not name:
            continue
        passing = re.search(r"(\d+) passing examples, (\d+) failing examples, (\d+) invalid examples", block)
        took = re.search(r"Typical runtimes: ([^\n]+)", block)
        print(f"{name[1]:<40} {passing[1] if passing else '?':>6} passing  {passing[2] if passing else '?':>3} failing"
              f"  {passing[3] if passing else '?':>5} invalid   {took[1] if took else ''}")
    print(result.stdout.strip().splitlines()[-1] if result.stdout.strip() else result.stderr[-2000:])
    print(f"whole run {time.perf_counter() - started:.0f} s")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
