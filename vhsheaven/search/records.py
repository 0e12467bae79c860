"""Review → the record Pagefind indexes: the words a reader may search for, never a spoiler.

Made from what the build holds in memory (the review's metadata and its converted body), not
from pages read back from the output folder.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from vhsheaven.load.settings import SiteConfig
from vhsheaven.model.site import TAXONOMIES, Review

# A spoiler block becomes <details class="spoiler">; raw HTML may hold <details> too. Either
# hides its text until the reader asks, so none of it is indexed: an excerpt would show it.
DETAILS = re.compile(r"<(/?)details\b[^>]*>", re.IGNORECASE)
TAG = re.compile(r"<[^>]*>")
BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|pre|dd|dt|td|th|figcaption)>", re.IGNORECASE)
# The taxonomies a search can be narrowed by, each filter named by its singular.
FILTERS = ("genres", "decades", "directors", "authors")
# Reviews without a date sort after every dated one when sorting newest first.
UNDATED = "0"


@dataclass(frozen=True, slots=True)
class Record:
    """One review as Pagefind indexes it: text, shown fields, filters and sort keys."""

    # Site-relative, as review.url: the search page puts the site's address in front.
    url: str
    content: str
    meta: tuple[tuple[str, str], ...]
    filters: tuple[tuple[str, tuple[str, ...]], ...]
    sort: tuple[tuple[str, str], ...]


def without_details(fragment: str) -> str:
    """HTML with every <details> element (spoilers, nested or not) cut out, contents and all."""
    kept: list[str] = []
    depth, start = 0, 0
    for match in DETAILS.finditer(fragment):
        closing = match.group(1) == "/"
        if depth == 0 and not closing:
            kept.append(fragment[start : match.start()])
        depth = max(0, depth - 1) if closing else depth + 1
        if depth == 0:
            start = match.end()
    if depth == 0:
        kept.append(fragment[start:])
    return "".join(kept)


def text_of(fragment: str) -> str:
    """The words of an HTML fragment without spoilers, a space between blocks."""
    spaced = BLOCK_END.sub(lambda m: m.group(0) + " ", without_details(fragment))
    return " ".join(html.unescape(TAG.sub(" ", spaced)).split())


def review_record(review: Review, config: SiteConfig) -> Record:
    """The record of one review: title, original title, directors, cast, then body text."""
    meta = review.meta
    # A draft built with --drafts may have no year or rating yet.
    lines = [f"{meta.title} ({meta.year})." if meta.year is not None else f"{meta.title}."]
    if meta.original_title:
        lines.append(f"{meta.original_title}.")
    if meta.directors:
        lines.append(f"Directed by {', '.join(meta.directors)}.")
    if meta.cast:
        lines.append(f"With {', '.join(meta.cast)}.")
    lines.append(text_of(review.body_html))
    if review.verdict_html:
        lines.append(text_of(review.verdict_html))
    shown = {
        "title": meta.title,
        "year": "" if meta.year is None else str(meta.year),
        "rating": review.rating_text,
        "fill": f"{(meta.rating or 0) / config.rating_scale * 100:.1f}",
        "minutes": str(review.reading_minutes),
        "author": meta.author,
    }
    filters = tuple(
        (kind.singular.lower(), tuple(kind.names(review)))
        for kind in TAXONOMIES
        if kind.name in FILTERS
    )
    date = review.published.strftime("%Y%m%d%H%M") if review.published else UNDATED
    known = (("rating", meta.rating), ("year", meta.year))
    sort = (*((key, f"{value:g}") for key, value in known if value is not None), ("date", date))
    return Record(review.url, " ".join(lines), tuple(shown.items()), filters, sort)
