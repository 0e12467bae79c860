"""A review's share card: a 1200x630 picture of its tape, for Open Graph and JSON-LD.

The card is the theme's cassette: a dark shell, a cream label with the title, year and the
rating on a pink sticker, the poster when the review has one, two reel windows and the
site's name. Drawn with Pillow in the theme's font (static/fonts/), else Pillow's own.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vhsheaven.images.jpeg_rows import ROW, Rows, encode_rows, spliced
from vhsheaven.images.resize import decode

if TYPE_CHECKING:
    from PIL import Image, ImageDraw, ImageFont

WIDTH, HEIGHT = 1200, 630
# The theme's colours (static/css/site.css).
BG, PLASTIC, LINE = "#0d0913", "#050307", "#3b2d4b"
LABEL, LABEL_INK, ACCENT = "#f4e8cb", "#22180e", "#8c1149"
PINK, CYAN, YELLOW, ORANGE = "#ff5fb0", "#5ee8ff", "#ffd23f", "#ff8a3d"
STRIPES = (PINK, ORANGE, YELLOW, CYAN)
# The label's box, and the poster's room on it.
LABEL_BOX = (80, 72, 1120, 432)
POSTER_BOX = (104, 96, 304, 396)
TITLE_SIZES = (64, 56, 48, 42, 36)
TITLE_LINES = 3
QUALITY = 88
# The rows a card may draw on: the label's below its top edge (nothing is drawn above the
# sticker's top, y 90), in whole rows of JPEG blocks. Only the rows down to the lowest thing
# drawn are encoded; the rest of the card is the blank's, and so are its bytes, encoded once
# per process (jpeg_rows.py): encoding was half of a card's time.
TOP, BOTTOM = 80, 432
# The rating sticker's box, in the label's rows: a disc centred at (1020, 164).
STICKER_BOX = (946, 90 - TOP, 1095, 239 - TOP)
# Changed whenever the drawing changes what a card looks like (it is in every card's key).
DRAWING = "3"


@dataclass(frozen=True, slots=True)
class CardText:
    """What a card says."""

    title: str
    year: str
    rating: str
    site: str


@dataclass(frozen=True, slots=True)
class _Blank:
    """The cassette every card of a site shares, its label's rows, and its encoding."""

    card: Image.Image
    label: Image.Image
    encoded: Rows


