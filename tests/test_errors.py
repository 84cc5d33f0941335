"""Bad input: a corpus of broken projects. Each one must fail with exit 1, report the exact
message at the exact location (path:line[:column]), and leave the previously built site
byte-identical."""
from __future__ import annotations

import pytest

from conftest import BOARD_YAML, MODELS_YAML, build_in_process, demo_project, run_build, tree_bytes

GOOD = ("model,dimension,score\nalpha,overall,50\nbeta,overall,40\ngamma,overall,30\nref-model,overall,90\n"
        "alpha,code,40\nalpha,logic,60\n")
COUNTS = "model,dimension,score,win,tie,loss\n"
CSV = "scores/demo/releases/2024-01-01.csv"
B = "scores/demo/board.yaml"
M = "scores/demo/models.yaml"
S = "scores/site.yaml"
SITE = "title: {zh: 测试站, en: Test site}\nlanguages: [zh, en]\nboards: [demo]\n"
PAGE = "---\ntitle: 关于\norder: 1\n---\n正文\n"
R = "demo/releases/2024-01-01.csv"


D = "demo/dialogues/reverse.yaml"
DF = "scores/" + D
DIALOGUE = """dimension: code
turns:
  - prompt: Reverse a list
    responses:
      alpha: Use `reversed()`.
      beta: |
        def f(): pass
"""


J = "demo/judgments/2024-01-01.jsonl"
JF = "scores/" + J


def verdict(model="gamma", question="q1", dimension="code", turn=1, result="win", **more):
    import json
    return json.dumps({"model": model, "question_id": question, "dimension": dimension, "turn": turn,
                       "verdict": result, **more}, ensure_ascii=False) + "\n"


# A release that agrees with the judgments every judgments case starts from: gamma's verdicts (a win on
# q1 in code, unless the case says otherwise, and a win on q2 in logic) make its overall 100.
JGOOD = "model,dimension,score\nalpha,overall,50\nbeta,overall,40\ngamma,overall,100\nref-model,overall,90\n"


def judgments(*lines, csv=JGOOD):
    return {J: "".join(lines) + verdict(question="q2", dimension="logic"), R: csv}


def board(old, new):
    return {"demo/board.yaml": BOARD_YAML.lstrip("\n").replace(old, new, 1)}


def models(old, new):
    return {"demo/models.yaml": MODELS_YAML.lstrip("\n").replace(old, new, 1)}


def release(text):
    return {R: text}


