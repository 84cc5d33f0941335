"""The schema of a board's content: example dialogues (dialogues/<id>.yaml) and prose pages
(pages/<slug>.md front matter), checked into Values that validate.py turns into records."""
from __future__ import annotations

from . import rules
from .checks import Field, FileCheck, anything, date, describe, is_date, markdown, markdown_string, number, text
from .problems import did_you_mean
from .yamlfile import YMap

DIALOGUE = {"title": Field(text), "dimension": Field(anything), "section": Field(text),
            "release": Field(date), "order": Field(number, default=0), "turns": Field(anything, True),
            "reference_answer": Field(markdown), "commentary": Field(markdown)}
TURN = {"prompt": Field(markdown_string, True), "responses": Field(anything, True)}


def check_dialogues(files, problems, langs, index, dimensions, release_ids) -> list:
    """[(file, Values with "turns" as [(prompt, [(model id, answer)])])] of the dialogues without a
    fault. `index` (a ModelIndex) and `dimensions` are None when what they come from is broken: the
    names that depend on them are then not checked."""
    good, seen = [], {}
    for dialogue in files:
        c = FileCheck(problems, dialogue.path, langs)
        if dialogue.id in seen:
            c.error(None, f'a second dialogue "{dialogue.id}" (the first is {seen[dialogue.id].name}): '
                    "dialogue ids come from file names and must be unique")
            continue
        seen[dialogue.id] = dialogue.path
        ok = bool(rules.SLUG.match(dialogue.id))
        if not ok:
            c.error(None, f'dialogue file name "{rules.one_line(dialogue.path.name)}" must be an id of lowercase '
                    "letters, digits, '.', '_' and '-' (it is the dialogue's URL)")
        values = c.mapping(dialogue.data, "a dialogue", 1, DIALOGUE) if dialogue.data is not None else None
        if values is None:
            continue
        dimension = values["dimension"]
        if "dimension" not in dialogue.data and dimensions:   # a board without dimensions has dialogues without
            c.error(values.line, 'a dialogue is missing the required key "dimension"')
            ok = False
        elif "dimension" in dialogue.data and dimensions is not None and dimension not in dimensions:
            c.error(values.line_of("dimension"), f'unknown dimension "{rules.one_line(str(dimension))}": expected one of '
                    f'{", ".join(dimensions) or "(none: this board has no dimensions)"}{did_you_mean(dimension, dimensions)}')
            ok = False
        release = values["release"]
        if is_date(release) and release not in release_ids:
            c.error(values.line_of("release"), f'release "{release}" has no releases/{release}.csv'
                    f'{did_you_mean(release, sorted(release_ids))}')
            ok = False
        values["turns"] = check_turns(c, dialogue.data, values, index)
        if ok and values.ok and values["turns"] is not None and index is not None:
            good.append((dialogue, values))
    return good


def check_turns(c: FileCheck, data, values, index):
    if "turns" not in data:
        return None
    items = c.items(data["turns"], '"turns"', values.line_of("turns"))
    if items is None:
        return None
    if not items:
        c.error(values.line_of("turns"), '"turns" must list at least one turn (a prompt and its answers)')
        return None
    turns = []
    for line, turn in items:
        checked = c.mapping(turn, "a turn", line, TURN)
        answers = check_responses(c, turn, index) if checked is not None else None
        if checked is None or not checked.ok or answers is None:
            return None
        turns.append((checked["prompt"], answers))
    return turns


def check_responses(c: FileCheck, turn, index):
    """[(model id, answer)] of a turn; None when something is wrong (reported)."""
    responses, line = turn.get("responses"), turn.line_of("responses")
    if "responses" not in turn:
        return None
    if not isinstance(responses, dict) or not responses:
        c.error(line, f'"responses" must map model ids to their answers, found {describe(responses)}')
        return None
    found, answers, ok = {}, [], True
    for name, answer in responses.items():
        answer_line = responses.line_of(name)
        if not (isinstance(answer, str) and answer.strip()):
            c.error(answer_line, f'the answer of "{rules.one_line(str(name))}" must be text (Markdown), found '
                    f"{describe(answer)}")
            ok = False
        elif rules.markdown_problem(answer):
            c.error(answer_line, f'the answer of "{rules.one_line(str(name))}" {rules.markdown_problem(answer)}')
            ok = False
        if index is None:   # models.yaml is broken: who answers cannot be known
            continue
        model_id, known = index.resolve(name)
        if not known:
            c.error(answer_line, f'unknown model "{rules.one_line(str(name))}": expected an id or alias from '
                    f"models.yaml{did_you_mean(name, index)}")
            ok = False
        elif model_id is None:
            ok = False       # a card with a fault of its own: reported there
        elif model_id in found:
            c.error(answer_line, f'a second answer of model "{model_id}" in this turn (first at line '
                    f"{found[model_id]})")
            ok = False
        else:
            found[model_id] = answer_line
            answers.append((model_id, answer))
    return answers if ok else None


# --- pages/*.md ------------------------------------------------------------------------------

def check_pages(pages, problems, langs) -> list:
    """[(page file, front matter Values)] of the pages without a fault."""
    defaults = {p.slug for p in pages if p.lang is None}
    others = langs[1:] if langs else None
    good = []
    for page in pages:
        c = FileCheck(problems, page.path, langs)
        ok = True
        if page.lang is not None and others is not None and page.lang not in others:
            c.error(None, f'translation language "{page.lang}" must be one of the site\'s other languages '
                    f'{", ".join(others) or "(none)"}; the default language goes in {page.slug}.md')
            ok = False
        if page.lang is not None and page.slug not in defaults:
            c.error(None, f"translation without its page: expected {page.slug}.md beside it")
            ok = False
        if page.meta is None:
            if page.lang is None and not page.has_front_matter:
                c.error(1, 'no front matter: a page starts with "---", title: ..., order: ..., "---"')
            continue
        values = c.mapping(page.meta, "front matter", page.meta.line if isinstance(page.meta, YMap) else 1,
                           {"title": Field(text, page.lang is None), "order": Field(number, default=0)})
        costly = rules.markdown_problem(page.body)
        if costly:
            c.error(page.body_line, f"the page {costly}")
            ok = False
        if ok and values is not None and values.ok:
            good.append((page, values))
    return good
