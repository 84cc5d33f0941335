"""Markdown to HTML: the one place where text from scores/ becomes markup.

Python-Markdown has no safe mode, so raw HTML is switched off (it shows as text), and its
output then passes an nh3 allow-list: only plain formatting tags, links only to http(s) and
mailto, and images never loaded (an image becomes a link to its address, labelled by its alt text).
"""
from __future__ import annotations

import markdown
import nh3
from markupsafe import Markup

TAGS = {"p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "del", "sup", "sub",
        "blockquote", "ul", "ol", "li", "dl", "dt", "dd", "code", "pre", "span", "a", "abbr",
        "table", "thead", "tbody", "tr", "th", "td", "caption", "div"}
ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "abbr": {"title"},
              "code": {"class"}, "span": {"class"}, "div": {"class"}, "pre": {"class"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto"}


def _markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["fenced_code", "tables", "sane_lists"], output_format="html")
    md.preprocessors.deregister("html_block")   # raw HTML blocks stay text
    md.inlinePatterns.deregister("html")        # so do inline tags
    md.treeprocessors.register(_ImagesAsLinks(md), "images_as_links", 0)
    return md


class _ImagesAsLinks(markdown.treeprocessors.Treeprocessor):
    """An image becomes a link labelled by its alt text: nothing loads by itself."""

    def run(self, root):
        for img in list(root.iter("img")):
            src, alt = img.get("src", ""), img.get("alt", "")
            img.tag = "a"
            img.attrib.clear()
            img.set("href", src)
            img.text = alt or src


_MD = _markdown()


def render(source: str) -> Markup:
    """Safe HTML for Markdown text from an untrusted source."""
    _MD.reset()
    html = _MD.convert(source or "")
    clean = nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                      link_rel="nofollow noopener noreferrer", strip_comments=True)
    return Markup(clean)