# name: (files to write over the good project (None deletes), extra flags, the exact line expected)
CASES = {
    # --- YAML syntax and schema ---------------------------------------------------------
    "site.yaml syntax": ({"site.yaml": "title: [x\nlanguages: [zh]\n"}, (),
                         f"{S}:2:10: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence "
                         "opened at line 1, column 8)"),
    "models.yaml syntax": ({"demo/models.yaml": "- id: alpha\n  name: [Alpha\n  group: open\n"}, (),
                           f"{M}:3:8: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence "
                           "opened at line 2, column 9)"),
    "duplicate key": (board("title:", "summary: x\nsummary: y\ntitle:"), (),
                      f'{B}:2: duplicate key "summary": each key may appear once'),
    "site.yaml empty": ({"site.yaml": "\n"}, (),
                        f'{S}:1: empty file: see README.md, "The data contract", for what it holds'),
    "site.yaml missing title": ({"site.yaml": "languages: [zh, en]\nboards: [demo]\n"}, (),
                                f'{S}:1: site.yaml is missing the required key "title"'),
    "languages not a list": ({"site.yaml": "title: t\nlanguages: zh\nboards: [demo]\n"}, (),
                             f'{S}:2: "languages" must be a list, found text "zh"'),
    "bad language code": ({"site.yaml": "title: t\nlanguages: [zh, English]\nboards: [demo]\n"}, (),
                          f'{S}:2: "languages" lists "English": expected a language code such as zh or en'),
    "base_url not a URL": ({"site.yaml": SITE + "base_url: example.org\n"}, (),
                           f'{S}:4: "base_url" must be an absolute http(s) URL, found text "example.org"'),
    "unknown key in site.yaml (strict)": ({"site.yaml": SITE + "tilte: x\n"}, ("--strict",),
                                          f'{S}:4: warning: unknown key "tilte" in site.yaml is ignored '
                                          '(did you mean "title"?)'),
    "board.yaml missing metric": (board("metric:\n", "metrics:\n"), (),
                                  f'{B}:1: board.yaml is missing the required key "metric" (found "metrics" at line 2: '
                                  "a misspelling?)"),
    "formula misspelt": (board("formula: win_tie_rate", "formula: win_tie"), (),
                         f'{B}:4: "formula" must be one of win_tie_rate, score, found text "win_tie" '
                         '(did you mean "win_tie_rate"?)'),
    "range of strings": (board("range: [0, 100]", "range: [low, high]"), (),
                         f'{B}:5: "range" must be [low, high] with two numbers, low < high (null for an open end), '
                         "found a list"),
    "source with an ftp URL": (board("metric:", "source: {name: x, url: ftp://x}\nmetric:"), (),
                               f'{B}:2: "url" must be an absolute http(s) URL, found text "ftp://x"'),
    "decimals too many": (board("decimals: 2", "decimals: 9"), (),
                          f'{B}:6: "decimals" must be a whole number from 0 to 6, found a number "9"'),
    "higher_is_better not a boolean": (board("decimals: 2", "decimals: 2\n  higher_is_better: maybe"), (),
                                       f'{B}:7: "higher_is_better" must be true or false, found text "maybe"'),
    "dimension rows on a board without dimensions": (
        board("dimensions:\n  - id: code\n    name: {zh: 代码, en: Code}\n  - id: logic\n"
              "    name: {zh: 逻辑, en: Logic}\n", "dimensions: []\n"), (),
        (f'{CSV}:6:7: unknown dimension "code": expected "overall" or one of (none defined)',
         f'{CSV}:7:7: unknown dimension "logic": expected "overall" or one of (none defined)')),
    "dimension id not a slug": (board("id: code", "id: Code"), (),
                                f"{B}:8: \"id\" must be an id of lowercase letters, digits, '.', '_' and '-' "
                                '(it is used in URLs), found text "Code"'),
    "dimension called overall": (board("id: code", "id: overall"), (),
                                 f'{B}:8: dimension id "overall" is reserved for the overall score'),
    "duplicate dimension": (board("id: logic", "id: code"), (),
                            f'{B}:10: dimension id "code" is used twice (first at line 8)'),
    "group without ranked": (board("    ranked: false\n", ""), (),
                             f'{B}:13: a group is missing the required key "ranked"'),
    "release note not a date": (board("groups:", "releases:\n  2024-13-01: note\ngroups:"), (),
                                f'{B}:13: release "2024-13-01" must be a date written YYYY-MM-DD'),
    "text in an undeclared language": (board("en: Demo board", "fr: Tableau"), (),
                                       f"{B}:1: \"title\" has language \"fr\", expected one of the site's "
                                       "languages zh, en"),
    "empty text": (board("title: {zh: 演示榜, en: Demo board}", "title: ''"), (),
                   f'{B}:1: "title" must be text or a mapping of language to text (e.g. {{zh: ..., en: ...}}), '
                   'found text ""'),
    "models.yaml a mapping": ({"demo/models.yaml": "alpha:\n  name: Alpha\n"}, (),
                              f"{M}:1: models.yaml must be a list, found a mapping"),
    "model without name": (models("  name: Beta\n", ""), (),
                           f'{M}:5: a model is missing the required key "name"'),
    "model id with a space": (models("id: gamma", "id: gam ma"), (),
                              f"{M}:8: \"id\" must be an id of lowercase letters, digits, '.', '_' and '-' "
                              '(it is used in URLs), found text "gam ma"'),
    "line numbers after a U+2028 in a value": ({"demo/models.yaml": MODELS_YAML.lstrip("\n").replace(
        "name: Alpha", 'name: "Al\u2028pha"').replace("id: gamma", "id: gam ma")}, (),
        f"{M}:8: \"id\" must be an id of lowercase letters, digits, '.', '_' and '-' (it is used in URLs), "
        'found text "gam ma"'),
    "YAML syntax after a U+2028": ({"site.yaml": 'title: "a\u2028b"\nx: [x\nlanguages: [zh]\n'}, (),
                                   f"{S}:3:10: invalid YAML: did not find expected ',' or ']' (while parsing a flow "
                                   "sequence opened at line 2, column 4)"),
    "duplicate model id": (models("id: beta", "id: alpha"), (),
                           f'{M}:5: model id "alpha" is used twice (first at line 1)'),
    "alias naming another model": (models("aliases: [alpha_v1]", "aliases: [beta]"), (),
                                   f'{M}:5: model "beta" is also called "beta", which already names model '
                                   '"alpha" (line 1): names and aliases must be unique'),
    "undefined group": (models("group: ref\n", "group: refs\n"), (),
                        f'{M}:13: group "refs" is not defined in board.yaml "groups" (did you mean "ref"?)'),
    "model url without scheme": (models("  name: Beta\n", "  name: Beta\n  url: www.example.org\n"), (),
                                 f'{M}:7: "url" must be an absolute http(s) URL, found text "www.example.org"'),
    "release date of a model": (models("  name: Beta\n", "  name: Beta\n  released: 2024/01/01\n"), (),
                                f'{M}:7: "released" must be a date written YYYY-MM-DD, or a month, YYYY-MM, found text "2024/01/01"'),
    "unknown key in a model (strict)": (models("  aliases: [alpha_v1]\n", "  aliases: [alpha_v1]\n  licence: MIT\n"),
                                        ("--strict",),
                                        f'{M}:5: warning: unknown key "licence" in a model is ignored '
                                        '(did you mean "license"?)'),
    # --- prose pages ----------------------------------------------------------------------
    "page without title": ({"demo/pages/about.md": "---\norder: 1\n---\n正文\n"}, (),
                           'scores/demo/pages/about.md:2: front matter is missing the required key "title"'),
    "page order not a number": ({"demo/pages/about.md": PAGE.replace("order: 1", "order: first")}, (),
                                'scores/demo/pages/about.md:3: "order" must be a number (at most 10^12 in size), found text "first"'),
    "translation in an undeclared language": ({"demo/pages/about.md": PAGE, "demo/pages/about.fr.md": PAGE}, (),
                                              'scores/demo/pages/about.fr.md: translation language "fr" must be one '
                                              "of the site's other languages en; the default language goes in "
                                              "about.md"),
    "translation without its page": ({"demo/pages/about.en.md": PAGE}, (),
                                     "scores/demo/pages/about.en.md: translation without its page: expected "
                                     "about.md beside it"),
    "front matter never closed": ({"demo/pages/about.md": "---\ntitle: x\n正文\n"}, (),
                                  'scores/demo/pages/about.md:1: front matter opened with "---" is never closed: '
                                  'expected a second "---" line'),
    # --- release CSVs ---------------------------------------------------------------------
    "missing column": (release("dimension,score\noverall,50\n"), (),
                       f'{CSV}:1: header "dimension,score": missing model; expected the header '
                       "model,dimension,score (and optionally win,tie,loss)"),
    "unknown column": (release("model,dimension,score,note\nalpha,overall,50,x\n"), (),
                       f'{CSV}:1: header "model,dimension,score,note": unknown column note; expected the header '
                       "model,dimension,score (and optionally win,tie,loss)"),
    "counts incomplete": (release("model,dimension,score,win,tie\nalpha,overall,50,1,1\n"), (),
                          f'{CSV}:1: header "model,dimension,score,win,tie": count columns come together: found '
                          "win, tie, expected all of win, tie, loss; expected the header model,dimension,score "
                          "(and optionally win,tie,loss)"),
    "blank row": (release(GOOD.replace("beta,overall,40\n", "\nbeta,overall,40\n")), (),
                  f"{CSV}:3: blank row: remove it (rows are model,dimension,score…)"),
    "wrong number of fields": (release(GOOD.replace("beta,overall,40", "beta,overall,40,1")), (),
                               f"{CSV}:3: 4 fields, expected 3 as in the header (model,dimension,score); a comma inside a value? "
                               "write 97.30, not 97,30, or quote it"),
    "not UTF-8": ({R: GOOD.replace("gamma", "伽马").encode("gbk")}, (),
                  f'{CSV}:4:3: not UTF-8 text (byte 0xc2): save the file as UTF-8 (in Excel: "CSV UTF-8"; '
                  "GBK and GB18030 are not accepted)"),
    "UTF-16": ({R: GOOD.encode("utf-16")}, (), f"{CSV}:1: UTF-16 text (or NUL bytes): save the file as UTF-8"),
    "empty CSV": (release(""), (), f"{CSV}:1: empty file: expected the header model,dimension,score "
                                   "(and optionally win,tie,loss)"),
    "unclosed quote": (release(GOOD + '"alpha,code,1\n'), (), f"{CSV}:8: malformed CSV in the record starting here: unexpected end of data"),
    "unknown model": (release(GOOD + "alpah,code,10\n"), (),
                      f'{CSV}:8:1: unknown model "alpah": expected an id or alias from models.yaml '
                      '(did you mean "alpha"?)'),
    "unknown dimension": (release(GOOD + "alpha,cod,10\n"), (),
                          f'{CSV}:8:7: unknown dimension "cod": expected "overall" or one of code, logic '
                          '(did you mean "code"?)'),
    "duplicate row through an alias": (release(GOOD + "alpha_v1,overall,51\n"), (),
                                       f'{CSV}:8:1: second row for model "alpha" and dimension "overall" '
                                       "(first at line 2): each pair appears once"),
    "score not a number": (release(GOOD.replace("beta,overall,40", "beta,overall,forty")), (),
                           f'{CSV}:3:14: score "forty" is not a number (finite, at most 10^12 in size)'),
    "score not finite": (release(GOOD.replace("beta,overall,40", "beta,overall,nan")), (),
                         f'{CSV}:3:14: score "nan" is not a number (finite, at most 10^12 in size)'),
    "score out of range": (release(GOOD.replace("beta,overall,40", "beta,overall,140")), (),
                           f"{CSV}:3:14: score 140 is outside the metric's range [0, 100]"),
    "negative count": (release(COUNTS + "alpha,overall,,-1,2,3\nbeta,overall,1,,,\ngamma,overall,1,,,\n"
                               "ref-model,overall,1,,,\n"), (),
                       f'{CSV}:2:16: win "-1" must be a whole number of 0 or more (up to 12 digits)'),
    "fractional count": (release(COUNTS + "alpha,overall,,1,2.5,3\nbeta,overall,1,,,\ngamma,overall,1,,,\n"
                                 "ref-model,overall,1,,,\n"), (),
                         f'{CSV}:2:18: tie "2.5" must be a whole number of 0 or more (up to 12 digits)'),
    "counts all zero": (release(COUNTS + "alpha,overall,,0,0,0\nbeta,overall,1,,,\ngamma,overall,1,,,\n"
                                "ref-model,overall,1,,,\n"), (),
                        f"{CSV}:2:16: win, tie and loss are all 0: counts need at least one judgment"),
    "score disagrees with counts": (release(COUNTS + "alpha,overall,50,1,0,2\nbeta,overall,1,,,\n"
                                            "gamma,overall,1,,,\nref-model,overall,1,,,\n"), (),
                                    f"{CSV}:2:15: score 50 disagrees with its counts: win 1, tie 0, loss 2 give 33.33"),
    "no score and no counts": (release(COUNTS + "alpha,overall,,,,\nbeta,overall,1,,,\ngamma,overall,1,,,\n"
                                       "ref-model,overall,1,,,\n"), (),
                               f"{CSV}:2: no score: give a score, or win, tie and loss counts"),
    "no overall and nothing to pool": (release(GOOD.replace("alpha,overall,50\n", "")), (),
                                       f'{CSV}:5: model "alpha" has no "overall" row, and its overall cannot be '
                                       "pooled: that needs win, tie and loss counts on every one of its "
                                       "dimension rows"),
    "release file name not a date": ({"demo/releases/latest.csv": GOOD}, (),
                                     'scores/demo/releases/latest.csv: release file name "latest.csv" must be a '
                                     "date, a month or a version: <YYYY-MM-DD>.csv, <YYYY-MM>.csv or, say, v2.0.csv"),
    "no release at all": ({R: None}, (), "scores/demo/releases: no release: add a <YYYY-MM-DD>.csv"),
    "header only": (release("model,dimension,score\n"), (),
                    f"{CSV}: no rows: a release lists at least one model with its overall score "
                    "(or has judgments)"),
    "group given as a number": (models("group: ref\n", "group: 5\n"), (),
                                f"{M}:13: \"group\" must be an id of lowercase letters, digits, '.', '_' and '-' "
                                '(it is used in URLs), found a number "5"'),
    "pooling under a formula that cannot compute": (
        dict(board("formula: win_tie_rate", "formula: score"),
             **release(COUNTS + "alpha,code,50,1,0,1\nalpha,logic,60,1,1,0\nbeta,overall,1,,,\n"
                                "gamma,overall,1,,,\nref-model,overall,1,,,\n")), (),
        f'{CSV}:2: model "alpha" has no "overall" row, and its overall cannot be pooled: that needs win, tie and '
        'loss counts on every one of its dimension rows and a formula that computes scores (not "score")'),
    "counts without a score under a formula that cannot compute": (
        dict(board("formula: win_tie_rate", "formula: score"),
             **release(COUNTS + "alpha,overall,,1,0,1\nbeta,overall,1,,,\ngamma,overall,1,,,\n"
                                "ref-model,overall,1,,,\nalpha,code,1,,,\nalpha,logic,1,,,\n")), (),
        f'{CSV}:2:15: the metric formula "score" does not compute a score from counts: give the score'),
    # --- dialogues ---------------------------------------------------------------------------
    "dialogue answer by an unknown model": ({D: DIALOGUE.replace("beta: |", "btea: |")}, (),
                                            f'{DF}:6: unknown model "btea": expected an id or alias from '
                                            'models.yaml (did you mean "beta"?)'),
    "dialogue of an unknown dimension": ({D: DIALOGUE.replace("dimension: code", "dimension: coding")}, (),
                                         f'{DF}:1: unknown dimension "coding": expected one of code, logic '
                                         '(did you mean "code"?)'),
    "dialogue of a release that does not exist": ({D: "release: 2024-02-01\n" + DIALOGUE}, (),
                                                  f'{DF}:1: release "2024-02-01" has no releases/2024-02-01.csv '
                                                  '(did you mean "2024-01-01"?)'),
    "dialogue without turns": ({D: "dimension: code\nturns: []\n"}, (),
                               f'{DF}:2: "turns" must list at least one turn (a prompt and its answers)'),
    "dialogue turn without a prompt": ({D: DIALOGUE.replace("  - prompt: Reverse a list\n    responses:",
                                                            "  - responses:")}, (),
                                       f'{DF}:3: a turn is missing the required key "prompt"'),
    "dialogue answer that is not text": ({D: DIALOGUE.replace("beta: |\n        def f(): pass\n", "beta: [1, 2]\n")},
                                         (), f'{DF}:6: the answer of "beta" must be text (Markdown), found a list'),
    "dialogue answers twice through an alias": ({D: DIALOGUE + "      alpha_v1: again\n"}, (),
                                                f'{DF}:8: a second answer of model "alpha" in this turn (first at '
                                                "line 5)"),
    "dialogue file name not an id": ({"demo/dialogues/My Dialogue.yaml": DIALOGUE}, (),
                                     "scores/demo/dialogues/My Dialogue.yaml: dialogue file name \"My Dialogue.yaml\" "
                                     "must be an id of lowercase letters, digits, '.', '_' and '-' (it is the "
                                     "dialogue's URL)"),
    "dialogue prompt that is a number": ({D: DIALOGUE.replace("prompt: Reverse a list", "prompt: 42")}, (),
                                         f'{DF}:3: "prompt" must be non-empty text, found a number "42"'),
    "two dialogues with one id": ({"demo/dialogues/reverse.yml": DIALOGUE, D: DIALOGUE}, (),
                                  'scores/demo/dialogues/reverse.yml: a second dialogue "reverse" (the first is '
                                  "reverse.yaml): dialogue ids come from file names and must be unique"),
    "header with a misspelt column": (release("modle,dimension,score\nalpha,overall,50\n"), (),
                                      f'{CSV}:1: header "modle,dimension,score": missing model; unknown column modle '
                                      '(did you mean "model"?); expected the header model,dimension,score (and '
                                      "optionally win,tie,loss)"),
    "two files for one release": ({"demo/releases/2024-01-01.CSV": GOOD}, (),
                                  "scores/demo/releases/2024-01-01.csv: two files for release 2024-01-01 (names "
                                  "differing only in the case of .csv): keep one"),
    "UTF-16 without a byte-order mark": ({R: GOOD.encode("utf-16-le")}, (),
                                         f"{CSV}:1: UTF-16 text (or NUL bytes): save the file as UTF-8"),
    "full-width digits": (release(GOOD.replace("beta,overall,40", "beta,overall,４０")), (),
                          f'{CSV}:3:14: score "４０" is not a number (finite, at most 10^12 in size)'),
    "YAML nested too deeply": ({"demo/board.yaml": "a: " + "[" * 3000 + "]" * 3000 + "\n"}, (),
                               f"{B}:1:1003: invalid YAML: exceeded maximum nesting depth"),
    # --- across files ---------------------------------------------------------------------
    "board named like a language": ({"site.yaml": SITE.replace("[demo]", "[demo, en]"), "en/board.yaml": BOARD_YAML},
                                    (), f'{S}:3: board "en" has a name the site uses for itself (assets, en, zh): '
                                        "rename its folder"),
    "no site.yaml": ({"site.yaml": None}, (),
                     "scores/site.yaml: missing: every scores folder needs a site.yaml (title, languages, boards)"),
    "no models.yaml": ({"demo/models.yaml": None}, (),
                       "scores/demo/models.yaml: missing: every board needs a models.yaml listing its models"),
    "board listed without a folder": ({"site.yaml": SITE.replace("[demo]", "[demo, demo2]")}, (),
                                      f'{S}:3: board "demo2" has no folder scores/demo2/ with a board.yaml '
                                      '(did you mean "demo"?)'),
    "board folder name not a slug": ({"site.yaml": SITE.replace("[demo]", "[demo, Demo Two]")}, (),
                                     f"{S}:3: board \"Demo Two\" must be a folder name of lowercase letters, "
                                     "digits, '_' and '-' (it is used in URLs)"),
    "board folder not listed (strict)": ({"other/board.yaml": BOARD_YAML}, ("--strict",),
                                         'scores/other: warning: board folder "other" is not listed in site.yaml '
                                         '"boards", so it is not published'),
    "model with no score (strict)": (release(GOOD.replace("gamma,overall,30\n", "")), ("--strict",),
                                     f'{M}:8: warning: model "gamma" has no score in any release and no answer in any dialogue'),
    "dimension with no data (strict)": (release(GOOD.replace("alpha,logic,60\n", "")), ("--strict",),
                                        f'{B}:10: warning: dimension "logic" has no score in any release'),
    # --- judgments/<release>.jsonl ----------------------------------------------------------
    "judgment line not JSON": (judgments(verdict(), '{"model": "gamma", "question_id": "q2",\n'), (),
                               f"{JF}:2:40: not a JSON object: Expecting property name enclosed in double quotes (each "
                               'line is one object such as {"model": "m", "question_id": "q1", "dimension": "d", '
                               '"turn": 1, "verdict": "win"})'),
    "judgment not an object": (judgments("[1, 2]\n"), (),
                               f'{JF}:1: expected a JSON object such as {{"model": "m", "question_id": "q1", '
                               '"dimension": "d", "turn": 1, "verdict": "win", "judge_reason": "…"}, found a list'),
    "judgment missing keys": (judgments('{"model": "gamma", "question_id": "q1"}\n'), (),
                              f'{JF}:1: missing "dimension", "turn", "verdict": each line has model, question_id, '
                              "dimension, turn, verdict (and optionally judge_reason)"),
    "judgment unknown model": (judgments(verdict(model="gamam")), (),
                               f'{JF}:1: unknown model "gamam": expected an id or alias from models.yaml '
                               '(did you mean "gamma"?)'),
    "judgment verdict": (judgments(verdict(result="Win")), (),
                         f'{JF}:1: verdict "Win" must be "win", "tie" or "loss" (against the baseline) '
                         '(did you mean "win"?)'),
    "judgment turn": (judgments(verdict(turn=0)), (), f"{JF}:1: turn 0 must be a whole number from 1 to 999"),
    "judgment overall dimension": (judgments(verdict(dimension="overall")), (),
                                   f'{JF}:1: unknown dimension "overall": expected one of code, logic; judgments are '
                                   "per dimension (the overall is their sum)"),
    "judgment question id": (judgments(verdict(question="Q 1")), (),
                             f'{JF}:1: question_id "Q 1" must be lowercase letters, digits, ".", "_" or "-", starting '
                             'with a letter or digit, not ending in ".html" (it is part of the question\'s web address)'),
    "question id that is a page name": (judgments(verdict(question="index.html")), (),
                                        f'{JF}:1: question_id "index.html" must be lowercase letters, digits, ".", "_" or '
                                        '"-", starting with a letter or digit, not ending in ".html" (it is part of the '
                                        "question's web address)"),
    "judgment key twice": (judgments('{"model": "gamma", "model": "beta"}\n'), (),
                           f'{JF}:1: key "model" appears twice in one object: give each key once'),
    "judgment nested too deeply": (judgments("[" * 100000 + "\n"), (),
                                   f"{JF}:1: not a JSON line this tool can read (nested too deeply, or a number too "
                                   'long): each line is one flat object such as {"model": "m", "question_id": "q1", '
                                   '"dimension": "d", "turn": 1, "verdict": "win"}'),
    "judged in part (strict)": (judgments(verdict(model="alpha", result="tie"), verdict(),
                                          csv=GOOD.replace("alpha,code,40", "alpha,code,100").replace("gamma,overall,30",
                                                                                                      "gamma,overall,100")),
                                ("--strict",),
                                f'{CSV}:7: warning: model "alpha" has no verdict in judgments/2024-01-01.jsonl for '
                                "logic: those scores and its overall are not checked against any, and it takes part in "
                                "the sign tests and question pages only where judged"),
    "judgment reason not text": (judgments(verdict(judge_reason=3)), (), f"{JF}:1: judge_reason must be text, found 3"),
    "judgment twice": (judgments(verdict(), verdict(result="loss")), (),
                       f'{JF}:2: second verdict for model "gamma", question "q1", turn 1 (first at line 1): one line '
                       "per model, question and turn"),
    "question in two dimensions": (judgments(verdict(), verdict(model="beta", dimension="logic")), (),
                                   f'{JF}:2: question "q1" is in dimension "logic" here but in "code" at line 1: a '
                                   "question belongs to one dimension"),
    "judgments for no release": ({"demo/judgments/2024-02-01.jsonl": verdict()}, (),
                                 'scores/demo/judgments/2024-02-01.jsonl: judgments for release "2024-02-01", which '
                                 "has no releases/2024-02-01.csv: name the file after a release"),
    "judged score disagrees": (judgments(verdict(model="alpha"), csv=GOOD.replace("gamma,overall,30", "gamma,overall,100")
                                         .replace("alpha,logic,60\n", "")), (),
                               f"{CSV}:6:12: score 40 disagrees with judgments/2024-01-01.jsonl (from line 1): win 1, "
                               "tie 0, loss 0 give 100.00"),
    "judged counts disagree": ({R: COUNTS + "alpha,overall,50,,,\nbeta,code,,1,0,1\ngamma,overall,100,,,\n"
                                   "ref-model,overall,90,,,\n",
                                J: verdict(model="beta") + verdict(model="beta", question="q2")}, (),
                               f"{CSV}:3:12: counts win 1, tie 0, loss 1 disagree with judgments/2024-01-01.jsonl "
                               "(from line 1), which give win 2, tie 0, loss 0"),
    "judged overall disagrees": (judgments(verdict(), csv=GOOD.replace("alpha,code,40\nalpha,logic,60\n", "")), (),
                                 f'{CSV}:4: overall score 30.00 of "gamma" disagrees with the sum of its judgments in '
                                 "judgments/2024-01-01.jsonl: win 2, tie 0, loss 0 give 100.00"),
    "judgment file in UTF-16": ({J: verdict().encode("utf-16")}, (), f"{JF}:1: UTF-16 text (or NUL bytes): save the file as UTF-8"),
    "id with a final newline": ({"demo/models.yaml": MODELS_YAML.lstrip("\n").replace("- id: alpha", '- id: "alpha\\n"')},
                                (), f"{M}:1: \"id\" must be an id of lowercase letters, digits, '.', '_' and '-' (it is "
                                    'used in URLs), found text "alpha\\n"'),
    # --- one fault, one error: what depends on a broken file or section says nothing more ---
    "models.yaml unreadable, with a dialogue": ({"demo/models.yaml": "- id: alpha\n  name: [Alpha\n", D: DIALOGUE}, (),
                                                f"{M}:3:1: invalid YAML: did not find expected ',' or ']' (while parsing a "
                                                "flow sequence opened at line 2, column 9)"),
    "models.yaml in GBK, with a dialogue": ({"demo/models.yaml": "- id: alpha\n  name: 阿尔法\n".encode("gbk"),
                                             D: DIALOGUE}, (),
                                            f'{M}:2:9: not UTF-8 text (byte 0xb0): save the file as UTF-8 (in Excel: "CSV '
                                            'UTF-8"; GBK and GB18030 are not accepted)'),
    "models.yaml empty, with a dialogue": ({"demo/models.yaml": "", D: DIALOGUE}, (),
                                           f'{M}:1: empty file: see README.md, "The data contract", for what it holds'),
    "dimensions not a list": (board("dimensions:\n  - id: code\n    name: {zh: 代码, en: Code}\n  - id: logic\n"
                                    "    name: {zh: 逻辑, en: Logic}\n", "dimensions: code\n"), (),
                              f'{B}:7: "dimensions" must be a list, found text "code"'),
    "decimal comma on an overall row": (release(GOOD.replace("alpha,overall,50", "alpha,overall,50,5")), (),
                                        f"{CSV}:2: 4 fields, expected 3 as in the header (model,dimension,score); a comma "
                                        "inside a value? write 97.30, not 97,30, or quote it"),
    "range the wrong way round": (board("range: [0, 100]", "range: [100, 0]"), (),
                                  f'{B}:5: "range" must be [low, high] with two numbers, low < high (null for an open '
                                  'end), found a list'),
    # --- board shapes: kinds, intervals, measures, the mean overall, release ids ----------
    "unknown kind": (board("formula: win_tie_rate", "kind: elo"), (),
                     f'{B}:4: "kind" must be one of win_rate, accuracy, rating, score, cost, found text "elo"'),
    "kind and formula disagree": (board("formula: win_tie_rate", "formula: win_tie_rate\n  kind: rating"), (),
                                  f'{B}:4: "formula" names the kind win_rate, but "kind" is rating: give one of them'),
    "overall rule misspelt": (board("decimals: 2", "decimals: 2\n  overall: average"), (),
                              f'{B}:7: "overall" must be "given" (an overall row per model) or "mean" (of its '
                              'dimension scores), found text "average"'),
    "one end of an interval": (release("model,dimension,score,ci_low\nalpha,overall,50,40\n"), (),
                               f'{CSV}:1: header "model,dimension,score,ci_low": interval columns come together: found '
                               "ci_low, expected all of ci_low, ci_high; expected the header model,dimension,score (and "
                               "optionally win,tie,loss)"),
    "interval that misses its score": (release(GOOD.replace("model,dimension,score\n", "model,dimension,score,ci_low,ci_high\n")
                                               .replace("alpha,overall,50\n", "alpha,overall,50,55,60\n")
                                               .replace("\n", ",,\n").replace(",55,60,,", ",55,60")
                                               .replace("ci_high,,", "ci_high")), (),
                                       f"{CSV}:2:18: interval [55.00, 60.00] does not hold its score 50.00: expected "
                                       "ci_low ≤ score ≤ ci_high"),
    "measure on a dimension row": ({**board("groups:", "measures: [{id: votes, name: Votes}]\ngroups:"),
                                    **release(GOOD.replace("model,dimension,score\n", "model,dimension,score,votes\n")
                                              .replace("\n", ",\n").replace("votes,", "votes")
                                              .replace("alpha,code,40,", "alpha,code,40,7"))}, (),
                                   f'{CSV}:6:15: a value of measure "votes" on a "code" row: measures are per model, on its '
                                   '"overall" row'),
    "measure named like a column": (board("groups:", "measures: [{id: score, name: Score}]\ngroups:"), (),
                                    f'{B}:12: measure id "score" is a column the release CSV has for something else: '
                                    "choose another id"),
    "overall given under the mean rule": ({**board("decimals: 2", "decimals: 2\n  overall: mean"),
                                           **release("model,dimension,score\nalpha,overall,50\nalpha,code,40\n"
                                                     "alpha,logic,60\n")}, (),
                                          f'{CSV}:2:15: score given for the overall, but board.yaml says "overall: mean": '
                                          "the overall is the mean of the dimension scores (leave it out)"),
    "a dimension missing under the mean rule": ({**board("decimals: 2", "decimals: 2\n  overall: mean"),
                                                 **release("model,dimension,score\nalpha,code,40\nalpha,logic,60\n"
                                                           "beta,code,30\n")}, (),
                                                f'{CSV}:4: model "beta" has no score in logic: its overall, the mean of every '
                                                'dimension ("overall: mean"), cannot be computed'),
    "a version without a date": ({"demo/releases/v2.0.csv": GOOD}, (),
                                 'scores/demo/releases/v2.0.csv: release "v2.0" is a version, which needs a date to be '
                                 "put in order: add it to board.yaml, releases: {v2.0: {date: YYYY-MM-DD}}"),
    "a release named like a page folder": ({"demo/releases/models.csv": GOOD}, (),
                                           'scores/demo/releases/models.csv: release file name "models.csv" must be a date, '
                                           "a month or a version: <YYYY-MM-DD>.csv, <YYYY-MM>.csv or, say, v2.0.csv"),
    "correct above total": ({**board("formula: win_tie_rate", "kind: accuracy"),
                             **release("model,dimension,score,correct,total\nalpha,overall,,7,5\n")}, (),
                            f"{CSV}:2:16: correct 7 of total 5: expected 0 ≤ correct ≤ total and total ≥ 1"),
    "score below an open-ended range": (board("range: [0, 100]", "range: [35, null]"), (),
                                        f"{CSV}:4:15: score 30 is outside the metric's range [35, null]"),
    # model facts (models.yaml) and the board's own fields and tags (board.yaml)
    "size with an unknown unit": (models("  name: Beta\n", "  name: Beta\n  params: 13X\n"), (),
                                  f'{M}:7: "params" must be a number of parameters such as 13B, 1.5T, 350M or 7e9, '
                                  'found text "13X"'),
    "size without its unit": (models("  name: Beta\n", "  name: Beta\n  params: 13\n"), (),
                              f'{M}:7: "params" must be a number of parameters such as 13B, 1.5T, 350M or 7e9, '
                              'found a number "13" (did you mean "13B"?)'),
    "active size above the total": (models("  name: Beta\n", "  name: Beta\n  params: 7B\n  active_params: 13B\n"), (),
                                    f'{M}:8: "active_params" (13B) is more than "params" (7B): the active parameters '
                                    "are a part of the total"),
    "open weights neither yes nor no": (models("  name: Beta\n", "  name: Beta\n  open_weights: maybe\n"), (),
                                        f'{M}:7: "open_weights" must be true or false, found text "maybe"'),
    "negative price": (models("  name: Beta\n", "  name: Beta\n  price: {input: -1, output: 2}\n"), (),
                       f'{M}:7: "input" must be a price of at least 0 (per million tokens), found a number "-1"'),
    "price of neither input nor output": (models("  name: Beta\n", "  name: Beta\n  price: {currency: USD}\n"), (),
                                          f'{M}:7: "price" must give "input" or "output" (per million tokens), or both'),
    "prices in two currencies": ({"demo/models.yaml": MODELS_YAML.lstrip("\n").replace(
        "  aliases: [alpha_v1]\n", "  aliases: [alpha_v1]\n  price: {input: 1}\n").replace(
        "  name: Beta\n", "  name: Beta\n  price: {input: 2, currency: CNY}\n")}, (),
        f'{M}:8: price currency "CNY" differs from "USD" (line 5): the prices on a board must share one currency'),
    "release month that is no month": (models("  name: Beta\n", "  name: Beta\n  released: 2024-13\n"), (),
                                       f'{M}:7: "released" must be a date written YYYY-MM-DD, or a month, YYYY-MM, '
                                       'found text "2024-13"'),
    "misspelt tag": ({**board("ranked: true\n", "ranked: true\ntags: [{id: deprecated, name: Deprecated, hidden: true}]\n"),
                      **models("  name: Beta\n", "  name: Beta\n  tags: [depracated]\n")}, (),
                     f'{M}:7: tag "depracated" is not a tag of this board: expected one of deprecated '
                     '(did you mean "deprecated"?)'),
    "tag on a board without tags": (models("  name: Beta\n", "  name: Beta\n  tags: [verified]\n"), (),
                                    f'{M}:7: tag "verified" is not a tag of this board: board.yaml declares no "tags"'),
    "tags not a list": ({**board("ranked: true\n", "ranked: true\ntags: [{id: deprecated, name: Deprecated}]\n"),
                         **models("  name: Beta\n", "  name: Beta\n  tags: deprecated\n")}, (),
                        f'{M}:7: "tags" must be a list, found text "deprecated"'),
    "source that is no web address": (models("  name: Beta\n", "  name: Beta\n  sources: [ftp://example.org/card]\n"), (),
                                      f'{M}:7: an item of "sources" must be an absolute http(s) URL, found text '
                                      '"ftp://example.org/card"'),
    "field value not a number": ({**board("ranked: true\n", "ranked: true\nfields: [{id: context, name: Context}]\n"),
                                  **models("  name: Beta\n", "  name: Beta\n  context: lots\n")}, (),
                                 f'{M}:7: "context" must be a number, found text "lots"'),
    "field of an unknown type": (board("ranked: true\n", "ranked: true\nfields: [{id: ctx, name: C, type: text}]\n"), (),
                                 f'{B}:19: "type" must be "number" or "yes_no", found text "text"'),
    "field named as a fact": (board("ranked: true\n", "ranked: true\nfields: [{id: params, name: Size}]\n"), (),
                              f'{B}:19: field id "params" is a key models.yaml or the ranking table has for something '
                              "else: choose another id"),
    "default column unknown": (board("ranked: true\n", "ranked: true\ndefault_columns: [parms]\n"), (),
                               f'{B}:19: "default_columns" lists "parms", which is not an optional column: expected some '
                               "of org, rank_range, description, tags, params, active_params, released, license, "
                               'open_weights, price_input, price_output (did you mean "params"?)'),
    # a broken tag list is one message: the cards' tags and fields are then not checked
    "broken tag list": ({**board("ranked: true\n", "ranked: true\nfields: [{id: context, name: C}]\n"
                                 "tags: [{id: Bad Tag, name: x}]\n"),
                         **models("  name: Beta\n", "  name: Beta\n  tags: [whatever]\n  context: lots\n  colour: red\n")},
                        (), f'{B}:20: "id" must be an id of lowercase letters, digits, \'.\', \'_\' and \'-\' '
                            '(it is used in URLs), found text "Bad Tag"'),
    "judgment unknown key (strict)": (judgments(verdict(reason="x", result="win")), ("--strict",),
                                      f'{JF}:1: warning: unknown key "reason" is ignored (did you mean "judge_reason"?)'),
}


