"""A JPEG made of rows: a picture whose rows mostly repeat is encoded once, and each copy of
it encodes only the rows it changes.

With a restart marker after every row of blocks (16 pixels at 4:2:0 subsampling), each row's
entropy-coded data stands alone: it starts from fresh DC predictions and depends on no other
row's pixels. So a picture's bytes are the bytes of its rows, and rows encoded from a strip
cut out of the picture are the very bytes the whole picture's encoding has for them: the
spliced file is byte for byte what encoding the whole picture gives (tests/unit/test_card.py).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PIL import Image

# Pixel rows in a row of blocks: 4:2:0 subsampling makes 16x16 blocks.
ROW = 16
_RESTART = re.compile(rb"\xff[\xd0-\xd7]")
_START_OF_SCAN, _END = b"\xff\xda", b"\xff\xd9"


@dataclass(frozen=True, slots=True)
class Rows:
    """An encoded picture: its header (tables, size, the scan's start) and each row's data."""

    head: bytes
    rows: tuple[bytes, ...]


def encode_rows(image: Image.Image, quality: int) -> Rows:
    """`image` encoded as baseline JPEG with a restart marker after each row of blocks (which
    Pillow writes from 10.2 on)."""
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, subsampling="4:2:0", restart_marker_rows=1)
    data = out.getvalue()
    scan = data.index(_START_OF_SCAN)
    start = scan + 2 + int.from_bytes(data[scan + 2 : scan + 4], "big")
    rows = tuple(_RESTART.split(data[start : -len(_END)]))
    if len(rows) != -(-image.height // ROW):
        raise ValueError(f"this Pillow wrote {len(rows)} rows of blocks for {image.height} pixels")
    return Rows(data[:start], rows)


def spliced(whole: Rows, strip: Rows, first: int) -> bytes:
    """`whole`'s file with its rows from `first` on replaced by `strip`'s (a strip of the
    same width, encoded with the same settings), the restart markers numbered again."""
    rows = (*whole.rows[:first], *strip.rows, *whole.rows[first + len(strip.rows) :])
    parts = [whole.head, rows[0]]
    for number, row in enumerate(rows[1:]):
        parts += (bytes((0xFF, 0xD0 + number % 8)), row)
    parts.append(_END)
    return b"".join(parts)
