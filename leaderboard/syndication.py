"""What other sites and readers take from a board: an Atom feed of its releases and an SVG badge per
model ("#3 · 35.12" on the board), in each language. Like the pages, neither carries the characters
pages never show (rules.UNSHOWN; a control character would also make the XML unreadable)."""
from __future__ import annotations

import uuid
from xml.sax.saxutils import escape

from . import rules

NAMESPACE = uuid.UUID("6f1c3a52-0d5e-4c59-9a5e-2f0b7c1d8e44")   # fixed: entry ids never change


def urn(*parts: str) -> str:
    return f"urn:uuid:{uuid.uuid5(NAMESPACE, '/'.join(parts))}"


def feed(site, board, lang: str, t: dict) -> bytes:
    """An Atom feed of the board's releases, newest first. Links are relative to the feed (Atom
    resolves them against its own address), absolute when the site's address is known."""
    base = (site.base_url + site.prefix(lang) + f"{board.id}/") if site.base_url else ""
    entries = []
    for release in reversed(board.releases):
        leader = next((e for e in release.entries if e.rank == 1), None)
        summary = [release.note[lang]] if release.note else []
        if leader:
            summary.append(f"#1 {leader.model.name[lang]} ({rules.rounded(leader.overall.value, board.metric.decimals)})")
        entries.append(
            f"<entry><title>{escape(board.title[lang])} · {escape(release.id)}</title>"
            f"<id>{urn(board.id, release.id, lang)}</id><updated>{release.day}T00:00:00Z</updated>"
            f'<link href="{escape(base + release.id)}/"/>'
            f"<summary>{escape(t['sentence_sep'].join(summary))}</summary></entry>\n")
    text = ('<?xml version="1.0" encoding="utf-8"?>\n'
            f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{escape(t["html_lang"])}">\n'
            f"<title>{escape(board.title[lang])}</title>\n<id>{urn(board.id, lang)}</id>\n"
            f"<updated>{board.latest.day}T00:00:00Z</updated>\n<author><name>{escape(site.title[lang])}</name></author>\n"
            f'<link rel="self" href="{escape(base)}feed.xml"/>\n<link href="{escape(base) or "./"}"/>\n'
            + "".join(entries) + "</feed>\n")
    return shown(text)


def shown(text: str) -> bytes:
    return rules.UNSHOWN.sub("", text).encode("utf-8")


def text_width(text: str) -> int:
    """Roughly how wide text is at 11 px: CJK characters are square, Latin ones about 0.6 as wide."""
    return round(sum(11 if ord(c) > 0x2E80 else 6.6 for c in text))


def badge(board, entry, lang: str, t: dict) -> bytes:
    """A shields-style badge: the board's title, then the model's rank (or "not ranked") and score."""
    label = rules.UNSHOWN.sub("", board.title[lang])
    rank = f"#{entry.rank}" if entry.rank is not None else t["unranked_short"]
    value = f"{rank} · {rules.rounded(entry.overall.value, board.metric.decimals)}"
    left, right = text_width(label) + 12, text_width(value) + 12
    said = escape(f"{entry.model.name[lang]}: {label} {value}", {'"': "&quot;"})
    return shown(f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + right}" height="20" role="img" aria-label="{said}">'
                 f"<title>{said}</title>"
                 f'<rect width="{left}" height="20" fill="#555"/><rect x="{left}" width="{right}" height="20" fill="#1f5fbf"/>'
                 '<g fill="#fff" font-family="Verdana,\'DejaVu Sans\',\'PingFang SC\',\'Microsoft YaHei\',\'Noto Sans CJK SC\','
                 'sans-serif" font-size="11" text-anchor="middle">'
                 f'<text x="{left / 2}" y="14">{escape(label)}</text><text x="{left + right / 2}" y="14">{escape(value)}</text>'
                 "</g></svg>\n")


def files(site, board, strings: dict) -> dict:
    """{path: bytes} of the board's feed and badges, in every language."""
    found = {}
    for lang in site.languages:
        prefix, t = site.prefix(lang) + board.id, strings[lang]
        found[f"{prefix}/feed.xml"] = feed(site, board, lang, t)
        for entry in board.latest.entries:
            found[f"{prefix}/badges/{entry.model.id}.svg"] = badge(board, entry, lang, t)
    return found
