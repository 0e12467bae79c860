"""site.yaml's `images:` mapping → ImageSettings: the widths resized copies are made at, and
their quality.

The defaults were measured (benchmarks/README.md, "Images"): the poster widths are the theme's
poster boxes (6rem on cards, 8rem on the review page) at one, two and three device pixels per
CSS pixel, rounded to one list; the body widths cover the 34rem text column on phones and at
one and two device pixels; quality 80 is the knee of the benchmark's sweep
(benchmarks/posters.py --sweep): 90 costs 40% (WebP) to 50% (JPEG) more bytes for a fifth
less error; 70 saves a sixth of the bytes for an error 14% to 21% larger.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vhsheaven.load import fields
from vhsheaven.load.fields import Invalid

POSTER_WIDTHS = (128, 256, 384)
BODY_WIDTHS = (400, 800, 1200)
QUALITY = 80
# Wider than any screen shows a picture inline; narrower than a thumbnail is of no use.
SMALLEST, LARGEST = 16, 4096
KEYS = ("poster_widths", "body_widths", "quality")
WIDTHS_ALLOWED = f"a list of whole numbers from {SMALLEST} to {LARGEST}, e.g. [128, 256, 384]"


@dataclass(frozen=True, slots=True)
class ImageSettings:
    """How resized copies of posters and body images are made."""

    # Widths (pixels) of a poster's copies; never wider than the poster itself.
    poster_widths: tuple[int, ...] = POSTER_WIDTHS
    # Widths of a body image's copies.
    body_widths: tuple[int, ...] = BODY_WIDTHS
    # Encoder quality of the WebP and JPEG copies, 1 to 100.
    quality: int = QUALITY


def parse_images(value: Any, raw: str | None) -> ImageSettings:
    """The `images:` mapping; unknown keys and bad widths raise Invalid."""
    if not isinstance(value, dict):
        raise Invalid(f"must be a mapping (got {fields.shown(value)})", ", ".join(KEYS))
    unknown = sorted(str(key) for key in value if key not in KEYS)
    if unknown:
        raise Invalid(f"has an unknown key ({', '.join(unknown)})", ", ".join(KEYS))
    found: dict[str, Any] = {}
    for key in ("poster_widths", "body_widths"):
        if key in value:
            found[key] = _widths(key, value[key])
    if "quality" in value:
        try:
            found["quality"] = fields.whole_number(value["quality"], 1, 100)
        except Invalid as exc:
            raise Invalid(f"quality {exc.message}", exc.allowed) from exc
    return ImageSettings(**found)


def _widths(key: str, value: Any) -> tuple[int, ...]:
    """A non-empty list of widths, in increasing order, each once."""
    if not isinstance(value, list) or not value:
        raise Invalid(f"{key} must be a list of widths (got {fields.shown(value)})", WIDTHS_ALLOWED)
    try:
        widths = [fields.whole_number(item, SMALLEST, LARGEST) for item in value]
    except Invalid as exc:
        raise Invalid(f"{key}: every width {exc.message}", WIDTHS_ALLOWED) from exc
    return tuple(sorted(set(widths)))
