"""Load stage for example dialogues: dialogues/<id>.yaml (checked in validate.py)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import sources, yamlfile
from .problems import Problems


@dataclass
class DialogueFile:
    path: Path
    id: str          # the file name without .yaml: the dialogue's URL slug
    data: object     # parsed YAML (YMap), or None when unreadable


def load_dialogues(folder: Path, problems: Problems, root: Path) -> list:
    if not folder.is_dir():
        return []
    files = []
    for path in sorted(p for p in folder.iterdir() if not sources.editor_lock(p)):
        if path.suffix not in (".yaml", ".yml"):
            problems.warn(path, None, "ignored: dialogue files end in .yaml")
            continue
        files.append(DialogueFile(path, path.stem, yamlfile.load(path, problems, root)))
    return files
