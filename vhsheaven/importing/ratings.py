"""Ratings as sources write them ("4/5", "★★★½", "8 out of 10", 3.5) → the site's scale."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

# A rating said in the body: "Rating: 4/5", "**Rating:** 8.5/10", "8 out of 10", "★★★½".
_SCALED = r"(?P<value>\d+(?:[.,]\d+)?)\s*(?:/|out of)\s*(?P<scale>\d+)"
_MARKS = r"[\s*_#>]*"  # emphasis, a heading or a quote round the line
_LABEL = rf"(?:my\s+)?(?:rating|score|verdict){_MARKS}:?{_MARKS}"
BODY_PATTERNS = (
    re.compile(rf"^{_MARKS}{_LABEL}{_SCALED}{_MARKS}$", re.IGNORECASE),
    re.compile(rf"^{_MARKS}{_SCALED}{_MARKS}$", re.IGNORECASE),
    re.compile(rf"^{_MARKS}(?:{_LABEL})?(?P<stars>[★☆]+½?|½){_MARKS}$", re.IGNORECASE),
)
STAR_TEXT = re.compile(r"^(?P<stars>[★☆]+½?|½)$")
SCALES = (5, 10, 100)


@dataclass(frozen=True, slots=True)
class Found:
    """A rating read off a source: its value, the scale it is on (None: not said), where."""

    value: float
    scale: int | None
    said: str
    """How the source wrote it, for the report."""
    body_line: int | None = None
    """The body's 0-based line it was on, when read from the body (that line is removed)."""


def from_field(value: Any) -> Found | None:
    """A front-matter rating: a number, "4/5", "8 out of 10" or stars; None if none of those."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return Found(float(value), None, str(value))
    if not isinstance(value, str):
        return None
    text = value.strip()
    stars = STAR_TEXT.match(text)
    if stars and text:
        return Found(_stars(text), 5, text)
    match = re.fullmatch(_SCALED, text, re.IGNORECASE)
    if match:
        return _scaled(match, text)
    try:
        return Found(float(text.replace(",", ".")), None, text)
    except ValueError:
        return None


def from_body(body: str) -> Found | None:
    """The first line of the body that is only a rating, or None."""
    for number, line in enumerate(body.split("\n")):
        for pattern in BODY_PATTERNS:
            match = pattern.match(line.strip())
            if match is None:
                continue
            groups = match.groupdict()
            if groups.get("stars"):
                return Found(_stars(groups["stars"]), 5, line.strip(), number)
            found = _scaled(match, line.strip())
            return Found(found.value, found.scale, found.said, number)
    return None


def _stars(text: str) -> float:
    return text.count("★") + (0.5 if "½" in text else 0.0)


def _scaled(match: re.Match[str], said: str) -> Found:
    return Found(float(match["value"].replace(",", ".")), int(match["scale"]), said)


def guess_scale(values: list[float]) -> int:
    """The scale of a source whose ratings name none: the smallest usual one they all fit."""
    top = max(values, default=0.0)
    return next((scale for scale in SCALES if top <= scale), SCALES[-1])


@dataclass(frozen=True, slots=True)
class Converted:
    """A rating on the site's scale, and whether rounding to a half step changed it."""

    value: float | int
    rounded: bool


def convert(value: float, scale: int, site_scale: int) -> Converted | None:
    """`value` out of `scale` on the site's scale, to the nearest half; None if out of range."""
    if scale <= 0 or not 0 <= value <= scale:
        return None
    exact = value * site_scale / scale
    halves = round(exact * 2) / 2
    shown: float | int = int(halves) if halves.is_integer() else halves
    return Converted(shown, abs(halves - exact) > 1e-9)
