"""Imitations of real leaderboard shapes (AlpacaEval-like, Chatbot-Arena-like, C-Eval-like, SuperCLUE-like)
with MADE-UP models and numbers, generated here from fixed seeds, built with --strict. Every expected rank,
shown number and interval is worked out in this file from the rows written, never by the package."""
from __future__ import annotations

import json
import math
import random
import re
import shutil
from decimal import ROUND_HALF_UP, Decimal

import yaml

from conftest import SCORES, board_table, run_build, soup, write_project

Z = 1.959963984540054
SITE = "title: {zh: 虚构榜, en: Invented boards}\nlanguages: [zh, en]\nboards: [b]\n"
SYLLABLES = ["ka", "lo", "mi", "ru", "zen", "vos", "zar", "quil", "bex", "dor", "fen", "gal"]
COUNT_WORDS = re.compile(r"\b(wins?|ties?|loss|losses|win-or-tie)\b", re.I)


def shown(x, decimals: int) -> str:
    """Half-up rounding on the float's shortest representation."""
    return str(Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP))


def competition(values: dict, decimals: int, higher: bool = True) -> dict:
    """{model: rank}, 1,2,2,4 by the value as shown."""
    key = {m: Decimal(shown(v, decimals)) for m, v in values.items()}
    return {m: 1 + sum((o > k) if higher else (o < k) for o in key.values()) for m, k in key.items()}


def wilson(k: int, n: int) -> tuple:
    p, z2 = k / n, Z * Z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = Z / (1 + z2 / n) * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    return 100 * (centre - half), 100 * (centre + half)


def names(rng, n: int) -> list:
    found = set()
    while len(found) < n:
        found.add(f"{rng.choice(SYLLABLES).title()}{rng.choice(SYLLABLES)}-{rng.choice([1, 3, 7, 13, 34, 70])}B"
                  f"-v{rng.randint(1, 9)}")
    return sorted(found)


def build(tmp_path, files: dict):
    scores = write_project(tmp_path, {"scores/site.yaml": SITE, **{f"scores/b/{k}": v for k, v in files.items()}})
    out = tmp_path / "site"
    result = run_build("--scores", scores, "--out", out, "--strict")
    assert result.returncode == 0, result.stderr
    return out


def record(out, release: str) -> dict:
    return json.loads((out / "b" / "data" / f"{release}.json").read_text("utf-8"))


def rows(tbl) -> dict:
    return {tr["data-model"]: tr for tr in tbl.select("tbody > tr")}


def text(td) -> str:
    return (td.find(class_="v") or td).get_text(strip=True)


def overall_cell(tr):
    return tr.find("td", attrs={"data-dimension": "overall"})


def visible(page) -> str:
    page = soup(page)
    for tag in page(["script", "style", "template"]):
        tag.decompose()
    return page.get_text(" ", strip=True)


def check_order(out, release: str, models: list, group_order: list, ranked_groups: set):
    """Ranking table: ranked models in the first <tbody> by rank, each unranked group in its own band;
    the JSON in published order (groups in board order, best first), matching the rows' data-seed."""
    rec = record(out, release)
    groups = [m["group"] for m in rec["models"]]
    assert groups == sorted(groups, key=group_order.index)
    for g in set(groups):
        within = [m["overall"] for m in rec["models"] if m["group"] == g]
        assert within == sorted(within, reverse=True)
    for page in (out / "b" / release / "index.html", out / "en" / "b" / release / "index.html"):
        tbl = board_table(page, "ranking")
        bodies = tbl.find_all("tbody")
        first = [(tr["data-model"], tr.find("td").get_text(strip=True)) for tr in bodies[0].find_all("tr")]
        assert sorted(m for m, _ in first) == sorted(m["id"] for m in models if m["group"] in ranked_groups)
        assert [int(r) for _, r in first] == sorted(int(r) for _, r in first)
        assert "band" not in (bodies[0].get("class") or [])
        bands = {tb["data-group"]: sorted(tr["data-model"] for tr in tb.find_all("tr")) for tb in bodies[1:]}
        assert [tb.get("class") for tb in bodies[1:]] == [["band"]] * len(bands)
        assert bands == {g: sorted(m["id"] for m in models if m["group"] == g)
                         for g in group_order if g not in ranked_groups}
        seeds = {m: int(tr["data-seed"]) for m, tr in rows(tbl).items()}
        assert seeds == {m["id"]: i for i, m in enumerate(rec["models"])}


