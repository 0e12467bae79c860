"""Limits on the work one review's Markdown may ask of the parser, checked before it runs.

Python-Markdown's work grows with the square of some inputs: each inline match rebuilds its
paragraph's text, each `[` is matched by a Python loop that scans to its `]`, and each `<`
is scanned to its `>` over the whole document; nested containers recurse. A cheap scan here
bounds those costs so that no review under 1 MB takes seconds to convert. The limits are far
beyond real reviews (a long review's paragraph has a few thousand characters and a few
hundred markup characters); a text past one is a content error at its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from vhsheaven.errors import Diagnostic, Location
from vhsheaven.markup.body import SPOILER_CLOSE, SPOILER_OPEN

# Quotes, lists, spoilers and markdown="1" HTML elements nested in one another.
MAX_DEPTH = 50
# Headings in one text: each id is made unique by trying id_1, id_2, ... in turn.
MAX_HEADINGS = 1000
# Footnote references: each one to a footnote already referred to costs more than the last.
MAX_FOOTNOTE_REFERENCES = 1000
# One paragraph's length times the markup characters in it.
MAX_INLINE_WORK = 2_000_000_000
# Characters the link parser scans, in one paragraph, to match each [ to its ].
MAX_BRACKET_SCAN = 10_000_000
# Characters the HTML parser scans, in the whole text, to find where each tag ends.
MAX_TAG_SCAN = 50_000_000
LIMITS = (
    f"nesting {MAX_DEPTH} deep; {MAX_HEADINGS:,} headings, {MAX_FOOTNOTE_REFERENCES:,} "
    f"footnote references; per paragraph, length times markup characters up to "
    f"{MAX_INLINE_WORK:,}; see README, The body"
)
# What starts an inline match (a line break is two spaces at a line's end).
MARKUP = (*"[]()*_`<&\\'\"-.!", "  \n")
# One container level: four columns of indentation, a quote marker or a list marker.
# Searched in "\n" + text: a pattern that starts with a literal is searched for quickly.
NESTED = re.compile(
    rf"\n(?:(?: {{4}}|\t| {{0,3}}(?:>|[*+-][ \t]|\d{{1,9}}[.)][ \t]))){{{MAX_DEPTH + 1}}}"
)
MARKDOWN_ATTRIBUTE = re.compile(r"<[a-zA-Z][^>]*\smarkdown\s*=", re.IGNORECASE)
# A line that starts a block of its own, and so a new inline text: a list item, heading, row.
BLOCK_START = re.compile(r"^[ \t>]*(?:[*+-][ \t]|\d{1,9}[.)][ \t]|#|\|)")
DEFINITION = re.compile(r"^:(?:[ ]{1,3}|\t)")
HEADING = re.compile(r"^(?:#{1,6}(?:[ \t]|$)| {0,3}(?:=+|-+)[ \t]*$)", re.MULTILINE)
TAG_START = re.compile(r"<[a-zA-Z!/?]")
BRACKET = re.compile(r"[\[\]]")


class TooComplex(Exception):
    """A text past one of the limits: the 0-based line where it is, and which limit; `field`
    is the front-matter field the text is, or "body"."""

    def __init__(self, line: int, message: str, field: str = "body") -> None:
        super().__init__(message)
        self.line = line
        self.message = message
        self.field = field


def too_complex(exc: TooComplex, path: Path, body_line: int, data: bytes) -> Diagnostic:
    """The content error for a review file's text past a limit."""
    if exc.field == "body":
        line = body_line + exc.line
    else:  # a front-matter value: at the line that names its field
        found = re.search(rf"^{exc.field}\s*:", data.decode("utf-8", "replace"), re.MULTILINE)
        line = data.count(b"\n", 0, found.start()) + 1 if found else 1
    return Diagnostic(Location(path, line), exc.field, exc.message, LIMITS)


def check_limits(text: str) -> None:
    """Raise TooComplex if converting `text` would nest too deep or take too long.

    Each check is made only where a count shows its limit may be passed."""
    lines, tags = text.count("\n"), text.count("<")
    _check_depth(text, lines, tags)
    if lines > MAX_HEADINGS:  # a heading is a line
        _check_headings(text)
    brackets = text.count("[") + text.count("]")
    if brackets > MAX_FOOTNOTE_REFERENCES and text.count("[^") > MAX_FOOTNOTE_REFERENCES:
        message = f"has more than {MAX_FOOTNOTE_REFERENCES:,} footnote references ([^...)"
        raise TooComplex(_line(text, _nth("[^", text, MAX_FOOTNOTE_REFERENCES)), message)
    size = len(text)
    # With abbreviations defined (*[HTML]: ...), any word may be an inline match.
    words = size * size > MAX_INLINE_WORK and "*[" in text
    # Whole-text bounds first: a real review passes them without a look at its paragraphs,
    # most without a count of its markup (which is at most its size).
    if (size * size > MAX_INLINE_WORK and size * _marks(text, words) > MAX_INLINE_WORK) or (
        size * brackets > MAX_BRACKET_SCAN
    ):
        for start, paragraph in _paragraphs(text):
            _check_paragraph(text, start, paragraph, words)
    if size * tags > MAX_TAG_SCAN:
        _check_tags(text)


