"""What a rendered body is and the facts read off its HTML; no Markdown needed to use them.

Kept apart from markup.py so a build that converts nothing never imports Python-Markdown.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

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


def shifted_levels(levels: list[int]) -> list[int]:
    """Heading levels kept valid under the title's h1: `#` becomes h2 (when the text has any),
    and no level is more than one below the heading before it."""
    shift = 1 if 1 in levels else 0
    shifted = []
    previous = 1
    for level in levels:
        previous = max(min(level + shift, previous + 1, 6), 2)
        shifted.append(previous)
    return shifted


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
