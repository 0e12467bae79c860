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
from markdown.util import AtomicString

from vhsheaven.load.settings import RAW_HTML_MODES, RawHtml
from vhsheaven.markup.body import (
    SPOILER_OPEN,
    Body,
    Heading,
    count_words,
    first_paragraph,
    shifted_levels,
)
from vhsheaven.markup.fast_blocks import spoiler_blocks
from vhsheaven.markup.fast_route import FastRoute
from vhsheaven.markup.hidden import without_hidden
from vhsheaven.markup.limits import TooComplex, check_limits
from vhsheaven.markup.quick_block import QuickBlockExtension
from vhsheaven.markup.quick_inline import QuickInlineExtension
from vhsheaven.markup.quick_passes import QuickPassesExtension
from vhsheaven.markup.quick_toc import QuickTocExtension
from vhsheaven.markup.rating_line import MARKER, MARKER_HTML, RATING_LINE
from vhsheaven.markup.raw_html import RawHtmlExtension
from vhsheaven.markup.tables import TableScrollExtension
from vhsheaven.markup.trailer import TrailerExtension
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
        inner = spoiler_blocks(rest, blocks)
        details = etree.SubElement(parent, "details", {"class": "spoiler"})
        summary = etree.SubElement(details, "summary")
        label = match.group("label").strip()
        summary.text = f"Spoiler: {label}" if label else "Spoiler"
        self.parser.parseBlocks(details, inner)
        return True


class RatingLineProcessor(BlockProcessor):
    """The first top-level paragraph that is only a rating becomes the panel's marker."""

    def test(self, parent: etree.Element, block: str) -> bool:
        root = getattr(self.parser, "root", None)
        return (
            RATING_LINE.fullmatch(block) is not None
            and parent is root
            and not any(child.text == MARKER for child in parent)
        )

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        blocks.pop(0)
        etree.SubElement(parent, "p").text = AtomicString(MARKER)
        return True


class RatingLineExtension(Extension):
    """Registers the rating-line processor, before paragraphs and after spoilers."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.parser.blockprocessors.register(RatingLineProcessor(md.parser), "rating_line", 104)


HEADING_TAGS = frozenset(f"h{level}" for level in range(1, 7))


class HeadingShift(Treeprocessor):
    """Keep the body's outline valid under the title's h1: `#` becomes h2, no level is skipped."""

    def run(self, root: etree.Element) -> None:
        headings = [el for el in root.iter() if el.tag in HEADING_TAGS]
        levels = shifted_levels([int(el.tag[1]) for el in headings])
        for el, level in zip(headings, levels, strict=True):
            el.tag = f"h{level}"


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
    TableScrollExtension(),
    QuickInlineExtension(),
    QuickBlockExtension(),  # after "extra", whose block processors it wraps
    QuickTocExtension(),  # after "toc"
    QuickPassesExtension(),  # after "extra"
)


def _instances(extensions: tuple[Any, ...]) -> list[Any]:
    """The extensions with Python-Markdown's "extra" (its own, in its order) and "toc" made
    here rather than named: Markdown looks a name up among the installed packages' entry
    points, which imports importlib.metadata and reads every package's metadata (a tenth
    of the start-up of a one-review edit). Made afresh for each Markdown instance, as
    footnotes and toc keep that instance's state in theirs."""
    from markdown.extensions import (
        abbr,
        attr_list,
        def_list,
        fenced_code,
        footnotes,
        md_in_html,
        tables,
        toc,
    )

    made: list[Any] = []
    for extension in extensions:
        if extension == "extra":
            made += (
                fenced_code.FencedCodeExtension(),
                footnotes.FootnoteExtension(),
                attr_list.AttrListExtension(),
                def_list.DefListExtension(),
                tables.TableExtension(),
                abbr.AbbrExtension(),
                md_in_html.MarkdownInHtmlExtension(),
            )
        else:
            made.append(toc.TocExtension() if extension == "toc" else extension)
    return made


@lru_cache(maxsize=2 * len(RAW_HTML_MODES))
def _converter(
    raw_html: RawHtml, rating_line: bool
) -> tuple[markdown.Markdown, list[str], FastRoute]:
    """One configured Markdown instance per raw-HTML mode, kind of text and process, reset
    between documents; the slot holding the title of the film being converted; the fast
    route standing in for the instance on review-shaped documents."""
    film = [""]
    extensions = [*_instances(EXTENSIONS), RawHtmlExtension(raw_html), TrailerExtension(film)]
    if rating_line:
        extensions.append(RatingLineExtension())
    md = markdown.Markdown(extensions=extensions, output_format="html")
    return md, film, FastRoute(md, rating_line)


def convert(
    text: str, raw_html: RawHtml = "allow", rating_line: bool = False, film: str = ""
) -> Body:
    """Render Markdown to HTML and derive headings, word count and the first paragraph
    outside spoilers. With `rating_line` (a review's body), a rating line leaves the marker
    rating_line.split_at_rating cuts the page at; `film` names trailers' play buttons.

    Raises TooComplex for a text past the parser's limits (see limits.py)."""
    check_limits(text)
    md, slot, route = _converter(raw_html, rating_line)
    fast = route.convert(text)
    if fast is not None:
        body_html, headings = fast.html, fast.headings
    else:
        slot[0] = film
        md.reset()
        try:
            body_html = md.convert(text)
        except RecursionError:
            # Nesting the limits do not foresee; the converter may be left half-way, so it goes.
            _converter.cache_clear()
            raise TooComplex(0, "nests its parts too deep for the Markdown parser") from None
        headings = tuple(_flatten(getattr(md, "toc_tokens", [])))
    shown = body_html.replace(MARKER_HTML, "") if rating_line else body_html
    summary = first_paragraph(without_hidden(shown))
    return Body(body_html, headings, count_words(shown), summary)


def _flatten(tokens: list[dict[str, Any]]) -> list[Heading]:
    found: list[Heading] = []
    for token in tokens:
        found.append(Heading(int(token["level"]), str(token["id"]), html.unescape(token["name"])))
        found.extend(_flatten(token.get("children", [])))
    return found
