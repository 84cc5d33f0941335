"""Writes tests/data/synthetic-counts/: a made-up board (no real model, no real result) with
win/tie/loss counts and question-level judgments, for the tests of counts, intervals, the tie
rule, the sign test and the question pages. Run it again after changing it; the output is
committed so that the data can be read.

    python3 tests/data/make_synthetic_counts.py
"""
from __future__ import annotations

import json
import random
import shutil
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

OUT = Path(__file__).resolve().parent / "synthetic-counts"
DIMENSIONS = {"reasoning": ("推理", "Reasoning"), "coding": ("代码", "Coding"), "writing": ("写作", "Writing")}
# (id, name, group, chance of a win, chance of a tie): beta-13b ties often, so that counting ties
# as half a win or as nothing reorders the ranking
MODELS = [("oracle-xl", "Oracle XL", "reference", 0.80, 0.15), ("alpha-7b", "Alpha 7B", "open", 0.62, 0.15),
          ("beta-13b", "Beta 13B", "open", 0.38, 0.45), ("gamma-34b", "Gamma 34B", "open", 0.50, 0.15),
          ("delta-70b", "Delta 70B", "open", 0.30, 0.15), ("epsilon-3b", "Epsilon 3B", "open", 0.12, 0.15)]
QUESTIONS = 16          # per dimension; writing questions have two turns


def verdicts(rng):
    """[(model, question, dimension, turn, verdict)] for the judged release."""
    lines = []
    for dimension in DIMENSIONS:
        for q in range(1, QUESTIONS + 1):
            question = f"{dimension[:3]}-{q:02d}"
            for model, _, _, wins, ties in MODELS:
                for turn in (1, 2) if dimension == "writing" else (1,):
                    if question == "rea-16":        # a question every model fails
                        verdict = "loss"
                    else:
                        roll = rng.random()
                        verdict = "win" if roll < wins else "tie" if roll < wins + ties else "loss"
                    lines.append((model, question, dimension, turn, verdict))
    return lines


def main():
    rng = random.Random(20250301)
    shutil.rmtree(OUT, ignore_errors=True)
    board = OUT / "synthetic-counts"
    (board / "releases").mkdir(parents=True)
    (board / "judgments").mkdir()
    (OUT / "site.yaml").write_text("title: {zh: 合成计数测试站, en: Synthetic counts test site}\n"
                                   "languages: [zh, en]\nboards: [synthetic-counts]\n", "utf-8")
    dims = "".join(f"  - id: {d}\n    name: {{zh: {zh}, en: {en}}}\n" for d, (zh, en) in DIMENSIONS.items())
    (board / "board.yaml").write_text(
        "title: {zh: 合成计数榜（测试数据）, en: Synthetic counts board (test data)}\n"
        "summary: {zh: 虚构的模型与结果，只用于测试。, en: \"Made-up models and results, for tests only.\"}\n"
        "metric:\n  name: {zh: 胜和率, en: Win-or-tie rate}\n  formula: win_tie_rate\n  range: [0, 100]\n"
        "  decimals: 2\n  baseline: Baseline model\n  judge: Judge model\n"
        "dimensions:\n" + dims +
        "groups:\n  - {id: reference, name: {zh: 参考模型, en: Reference models}, ranked: false}\n"
        "  - {id: open, name: {zh: 开源模型, en: Open models}, ranked: true}\n", "utf-8")
    (board / "models.yaml").write_text("".join(
        f"- id: {m}\n  name: {name}\n  group: {group}\n  org: Synthetic Lab\n" for m, name, group, _, _ in MODELS), "utf-8")
    # The first release gives counts per dimension in its CSV (overall pooled from them).
    rows = ["model,dimension,score,win,tie,loss"]
    for model, _, _, strength, _ in MODELS:
        for dimension in DIMENSIONS:
            win = round(20 * strength) - 1 + rng.randint(0, 2)
            tie = rng.randint(1, 4)
            rows.append(f"{model},{dimension},,{win},{tie},{20 - win - tie}")
    (board / "releases" / "2025-01-15.csv").write_text("\n".join(rows) + "\n", "utf-8")
    # The second release: question-level judgments; its CSV gives only the overall score of two
    # models (checked against the judgments) and leaves every other row to them.
    judged = verdicts(rng)
    with (board / "judgments" / "2025-03-01.jsonl").open("w", encoding="utf-8") as out:
        for model, question, dimension, turn, verdict in judged:
            reason = f"Synthetic verdict for {model} on {question}, turn {turn}."
            out.write(json.dumps({"model": model, "question_id": question, "dimension": dimension, "turn": turn,
                                  "verdict": verdict, "judge_reason": reason}, ensure_ascii=False) + "\n")
    rows = ["model,dimension,score,win,tie,loss"]
    for model in ("oracle-xl", "gamma-34b"):
        mine = [v for m, _, _, _, v in judged if m == model]
        rate = Decimal(100 * (mine.count("win") + mine.count("tie"))) / len(mine)
        rows.append(f"{model},overall,{rate.quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)},,,")   # half-up, as shown
    for model in ("alpha-7b", "beta-13b", "delta-70b", "epsilon-3b"):
        mine = [v for m, _, d, _, v in judged if m == model and d == "reasoning"]
        rows.append(f"{model},reasoning,,{mine.count('win')},{mine.count('tie')},{mine.count('loss')}")
    (board / "releases" / "2025-03-01.csv").write_text("\n".join(rows) + "\n", "utf-8")


if __name__ == "__main__":
    main()
