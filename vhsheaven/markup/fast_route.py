"""A review-shaped document straight to the HTML stock Python-Markdown makes of it, or None to
have the stock converter (with the quick passes) do it.

A typical review is paragraphs, `##` headings, a quote, a list or a spoiler, and spans of
emphasis and links, with quotes and dashes for typography. For such a document the stock
pipeline's output is knowable without building and walking an element tree: fast_blocks.py
reads the blocks as the block parser does, fast_spans.py the spans as the inline pass, smarty
and the serializer leave them, and this module adds what the tree processors do (heading levels
shifted under the title, heading ids as the toc extension makes them) and joins the blocks as
the prettifier and the serializer lay them out. A document holding anything outside that (raw
HTML, entities, code, escapes, tables, footnotes, definitions, abbreviations, attribute lists,
fences, line breaks, images, reference links) is handed back at once, by a look for the strings
that syntax needs; any other block or span the readers are not sure of (trailers among them),
on the way.

The route is only taken by a converter whose processors are the ones it stands in for (listed
below by registered name), so a new extension switches it off rather than being skipped.
tests/unit/test_fast_route.py checks the output against stock Python-Markdown.
"""

from __future__ import annotations

import html
import inspect
import re
from dataclasses import dataclass

import markdown
from markdown.extensions.toc import strip_tags, unique

from vhsheaven.markup.body import Heading, shifted_levels
from vhsheaven.markup.fast_blocks import Block, BlockReader, Unusual
from vhsheaven.markup.fast_spans import Spans
from vhsheaven.markup.rating_line import MARKER_HTML

# Strings one of which a document holds if it uses syntax the route does not take (after the
# whitespace is normalised): raw HTML and autolinks, escapes, code, tables, attribute lists,
# fences, footnotes, definitions of references, images, and the characters Python-Markdown
# keeps for its placeholders. (Line breaks are refused by fast_spans.py, abbreviations'
# definitions by fast_blocks.py.)
REFUSED = ("<", "\\", "`", "|", "{", "~~~", "[^", "]:", "![", "\x02", "\x03")
# An "&" that may start an entity, which the raw-HTML pass may complete with a ";" (one followed
# by whitespace is text to it, and to the entity pattern, and the serializer writes "&amp;").
AMPERSAND = re.compile(r"&(?!\s)")
UNIQUE_COUNTS = "counters" in inspect.signature(unique).parameters
HEADINGS = frozenset(f"h{level}" for level in range(1, 7))
TEXT_HOLDERS = frozenset({"p", "li"})
EMPTY_LINES = re.compile(r"(?<=\n) +\n")
# Every processor a converter the route stands in for may have, by registered name.
KNOWN = {
    "preprocessors": {
        *("normalize_whitespace", "fenced_code_block", "html_block"),
        *("document_text", "document_needs", "see_toc_marker", "see_tags"),
    },
    "blockprocessors": {
        *("empty", "indent", "code", "hashheader", "setextheader", "hr", "olist", "ulist"),
        *("quote", "reference", "paragraph", "table", "deflist", "defindent", "footnote"),
        *("abbr", "markdown_block", "spoiler", "trailer", "rating_line"),
    },
    "inlinePatterns": {
        *("backtick", "escape", "reference", "link", "image_link", "image_reference"),
        *("short_reference", "short_image_ref", "autolink", "automail", "linebreak", "html"),
        *("entity", "em_strong", "footnote"),
    },
    "treeprocessors": {
        *("inline", "prettify", "unescape", "footnote", "footnote-duplicate", "attr_list"),
        *("abbr", "toc", "typography", "heading_shift", "table_scroll", "safe_urls"),
    },
    "postprocessors": {"raw_html", "amp_substitute", "footnote", "safe_raw_html"},
}


@dataclass(frozen=True, slots=True)
class FastBody:
    """What the route makes of a document: its HTML and its headings, as convert() has them."""

    html: str
    headings: tuple[Heading, ...]