def test_single_score_board_like_alpacaeval(tmp_path):
    rng = random.Random(2024)
    groups = [("verified", True), ("community", True), ("research", True), ("baseline", False)]
    pool = [rng.randint(500, 9500) for _ in range(25)]      # shared cents: equal shown scores
    models = []
    for i, name in enumerate(names(rng, 214)):
        cents = rng.choice(pool) if i % 3 == 0 else rng.randint(500, 9500)
        milli = cents * 10 + rng.choice([0, 0, 0, 4, -4, 5, -5, 1])     # x.xx5 rounds half-up
        models.append({
            "id": name.lower(), "name": name, "group": groups[3][0] if i % 27 == 5 else rng.choice(groups[:3])[0],
            "score": str(Decimal(milli).scaleb(-3)),
            "win_rate": str(Decimal(rng.randint(1000, 90000)).scaleb(-3)),
            "standard_error": str(Decimal(rng.randint(50, 2500)).scaleb(-3)),
            "avg_length": "" if i == 7 else str(Decimal(rng.randint(8000, 40000)).scaleb(-1))})
    board = ("title: {zh: 虚构单分榜, en: Invented single-score board}\n"
             "metric: {kind: score, name: {zh: 长度校正胜率, en: LC win rate}, unit: '%'}\n"
             "measures:\n  - {id: win_rate, name: Win rate, unit: '%'}\n"
             "  - {id: standard_error, name: Standard error, higher_is_better: false}\n"
             "  - {id: avg_length, name: Avg. length, decimals: 0}\n"
             "columns: {model: name, score: length_controlled_winrate, avg_length: avg_len}\n"
             "ignored_columns: [n_total, mode]\ngroups:\n"
             + "".join(f"  - {{id: {g}, name: {g.title()}, ranked: {str(r).lower()}}}\n" for g, r in groups))
    listed = sorted(models, key=lambda m: (-float(m["score"]), m["id"]))     # pasted in the export's order
    csv = "name,win_rate,standard_error,n_total,avg_len,mode,length_controlled_winrate\n" + "".join(
        f"{m['name']},{m['win_rate']},{m['standard_error']},805,{m['avg_length']},{m['group']},{m['score']}\n"
        for m in listed)
    out = build(tmp_path, {"board.yaml": board, "releases/2024-09-01.csv": csv, "models.yaml": "".join(
        f"- {{id: {m['id']}, name: {m['name']}, group: {m['group']}}}\n" for m in models)})

    ranked = {g for g, r in groups if r}
    rank = competition({m["id"]: float(m["score"]) for m in models if m["group"] in ranked}, 2)
    assert len(set(rank.values())) < len(rank)                         # the data has shared ranks
    decimals = {"win_rate": 2, "standard_error": 2, "avg_length": 0}
    got = {m["id"]: m for m in record(out, "2024-09-01")["models"]}
    assert set(got) == {m["id"] for m in models}
    for m in models:
        j = got[m["id"]]
        assert (j["rank"], j["overall"]) == (rank.get(m["id"]), float(m["score"])), m
        assert j["measures"] == {k: float(m[k]) if m[k] else None for k in decimals}
    for page in (out / "b" / "index.html", out / "en" / "b" / "index.html"):
        trs = rows(board_table(page, "ranking"))
        for m in models:
            tr = trs[m["id"]]
            assert tr.find("td").get_text(strip=True) == str(rank.get(m["id"], "-"))
            cell = overall_cell(tr)
            assert (text(cell), float(cell["data-value"])) == (shown(m["score"], 2), float(m["score"]))
            for k, d in decimals.items():
                cell = tr.find("td", attrs={"data-measure": k})
                if m[k]:
                    assert (text(cell), float(cell["data-value"])) == (shown(m[k], d), float(m[k])), (m, k)
                else:
                    assert cell["data-value"] == ""
    check_order(out, "2024-09-01", models, [g for g, _ in groups], ranked)