def draw_card(text: CardText, font: Path | None, poster: bytes | None) -> bytes:
    """The card as JPEG bytes; `poster`: the poster's bytes, if it has one Pillow can read."""
    blank = _blank(font, text.site)
    label, lowest = _drawn_label(blank, text, font, poster)
    drawn = label.crop((0, 0, WIDTH, min(-(-lowest // ROW) * ROW, BOTTOM - TOP)))
    return spliced(blank.encoded, encode_rows(drawn, QUALITY), TOP // ROW)


def _drawn_label(
    blank: _Blank, text: CardText, font: Path | None, poster: bytes | None
) -> tuple[Image.Image, int]:
    """The label's rows with the card's own drawing, and the row below the lowest of it."""
    from PIL import ImageDraw

    label = blank.label.copy()
    pen = ImageDraw.Draw(label)
    left, lowest = LABEL_BOX[0], 0
    if poster is not None:
        left, lowest = _paste_poster(label, pen, poster)
    return label, max(lowest, _draw_text(label, pen, text, font, left + 32))


_blanks: dict[tuple[Path | None, str], _Blank] = {}


def _blank(font: Path | None, site: str) -> _Blank:
    """The cassette every card of a site shares (shell, label, stripes, reels, the site's
    name), drawn once per process: drawing it took a third of a card's time."""
    from PIL import Image, ImageDraw

    found = _blanks.get((font, site))
    if found is not None:
        return found
    card = Image.new("RGB", (WIDTH, HEIGHT), BG)
    pen = ImageDraw.Draw(card)
    pen.rounded_rectangle((40, 36, 1160, 594), 36, fill=PLASTIC, outline=LINE, width=4)
    pen.rounded_rectangle(LABEL_BOX, 14, fill=LABEL)
    for index, colour in enumerate(STRIPES):
        top = 362 + index * 14
        pen.rectangle((LABEL_BOX[0], top, LABEL_BOX[2], top + 10), fill=colour)
    _draw_reels(pen)
    pen.text((88, 516), site, font=_fitted(font, site, 34, 300), fill=YELLOW, anchor="lm")
    label = card.crop((0, TOP, WIDTH, BOTTOM))
    found = _blanks[(font, site)] = _Blank(card, label, encode_rows(card, QUALITY))
    return found


def _paste_poster(label: Image.Image, pen: ImageDraw.ImageDraw, data: bytes) -> tuple[int, int]:
    """The poster fitted into its room on the label's rows; returns the x where it ends and
    the row below its frame."""
    from PIL import Image

    x0, y0, x1, y1 = POSTER_BOX
    y0, y1 = y0 - TOP, y1 - TOP
    image = decode(data, (x1 - x0, y1 - y0)).convert("RGB")
    # Bilinear: it shrinks a copy or a JPEG decoded at a fraction of its size, so by less
    # than half, where it differs from Lanczos by a tenth of a level (benchmarks/README.md)
    # and takes half the time.
    image.thumbnail((x1 - x0, y1 - y0), Image.Resampling.BILINEAR)
    top = y0 + (y1 - y0 - image.height) // 2
    pen.rectangle((x0 - 4, top - 4, x0 + image.width + 3, top + image.height + 3), fill=LABEL_INK)
    label.paste(image, (x0, top))
    return x0 + image.width, top + image.height + 4


def _draw_text(
    label: Image.Image, pen: ImageDraw.ImageDraw, text: CardText, font: Path | None, left: int
) -> int:
    """Title (wrapped, shrunk to fit), year, and the rating sticker, on the label's rows;
    returns the row below the lowest (the year, under the title, or the sticker)."""
    room = STICKER_BOX[0] - 24 - left
    size, lines = _wrapped(font, text.title, room)
    face = _font(font, size)
    y = 112 - TOP
    for line in lines:
        pen.text((left, y), line, font=face, fill=LABEL_INK)
        y += round(size * 1.15)
    year = _font(font, 40)
    pen.text((left, y + 10), text.year, font=year, fill=ACCENT)
    sticker, shape = _sticker(font, text.rating)
    label.paste(sticker, STICKER_BOX[:2], shape)
    return max(math.ceil(pen.textbbox((left, y + 10), text.year, font=year)[3]), STICKER_BOX[3])


_stickers: dict[tuple[Path | None, str], tuple[Image.Image, Image.Image]] = {}


def _sticker(font: Path | None, rating: str) -> tuple[Image.Image, Image.Image]:
    """The pink sticker with `rating` on it, and its shape (where it covers the label), drawn
    once per process for each rating: a site has a few dozen. Pasted through its shape, it
    covers a title too long for its room just as drawing it over the title did."""
    from PIL import Image, ImageDraw

    found = _stickers.get((font, rating))
    if found is None:
        x0, y0, x1, y1 = STICKER_BOX
        size = (x1 - x0, y1 - y0)
        disc = (0, 0, size[0] - 1, size[1] - 1)
        sticker, shape = Image.new("RGB", size, PINK), Image.new("L", size, 0)
        ImageDraw.Draw(shape).ellipse(disc, fill=255, outline=255, width=3)
        pen = ImageDraw.Draw(sticker)
        pen.ellipse(disc, fill=PINK, outline=LABEL_INK, width=3)
        face = _fitted(font, rating, 44, size[0] - 1 - 24)
        pen.text((size[0] // 2, size[1] // 2), rating, font=face, fill=LABEL_INK, anchor="mm")
        found = _stickers[(font, rating)] = (sticker, shape)
    return found


def _draw_reels(pen: ImageDraw.ImageDraw) -> None:
    """The window onto the two reels, under the label."""
    pen.rounded_rectangle((420, 460, 900, 570), 20, fill="#1a1322", outline=LINE, width=3)
    for x in (540, 780):
        pen.ellipse((x - 40, 475, x + 40, 555), outline=CYAN, width=6)
        pen.ellipse((x - 12, 503, x + 12, 527), fill=CYAN)


def _wrapped(font: Path | None, title: str, room: int) -> tuple[int, list[str]]:
    """The largest size at which the title fits in TITLE_LINES lines of `room` pixels, and
    its lines; at the smallest size, the lines past the last cut short with an ellipsis."""
    for size in TITLE_SIZES:
        lines = _lines(_font(font, size), title, room)
        if len(lines) <= TITLE_LINES:
            return size, lines
    size = TITLE_SIZES[-1]
    face = _font(font, size)
    lines = _lines(face, title, room)[:TITLE_LINES]
    last = lines[-1]
    while last and face.getlength(last + "…") > room:
        last = last[:-1]
    return size, [*lines[:-1], last.rstrip() + "…"]


def _lines(face: ImageFont.FreeTypeFont, text: str, room: int) -> list[str]:
    """Words filled greedily into lines no wider than `room` (a word too long stays whole)."""
    lines: list[str] = []
    for word in text.split():
        joined = f"{lines[-1]} {word}" if lines else word
        if lines and face.getlength(joined) <= room:
            lines[-1] = joined
        else:
            lines.append(word)
    return lines or [""]


def _fitted(font: Path | None, text: str, size: int, room: int) -> ImageFont.FreeTypeFont:
    """The font at `size`, or smaller until `text` fits in `room` pixels."""
    face = _font(font, size)
    while size > 12 and face.getlength(text) > room:
        size -= 2
        face = _font(font, size)
    return face


_fonts: dict[tuple[Path | None, int], ImageFont.FreeTypeFont] = {}


def _font(font: Path | None, size: int) -> ImageFont.FreeTypeFont:
    """The theme's font at `size` (Pillow's own without one), loaded once per process."""
    from PIL import ImageFont

    found = _fonts.get((font, size))
    if found is None:
        # A str: Pillow before 10.3 takes no Path here.
        loaded = ImageFont.truetype(str(font), size) if font else ImageFont.load_default(size)
        assert isinstance(loaded, ImageFont.FreeTypeFont)
        found = _fonts[(font, size)] = loaded
    return found