def _marks(text: str, words: bool) -> int:
    """Where an inline match may start in `text`: markup characters, and spaces if `words`."""
    return sum(text.count(mark) for mark in MARKUP) + (text.count(" ") if words else 0)


def _nth(needle: str, text: str, count: int) -> int:
    """The offset of the `count`-th (0-based) `needle` in `text`."""
    at = -1
    for _ in range(count + 1):
        at = text.find(needle, at + 1)
    return at


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset)


def _check_depth(text: str, lines: int, tags: int) -> None:
    """Containers nested more than MAX_DEPTH deep, which the parser handles by recursion;
    `lines` and `tags` are the text's newlines and <s."""
    nested = NESTED.search("\n" + text)
    if nested is not None:  # at the newline before its line, one character later in text
        raise TooComplex(_line(text, nested.start()), _depth_message("quotes, lists or indents"))
    # A nested spoiler or definition takes two lines (with a blank one, or a term), and a
    # line that starts with a colon.
    if lines > 2 * MAX_DEPTH and text.count("\n:") >= MAX_DEPTH:
        _check_spoilers(text)
        _check_definitions(text)
    if tags > MAX_DEPTH and text.count("markdown") > MAX_DEPTH:
        for count, found in enumerate(MARKDOWN_ATTRIBUTE.finditer(text), 1):
            if count > MAX_DEPTH:
                message = f"has more than {MAX_DEPTH} HTML elements with a markdown attribute"
                raise TooComplex(_line(text, found.start()), message)


def _depth_message(what: str) -> str:
    return f"nests {what} more than {MAX_DEPTH} deep; the Markdown parser cannot follow it"


def _check_spoilers(text: str) -> None:
    """Spoilers opened inside spoilers: each one is parsed inside the last."""
    depth = 0
    for number, line in enumerate(text.split("\n")):
        if SPOILER_OPEN.match(line):
            depth += 1
            if depth > MAX_DEPTH:
                raise TooComplex(number, _depth_message("spoilers"))
        elif SPOILER_CLOSE.match(line):
            depth = 0


def _check_headings(text: str) -> None:
    """More headings than MAX_HEADINGS (a --- rule is counted as one, as it may be)."""
    for count, found in enumerate(HEADING.finditer(text), 1):
        if count > MAX_HEADINGS:
            message = f"has more than {MAX_HEADINGS:,} headings; split the review"
            raise TooComplex(_line(text, found.start()), message)


def _check_definitions(text: str) -> None:
    """Definitions with no blank line between them: each is parsed inside the one before."""
    run = 0
    for number, line in enumerate(text.split("\n")):
        run = run + 1 if DEFINITION.match(line) else 0 if not line.strip() else run
        if run > MAX_DEPTH:
            message = f"has more than {MAX_DEPTH} definitions (: lines) with no blank line between"
            raise TooComplex(number, message)


def _paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """Each run of lines the parser treats as one inline text, with its offset: lines up to
    a blank one, or to one that starts a list item, heading or table row."""
    start = offset = 0
    for line in text.split("\n"):
        blank = not line.strip()
        if blank or BLOCK_START.match(line):
            if offset > start:
                yield start, text[start : offset - 1]
            start = offset + len(line) + 1 if blank else offset
        offset += len(line) + 1
    yield start, text[start:]


def _check_paragraph(text: str, start: int, paragraph: str, words: bool) -> None:
    """The inline and bracket bounds, for one paragraph starting at `start` in `text`."""
    size = len(paragraph)
    marks = _marks(paragraph, words)
    if size * marks > MAX_INLINE_WORK:
        message = (
            f"has a paragraph of {size:,} characters with {marks:,} markup characters "
            f"([ * _ ` < & and the like); split it, as the Markdown parser's work grows with "
            f"their product (at most {MAX_INLINE_WORK:,})"
        )
        raise TooComplex(_line(text, start), message)
    if size * paragraph.count("](") > MAX_BRACKET_SCAN or _bracket_scan(paragraph) > (
        MAX_BRACKET_SCAN
    ):
        message = (
            "has a paragraph whose unclosed or deeply nested [ brackets (or links' ( ) the "
            "Markdown parser would scan for too long; close them or write \\[ for a bracket"
        )
        raise TooComplex(_line(text, start), message)


def _bracket_scan(paragraph: str) -> int:
    """How far the link parser scans: from each [ to its ], or to the paragraph's end."""
    if len(paragraph) * paragraph.count("[") <= MAX_BRACKET_SCAN:
        return 0  # a bound on the scan, under the limit
    opened: list[int] = []
    scanned = 0
    for bracket in BRACKET.finditer(paragraph):
        if bracket.group() == "[":
            opened.append(bracket.start())
        elif opened:
            scanned += bracket.start() - opened.pop()
    return scanned + sum(len(paragraph) - at for at in opened)


def _check_tags(text: str) -> None:
    """How far the HTML parser scans: from each tag's < to the next >, or to the end."""
    scanned = 0
    for tag in TAG_START.finditer(text):
        end = text.find(">", tag.start())
        scanned += (end if end >= 0 else len(text)) - tag.start()
        if scanned > MAX_TAG_SCAN:
            message = (
                "has so many < without a closing > that the HTML parser would scan for too "
                "long; write &lt; for a < that starts no tag"
            )
            raise TooComplex(_line(text, tag.start()), message)
