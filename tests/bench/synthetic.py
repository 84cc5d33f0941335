"""Build benchmark: generate a synthetic board of N models, 10 dimensions, 3 releases and M two-turn
dialogues, build it (both languages) with build.py, and print wall time, pages per second, peak
memory and output size.

    python3 tests/bench/synthetic.py --models 1000 --dialogues 1000
    python3 tests/bench/synthetic.py --default          # the bundled site
    python3 tests/bench/synthetic.py --models 1000 --dialogues 1000 --twice   # then a rebuild
    python3 tests/bench/synthetic.py --models 1000 --dialogues 1000 --disk    # and the disk's share
"""
from __future__ import annotations

import argparse
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DIMENSIONS = [f"d{i}" for i in range(10)]
RELEASES = ["2024-01-01", "2024-04-01", "2024-07-01"]
ANSWER = """Here is one way to do it:

1. Read the list.
2. Keep the integers.
3. Reverse them.

```python
def f{n}(items):
    numbers = [x for x in items if isinstance(x, int)]
    return numbers[::-1]
```

| input | output |
|---|---|
| [1, 2] | [2, 1] |

The answer is **{n}**, see `f{n}`.
"""


def generate(root: Path, models: int, dialogues: int) -> Path:
    rng = random.Random(42)
    scores = root / "scores"
    board = scores / "synthetic"
    (board / "releases").mkdir(parents=True)
    (board / "dialogues").mkdir()
    (scores / "site.yaml").write_text("title: {zh: 合成榜单, en: Synthetic board}\nlanguages: [zh, en]\n"
                                      "boards: [synthetic]\n", "utf-8")
    dims = "".join(f"  - id: {d}\n    name: {{zh: 维度{d}, en: Dimension {d}}}\n" for d in DIMENSIONS)
    (board / "board.yaml").write_text(
        "title: {zh: 合成, en: Synthetic}\nmetric:\n  name: {zh: 胜和率, en: Win-or-tie rate}\n"
        "  formula: win_tie_rate\ndimensions:\n" + dims +
        "groups:\n  - {id: ref, name: {zh: 参考, en: Reference}, ranked: false}\n"
        "  - {id: open, name: {zh: 开源, en: Open}, ranked: true}\n", "utf-8")
    (board / "models.yaml").write_text("".join(
        f"- id: m{i:05d}\n  name: Model {i}\n  group: {'ref' if i % 10 == 0 else 'open'}\n"
        f"  org: Org {i % 37}\n  params: {7 * (1 + i % 4)}B\n  description: {{zh: 模型 {i}, en: Model number {i}}}\n"
        for i in range(models)), "utf-8")
    for r, day in enumerate(RELEASES):
        rows = ["model,dimension,score,win,tie,loss"]
        for i in range(models):
            if r < 2 and i % 50 == 49:
                continue   # some models arrive in later releases
            for d in DIMENSIONS:
                win, tie = rng.randint(0, 20), rng.randint(0, 10)
                rows.append(f"m{i:05d},{d},,{win},{tie},{30 - win - tie}")
        (board / "releases" / f"{day}.csv").write_text("\n".join(rows) + "\n", "utf-8")
    for n in range(dialogues):
        answering = rng.sample(range(models), k=min(models, 2 + n % 3))
        turns = "".join(
            f"  - prompt: |\n      Question {n}, turn {t}: reverse the integers in a list.\n    responses:\n" +
            "".join(f"      m{i:05d}: |\n" + "".join(f"        {line}\n" for line in ANSWER.format(n=n).splitlines())
                    for i in answering)
            for t in (1, 2))
        (board / "dialogues" / f"q{n:05d}.yaml").write_text(
            f"title: Dialogue {n}\ndimension: {DIMENSIONS[n % 10]}\nsection: Section {n % 4}\nturns:\n{turns}"
            "commentary: {zh: 点评, en: Commentary}\n", "utf-8")
    return scores


def build(scores: Path, out: Path) -> tuple:
    """Build once; return wall time, peak memory, and the CPU seconds the build spent in its own code
    and in the kernel (sys: mostly creating folders and files, the disk's share)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "build.py"), "--scores", str(scores), "--out", str(out), "-q"],
                   check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_maxrss / 1024, after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime


def report(label: str, out: Path, wall: float, peak_mb: float, user: float, system: float):
    files = [p for p in out.rglob("*") if p.is_file()]
    pages = sum(1 for p in files if p.suffix == ".html")
    size = sum(p.stat().st_size for p in files) / 1e6
    print(f"{label:<28} wall {wall:6.2f} s   pages {pages:6d}   {pages / wall:7.0f} pages/s   "
          f"peak {peak_mb:7.1f} MB   output {size:8.1f} MB   cpu user {user:5.2f} s sys {system:5.2f} s")
    return wall


def disk_baseline(site: Path, where: Path) -> None:
    """Time writing a copy of the built site's folders and files (same count, same sizes) with no
    rendering at all, from one process: what the disk alone costs for this output."""
    files = [(p.relative_to(site), p.stat().st_size) for p in site.rglob("*") if p.is_file()]
    target = where / "disk-baseline"
    started = time.perf_counter()
    for relative, size in files:
        (target / relative).parent.mkdir(parents=True, exist_ok=True)
        (target / relative).write_bytes(b"x" * size)
    wall = time.perf_counter() - started
    print(f"{'disk alone (same files)':<28} wall {wall:6.2f} s   files {len(files):6d}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=1000)
    parser.add_argument("--dialogues", type=int, default=1000)
    parser.add_argument("--default", action="store_true", help="build the bundled scores/ instead")
    parser.add_argument("--twice", action="store_true", help="build again with nothing changed")
    parser.add_argument("--disk", action="store_true",
                        help="then time writing the same files without building, to tell disk time from build time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        scores = ROOT / "scores" if args.default else generate(root, args.models, args.dialogues)
        label = "default site" if args.default else f"N={args.models} M={args.dialogues}"
        out = root / "site"
        report(label, out, *build(scores, out))
        if args.twice:
            report(label + " (rebuild)", out, *build(scores, out))
        if args.disk:
            disk_baseline(out, root)


if __name__ == "__main__":
    main()
