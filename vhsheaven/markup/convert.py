"""Markdown → HTML with our extensions (spoilers, heading levels, the raw-HTML policy); a pure
(str, raw-HTML mode) → Body function."""

from __future__ import annotations

import html
import xml.etree.ElementTree as etree
from functools import lru_cache
from typing import Any

import markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from vhsheaven.load.settings import RAW_HTML_MODES, RawHtml
from vhsheaven.markup.body import (
    SPOILER_CLOSE,
    SPOILER_OPEN,
    Body,
    Heading,
    count_words,
    first_paragraph,
)
from vhsheaven.markup.limits import TooComplex, check_limits
from vhsheaven.markup.quick_block import QuickBlockExtension
from vhsheaven.markup.quick_inline import QuickInlineExtension
from vhsheaven.markup.quick_passes import QuickPassesExtension
from vhsheaven.markup.quick_toc import QuickTocExtension
from vhsheaven.markup.raw_html import RawHtmlExtension
from vhsheaven.markup.typography import TypographyExtension


class SpoilerProcessor(BlockProcessor):
    """`::: spoiler LABEL` … `:::` becomes a closed <details> that opens without JavaScript."""

    def test(self, parent: etree.Element, block: str) -> bool:
        return SPOILER_OPEN.match(block.split("\n", 1)[0]) is not None

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        first = blocks.pop(0)
        head, _, rest = first.partition("\n")
        match = SPOILER_OPEN.match(head)
        assert match is not None  # test() matched this line
        inner = _take_until_close(rest, blocks)
        details = etree.SubElement(parent, "details", {"class": "spoiler"})
        summary = etree.SubElement(details, "summary")
        label = match.group("label").strip()
        summary.text = f"Spoiler: {label}" if label else "Spoiler"
        self.parser.parseBlocks(details, inner)
        return True


def _take_until_close(rest: str, blocks: list[str]) -> list[str]:
    """Collect the spoiler's blocks up to the closing `:::`; what follows it goes back."""
    inner: list[str] = []
    current: str | None = rest
    while current is not None:
        close = SPOILER_CLOSE.search(current)
        if close is not None:
            inner.append(current[: close.start()].rstrip("\n"))
            after = current[close.end() :].strip("\n")
            if after:
                blocks.insert(0, after)
            break
        inner.append(current)
        current = blocks.pop(0) if blocks else None
    return [block for block in inner if block.strip()]


HEADING_TAGS = frozenset(f"h{level}" for level in range(1, 7))


class HeadingShift(Treeprocessor):
    """Keep the body's outline valid under the title's h1: `#` becomes h2, no level is skipped."""

    def run(self, root: etree.Element) -> None:
        headings = [el for el in root.iter() if el.tag in HEADING_TAGS]
        shift = 1 if any(el.tag == "h1" for el in headings) else 0
        previous = 1
        for el in headings:
            level = min(int(el.tag[1]) + shift, previous + 1, 6)
            el.tag = f"h{max(level, 2)}"
            previous = max(level, 2)


class ReviewExtension(Extension):
    """Registers the spoiler block and the heading shift."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.parser.blockprocessors.register(SpoilerProcessor(md.parser), "spoiler", 105)
        md.treeprocessors.register(HeadingShift(md), "heading_shift", 6)


EXTENSIONS: tuple[Any, ...] = (
    "extra",
    "toc",
    TypographyExtension(),
    ReviewExtension(),
    QuickInlineExtension(),
    QuickBlockExtension(),  # after "extra", whose block processors it wraps
    QuickTocExtension(),  # after "toc"
    QuickPassesExtension(),  # after "extra"
)


@lru_cache(maxsize=len(RAW_HTML_MODES))
def _converter(raw_html: RawHtml) -> markdown.Markdown:
    """One configured Markdown instance per raw-HTML mode and process, reset between
    documents."""
    extensions = [*EXTENSIONS, RawHtmlExtension(raw_html)]
    return markdown.Markdown(extensions=extensions, output_format="html")


def convert(text: str, raw_html: RawHtml = "allow") -> Body:
    """Render Markdown to HTML and derive headings, word count and the first paragraph.

    Raises TooComplex for a text past the parser's limits (see limits.py)."""
    check_limits(text)
    md = _converter(raw_html)
    md.reset()
    try:
        body_html = md.convert(text)
    except RecursionError:
        # Nesting the limits do not foresee; the converter may be left half-way, so it goes.
        _converter.cache_clear()
        raise TooComplex(0, "nests its parts too deep for the Markdown parser") from None
    headings = tuple(_flatten(getattr(md, "toc_tokens", [])))
    return Body(body_html, headings, count_words(body_html), first_paragraph(body_html))


def _flatten(tokens: list[dict[str, Any]]) -> list[Heading]:
    found: list[Heading] = []
    for token in tokens:
        found.append(Heading(int(token["level"]), str(token["id"]), html.unescape(token["name"])))
        found.extend(_flatten(token.get("children", [])))
    return found