@pytest.mark.parametrize("name", CASES)
def test_broken_input_is_located_explained_and_loses_nothing(tmp_path, capsys, name):
    files, flags, expected = CASES[name]
    scores = demo_project(tmp_path, GOOD, **{"demo/releases/2024-01-01.csv": GOOD})
    out = tmp_path / "site"
    code, err = build_in_process(capsys, "--scores", scores, "--out", out, "--strict")
    assert code == 0, err
    before = tree_bytes(out)
    for name_, content in files.items():
        path = scores / name_
        if content is None:
            path.unlink()
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    code, err = build_in_process(capsys, "--scores", scores, "--out", out, *flags)
    lines = err.replace(str(tmp_path) + "/", "").splitlines()
    expected = [expected] if isinstance(expected, str) else list(expected)
    warnings = sum(": warning: " in line for line in expected)
    errors = len(expected) - warnings
    summary = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
    assert code == 1
    # the whole output, line by line: one fault, one message (and nothing that follows from it)
    assert lines == expected + [f"build failed: {summary}; site was left as it was"], "\n".join(lines)
    assert tree_bytes(out) == before


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 100
    assert len({str(expected) for _, _, expected in CASES.values()}) >= 100   # distinct messages, not one repeated


def test_every_problem_is_reported_in_one_run(tmp_path, capsys):
    scores = demo_project(tmp_path, GOOD + "alpah,code,10\nbeta,logic,abc\ngamma,cod,1\n")
    code, err = build_in_process(capsys, "--scores", scores, "--out", tmp_path / "site")
    assert code == 1
    assert f"{CSV}:8:1:" in err.replace(str(tmp_path) + "/", "")
    assert f"{CSV}:9:12:" in err.replace(str(tmp_path) + "/", "")
    assert f"{CSV}:10:7:" in err.replace(str(tmp_path) + "/", "")
    assert "build failed: 3 errors" in err


