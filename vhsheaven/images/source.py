"""A source image's bytes → SourceImage: its format and displayed size, read from its header.

Nothing here decodes pixels (see resize.py): a JPEG's size and orientation are in its first
few kilobytes. What cannot be read, is too large to decode safely, or is in a format the web
does not take is a BadImage, which the survey turns into a content error.
"""

from __future__ import annotations

import io
import re
import warnings
from dataclasses import dataclass
from typing import Literal

# A sane ceiling for one picture: 50 megapixels (an 8K frame is 33). Decoding is what costs
# memory, four bytes a pixel and more: a tiny file declaring 40,000 by 40,000 pixels (a
# decompression bomb) is refused before a byte of it is decoded.
PIXEL_LIMIT = 50_000_000
Kind = Literal["jpeg", "png", "webp", "gif", "svg"]
# Pillow's format names → ours; anything else is refused.
FORMATS: dict[str, Kind] = {"JPEG": "jpeg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
ALLOWED = "a JPEG, PNG, WebP, GIF or SVG image"
# EXIF orientations that turn the picture a quarter: its displayed width is its stored height.
QUARTER_TURNS = frozenset({5, 6, 7, 8})
ORIENTATION_TAG = 0x0112
SVG_LENGTH = re.compile(r"^\s*([0-9]*\.?[0-9]+)\s*(px)?\s*$")


class BadImage(Exception):
    """An image a build cannot use: what is wrong with it, and what is allowed."""

    def __init__(self, message: str, allowed: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.allowed = allowed

    def __reduce__(self) -> tuple[type[BadImage], tuple[str, str | None]]:
        # Raised in worker processes too; it must cross back whole.
        return (BadImage, (self.message, self.allowed))


@dataclass(frozen=True, slots=True)
class SourceImage:
    """One image file under static/, as its header describes it."""

    # Its path under static/, "/"-separated (e.g. "images/posters/alien.jpg").
    path: str
    # A hash of its bytes: resized copies are named and cached by it.
    digest: str
    kind: Kind
    # As displayed, EXIF orientation applied.
    width: int
    height: int
    # An animated GIF, or an SVG: passed through as it is, never resized.
    passed_through: bool
    # Whether it may have transparent pixels: its fallback copies are PNG, not JPEG.
    alpha: bool


def probe(path: str, data: bytes, digest: str) -> SourceImage:
    """What `data` (the file at `path`) is; raises BadImage if a build cannot use it."""
    if path.lower().endswith(".svg"):
        width, height = svg_size(data)
        return SourceImage(path, digest, "svg", width, height, True, True)
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except Image.DecompressionBombError as exc:
        raise BadImage("is too large to decode safely", _limit()) from exc
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise BadImage(
            "is not an image that can be read (damaged, or not an image)", ALLOWED
        ) from exc
    with image:
        return _described(path, digest, image)


def _described(path: str, digest: str, image: object) -> SourceImage:
    """A SourceImage of an opened (not decoded) Pillow image."""
    from PIL import Image

    assert isinstance(image, Image.Image)
    kind = FORMATS.get(image.format or "")
    if kind is None:
        raise BadImage(f"is in a format the site does not publish ({image.format})", ALLOWED)
    width, height = image.size
    if width * height > PIXEL_LIMIT:
        raise BadImage(f"is {width}x{height} pixels, too large to decode safely", _limit())
    try:
        orientation = image.getexif().get(ORIENTATION_TAG, 1)
        animated = kind == "gif" and bool(getattr(image, "is_animated", False))
    except (OSError, ValueError, SyntaxError) as exc:
        raise BadImage("is damaged (its header cannot be read)", ALLOWED) from exc
    if orientation in QUARTER_TURNS:
        width, height = height, width
    alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    return SourceImage(path, digest, kind, width, height, animated, alpha or kind == "gif")


def _limit() -> str:
    return f"at most {PIXEL_LIMIT // 1_000_000} megapixels"


def svg_size(data: bytes) -> tuple[int, int]:
    """An SVG's size in CSS pixels: its width and height, else its viewBox's."""
    from xml.etree import ElementTree

    if b"<!ENTITY" in data:
        # Entities are how an XML file grows a billion times as it is read.
        raise BadImage("declares XML entities, which an SVG image has no need of", ALLOWED)
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise BadImage(f"is not a well-formed SVG file ({exc})", ALLOWED) from exc
    if root.tag not in ("svg", "{http://www.w3.org/2000/svg}svg"):
        raise BadImage("is not an SVG image (its root element is not <svg>)", ALLOWED)
    width, height = _length(root.get("width")), _length(root.get("height"))
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if (width is None or height is None) and len(box) == 4:
        try:
            box_width, box_height = float(box[2]), float(box[3])
        except ValueError:
            box_width = box_height = 0.0
        if box_width > 0 and box_height > 0:
            width = width or round(box_width)
            height = height or round(box_height)
    if not width or not height:
        allowed = 'width="…" and height="…" in pixels, or a viewBox'
        raise BadImage("has no size a page can reserve room for", allowed)
    return width, height


def _length(value: str | None) -> int | None:
    """A width or height in pixels ("240" or "240px"); None for percentages and other units."""
    found = SVG_LENGTH.match(value or "")
    return max(1, round(float(found.group(1)))) if found else None
