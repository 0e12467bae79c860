"""Share cards drawn row by row: spliced bytes against whole encodings, drawn pixels against
cards encoded whole."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image, ImageChops

from tests.images import jpeg, photo
from vhsheaven.images import card
from vhsheaven.images.card import CardText, draw_card
from vhsheaven.images.jpeg_rows import ROW, encode_rows, spliced

FONT = Path(__file__).parents[2] / "static" / "fonts" / "DejaVuSansMono-Bold.ttf"
TITLES = (
    "Jaws",
    "The Texas Chain Saw Massacre Part 2",
    "Dr. Strangelove or: How I Learned to Stop Worrying and Love the Bomb, Again and Again",
    "Gyppy Quagmire Jiggery",
    "Pneumonoultramicroscopicsilicovolcanoconiosis",
    "Amélie",
)


def test_spliced_rows_are_the_whole_pictures_encoding() -> None:
    whole = photo(320, 200, seed=2)
    strip = photo(320, 3 * ROW, seed=3)
    changed = whole.copy()
    changed.paste(strip, (0, 2 * ROW))
    base, part, expected = encode_rows(whole, 88), encode_rows(strip, 88), encode_rows(changed, 88)
    assert base is not None and part is not None and expected is not None
    assert len(base.rows) == 13  # 200 rows: twelve rows of blocks and a part row
    joined = spliced(base, part, 2)
    out = io.BytesIO()
    changed.save(out, "JPEG", quality=88, subsampling="4:2:0", restart_marker_rows=1)
    assert joined == out.getvalue()
    assert spliced(base, part, 2) != spliced(base, part, 3)


def _pixels(data: bytes) -> Image.Image:
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (1200, 630)
        return image.convert("RGB")


@pytest.mark.parametrize("title", TITLES)
@pytest.mark.parametrize("with_poster", [False, True])
def test_a_card_drawn_by_rows_shows_what_one_encoded_whole_shows(
    title: str, with_poster: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    poster = jpeg(256, 384) if with_poster else None
    text = CardText(title, "1986", "7.5/10", "VHS Heaven")
    monkeypatch.setattr(card, "_blanks", {})
    by_rows = draw_card(text, FONT, poster)
    assert b"\xff\xdd" in by_rows  # restart markers: the rows were spliced
    # What a Pillow without restart markers gets: every card encoded whole.
    monkeypatch.setattr(card, "_blanks", {})
    monkeypatch.setattr(card, "encode_rows", lambda image, quality: None)
    whole = draw_card(text, FONT, poster)
    assert b"\xff\xdd" not in whole
    # The same coefficients, so the same pixels: nothing drawn was cut off.
    assert ImageChops.difference(_pixels(by_rows), _pixels(whole)).getbbox() is None
