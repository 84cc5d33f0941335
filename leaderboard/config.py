"""Load stage: find and read the files of scores/ (site.yaml, each board's YAML, CSV, JSON lines
and pages).

Nothing is checked here beyond "can it be read"; validate.py checks what was read.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from . import dialogues, jsonl, prose, rules, scores, sources, yamlfile
from .problems import Problems


@dataclass
class BoardFiles:
    id: str
    folder: Path
    board: object            # parsed board.yaml (YMap), or None
    models: object           # parsed models.yaml (YList), or None
    releases: list           # scores.ReleaseFile, sorted by file name
    pages: list              # prose.PageFile, sorted by file name
    dialogues: list          # dialogues.DialogueFile, sorted by file name
    judgments: list          # jsonl.LinesFile, sorted by file name
    battles: list            # jsonl.LinesFile, sorted by file name


@dataclass
class Inputs:
    scores_dir: Path
    site: object             # parsed site.yaml (YMap), or None
    boards: list = field(default_factory=list)   # BoardFiles, in folder-name order
    stray_folders: list = field(default_factory=list)
    unlisted: list = field(default_factory=list)  # board folders site.yaml does not list (not read: not published)


def load(scores_dir: Path, problems: Problems) -> Inputs:
    site_path = scores_dir / "site.yaml"
    if not site_path.is_file():
        problems.error(site_path, None, "missing: every scores folder needs a site.yaml (title, languages, boards)")
        return Inputs(scores_dir, None)
    inputs = Inputs(scores_dir, yamlfile.load(site_path, problems, scores_dir))
    listed = listed_boards(inputs.site)
    for folder in sorted(p for p in scores_dir.iterdir() if p.is_dir() and not p.name.startswith(".")):
        refused = sources.problem(folder, scores_dir) if folder.is_symlink() else None
        if refused:   # a board folder linked in from elsewhere
            problems.error(folder, None, refused)
        elif not (folder / "board.yaml").exists():
            inputs.stray_folders.append(folder)
        elif listed is None or folder.name in listed:
            inputs.boards.append(load_board(folder, problems, scores_dir))
        else:
            inputs.unlisted.append(folder)
    return inputs


def listed_boards(site):
    """The board folders site.yaml lists under names a board may have, or None when it cannot be read
    (then every board folder is read, so that its problems are found all the same)."""
    boards = site.get("boards") if isinstance(site, dict) else None
    if not isinstance(boards, list):
        return None
    languages = site.get("languages") if isinstance(site.get("languages"), list) else []
    return {b for b in boards if isinstance(b, str) and rules.BOARD_ID.match(b)
            and b not in rules.RESERVED_BOARD_IDS and b not in languages}


def load_board(folder: Path, problems: Problems, root: Path) -> BoardFiles:
    models_path = folder / "models.yaml"
    models = yamlfile.load(models_path, problems, root) if os.path.lexists(models_path) else None
    if not os.path.lexists(models_path):
        problems.error(models_path, None, "missing: every board needs a models.yaml listing its models")
    return BoardFiles(
        id=folder.name,
        folder=folder,
        board=yamlfile.load(folder / "board.yaml", problems, root),
        models=models,
        releases=scores.load_releases(folder / "releases", problems, root),
        pages=prose.load_pages(folder / "pages", problems, root),
        dialogues=dialogues.load_dialogues(folder / "dialogues", problems, root),
        judgments=jsonl.load_judgments(folder / "judgments", problems, root),
        battles=jsonl.load_battles(folder / "battles", problems, root),
    )
