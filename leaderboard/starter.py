"""`build.py new <board> --kind <kind>`: start a board from the made-up example of that kind in
examples/, and list it in site.yaml (made if there is none)."""
from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

from . import metrics, rules, yamlfile
from .problems import Problems

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
NEW_SITE = "title: {zh: 排行榜, en: Leaderboards}\nlanguages: [zh, en]\nboards: []\n"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="build.py new", description="Start a board from a small working example of "
                                "its kind, in the scores folder, and list it in site.yaml.")
    p.add_argument("board", help="the new board's id: its folder name and URL (lowercase letters, digits, - and _)")
    p.add_argument("--kind", required=True, choices=sorted(metrics.KINDS), help="what the ranking score is")
    p.add_argument("--scores", type=Path, default=Path("scores"), metavar="DIR", help="the scores folder (default: scores)")
    return p


def main(argv) -> int:
    args = parser().parse_args(argv)
    if not rules.BOARD_ID.match(args.board) or args.board in rules.RESERVED_BOARD_IDS:
        return fail(f'"{rules.one_line(args.board)}" cannot be a board id: use lowercase letters, digits, - and _ '
                    f"(not {', '.join(sorted(rules.RESERVED_BOARD_IDS))})")
    example = EXAMPLES / args.kind.replace("_", "-") / args.kind.replace("_", "-")
    folder = args.scores / args.board
    if not example.is_dir():
        return fail(f"no example board for the kind {args.kind} in {example}")
    if folder.exists():
        return fail(f"{folder} exists already: choose another board id")
    site = args.scores / "site.yaml"
    try:
        text = site.read_text("utf-8") if site.exists() else NEW_SITE
        updated = listed(text, args.board, site)
        shutil.copytree(example, folder)
        site.write_text(updated, "utf-8")
    except (OSError, ValueError) as exc:
        return fail(str(exc))
    print(f"wrote {folder}/ (a board of the {args.kind} kind, with made-up data to replace) and listed it in {site}; "
          f"build with: python3 build.py --scores {args.scores}", file=sys.stderr)
    return 0


def listed(text: str, board: str, path) -> str:
    """site.yaml's text with the board added to "boards", its layout and comments kept."""
    problems = Problems()
    site = yamlfile.parse(text, path, problems)
    if problems.items or not isinstance(site, dict) or not isinstance(site.get("boards"), list):
        raise ValueError(f'{path}: cannot add the board: site.yaml must be a mapping with a list "boards" '
                         "(run python3 build.py --check to see what is wrong)")
    lines = text.splitlines(keepends=True)
    at = site.line_of("boards") - 1
    flow = re.match(r"^(\s*boards\s*:\s*\[)(.*?)(\]\s*(#.*)?)$", lines[at].rstrip("\n"))
    if flow:
        items = flow[2].strip()
        lines[at] = f"{flow[1]}{items + ', ' if items else ''}{board}{flow[3]}\n"
    else:
        last = max(site["boards"].lines) - 1
        indent = re.match(r"^(\s*)", lines[last])[1]
        lines.insert(last + 1, f"{indent}- {board}\n")
    result = "".join(lines)
    again = yamlfile.parse(result, path, problems)
    if problems.items or again.get("boards") != [*site["boards"], board]:   # a layout this edit does not know
        raise ValueError(f'{path}: add "{board}" to its "boards" list by hand')
    return result


def fail(message: str) -> int:
    print(f"build.py new: {message}", file=sys.stderr)
    return 2
