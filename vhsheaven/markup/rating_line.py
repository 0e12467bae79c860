"""A body's rating line ("Rating: 9/10" as a paragraph of its own): where the page's rating
panel goes, with the verdict after it.

Editors write a review as one body with the rating where the page shows it. The line is
found twice, by the same pattern: in the text, with its line, so the load step can check it
against the front matter even when the body's HTML comes from the cache; and by a block
processor (in convert.py) that leaves a marker where the panel goes, so the page is cut
there. This module does not import Python-Markdown: loading reviews the cache holds needs none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vhsheaven.markup.body import SPOILER_CLOSE, SPOILER_OPEN

# `Rating: 9/10`, `**Rating:** 9/10`, `*Rating: 4.5 / 5*`, `Rating 8`: a word, a number and
# an optional scale, with the emphasis editors put around them; nothing else on the line.
_EMPHASIS = r"[*_]{0,3}"
RATING_LINE = re.compile(
    rf"{_EMPHASIS}rating{_EMPHASIS}[ \t]*[:\u2013\u2014-]?[ \t]*{_EMPHASIS}[ \t]*"
    r"(?P<value>\d+(?:[.,]\d+)?)"
    r"(?:[ \t]*(?:/|out[ \t]+of)[ \t]*(?P<scale>\d+))?"
    rf"[ \t]*{_EMPHASIS}[ \t]*",
    re.IGNORECASE,
)
FENCE = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})")
# Python-Markdown strips STX ("\x02") from every document, so no text can make this paragraph.
MARKER = "\x02rating-panel\x02"
MARKER_HTML = f"<p>{MARKER}</p>"


@dataclass(frozen=True, slots=True)
class RatingLine:
    """A rating line found in a body: its 0-based line, the number and the scale written."""

    line: int
    value: float
    scale: int | None
    text: str


def rating_lines(text: str) -> list[RatingLine]:
    """Every top-level paragraph of `text` that is only a rating, outside code and spoilers."""
    found: list[RatingLine] = []
    lines = text.split("\n")
    fence: str | None = None
    in_spoiler = False
    for number, line in enumerate(lines):
        opening = FENCE.match(line)
        if fence is not None:
            fence = None if opening and opening.group(1)[0] == fence else fence
        elif opening:
            fence = opening.group(1)[0]
        elif in_spoiler or SPOILER_OPEN.match(line):
            in_spoiler = not SPOILER_CLOSE.match(line)
        elif _alone(lines, number) and (match := RATING_LINE.fullmatch(line)):
            scale = match.group("scale")
            value = float(match.group("value").replace(",", "."))
            found.append(RatingLine(number, value, int(scale) if scale else None, line.strip()))
    return found


def _alone(lines: list[str], number: int) -> bool:
    """Whether a line is a paragraph by itself: blank lines (or the text's ends) around it."""
    before = number == 0 or not lines[number - 1].strip()
    after = number + 1 == len(lines) or not lines[number + 1].strip()
    return before and after


def has_text_after(text: str, line: RatingLine) -> bool:
    """Whether anything but blank lines follows a rating line: a verdict in the body."""
    return any(rest.strip() for rest in text.split("\n")[line.line + 1 :])


def split_at_rating(html: str) -> tuple[str, str | None]:
    """A converted body cut where its rating line was: what comes before the rating panel,
    and the verdict after it (None when the body has no rating line, "" when nothing follows)."""
    before, found, after = html.partition(MARKER_HTML)
    if not found:
        return html, None
    return before.rstrip("\n"), after.strip("\n")
