"""A model's facts: what its card in models.yaml says besides its names. The built-in ones (size,
active size, release date, licence, open weights, price) and the board's own (board.yaml "fields",
numbers or yes/no, and "tags"), with their checks, their values as numbers and their shown forms.

They become the ranking table's optional columns, its range, yes/no and tag filters, and the axes
of the score-against chart; site.js reads sizes and dates as written here (parseFact).
"""
from __future__ import annotations

import re

from . import rules
from .checks import INVALID, Field, anything, boolean, decimals, describe, entries, is_date, simple, slug, text, url_list
from .problems import did_you_mean
from .records import Fact, Tag

# --- numbers of parameters ------------------------------------------------------------------------

SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?(?:e\d{1,2})?)\s*([kmbt]?)\s*\Z", re.IGNORECASE)
SCALE = {"": 1, "k": 1e3, "m": 1e6, "b": 1e9, "t": 1e12}
LARGEST_SIZE = 1e15


def parse_size(value) -> float | None:
    """13B, 1.5T, 350M, 7e9 or 7000000000 as a number of parameters; None when it is not one. A bare
    number under a thousand is not one: "13" means 13B to a writer, 13 to a reader."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        found = float(value) if value >= 1e3 else 0.0
    else:
        match = SIZE.match(value) if isinstance(value, str) else None
        if not match or (not match.group(2) and float(match.group(1)) < 1e3):
            return None
        found = float(match.group(1)) * SCALE[match.group(2).lower()]
    return found if 1 <= found <= LARGEST_SIZE else None


def size_text(count: float) -> str:
    """One style for every size: 13B, 1.5T, 350M, 6.74B (three significant digits)."""
    for unit, scale in (("T", 1e12), ("B", 1e9), ("M", 1e6), ("K", 1e3)):
        if count >= scale:
            return f"{count / scale:.3g}{unit}"
    return f"{count:g}"


def size(c, value, what, line):
    found = parse_size(value)
    if found is None:
        c.error(line, f"{what} must be a number of parameters such as 13B, 1.5T, 350M or 7e9, found {describe(value)}"
                + (f' (did you mean "{value}B"?)' if rules.is_number(value) and 0 < value < 1e3 else ""))
        return INVALID
    return found


# --- prices -------------------------------------------------------------------------------------

CURRENCY = re.compile(r"^[A-Z]{3}\Z")
money = Field(lambda c, v, what, line: v if rules.is_number(v) and v >= 0 else
              _wrong(c, line, what, "a price of at least 0 (per million tokens)", v))
PRICE = {"input": money, "output": money,
         "currency": Field(lambda c, v, what, line: v if isinstance(v, str) and CURRENCY.match(v) else
                           _wrong(c, line, what, "a currency code of three capital letters such as USD or CNY", v),
                           default="USD")}


def _wrong(c, line, what, expected, value):
    c.error(line, f"{what} must be {expected}, found {describe(value)}")
    return INVALID


def price(c, value, what, line):
    """{input, output, currency}: per million tokens, in and out; at least one of the two."""
    values = c.mapping(value, what, line, PRICE)
    if values is None or not values.ok:
        return INVALID
    if values["input"] is None and values["output"] is None:
        c.error(values.line, f'{what} must give "input" or "output" (per million tokens), or both')
        return INVALID
    return values


# --- the card -----------------------------------------------------------------------------------

released = simple(lambda v: is_date(v) or (isinstance(v, str) and len(v) == 7 and is_date(v + "-01")),
                  "a date written YYYY-MM-DD, or a month, YYYY-MM")


# ("tags" are checked against board.yaml's by check_card.)
CARD = {"params": Field(size), "active_params": Field(size), "released": Field(released), "license": Field(text),
        "open_weights": Field(boolean), "price": Field(price), "tags": Field(anything), "sources": Field(url_list, default=())}
BUILT_IN = ("params", "active_params", "released", "license", "open_weights", "price_input", "price_output")
# Other optional columns of the ranking table; a board field may not take their ids either.
OTHER_COLUMNS = ("org", "rank_range", "description", "tags")


def card_spec(declared) -> dict:
    """The card keys for facts, with the board's own fields (`declared`: board.yaml's checked Values)."""
    fields = (declared or {}).get("fields") or {}
    return {**CARD, **{field_id: Field(boolean if f["type"] == "yes_no" else _field_number)
                       for field_id, f in fields.items()}}


def _field_number(c, value, what, line):
    return value if rules.is_number(value) else _wrong(c, line, what, "a number", value)


def check_card(c, values, declared, currencies: dict) -> None:
    """What a card's facts must say together: an active size within the total, tags the board
    declares, one currency for the board's prices (`currencies`: {currency: first line})."""
    total, active = values.get("params"), values.get("active_params")
    if total and active and active > total:
        c.error(values.line_of("active_params"), f'"active_params" ({size_text(active)}) is more than "params" '
                f"({size_text(total)}): the active parameters are a part of the total")
        values.ok = False
    tags = values.get("tags")
    if tags is not None and declared is None:   # board.yaml's tags are broken or unknown: not checked
        values["tags"] = ()
    elif tags is not None:
        values["tags"] = check_tags(c, tags, values.line_of("tags"), declared)
        values.ok = values.ok and values["tags"] is not INVALID
    paid = values.get("price")
    if paid:
        first = next(iter(currencies.items()), None)
        if first and first[0] != paid["currency"]:
            c.error(paid.line_of("currency"), f'price currency "{paid["currency"]}" differs from "{first[0]}" (line '
                    f"{first[1]}): the prices on a board must share one currency")
            values.ok = False
        currencies.setdefault(paid["currency"], paid.line)