def rating_release(rng, models: list) -> dict:
    rows_ = {}
    for m in models:
        tenths = rng.randint(1030, 1110) * 10 + rng.choice([0, 4, 5, 6, -5])   # 1102.5 and 1103.4 both show 1103
        r = Decimal(tenths).scaleb(-1)
        lo, hi = r - Decimal(rng.randint(20, 250)).scaleb(-1), r + Decimal(rng.randint(20, 250)).scaleb(-1)
        rows_[m["id"]] = {"name": m["name"], "r": r, "lo": lo, "hi": hi, "votes": rng.randint(300, 40000)}
    by_score = sorted(rows_.values(), key=lambda x: -x["r"])
    a, b = by_score[3], by_score[6]                                   # touching intervals: not wholly above
    if a["r"] > b["r"]:
        a["lo"] = b["hi"] = min(a["r"], max(b["r"], (a["r"] + b["r"]) / 2)).quantize(Decimal("0.1"))
    return rows_


def test_rating_board_like_chatbot_arena(tmp_path):
    rng = random.Random(7)
    models = [{"id": n.lower(), "name": n} for n in names(rng, 26)]
    releases = {"v1": rating_release(rng, models[:20]), "v2": rating_release(rng, models[3:])}
    board = ("title: {zh: 虚构对战评分, en: Invented battle ratings}\n"
             "metric: {kind: rating, name: {zh: 评分, en: Rating}}\n"
             "measures: [{id: votes, name: {zh: 票数, en: Votes}, decimals: 0}]\n"
             "columns: {model: model_name, score: rating, ci_low: rating_q025, ci_high: rating_q975, "
             "votes: num_battles}\nignored_columns: [key]\n"
             "releases:\n  v1: {date: 2024-02-10, note: First}\n  v2: {date: 2024-05-01}\n")
    files = {"board.yaml": board, "models.yaml": "".join(f"- {{id: {m['id']}, name: {m['name']}}}\n" for m in models)}
    for rel, data in releases.items():
        files[f"releases/{rel}.csv"] = "key,model_name,rating,rating_q025,rating_q975,num_battles\n" + "".join(
            f"{i},{x['name'].upper() if i % 4 == 0 else x['name']},{x['r']},{x['lo']},{x['hi']},{x['votes']}\n"
            for i, x in enumerate(data.values()))
    out = build(tmp_path, files)
    assert json.loads((out / "b" / "data" / "latest.json").read_text("utf-8"))["release"] == "v2"

    for rel, data in releases.items():
        rank = competition({m: x["r"] for m, x in data.items()}, 0)
        assert len(set(rank.values())) < len(rank)
        n = len(data)
        rng_ = {m: (1 + sum(o["lo"] > x["hi"] for o in data.values()),        # wholly above: best
                    n - sum(o["hi"] < x["lo"] for o in data.values()))        # wholly below: worst
                for m, x in data.items()}
        rec = record(out, rel)
        assert rec["metric"]["range"] == [None, None] and rec["metric"]["decimals"] == 0
        got = {m["id"]: m for m in rec["models"]}
        assert set(got) == set(data)
        for m, x in data.items():
            assert (got[m]["rank"], got[m]["overall"]) == (rank[m], float(x["r"]))
            assert got[m]["intervals"] == {"overall": [float(x["lo"]), float(x["hi"])]}
            assert got[m]["rank_range"] == list(rng_[m]) and got[m]["measures"] == {"votes": float(x["votes"])}
        pages = [out / "b" / rel / "index.html", out / "en" / "b" / rel / "index.html"]
        if rel == "v2":
            pages += [out / "b" / "index.html", out / "en" / "b" / "index.html"]
        for page in pages:
            trs = rows(board_table(page, "ranking"))
            assert set(trs) == set(data)
            for m, x in data.items():
                tr, (best, worst) = trs[m], rng_[m]
                cell = overall_cell(tr)
                assert tr.find("td").get_text(strip=True) == str(rank[m])
                assert (text(cell), float(cell["data-value"])) == (shown(x["r"], 0), float(x["r"]))
                assert cell.find(class_="ci").get_text(strip=True) == f"{shown(x['lo'], 0)}–{shown(x['hi'], 0)}"
                assert tr.find("td", attrs={"data-measure": "votes"}).get_text(strip=True) == str(x["votes"])
                assert tr.find("td", class_="rank-range").get_text(strip=True) == (
                    str(best) if best == worst else f"{best}–{worst}")
        check_order(out, rel, [dict(m, group="models") for m in models if m["id"] in data], ["models"], {"models"})
    en, zh = visible(out / "en" / "b" / "index.html"), visible(out / "b" / "index.html")
    assert not COUNT_WORDS.search(en), COUNT_WORDS.search(en)
    assert "胜" not in zh and "负" not in zh and not re.search(r"平\s*\d|平局", zh)


