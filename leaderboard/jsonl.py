"""Load stage for JSON-lines inputs, one JSON object per line, named after their release:
judgments/<release>.jsonl (question-level verdicts) and battles/<release>.jsonl (pairwise battles).
The files are only found here; validation reads them (fastjson.py takes a well-formed file whole,
and `exact_lines` reads one line by line, reporting each line that is not a JSON object)."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from . import sources, yamlfile
from .problems import Problems


@dataclass
class LinesFile:
    path: Path
    release: str     # the file name without .jsonl: the release it belongs to
    root: Path       # the scores folder, which the file must stay inside
    example: str     # a line as it should be, for messages

    def exact_lines(self, problems: Problems) -> tuple:
        """([(line number, parsed JSON value)] of the lines that parse and are not blank, how many
        lines do not parse (each reported): with any, the counts of any model may be short)."""
        text = yamlfile.read_text(self.path, problems, self.root)
        if text is None:
            return [], 1
        before = problems.counts()[0]
        lines = list(parse_lines(text, self.path, problems, self.example))
        return lines, problems.counts()[0] - before


JUDGMENT = '{"model": "m", "question_id": "q1", "dimension": "d", "turn": 1, "verdict": "win"}'
BATTLE = '{"model_a": "m1", "model_b": "m2", "winner": "a"}'


def load_judgments(folder: Path, problems: Problems, root: Path) -> list:
    return load_lines(folder, problems, root, "judgment", JUDGMENT)


def load_battles(folder: Path, problems: Problems, root: Path) -> list:
    return load_lines(folder, problems, root, "battle", BATTLE)


def load_lines(folder: Path, problems: Problems, root: Path, what: str, example: str) -> list:
    if not folder.is_dir():
        return []
    files = []
    for path in sorted(p for p in folder.iterdir() if not sources.editor_lock(p)):
        if path.suffix != ".jsonl":
            problems.warn(path, None, f"ignored: {what} files are <YYYY-MM-DD>.jsonl")
            continue
        refused = sources.problem(path, root)
        if refused:
            problems.error(path, None, refused)
        else:
            files.append(LinesFile(path, path.stem, root, example))
    return files


SURROGATE = re.compile("[\ud800-\udfff]")


def unpaired(value) -> bool:
    """Whether a parsed line holds half a surrogate pair (in a key or a text)."""
    items = value.items() if isinstance(value, dict) else [(None, value)]
    return any(isinstance(x, str) and SURROGATE.search(x) for pair in items for x in pair)


class DuplicateKey(ValueError):
    pass


def no_duplicate_keys(pairs):
    keys = [key for key, _ in pairs]
    for key in keys:
        if keys.count(key) > 1:
            raise DuplicateKey(f'key "{key}" appears twice in one object: give each key once')
    return dict(pairs)


def parse_lines(text: str, path: Path, problems: Problems, example: str):
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line, object_pairs_hook=no_duplicate_keys)
            if "\\u" in line and unpaired(value):   # "\ud800" reads, but is no text a page can hold
                problems.error(path, number, "text with an unpaired surrogate (such as \\ud800): not Unicode text")
                continue
            yield number, value
        except json.JSONDecodeError as exc:
            problems.error(path, number, f"not a JSON object: {exc.msg} (each line is one object such as "
                           f"{example})", exc.colno)
        except DuplicateKey as exc:
            problems.error(path, number, str(exc))
        except (ValueError, RecursionError):   # nested past Python's limit, or an integer of thousands of digits
            problems.error(path, number, f"not a JSON line this tool can read (nested too deeply, or a number too "
                           f"long): each line is one flat object such as {example}")