def check_tags(c, value, line, declared):
    known = (declared or {}).get("tags") or {}
    items = c.items(value, '"tags"', line)
    if items is None:
        return INVALID
    found = []
    for item_line, tag in items:
        if tag not in known:
            listed = f'expected one of {", ".join(known)}' if known else 'board.yaml declares no "tags"'
            c.error(item_line, f'tag "{rules.one_line(str(tag))}" is not a tag of this board: {listed}'
                    f"{did_you_mean(tag, known)}")
            return INVALID
        if tag not in found:
            found.append(tag)
    return tuple(found)


def card_values(values, declared=None, texts=lambda text: text) -> dict:
    """{fact id: value} of a checked card: the built-in facts given and the board's own fields
    (`texts` fills a text for every language)."""
    keys = ("params", "active_params", "released", "license", "open_weights", *((declared or {}).get("fields") or {}))
    found = {key: texts(values[key]) if key == "license" else values[key] for key in keys if values.get(key) is not None}
    paid = values.get("price")
    if paid:
        found.update({f"price_{side}": paid[side] for side in ("input", "output") if paid[side] is not None})
    return found


# --- board.yaml: the board's own fields, its tags, the columns shown at first ---------------------------

FIELD = {"id": Field(slug, True), "name": Field(text, True),
         "type": Field(lambda c, v, what, line: v if v in ("number", "yes_no") else
                       _wrong(c, line, what, '"number" or "yes_no"', v), default="number"),
         "unit": Field(text), "decimals": Field(decimals, default=2),
         "higher_is_better": Field(boolean, default=True), "log": Field(boolean, default=False)}
TAG = {"id": Field(slug, True), "name": Field(text, True), "hidden": Field(boolean)}
HIDDEN_BY_DEFAULT = {"deprecated"}   # a tag that hides its models until shown, unless board.yaml says otherwise


def check_declarations(c, board, line_of) -> None:
    """board.yaml's "fields" and "tags" as {id: Values} (None when broken), and "default_columns"
    checked against every optional column the board can have."""
    board["fields"] = entries(c, board["fields"], "fields", line_of("fields"), "field", FIELD)
    board["tags"] = entries(c, board["tags"], "tags", line_of("tags"), "tag", TAG)
    taken = {*CARD, *BUILT_IN, *OTHER_COLUMNS, "price", "id", "name", "group", "url", "description", "aliases",
             "base_model", rules.OVERALL, *(board["measures"] or {}), *(board["dimensions"] or {})}
    for field_id, values in list((board["fields"] or {}).items()):
        if field_id in taken:
            c.error(values.line, f'field id "{field_id}" is a key models.yaml or the ranking table has for something '
                    "else: choose another id")
            board["fields"] = None
    wanted = board["default_columns"]
    if wanted is None or board["fields"] is None or board["measures"] is None:
        return
    known = [*OTHER_COLUMNS, *BUILT_IN, *(board["fields"] or {}), *(board["measures"] or {})]
    for column in wanted:
        if column not in known:
            c.error(line_of("default_columns"), f'"default_columns" lists "{rules.one_line(str(column))}", which is '
                    f'not an optional column: expected some of {", ".join(known)}{did_you_mean(column, known)}')
            board["default_columns"] = INVALID
            return


# --- records ------------------------------------------------------------------------------------

BUILT_IN_NAMES = {
    "params": ({"zh": "参数量", "en": "Parameters"}, "size"),
    "active_params": ({"zh": "激活参数", "en": "Active parameters"}, "size"),
    "released": ({"zh": "发布日期", "en": "Released"}, "date"),
    "license": ({"zh": "许可", "en": "Licence"}, "text"),
    "open_weights": ({"zh": "开放权重", "en": "Open weights"}, "yes_no"),
    "price_input": ({"zh": "输入价格", "en": "Input price"}, "money"),
    "price_output": ({"zh": "输出价格", "en": "Output price"}, "money"),
}


def fact_records(board, cards, fill, langs) -> tuple:
    """The Fact columns a board offers: each built-in fact some model has, then the board's fields."""
    given = {key for card in cards for key in card_values(card)}   # (the fields are offered declared or not)
    currency = next((card["price"]["currency"] for card in cards if card.get("price")), None)
    facts = []
    for key in BUILT_IN:
        if key in given:
            name, kind = BUILT_IN_NAMES[key]
            unit = {lang: f"{currency} / {'百万 token' if lang == 'zh' else '1M tokens'}" for lang in langs} \
                if kind == "money" else None
            # smaller, cheaper, earlier: the better end of the axis a score-against chart's front is drawn to
            facts.append(Fact(key, fill(name, langs), kind, unit, 2,
                              False if kind in ("size", "money", "date") else None, kind in ("size", "money")))
    for field_id, f in (board["fields"] or {}).items():
        facts.append(Fact(field_id, fill(f["name"], langs), f["type"], None if f["unit"] is None else fill(f["unit"], langs),
                          f["decimals"], f["higher_is_better"] if f["type"] == "number" else None, f["log"]))
    return tuple(facts)


def tag_records(board, fill, langs) -> tuple:
    return tuple(Tag(t["id"], fill(t["name"], langs), t["id"] in HIDDEN_BY_DEFAULT if t["hidden"] is None else t["hidden"])
                 for t in (board["tags"] or {}).values())
