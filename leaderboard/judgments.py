"""Load stage for question-level judgments: judgments/<release>.jsonl, one JSON object per line.
The files are only found here; validation reads them (verdict_table.py takes a well-formed file
whole, and `exact_lines` reads one line by line, reporting each line that is not a JSON object)."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from . import sources, yamlfile
from .problems import Problems


@dataclass
class JudgmentFile:
    path: Path
    release: str     # the file name without .jsonl: the release it belongs to
    root: Path       # the scores folder, which the file must stay inside

    def exact_lines(self, problems: Problems) -> tuple:
        """([(line number, parsed JSON value)] of the lines that parse and are not blank, how many
        lines do not parse (each reported): with any, the counts of any model may be short)."""
        text = yamlfile.read_text(self.path, problems, self.root)
        if text is None:
            return [], 1
        before = problems.counts()[0]
        lines = list(parse_lines(text, self.path, problems))
        return lines, problems.counts()[0] - before


def load_judgments(folder: Path, problems: Problems, root: Path) -> list:
    if not folder.is_dir():
        return []
    files = []
    for path in sorted(p for p in folder.iterdir() if not sources.editor_lock(p)):
        if path.suffix != ".jsonl":
            problems.warn(path, None, "ignored: judgment files are <YYYY-MM-DD>.jsonl")
            continue
        refused = sources.problem(path, root)
        if refused:
            problems.error(path, None, refused)
        else:
            files.append(JudgmentFile(path, path.stem, root))
    return files


SURROGATE = re.compile("[\ud800-\udfff]")


def unpaired(value) -> bool:
    """Whether a parsed line holds half a surrogate pair (in a key or a text)."""
    items = value.items() if isinstance(value, dict) else [(None, value)]
    return any(isinstance(x, str) and SURROGATE.search(x) for pair in items for x in pair)


EXAMPLE = '{"model": "m", "question_id": "q1", "dimension": "d", "turn": 1, "verdict": "win"}'


class DuplicateKey(ValueError):
    pass


def no_duplicate_keys(pairs):
    keys = [key for key, _ in pairs]
    for key in keys:
        if keys.count(key) > 1:
            raise DuplicateKey(f'key "{key}" appears twice in one object: give each key once')
    return dict(pairs)


def parse_lines(text: str, path: Path, problems: Problems):
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
                           f"{EXAMPLE})", exc.colno)
        except DuplicateKey as exc:
            problems.error(path, number, str(exc))
        except (ValueError, RecursionError):   # nested past Python's limit, or an integer of thousands of digits
            problems.error(path, number, f"not a JSON line this tool can read (nested too deeply, or a number too "
                           f"long): each line is one flat object such as {EXAMPLE}")