class FastRoute:
    """The route for one configured converter (whose patterns and settings it reads)."""

    def __init__(self, md: markdown.Markdown, rating_line: bool) -> None:
        registries = {**vars(md), "blockprocessors": md.parser.blockprocessors}
        # Every processor registered is one of the known (names are unique in a registry).
        self.spans = Spans(md.inlinePatterns["em_strong"])
        self.usable = self.spans.usable and all(
            sum(name in registries[kind] for name in names) == len(registries[kind])
            for kind, names in KNOWN.items()
        )
        self.tab_length = md.tab_length
        self.reader = BlockReader(md.parser.blockprocessors, rating_line)
        toc = md.treeprocessors["toc"]
        self.slugify, self.separator = toc.slugify, toc.sep  # type: ignore[attr-defined]

    def convert(self, text: str) -> FastBody | None:
        """The document's HTML and headings as stock makes them, or None (for stock to make)."""
        if not self.usable:
            return None
        source = _normalised(text, self.tab_length)
        if any(refused in source for refused in REFUSED):
            return None
        if "&" in source and AMPERSAND.search(source):
            return None
        try:
            blocks = self.reader.read(source)
        except Unusual:
            return None
        headings = [block for block in _walk(blocks) if block.tag in HEADINGS]
        names = [self.spans.html(heading.text) for heading in headings]
        levels = shifted_levels([int(heading.tag[1]) for heading in headings])
        used: set[str] = set()
        counters: dict[str, int] = {}
        found, opening = [], {}
        for heading, inner, level in zip(headings, names, levels, strict=True):
            if inner is None:
                return None
            name = strip_tags(inner)
            slug = self.slugify(html.unescape(name), self.separator)
            # As the toc extension calls it (with its cache of suffixes where it has one).
            slug = unique(slug, used, counters) if UNIQUE_COUNTS else unique(slug, used)
            found.append(Heading(level, slug, html.unescape(name)))
            opening[id(heading)] = (f'<h{level} id="{slug}">', inner, f"</h{level}>")
        parts: list[str] = []
        if not self._html(blocks, opening, parts):
            return None
        return FastBody("".join(parts), tuple(found))

    def _html(
        self, blocks: list[Block], headings: dict[int, tuple[str, str, str]], out: list[str]
    ) -> bool:
        """Appends the blocks' HTML to `out`, one a line, as the prettifier lays them out;
        False for a span it cannot make."""
        for index, block in enumerate(blocks):
            if index:
                out.append("\n")
            tag = block.tag
            if tag == "marker":
                out.append(MARKER_HTML)
            elif tag in HEADINGS:
                out.extend(headings[id(block)])
            elif tag in TEXT_HOLDERS:
                inner = self.spans.html(block.text)
                if inner is None:
                    return False
                out.append(f"<{tag}>{inner}</{tag}>")
            else:
                if tag == "details":
                    summary = self.spans.html(block.text)
                    if summary is None:
                        return False
                    out.append(f'<details class="spoiler">\n<summary>{summary}</summary>')
                    if block.children:
                        out.append("\n")
                else:
                    out.append(f"<{tag}>\n")
                if not self._html(block.children, headings, out):
                    return False
                out.append(f"\n</{tag}>")
        return True


def _normalised(text: str, tab_length: int) -> str:
    """NormalizeWhitespace's text (without removing STX and ETX, which REFUSED refuses)."""
    source = text.replace("\r\n", "\n").replace("\r", "\n") + "\n\n"
    if "\t" in source:
        source = source.expandtabs(tab_length)
    return EMPTY_LINES.sub("\n", source) if " \n" in source else source


def _walk(blocks: list[Block]) -> list[Block]:
    """Every block, in document order."""
    found: list[Block] = []
    for block in blocks:
        found.append(block)
        found.extend(_walk(block.children))
    return found
