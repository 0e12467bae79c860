"""Share cards drawn row by row: spliced bytes against whole pictures encoded."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image

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


@pytest.mark.parametrize("title", TITLES)
@pytest.mark.parametrize("with_poster", [False, True])
def test_a_card_drawn_by_rows_is_the_whole_card_encoded(title: str, with_poster: bool) -> None:
    poster = jpeg(256, 384) if with_poster else None
    text = CardText(title, "1986", "7.5/10", "VHS Heaven")
    by_rows = draw_card(text, FONT, poster)
    # The whole card: the blank with the drawn label's rows on it, every row encoded.
    blank = card._blank(FONT, text.site)
    label, _ = card._drawn_label(blank, text, FONT, poster)
    whole = blank.card.copy()
    whole.paste(label, (0, card.TOP))
    out = io.BytesIO()
    whole.save(out, "JPEG", quality=card.QUALITY, subsampling="4:2:0", restart_marker_rows=1)
    # Byte for byte, so nothing drawn was left out of the rows encoded.
    assert by_rows == out.getvalue()
    with Image.open(io.BytesIO(by_rows)) as image:
        assert image.size == (1200, 630)
