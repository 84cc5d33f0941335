"""Markdown to HTML: the one place where text from scores/ becomes markup.

Python-Markdown has no safe mode, so raw HTML is switched off (it shows as text), and its
output then passes an nh3 allow-list: only plain formatting tags, links only to http(s) and
mailto, and images never loaded (an image becomes a link to its address, labelled by its alt text).

Two flavours: prose (the board's own pages) and chat (prompts and model answers), where a single
line break is kept as a break, as chat interfaces show it, and fenced code is highlighted by Pygments.
Headings move down a few levels so that they sit below the page's own headings.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

import markdown
import nh3
import pygments
from markupsafe import Markup
from pygments.formatters import HtmlFormatter

TAGS = {"p", "br", "hr", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "del", "sup", "sub",
        "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "code", "pre", "span", "a", "abbr",
        "table", "thead", "tbody", "tr", "th", "td", "caption", "div"}
ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "abbr": {"title"},
              "code": {"class"}, "span": {"class"}, "div": {"class"}, "pre": {"class"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}
HIGHLIGHT_STYLE = "xcode"          # the Pygments styles whose colours all reach WCAG AA (4.5:1)


class _Downgrade(markdown.treeprocessors.Treeprocessor):
    """Headings shift down (h1 becomes h3 in prose, h4 in answers); images become links."""

    def __init__(self, md, shift: int):
        super().__init__(md)
        self.shift = shift

    def run(self, root):
        for element in root.iter():
            if element.tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                element.tag = f"h{min(6, int(element.tag[1]) + self.shift)}"
            elif element.tag == "img":
                src, alt = element.get("src", ""), element.get("alt", "")
                element.tag = "a"
                element.attrib.clear()
                element.set("href", src)
                element.text = alt or src


class _CodeFormatter(HtmlFormatter):
    """Pygments' HTML formatter, with its table of token classes made once per style instead of for
    every code block (a sixth of the time of rendering an answer with code in it)."""
    _tables: dict = {}

    def _create_stylesheet(self):
        key = (self.style, self.classprefix)
        if key not in self._tables:
            super()._create_stylesheet()
            self._tables[key] = self.ttype2class, self.class2style
        self.ttype2class, self.class2style = self._tables[key]   # only read from, never changed


def _markdown(chat: bool) -> markdown.Markdown:
    extensions = ["fenced_code", "tables", "sane_lists"]
    configs = {}
    if chat:
        extensions += ["nl2br", "codehilite"]
        configs["codehilite"] = {"css_class": "highlight", "guess_lang": False, "pygments_formatter": _CodeFormatter}
    md = markdown.Markdown(extensions=extensions, extension_configs=configs, output_format="html")
    md.preprocessors.deregister("html_block")   # raw HTML blocks stay text
    md.inlinePatterns.deregister("html")        # so do inline tags
    md.treeprocessors.register(_Downgrade(md, 3 if chat else 2), "downgrade", 0)
    return md


_PROSE, _CHAT = _markdown(chat=False), _markdown(chat=True)


def _absolute_links_only(tag: str, attribute: str, value: str):
    """nh3 lets relative URLs through; a link from untrusted text must name its scheme."""
    if attribute == "href" and not value.lower().startswith(("http://", "https://", "mailto:")):
        return None
    return value


def _render(md: markdown.Markdown, source: str) -> Markup:
    md.reset()
    return _clean(md.convert(source or ""))


# Made once: building the allow-lists was half of the time of cleaning an answer.
_CLEANER = nh3.Cleaner(tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, attribute_filter=_absolute_links_only,
                       link_rel="nofollow noopener noreferrer", strip_comments=True)


def _clean(html: str) -> Markup:
    return Markup(_CLEANER.clean(html))


def prose(source: str) -> Markup:
    """Safe HTML for the board's own Markdown pages and commentary."""
    return _cached("prose", source, _PROSE)


def chat(source: str) -> Markup:
    """Safe HTML for a prompt or a model's answer: untrusted, shown as written."""
    return _cached("chat", source, _CHAT)


