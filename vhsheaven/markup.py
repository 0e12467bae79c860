"""Markdown → HTML with our extensions (spoilers, heading levels); a pure str → Body function."""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from vhsheaven.typography import TypographyExtension

SPOILER_OPEN = re.compile(r"^:::[ \t]*spoiler\b[ \t]*(?P<label>[^\n]*?)[ \t]*$", re.IGNORECASE)
SPOILER_CLOSE = re.compile(r"^:::[ \t]*$", re.MULTILINE)
SUMMARY_LENGTH = 200
TAG = re.compile(r"<[^>]+>")
FOOTNOTE_REF = re.compile(r'<sup id="fnref[^"]*">.*?</sup>', re.DOTALL)
FIRST_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.DOTALL)
WORD = re.compile(r"\w+(?:['\u2019-]\w+)*")


@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading in a body, for tables of contents and link checks."""

    level: int
    id: str
    text: str


@dataclass(frozen=True, slots=True)
class Body:
    """What one Markdown text becomes: HTML and the facts derived from it."""

    html: str
    headings: tuple[Heading, ...]
    words: int
    first_paragraph: str


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


class HeadingShift(Treeprocessor):
    """Keep the body's outline valid under the title's h1: `#` becomes h2, no level is skipped."""

    def run(self, root: etree.Element) -> None:
        headings = [el for el in root.iter() if re.fullmatch(r"h[1-6]", el.tag)]
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


EXTENSIONS: tuple[Any, ...] = ("extra", "toc", TypographyExtension(), ReviewExtension())


@lru_cache(maxsize=1)
def _converter() -> markdown.Markdown:
    """One configured Markdown instance per process, reset between documents."""
    return markdown.Markdown(extensions=list(EXTENSIONS), output_format="html")


def convert(text: str) -> Body:
    """Render Markdown to HTML and derive headings, word count and the first paragraph."""
    md = _converter()
    md.reset()
    body_html = md.convert(text)
    headings = tuple(_flatten(getattr(md, "toc_tokens", [])))
    return Body(body_html, headings, count_words(body_html), first_paragraph(body_html))


def _flatten(tokens: list[dict[str, Any]]) -> list[Heading]:
    found: list[Heading] = []
    for token in tokens:
        found.append(Heading(int(token["level"]), str(token["id"]), html.unescape(token["name"])))
        found.extend(_flatten(token.get("children", [])))
    return found


def plain_text(fragment: str) -> str:
    """The text of an HTML fragment, tags dropped and entities decoded."""
    return html.unescape(TAG.sub("", fragment))


def count_words(fragment: str) -> int:
    """Words a reader reads in an HTML fragment."""
    return len(WORD.findall(plain_text(fragment)))


def first_paragraph(fragment: str) -> str:
    """The first paragraph as plain text (footnote markers dropped), or ""."""
    match = FIRST_PARAGRAPH.search(fragment)
    if match is None:
        return ""
    return " ".join(plain_text(FOOTNOTE_REF.sub("", match.group(1))).split())


def shorten(text: str, limit: int = SUMMARY_LENGTH) -> str:
    """Cut text at a word boundary to at most `limit` characters, marking the cut with …."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:-\u2013\u2014")
    return cut + "…"


def unclosed_spoilers(text: str) -> list[int]:
    """0-based lines of `::: spoiler` openings that no `:::` line closes."""
    open_lines: list[int] = []
    unclosed: list[int] = []
    for number, line in enumerate(text.split("\n")):
        if SPOILER_OPEN.match(line):
            if open_lines:
                unclosed.append(open_lines.pop())
            open_lines.append(number)
        elif SPOILER_CLOSE.match(line) and open_lines:
            open_lines.pop()
    return sorted(unclosed + open_lines)