def test_a_rejected_judgment_line_brings_no_follow_on_errors(tmp_path, capsys):
    """gamma's only verdict is rejected: its overall is not then reported as disagreeing with nothing."""
    scores = demo_project(tmp_path, GOOD, **judgments(verdict(result="Win")))
    code, err = build_in_process(capsys, "--scores", scores, "--out", tmp_path / "site")
    lines = err.replace(str(tmp_path) + "/", "").splitlines()
    assert code == 1 and lines[0].startswith(f'{JF}:1: verdict "Win"') and lines[-1].startswith("build failed: 1 error")
    assert not any("gamma" in line for line in lines[1:])


def test_a_model_id_given_twice_brings_no_follow_on_errors(tmp_path, capsys):
    """beta's card says id: alpha: which model alpha's rows mean is unknowable, so only the duplicate is reported."""
    scores = demo_project(tmp_path, GOOD, **models("- id: beta\n", "- id: alpha\n"))
    code, err = build_in_process(capsys, "--scores", scores, "--out", tmp_path / "site")
    lines = err.replace(str(tmp_path) + "/", "").splitlines()
    assert code == 1 and lines == [f'{M}:5: model id "alpha" is used twice (first at line 1)',
                                   "build failed: 1 error, 0 warnings; site was left as it was"]


def test_warnings_alone_do_not_fail_without_strict(tmp_path, capsys):
    scores = demo_project(tmp_path, GOOD, **models("  aliases: [alpha_v1]\n", "  aliases: [alpha_v1]\n  licence: MIT\n"))
    code, err = build_in_process(capsys, "--scores", scores, "--out", tmp_path / "site")
    assert code == 0 and "warning: unknown key" in err and (tmp_path / "site" / "index.html").exists()


def test_exit_codes_of_the_real_command(tmp_path):
    scores = demo_project(tmp_path, GOOD + "alpah,code,10\n")
    result = run_build("--scores", scores, "--out", tmp_path / "site")
    assert result.returncode == 1
    assert "1 error" in result.stderr and "Traceback" not in result.stderr
    assert run_build("--no-such-option").returncode == 2
    assert run_build("--serve", "--check").returncode == 2
    check = run_build("--scores", demo_project(tmp_path / "ok", GOOD), "--out", tmp_path / "checked", "--check")
    assert check.returncode == 0 and not (tmp_path / "checked").exists()