# --- the cache of rendered Markdown ------------------------------------------------------------
# Rendering is the expensive step of a build, and each text is rendered once per language: results
# are kept by content hash, in memory for a build and in a JSON file between builds. Anything that
# changes the output for the same text (an edit of this module, or a library's version) changes
# RENDERER, which empties the cache.
_RULES = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]   # any edit of this module
RENDERER = f"{_RULES} markdown-{markdown.__version__} nh3-{nh3.__version__} pygments-{pygments.__version__}"
_cache: dict = {}
_used: set = set()
_clean_here: set = set()   # keys whose HTML this process rendered or sanitised itself


def _key(kind: str, source: str) -> str:
    return hashlib.sha256(f"{kind}\0{source or ''}".encode("utf-8")).hexdigest()


def cached(kind: str, source: str) -> bool:
    """Whether the cache has this text's HTML (kind "prose" or "chat")."""
    return _key(kind, source) in _cache


def _cached(kind: str, source: str, md: markdown.Markdown) -> Markup:
    key = _key(kind, source)
    _used.add(key)
    if key not in _cache:
        _cache[key] = str(_render(md, source))
    elif key not in _clean_here:
        # The file could have been edited by anyone who can write beside the output: what comes
        # from it passes the sanitiser again, once (a small fraction of the cost of rendering).
        _cache[key] = str(_clean(_cache[key]))
    _clean_here.add(key)
    return Markup(_cache[key])


def hand_over() -> dict:
    """In a worker: what it rendered or used since it last handed over, for its parent's cache."""
    handed = {key: _cache[key] for key in _used if key in _cache}
    _used.clear()
    return handed


def remember(rendered: dict) -> None:
    """Take in what a worker (forked from this process) rendered or sanitised, so that the cache
    file keeps it."""
    _cache.update(rendered)
    _used.update(rendered)
    _clean_here.update(rendered)


def adopt(rendered: dict) -> None:
    """Take in what a helper forked from this process rendered ahead (ahead.py): sanitised like this
    process's own, but kept in the cache file only if a page uses it."""
    _cache.update(rendered)
    _clean_here.update(rendered)


def load_cache(path: Path) -> None:
    """Start a build with the results kept by the previous one (if made by this same renderer)."""
    _cache.clear()
    _used.clear()
    _clean_here.clear()
    try:
        stored = json.loads(path.read_text("utf-8"))
    except (OSError, ValueError, RecursionError):   # unreadable, not JSON, or nested beyond reason
        return
    if isinstance(stored, dict) and stored.get("renderer") == RENDERER and isinstance(stored.get("html"), dict):
        _cache.update((k, v) for k, v in stored["html"].items() if isinstance(k, str) and isinstance(v, str))


def save_cache(path: Path) -> None:
    """Keep what this build used (so the file never grows beyond one site's texts). Raises OSError
    when the file cannot be written; the caller treats that as a warning (the site is built)."""
    kept = {key: _cache[key] for key in sorted(_used) if key in _cache}
    handle, spare = tempfile.mkstemp(prefix=path.name, suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump({"renderer": RENDERER, "html": kept}, out, ensure_ascii=False)
        os.replace(spare, path)
    finally:
        if os.path.exists(spare):
            os.unlink(spare)


HIGHLIGHT_STYLE_DARK = "lightbulb"  # on the site's code backgrounds, light and dark


def highlight_css() -> str:
    """The Pygments colours for highlighted code, scoped to .highlight, with a dark variant that
    follows the same rule as the site's dark mode."""
    light = HtmlFormatter(style=HIGHLIGHT_STYLE).get_style_defs(".highlight")
    dark = HtmlFormatter(style=HIGHLIGHT_STYLE_DARK)
    return (f"{light}\n{dark.get_style_defs(':root[data-theme=dark] .highlight')}\n"
            f"@media (prefers-color-scheme: dark) {{\n"
            f"{dark.get_style_defs(':root:not([data-theme=light]) .highlight')}\n}}\n")