def test_accuracy_board_like_c_eval(tmp_path):
    rng = random.Random(11)
    dims = {"stem": 837, "humanities": 412, "social": 366, "medicine": 280, "law": 205}
    models = []
    for i, name in enumerate(names(rng, 14)):
        skill = 0.3 + 0.045 * (i // 2) + rng.random() * 0.02     # base and chat interleave in strength
        correct = {d: min(t, max(0, round(t * (skill + rng.uniform(-0.08, 0.08))))) for d, t in dims.items()}
        models.append({"id": name.lower(), "name": name, "group": ("base", "chat")[i % 2], "correct": correct})
    board = ("title: {zh: 虚构学科准确率, en: Invented subject accuracy}\n"
             "metric: {kind: accuracy, name: {zh: 准确率, en: Accuracy}, overall: mean, decimals: 1}\n"
             "dimensions:\n" + "".join(f"  - {{id: {d}, name: {d.title()}}}\n" for d in dims)
             + "groups:\n  - {id: base, name: Base models, ranked: true}\n"
             "  - {id: chat, name: Chat models, ranked: true}\n")
    csv = "model,dimension,score,correct,total\n" + "".join(
        f"{m['id']},{d},,{m['correct'][d]},{t}\n" for m in models for d, t in dims.items())
    out = build(tmp_path, {"board.yaml": board, "releases/2024-03-01.csv": csv, "models.yaml": "".join(
        f"- {{id: {m['id']}, name: {m['name']}, group: {m['group']}}}\n" for m in models)})

    acc = {m["id"]: {d: 100 * m["correct"][d] / t for d, t in dims.items()} for m in models}
    mean = {m: sum(a.values()) / len(dims) for m, a in acc.items()}
    rank = competition(mean, 1)
    got = {m["id"]: m for m in record(out, "2024-03-01")["models"]}
    for m in models:
        j = got[m["id"]]
        assert j["rank"] == rank[m["id"]] and math.isclose(j["overall"], mean[m["id"]], rel_tol=1e-12)
        for d in dims:
            assert math.isclose(j["scores"][d], acc[m["id"]][d], rel_tol=1e-12)
            assert [round(x, 4) for x in wilson(m["correct"][d], dims[d])] == j["intervals"][d]   # 4 decimals
    for page in (out / "b" / "index.html", out / "en" / "b" / "index.html"):
        ranking = board_table(page, "ranking")
        order = [(tr["data-model"], tr["data-group"]) for tr in ranking.find("tbody").find_all("tr")]
        assert [rank[m] for m, _ in order] == sorted(rank.values())
        assert sum(a[1] != b[1] for a, b in zip(order, order[1:])) >= 3      # interleaved, not grouped
        for trs in (rows(ranking), rows(board_table(page, "dimensions"))):
            for m in models:
                tr = trs[m["id"]]
                assert tr.find("td").get_text(strip=True) == str(rank[m["id"]])
                assert text(overall_cell(tr)) == shown(mean[m["id"]], 1)
        for m in models:
            tr = rows(board_table(page, "dimensions"))[m["id"]]
            for d, t in dims.items():
                cell, c = tr.find("td", attrs={"data-dimension": d}), m["correct"][d]
                assert (text(cell), float(cell["data-value"])) == (shown(acc[m["id"]][d], 1), acc[m["id"]][d])
                assert int(cell["data-win"]) == c and int(cell["data-tie"]) + int(cell["data-loss"]) == t - c
                lo, hi = wilson(c, t)
                assert cell.find(class_="ci").get_text(strip=True) == f"{shown(lo, 1)}–{shown(hi, 1)}", (m["id"], d)
                assert f"✓{c}" in cell.find(class_="cell-detail").get_text()
    check_order(out, "2024-03-01", models, ["base", "chat"], {"base", "chat"})
    en = visible(out / "en" / "b" / "index.html")
    assert "correct" in en and "✓" in en
    assert not COUNT_WORDS.search(en), COUNT_WORDS.search(en)


def test_win_tie_loss_board_like_superclue_with_aliases(tmp_path):
    rng = random.Random(5)
    dims = ["writing", "reasoning", "coding", "knowledge"]
    models = []
    for i, name in enumerate(names(rng, 9)):
        counts = {}
        for d in dims:
            n = rng.choice([40, 57, 60, 83])
            w = rng.randint(0, n)
            t = rng.randint(0, n - w)
            counts[d] = (w, t, n - w - t)
        models.append({"id": f"m{i}-{name.lower()}", "name": name, "alias": name.lower().replace("-", "_"),
                       "group": "reference" if i in (2, 6) else "open", "counts": counts,
                       "overall": str(Decimal(rng.choice([5125, 6050, rng.randint(2000, 9000)])).scaleb(-2))})
    board = ("title: {zh: 虚构胜和率, en: Invented win-or-tie rate}\n"
             "metric: {kind: win_rate, name: {zh: 胜和率, en: Win-or-tie rate}, baseline: made-up-base}\n"
             "dimensions:\n" + "".join(f"  - {{id: {d}, name: {d.title()}}}\n" for d in dims)
             + "groups:\n  - {id: reference, name: Reference, ranked: false}\n"
             "  - {id: open, name: Open, ranked: true}\n")
    models_yaml = "".join(f"- {{id: {m['id']}, name: {m['name']}, group: {m['group']}, aliases: [{m['alias']}]}}\n"
                          for m in models)
    csv = "model,dimension,score,win,tie,loss\n" + "".join(
        f"{m['name']},overall,{m['overall']},,,\n" for m in models) + "".join(
        f"{m['alias'].upper() if i % 2 else m['alias']},{d},,{w},{t},{lo}\n"
        for i, m in enumerate(models) for d, (w, t, lo) in m["counts"].items())
    out = build(tmp_path, {"board.yaml": board, "models.yaml": models_yaml, "releases/2023-08-02.csv": csv})

    rank = competition({m["id"]: float(m["overall"]) for m in models if m["group"] == "open"}, 2)
    assert len(set(rank.values())) < len(rank)
    got = {m["id"]: m for m in record(out, "2023-08-02")["models"]}
    assert set(got) == {m["id"] for m in models}
    for m in models:
        j = got[m["id"]]
        assert (j["rank"], j["overall"], j["rank_range"]) == (rank.get(m["id"]), float(m["overall"]), None)
        wtl = {d: dict(zip(("win", "tie", "loss"), c)) for d, c in m["counts"].items()}
        assert j["counts"] == {"overall": None, **wtl}
    for page in (out / "b" / "index.html", out / "en" / "b" / "index.html"):
        for trs in (rows(board_table(page, "ranking")), rows(board_table(page, "dimensions"))):
            for m in models:
                assert trs[m["id"]].find("td").get_text(strip=True) == str(rank.get(m["id"], "-"))
                assert text(overall_cell(trs[m["id"]])) == shown(m["overall"], 2)
        trs = rows(board_table(page, "dimensions"))
        for m in models:
            for d, (w, t, lo) in m["counts"].items():
                cell, rate = trs[m["id"]].find("td", attrs={"data-dimension": d}), 100 * (w + t) / (w + t + lo)
                assert (cell["data-win"], cell["data-tie"], cell["data-loss"]) == (str(w), str(t), str(lo)), (m, d)
                assert (text(cell), float(cell["data-value"])) == (shown(rate, 2), rate), (m, d)
    check_order(out, "2023-08-02", models, ["reference", "open"], {"open"})


def test_new_board_of_every_kind_builds_strictly(tmp_path):
    scores = tmp_path / "scores"
    shutil.copytree(SCORES, scores)
    before = yaml.safe_load((scores / "site.yaml").read_text("utf-8"))["boards"]
    kinds = ["win_rate", "accuracy", "rating", "score", "cost"]
    for kind in kinds:
        result = run_build("new", f"new-{kind}", "--kind", kind, "--scores", scores)
        assert result.returncode == 0, result.stderr
        assert (scores / f"new-{kind}" / "board.yaml").is_file()
    assert yaml.safe_load((scores / "site.yaml").read_text("utf-8"))["boards"] == before + [f"new-{k}" for k in kinds]
    out = tmp_path / "site"
    result = run_build("--scores", scores, "--out", out, "--strict")
    assert result.returncode == 0, result.stderr
    for kind in kinds:
        assert json.loads((out / f"new-{kind}" / "data" / "latest.json").read_text("utf-8"))["metric"]["kind"] == kind
        assert (out / "en" / f"new-{kind}" / "index.html").is_file()
