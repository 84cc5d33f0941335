"""Load stage for prose: pages/<slug>.md (default language) and pages/<slug>.<lang>.md."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import sources, yamlfile
from .problems import Problems

_NAME = re.compile(r"^(?P<slug>[a-z0-9][a-z0-9_-]*)(?:\.(?P<lang>[a-z]{2,3}(?:-[A-Za-z]{2,4})?))?\.md\Z")


@dataclass
class PageFile:
    path: Path
    slug: str
    lang: str | None     # None: the site's default language
    meta: object         # front matter (YMap), or None when absent or unreadable
    body: str
    body_line: int       # line of the file where the body starts
    has_front_matter: bool = False   # a --- block was there (even if it could not be read)


def load_pages(folder: Path, problems: Problems, root: Path) -> list:
    if not folder.is_dir():
        return []
    pages = []
    for path in sorted(p for p in folder.iterdir() if not sources.editor_lock(p)):
        match = _NAME.match(path.name)
        if not match:
            problems.warn(path, None, "ignored: page files are named <slug>.md or <slug>.<lang>.md "
                          "(slug of lowercase letters, digits, - and _)")
            continue
        text = yamlfile.read_text(path, problems, root)
        if text is not None:
            meta, body, body_line = split_front_matter(text, path, problems)
            pages.append(PageFile(path, match["slug"], match["lang"], meta, body, body_line,
                                  text.lstrip("\ufeff").startswith("---")))
    return pages


def split_front_matter(text: str, path, problems: Problems):
    """(front matter, body, body's first line) of a Markdown file with an optional --- block."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return None, text, 1
    for end in range(1, len(lines)):
        if lines[end].strip() in ("---", "..."):
            before = problems.counts()[0]
            meta = yamlfile.parse("".join(lines[1:end]), path, problems, line_offset=1)
            if meta is None and problems.counts()[0] == before:   # an empty block: its keys are missing
                meta = yamlfile.parse("{}", path, problems, line_offset=1)
            return meta, "".join(lines[end + 1:]), end + 2
    problems.error(path, 1, 'front matter opened with "---" is never closed: expected a second "---" line')
    return None, text, 1
