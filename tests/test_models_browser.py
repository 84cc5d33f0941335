"""Models as data, in a real browser (Playwright with the system Chromium), on examples/models (made-up
data: an `arena` rating board whose model cards carry sizes, dates, prices, a context length and tags,
and an `exams` accuracy board with four subjects). The range, yes/no and tag filters, the URL that
keeps them, the column picker, numeric sorting, the reader's own average, the score-against chart and
a model's page. Every expected value is worked out here from the example's own YAML and CSV files."""
from __future__ import annotations

import csv
import datetime
import json
import re
from decimal import ROUND_HALF_UP, Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from conftest import ROOT, deprecated_second_project, run_build, served
from test_browser import browser  # noqa: F401  (fixture)

EXAMPLE = ROOT / "examples" / "models"
ARENA, ARENA_RELEASE = "arena", "2024-05"
EXAMS, EXAMS_RELEASE = "exams", "2024-06-01"


# --- the example's own files ------------------------------------------------------------------------

def read_yaml(*parts):
    return yaml.safe_load(EXAMPLE.joinpath(*parts).read_text("utf-8"))


def read_csv(*parts) -> list:
    return list(csv.DictReader(EXAMPLE.joinpath(*parts).read_text("utf-8").splitlines()))


SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?(?:e\d{1,2})?)\s*([kmbt]?)\s*$", re.IGNORECASE)
SCALE = {"": 1, "k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12}


def size(value, typed: bool = False) -> float:
    """A number of parameters: 141B, 70e9, 1.5T, 350M (in a filter box, a bare number under a
    thousand means billions: 70 is 70B)."""
    if isinstance(value, (int, float)):
        return float(value)
    match = SIZE.match(value)
    assert match, value
    count = float(match.group(1)) * SCALE[match.group(2).lower()]
    return count * 1e9 if typed and not match.group(2) and count < 1e3 else count


def card_facts(card: dict) -> dict:
    """{fact key: value} of a model card: sizes as numbers, dates as text, prices split in two."""
    found = {}
    for key in ("params", "active_params"):
        if key in card:
            found[key] = size(card[key])
    if "released" in card:
        value = card["released"]
        found["released"] = value.isoformat() if isinstance(value, datetime.date) else str(value)
    for key in ("open_weights", "multimodal"):
        if key in card:
            found[key] = bool(card[key])
    if "context" in card:
        found["context"] = float(card["context"])
    for side in ("input", "output"):
        if (card.get("price") or {}).get(side) is not None:
            found[f"price_{side}"] = float(card["price"][side])
    found["tags"] = tuple(card.get("tags") or ())
    return found


ARENA_CARDS = read_yaml(ARENA, "models.yaml")
ARENA_BOARD = read_yaml(ARENA, "board.yaml")
FACTS = {card["id"]: card_facts(card) for card in ARENA_CARDS}
NAMES = {card["id"]: card["name"] for card in ARENA_CARDS}
ARENA_ROWS = {row["model"]: row for row in read_csv(ARENA, "releases", f"{ARENA_RELEASE}.csv")}
EXAMS_CARDS = read_yaml(EXAMS, "models.yaml")
EXAMS_FACTS = {card["id"]: card_facts(card) for card in EXAMS_CARDS}
EXAMS_BOARD = read_yaml(EXAMS, "board.yaml")
DIMS = [d["id"] for d in EXAMS_BOARD["dimensions"]]
EXAMS_SCORES = {(row["model"], row["dimension"]): Decimal(row["score"])
                for row in read_csv(EXAMS, "releases", f"{EXAMS_RELEASE}.csv")}


def hidden_tags(board: dict) -> list:
    """The tags that hide their models at first: as board.yaml says, and a tag named deprecated unless it says no."""
    return [tag["id"] for tag in board.get("tags") or () if tag.get("hidden", tag["id"] == "deprecated")]


def tagged_out(facts: dict, hide) -> bool:
    return any(tag in hide for tag in facts["tags"])


def in_range(value, low, high) -> bool:
    return value is not None and (low is None or value >= low) and (high is None or value <= high)


def date_in_range(value, low, high) -> bool:
    """Dates compared by prefix: 2024-03-04 is within 2024-03, and 2024-03 is within ..2024-03-31's month."""
    return (value is not None and (low is None or value[:len(low)] >= low)
            and (high is None or value[:len(high)] <= high))


def half_up(value: Decimal, places: int = 1) -> str:
    return str(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def competition(values: dict, places: int = 1, higher: bool = True) -> dict:
    """{key: rank 1, 2, 2, 4} by the values as shown at `places` decimals."""
    shown = {k: Decimal(half_up(v, places)) for k, v in values.items()}
    return {k: 1 + sum(1 for o in shown.values() if (o > v if higher else o < v)) for k, v in shown.items()}


# --- the site and the browser -------------------------------------------------------------------

@pytest.fixture(scope="module")
def server(models_site):
    with served(models_site) as base:
        yield base


class Tab:
    """One page, reused for several addresses; every script error on it is kept in `problems`."""

    def __init__(self, browser, base):
        self.base = base
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.problems = []
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("console", lambda m: self.problems.append(f"console {m.type}: {m.text}")
                     if m.type == "error" else None)

    def open(self, path):
        self.page.goto(self.base + path)
        self.page.wait_for_selector("form[data-table-controls]", state="visible")
        return self.page

    def close(self):
        self.page.close()
        assert self.problems == []


@pytest.fixture(scope="module")
def shared_tab(browser, server):
    opened = Tab(browser, server)
    yield opened
    opened.close()


@pytest.fixture
def tab(shared_tab):
    """The module's one page; no test may leave a script error on it."""
    shared_tab.problems.clear()
    yield shared_tab
    assert shared_tab.problems == []


def shown_rows(page, table="ranking") -> list:
    return page.eval_on_selector_all(f"table[data-table={table}] > tbody > tr",
                                     "rows => rows.filter(r => !r.hidden).map(r => r.dataset.model)")


def all_rows(page, table="ranking") -> list:
    return page.eval_on_selector_all(f"table[data-table={table}] > tbody > tr",
                                     "rows => rows.map(r => r.dataset.model)")


def query(page) -> dict:
    """The page's query string as {key: value}."""
    return {k: v[0] for k, v in parse_qs(urlsplit(page.url).query, keep_blank_values=True).items()}


def open_more(page):
    if page.locator("[data-more-controls]").is_hidden():
        page.click("button[data-more-toggle]")
    assert page.locator("[data-more-controls]").is_visible()


def expected_shown(facts: dict, hide=("deprecated",), **wanted) -> list:
    """The models a filter leaves, in the order of `facts`: wanted = {fact: (low, high) or "yes"/"no"}."""
    kept = []
    for model, mine in facts.items():
        if tagged_out(mine, hide):
            continue
        ok = True
        for key, want in wanted.items():
            value = mine.get(key)
            if want in ("yes", "no"):
                ok = ok and value is not None and value == (want == "yes")
            elif key == "released":
                ok = ok and date_in_range(value, *want)
            else:
                ok = ok and in_range(value, *want)
        if ok:
            kept.append(model)
    return kept


# --- filters ------------------------------------------------------------------------------------

def test_a_size_range_reads_every_spelling_of_a_size_in_both_tables(tab):
    page = tab.open(f"{ARENA}/")
    assert page.locator("[data-more-controls]").is_hidden()        # folded until asked for
    open_more(page)
    for low, high in [("8B", "141B"), ("350M", "70"), ("1.5t", ""), ("", "8e9"), ("0.35B", "7e10"), ("70", "70")]:
        page.fill("input[name=params-min]", low)
        page.fill("input[name=params-max]", high)
        ends = (size(low, typed=True) if low else None, size(high, typed=True) if high else None)
        assert sorted(shown_rows(page)) == sorted(expected_shown(FACTS, params=ends)), (low, high)
        assert query(page)["params"] == (low if low == high else f"{low}..{high}")
    page.fill("input[name=params-min]", "")
    page.fill("input[name=params-max]", "")
    assert "params" not in query(page)
    assert sorted(shown_rows(page)) == sorted(expected_shown(FACTS))

    # from the URL: one value means exactly it; a model without a size is out while a range is set
    for asked, ends in [("70B", (70e9, 70e9)), ("7B..70B", (7e9, 70e9)), ("100B..", (100e9, None))]:
        page = tab.open(f"{EXAMS}/?params={asked}")
        assert page.locator("[data-more-controls]").is_visible()
        low, _, high = asked.partition("..") if ".." in asked else (asked, "", asked)
        assert page.input_value("input[name=params-min]") == low
        assert page.input_value("input[name=params-max]") == high
        assert hidden_tags(EXAMS_BOARD) == ["deprecated"]
        wanted = sorted(expected_shown(EXAMS_FACTS, hidden_tags(EXAMS_BOARD), params=ends))
        assert wanted
        assert sorted(shown_rows(page, "ranking")) == wanted, asked
        assert sorted(shown_rows(page, "dimensions")) == wanted, asked   # both tables


def test_a_date_range_compares_dates_by_their_first_characters(tab):
    page = tab.open(f"{ARENA}/?released=2024-04..")
    assert page.input_value("input[name=released-min]") == "2024-04"
    assert page.input_value("input[name=released-max]") == ""
    assert sorted(shown_rows(page)) == sorted(expected_shown(FACTS, released=("2024-04", None)))
    for low, high in [("2024-03", "2024-03"), ("2023", "2023"), ("2023-11-20", "2024-03"), ("", "2024-03-04"),
                      ("2024-04-18", "")]:
        page.fill("input[name=released-min]", low)
        page.fill("input[name=released-max]", high)
        expected = expected_shown(FACTS, released=(low or None, high or None))
        assert sorted(shown_rows(page)) == sorted(expected), (low, high)
        assert query(page)["released"] == (low if low == high else f"{low}..{high}")
    # a month given on a card (kestrel-mini: 2024-03) is within that month, as a day of it is
    page.fill("input[name=released-min]", "2024-03")
    page.fill("input[name=released-max]", "2024-03")
    march = sorted(m for m, f in FACTS.items() if f.get("released", "").startswith("2024-03"))
    assert sorted(shown_rows(page)) == march
    assert len(shown_rows(page)) == 2


def test_yes_no_filters_keep_the_models_that_say_so(tab):
    page = tab.open(f"{ARENA}/?open_weights=yes")
    assert page.locator("[data-more-controls]").is_visible()
    assert page.input_value("select[name=open_weights][data-yes-no]") == "yes"
    assert sorted(shown_rows(page)) == sorted(expected_shown(FACTS, open_weights="yes"))
    page.select_option("select[name=open_weights]", "no")
    assert query(page)["open_weights"] == "no"
    assert sorted(shown_rows(page)) == sorted(expected_shown(FACTS, open_weights="no"))
    page.select_option("select[name=open_weights]", "")
    assert "open_weights" not in query(page)
    page.select_option("select[name=multimodal][data-yes-no]", "no")
    assert query(page)["multimodal"] == "no"
    expected = expected_shown(FACTS, multimodal="no")
    assert sorted(shown_rows(page)) == sorted(expected) and "dodo-2" not in expected   # still hidden by its tag
    page.select_option("select[name=multimodal]", "yes")
    assert sorted(shown_rows(page)) == sorted(expected_shown(FACTS, multimodal="yes"))


def test_tags_hidden_by_default_and_shown_or_hidden_from_the_url(tab):
    hidden = hidden_tags(ARENA_BOARD)
    assert hidden == ["deprecated"]
    page = tab.open(f"en/{ARENA}/")
    boxes = page.locator("input[name=hide]")
    assert sorted(boxes.evaluate_all("bs => bs.filter(b => b.checked).map(b => b.value)")) == hidden
    deprecated = sorted(m for m, f in FACTS.items() if tagged_out(f, hidden))
    assert deprecated == ["dodo-2"]
    assert sorted(set(all_rows(page)) - set(shown_rows(page))) == deprecated
    assert "hide" not in query(page)                                  # the default needs no key
    open_more(page)
    page.uncheck("input[name=hide][value=deprecated]")
    assert query(page)["hide"] == "" and sorted(shown_rows(page)) == sorted(FACTS)

    page = tab.open(f"en/{ARENA}/?hide=")
    assert page.locator("[data-more-controls]").is_visible()
    assert boxes.evaluate_all("bs => bs.filter(b => b.checked).length") == 0
    assert sorted(shown_rows(page)) == sorted(FACTS)

    page = tab.open(f"en/{ARENA}/?hide=deprecated,contaminated")
    expected = expected_shown(FACTS, hide=("deprecated", "contaminated"))
    assert sorted(shown_rows(page)) == sorted(expected) and "hobby-8b" not in expected
    page.uncheck("input[name=hide][value=deprecated]")
    assert query(page)["hide"] == "contaminated"
    assert sorted(shown_rows(page)) == sorted(expected_shown(FACTS, hide=("contaminated",)))


def test_the_url_keeps_the_controls_and_a_fresh_page_shows_the_same_rows(tab, browser, server):
    page = tab.open(f"{ARENA}/")
    open_more(page)
    page.fill("input[name=params-min]", "8B")
    page.fill("input[name=params-max]", "1.5T")
    page.fill("input[name=released-min]", "2024-04")
    page.select_option("select[name=open_weights]", "yes")
    page.uncheck("input[name=hide][value=deprecated]")
    page.check("input[name=hide][value=contaminated]")
    page.check("input[name=cols][value=context]")
    page.click("table[data-table=ranking] th[data-key=released] button.sort")
    state = query(page)
    assert state["params"] == "8B..1.5T" and state["released"] == "2024-04.." and state["open_weights"] == "yes"
    assert state["hide"] == "contaminated" and state["sort"] == "ranking.released.desc"
    assert "context" in state["cols"].split(",")
    expected = expected_shown(FACTS, hide=("contaminated",), params=(8e9, 1.5e12), released=("2024-04", None),
                              open_weights="yes")
    assert expected and sorted(shown_rows(page)) == sorted(expected)
    before = {"rows": shown_rows(page), "order": all_rows(page), "url": page.url}

    fresh = Tab(browser, server)
    again = fresh.open(page.url.replace(server, ""))
    assert again.locator("[data-more-controls]").is_visible()
    assert again.input_value("input[name=params-min]") == "8B"
    assert again.input_value("input[name=params-max]") == "1.5T"
    assert again.input_value("input[name=released-min]") == "2024-04"
    assert again.input_value("input[name=released-max]") == ""
    assert again.input_value("select[name=open_weights]") == "yes"
    assert again.input_value("select[name=multimodal]") == ""
    assert not again.is_checked("input[name=hide][value=deprecated]")
    assert again.is_checked("input[name=hide][value=contaminated]")
    assert again.is_checked("input[name=cols][value=context]")
    assert again.get_attribute("table[data-table=ranking] th[data-key=released]", "aria-sort") == "descending"
    assert {"rows": shown_rows(again), "order": all_rows(again), "url": again.url} == before
    assert again.locator("table[data-table=ranking] th[data-key=context]").is_visible()
    fresh.close()


# --- columns and sorting ---------------------------------------------------------------------------

def test_the_column_picker_starts_from_default_columns_and_is_kept_in_the_url(tab):
    defaults = ARENA_BOARD["default_columns"]
    optional = ["org", "votes", "rank_range", "params", "active_params", "released", "license", "open_weights",
                "price_input", "price_output", "context", "multimodal", "tags"]
    page = tab.open(f"{ARENA}/")
    table = page.locator("table[data-table=ranking]")
    picked = page.locator("input[name=cols]").evaluate_all("bs => bs.map(b => [b.value, b.checked])")
    assert sorted(key for key, _ in picked) == sorted(optional)
    assert sorted(key for key, checked in picked if checked) == sorted(defaults)
    keys = table.locator("thead th").evaluate_all("ths => ths.map(th => th.dataset.key)")
    first = table.locator("tbody > tr:not([hidden])").first

    def check_shown(wanted):
        for key in optional:
            assert table.locator(f"th[data-key={key}]").is_visible() == (key in wanted), key
            assert first.locator(f":scope > :nth-child({keys.index(key) + 1})").is_visible() == (key in wanted), key
            assert (f"hide-c{keys.index(key) + 1}" in table.get_attribute("class").split()) == (key not in wanted), key
        for key in ("rank", "model", "overall"):
            assert table.locator(f"th[data-key={key}]").is_visible()

    check_shown(defaults)
    assert "cols" not in query(page)
    open_more(page)
    page.check("input[name=cols][value=context]")
    page.uncheck("input[name=cols][value=org]")
    wanted = [k for k, _ in picked if (k in defaults or k == "context") and k != "org"]
    check_shown(wanted)
    assert query(page)["cols"] == ",".join(wanted)
    assert first.locator("td[data-fact=context]").is_visible()
    page.uncheck("input[name=cols][value=context]")
    page.check("input[name=cols][value=org]")
    check_shown(defaults)
    assert "cols" not in query(page)                                  # back to the default

    page = tab.open(f"{ARENA}/?cols=votes,multimodal")
    assert page.locator("[data-more-controls]").is_visible()
    check_shown(["votes", "multimodal"])
    assert sorted(page.locator("input[name=cols]").evaluate_all(
        "bs => bs.filter(b => b.checked).map(b => b.value)")) == ["multimodal", "votes"]


def test_sizes_and_dates_sort_as_numbers_and_dates(tab):
    page = tab.open(f"{ARENA}/?hide=")
    header = "table[data-table=ranking] th[data-key=params] button.sort"
    with_size = [m for m in FACTS if "params" in FACTS[m]]
    without = [m for m in FACTS if "params" not in FACTS[m]]
    page.click(header)
    direction = query(page)["sort"].rsplit(".", 1)[1]
    assert query(page)["sort"] == f"ranking.params.{direction}"
    for turn in range(2):
        order = all_rows(page)
        expected = sorted(with_size, key=lambda m: FACTS[m]["params"], reverse=direction == "desc")
        assert order[:len(with_size)] == expected, direction
        assert sorted(order[len(with_size):]) == sorted(without)      # no size: last either way
        if turn == 0:
            page.click(header)
            direction = "asc" if direction == "desc" else "desc"
            assert query(page)["sort"] == f"ranking.params.{direction}"
    ascending = sorted(with_size, key=lambda m: FACTS[m]["params"])
    assert [NAMES[m] for m in ascending[:1]] == ["Sparrow-350M"] and NAMES[ascending[-1]] == "Owl 1.5T"

    page = tab.open(f"{ARENA}/?hide=&sort=ranking.released.asc")
    order = all_rows(page)
    dates = [FACTS[m]["released"] for m in order]
    assert dates == sorted(dates)                                     # ISO dates: as text is as time
    assert order[0] == min(FACTS, key=lambda m: FACTS[m]["released"])
    page.click("table[data-table=ranking] th[data-key=released] button.sort")
    assert query(page)["sort"] == "ranking.released.desc"
    assert [FACTS[m]["released"] for m in all_rows(page)] == sorted(dates, reverse=True)

    page = tab.open(f"{ARENA}/?sort=ranking.params.desc")
    shown = shown_rows(page)
    assert shown[:len(with_size) - 1] == sorted((m for m in with_size if m != "dodo-2"),
                                                key=lambda m: -FACTS[m]["params"])


# --- the reader's own average -----------------------------------------------------------------------

def test_the_readers_average_and_mean_rank_follow_the_ticked_subjects(tab):
    page = tab.open(f"en/{EXAMS}/")
    table = page.locator("table[data-table=dimensions]")
    note = page.locator("[data-mine-note]")
    assert note.is_hidden()
    for key in ("_mean", "_mean_rank"):     # made by the script when a subject is first ticked
        assert table.locator(f"th[data-key={key}]").count() == 0
    models = sorted({m for m, _ in EXAMS_SCORES})
    dim_ranks = {d: competition({m: EXAMS_SCORES[(m, d)] for m in models if (m, d) in EXAMS_SCORES})
                 for d in DIMS}
    # the deprecated model is hidden, yet counted in every rank
    assert "dodo-2" in models and "dodo-2" not in shown_rows(page, "dimensions")

    def check(ticked):
        assert note.is_visible()
        assert table.locator("th[data-key=_mean]").is_visible()
        assert table.locator("th[data-key=_mean_rank]").is_visible()
        mean = {m: sum(EXAMS_SCORES[(m, d)] for d in ticked) / len(ticked) for m in models}
        mean_place = competition(mean)
        found = table.locator("tbody > tr").evaluate_all("""rows => rows.map(r => {
            const cells = Array.from(r.cells).slice(-2);
            return [r.dataset.model, cells.map(c => c.dataset.key || ''), cells.map(c => c.className),
                    cells.map(c => c.getAttribute('data-value')), cells.map(c => c.textContent)];
        })""")
        keys = table.locator("thead th").evaluate_all("ths => ths.map(th => th.dataset.key)")
        assert keys[-2:] == ["_mean", "_mean_rank"]
        assert sorted(row[0] for row in found) == models
        for model, _, classes, values, texts in found:
            assert all("mine" in c.split() for c in classes), model
            assert float(values[0]) == pytest.approx(float(mean[model]), abs=1e-9), (model, ticked)
            assert texts[0] == f"{half_up(mean[model])} (#{mean_place[model]})", (model, ticked)
            rank_mean = Decimal(sum(dim_ranks[d][model] for d in ticked)) / len(ticked)
            assert float(values[1]) == pytest.approx(float(rank_mean), abs=1e-9), (model, ticked)
            assert texts[1] == half_up(rank_mean), (model, ticked)
        row = table.locator("tbody > tr:not([hidden])").first
        mine = row.locator(":scope > td.mine")
        assert mine.count() == 2 and mine.nth(0).is_visible() and mine.nth(1).is_visible()

    open_more(page)
    page.check("input[name=avg][value=stem]")
    page.check("input[name=avg][value=social]")
    assert query(page)["avg"] == "stem,social"
    check(["stem", "social"])
    page.check("input[name=avg][value=humanities]")
    page.check("input[name=avg][value=other]")
    check(DIMS)
    page.uncheck("input[name=avg][value=stem]")
    page.uncheck("input[name=avg][value=social]")
    check(["humanities", "other"])
    page.uncheck("input[name=avg][value=humanities]")
    page.uncheck("input[name=avg][value=other]")
    assert "avg" not in query(page)
    assert note.is_hidden()
    assert table.locator("th[data-key=_mean]").is_hidden() and table.locator("th[data-key=_mean_rank]").is_hidden()
    assert table.locator("tbody > tr:not([hidden]) td.mine").first.is_hidden()

    page = tab.open(f"en/{EXAMS}/?avg=stem,social")
    assert page.locator("[data-more-controls]").is_visible()
    assert page.is_checked("input[name=avg][value=stem]") and page.is_checked("input[name=avg][value=social]")
    check(["stem", "social"])
    published = all_rows(page, "dimensions")
    # sorted by it: the best mean first, then the best mean rank first (both over every model)
    mean = {m: sum(EXAMS_SCORES[(m, d)] for d in ("stem", "social")) / 2 for m in models}
    page.click("table[data-table=dimensions] th[data-key=_mean] button.sort")
    assert query(page)["sort"] == "dimensions._mean.desc"
    assert [mean[m] for m in all_rows(page, "dimensions")] == sorted(mean.values(), reverse=True)
    page.click("table[data-table=dimensions] th[data-key=_mean_rank] button.sort")
    assert query(page)["sort"] == "dimensions._mean_rank.asc"
    rank_mean = {m: sum(dim_ranks[d][m] for d in ("stem", "social")) for m in models}
    order = all_rows(page, "dimensions")
    assert [rank_mean[m] for m in order] == sorted(rank_mean.values())
    # the published ranking is untouched by the reader's average
    assert page.locator("table[data-table=ranking] th[data-key=_mean]").count() == 0
    # with no subject ticked there is no average to sort by: the table is back in its order, and the
    # URL says no sort (so that it opens the same)
    page.uncheck("input[name=avg][value=stem]")
    page.uncheck("input[name=avg][value=social]")
    assert "sort" not in query(page) and all_rows(page, "dimensions") == published
    page = tab.open(f"en/{EXAMS}/?sort=dimensions._mean.desc")
    assert "sort" not in query(page) and all_rows(page, "dimensions") == published


# --- the score-against chart ------------------------------------------------------------------------

# axis: (its better end, its type); sizes, prices and dates are better lower, a context and votes higher
AXES = {"params": ("lower", "log"), "released": ("lower", "date"), "context": ("higher", "log"),
        "price_output": ("lower", "log"), "votes": ("higher", "linear")}


def axis_value(model, axis):
    if axis == "votes":
        return float(ARENA_ROWS[model]["votes"]) if ARENA_ROWS[model]["votes"] else None
    return FACTS[model].get(axis)


def chart_data(page, target):
    return page.evaluate(f"""() => {{
        const gd = document.getElementById({json.dumps(target)});
        return {{data: gd.data, xtype: gd.layout.xaxis.type}};
    }}""")


def wait_for_points(page, target, ids, axis_type):
    """Until the chart shows exactly `ids` (the filters redraw it a moment later) on an axis of that type."""
    page.wait_for_function("""([target, ids, type]) => {
        const gd = document.getElementById(target);
        return gd && gd.data && gd.layout && gd.layout.xaxis.type === type &&
            JSON.stringify(gd.data[1].meta.slice().sort()) === JSON.stringify(ids);
    }""", arg=[target, sorted(ids), axis_type], timeout=10000)


def check_chart(page, target, axis, shown):
    """The points (x, y, names, error bars) and the front of the chart, for the models in `shown`."""
    better, kind = AXES[axis]
    values = {m: axis_value(m, axis) for m in shown if axis_value(m, axis) is not None}
    wait_for_points(page, target, values, kind)
    found = chart_data(page, target)
    assert found["xtype"] == kind
    points, front = found["data"][1], found["data"][0]
    assert sorted(points["meta"]) == sorted(values)
    score = {m: float(ARENA_ROWS[m]["score"]) for m in ARENA_ROWS}
    for i, model in enumerate(points["meta"]):
        assert points["x"][i] == pytest.approx(values[model]) if kind != "date" else points["x"][i] == values[model]
        assert points["y"][i] == pytest.approx(score[model])
        assert points["text"][i] == NAMES[model]
        assert points["error_y"]["array"][i] == pytest.approx(float(ARENA_ROWS[model]["ci_high"]) - score[model])
        assert points["error_y"]["arrayminus"][i] == pytest.approx(score[model] - float(ARENA_ROWS[model]["ci_low"]))
    # the front: from the better end of the axis (ties: the better score first), each model better than
    # every one before it, then the last best held to the far end of the axis
    order = sorted(values, key=lambda m: -score[m])
    order.sort(key=lambda m: values[m], reverse=better == "higher")
    xs, ys, names, best = [], [], [], None
    for model in order:
        if best is None or score[model] > best:
            best = score[model]
            xs.append(values[model])
            ys.append(score[model])
            names.append(NAMES[model])
    xs.append(values[order[-1]])
    ys.append(best)
    names.append("")
    if better == "higher":
        xs, ys, names = xs[::-1], ys[::-1], names[::-1]
    assert front["x"] == (xs if kind == "date" else pytest.approx(xs)), axis
    assert front["y"] == pytest.approx(ys), axis
    assert front["text"] == names, axis
    return names


def test_the_score_against_chart_draws_points_front_and_error_bars_by_each_axis(tab):
    target = f"against-{ARENA_RELEASE}"
    page = tab.open(f"{ARENA}/")
    chart = page.locator(f"#{target}")
    chart.scroll_into_view_if_needed()
    page.locator(f"#{target}[data-drawn=true]").wait_for(timeout=15000)
    select = page.locator(f'form[data-axis-picker="{target}"] select')
    assert select.is_visible()
    offered = select.locator("option").evaluate_all("os => os.map(o => o.value)")
    # the axes with at least two models valued (active_params: one only; multimodal: yes/no)
    counts = {key: sum(1 for f in FACTS.values() if key in f) for key in
              ("params", "active_params", "released", "price_input", "price_output", "context")}
    assert offered == [k for k, n in counts.items() if n >= 2] + ["votes"]
    assert offered[0] == "params" and "x" not in query(page)
    shown = expected_shown(FACTS)
    assert "dodo-2" not in shown                                       # hidden by its tag: not drawn
    named = check_chart(page, target, "params", shown)
    assert "Sparrow-350M" in named and "Owl 1.5T" in named

    select.select_option("released")
    assert query(page)["x"] == "released"
    check_chart(page, target, "released", shown)
    select.select_option("context")
    assert query(page)["x"] == "context"
    names = check_chart(page, target, "context", shown)
    assert names[0] == ""                                               # drawn left to right: the far end first
    select.select_option("price_output")
    check_chart(page, target, "price_output", shown)
    assert "sparrow-350m" in shown and "price_output" not in FACTS["sparrow-350m"]   # no price: not drawn
    select.select_option("votes")
    assert query(page)["x"] == "votes"
    check_chart(page, target, "votes", shown)

    # a filter leaves its models in the chart too (redrawn a moment later), on the chosen axis
    open_more(page)
    page.fill("input[name=params-min]", "10B")
    filtered = expected_shown(FACTS, params=(10e9, None))
    assert sorted(shown_rows(page)) == sorted(filtered)
    check_chart(page, target, "votes", filtered)
    select.select_option("context")
    check_chart(page, target, "context", filtered)
    select.select_option("params")
    assert "x" not in query(page) and query(page)["params"] == "10B.."
    check_chart(page, target, "params", filtered)

    # shown again, the deprecated model is drawn again, and it starts the front in time
    page = tab.open(f"{ARENA}/?hide=&x=released")
    assert page.input_value(f'form[data-axis-picker="{target}"] select') == "released"
    page.locator(f"#{target}").scroll_into_view_if_needed()
    page.locator(f"#{target}[data-drawn=true]").wait_for(timeout=15000)
    named = check_chart(page, target, "released", list(FACTS))
    assert named[0] == NAMES[min(FACTS, key=lambda m: FACTS[m]["released"])] == "Dodo 2"


# --- a model's page -------------------------------------------------------------------------------

def test_a_model_page_highlights_the_model_and_links_its_rank_on_the_other_board(tab, server):
    model = "hobby-70b"
    page = tab.page
    page.goto(f"{server}{ARENA}/models/{model}/")
    target = f"against-{model}"
    page.locator(f"#{target}").scroll_into_view_if_needed()
    page.locator(f"#{target}[data-drawn=true]").wait_for(timeout=15000)
    found = chart_data(page, target)
    assert found["xtype"] == "log"
    points, mark = found["data"][1], found["data"][2]
    with_size = {m for m in FACTS if "params" in FACTS[m]}
    listed = {m for m in with_size if not tagged_out(FACTS[m], hidden_tags(ARENA_BOARD))}
    assert listed <= set(points["meta"]) <= with_size
    assert mark["mode"] == "text" and mark["meta"] == [model] and mark["text"] == [NAMES[model]]
    assert mark["x"] == [pytest.approx(FACTS[model]["params"])]
    assert mark["y"] == [pytest.approx(float(ARENA_ROWS[model]["score"]))]
    sizes = dict(zip(points["meta"], points["marker"]["size"]))
    assert sizes[model] > max(v for m, v in sizes.items() if m != model)

    # its rank on the exams board: by the mean of its four subjects, among every model there
    overall = {m: sum(EXAMS_SCORES[(m, d)] for d in DIMS) / len(DIMS) for m in {m for m, _ in EXAMS_SCORES}}
    rank = competition(overall, EXAMS_BOARD["metric"]["decimals"])[model]
    for prefix in ("", "en/"):
        page.goto(f"{server}{prefix}{ARENA}/models/{model}/")
        row = page.locator("table[data-table=model-elsewhere] tr[data-board=exams]")
        assert row.count() == 1
        assert row.locator("td[data-rank]").get_attribute("data-rank") == str(rank)
        assert float(row.locator("td[data-value]").get_attribute("data-value")) == pytest.approx(float(overall[model]))
        link = row.locator("a")
        assert link.evaluate("a => new URL(a.href).pathname") == f"/{prefix}{EXAMS}/models/{model}/"
        link.click()
        page.wait_for_url(f"{server}{prefix}{EXAMS}/models/{model}/")
        assert page.locator("h1").inner_text().strip()
        back = page.locator(f"table[data-table=model-elsewhere] tr[data-board={ARENA}]")
        arena_rank = competition({m: Decimal(r["score"]) for m, r in ARENA_ROWS.items()}, 0)[model]
        assert back.locator("td[data-rank]").get_attribute("data-rank") == str(arena_rank)


# --- a headline naming a model the table hides -------------------------------------------------------

def test_the_headline_says_the_table_hides_a_model_only_while_it_does(tmp_path, browser):  # noqa: F811
    scores = deprecated_second_project(tmp_path)
    assert run_build("--scores", scores, "--out", tmp_path / "site", "--strict").returncode == 0
    said = "[data-headline] [data-hidden-by=deprecated]"
    with served(tmp_path / "site") as url:
        page = browser.new_page()
        page.goto(url + "en/b/")
        assert page.locator(said).is_visible() and shown_rows(page) == ["a", "c"]
        open_more(page)
        page.uncheck("input[name=hide][value=deprecated]")   # the reader shows it: the words go
        assert page.locator(said).is_hidden() and shown_rows(page) == ["a", "old", "c"]
        page.check("input[name=hide][value=deprecated]")
        assert page.locator(said).is_visible()
        page.goto(url + "en/b/?hide=")
        assert page.locator(said).is_hidden() and shown_rows(page) == ["a", "old", "c"]
        page.close()
