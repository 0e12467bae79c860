"""What each review's share card is drawn from, and the task that draws it.

A card's poster is drawn from the poster's smallest resized copy (JPEG or PNG) that still
fills the poster's room on the card, not from the original: decoding a 1000x1500 poster and
shrinking it was half of a card's time, and the copy is made anyway. Copies are made before
cards (survey.py), so the copy is in the cache folder when its card is drawn.
"""

from __future__ import annotations

from vhsheaven.images.card import DRAWING, POSTER_BOX, CardText
from vhsheaven.images.make import Task
from vhsheaven.images.source import SourceImage
from vhsheaven.images.variants import ENCODING, Rendition
from vhsheaven.incremental.store import content_hash
from vhsheaven.model.site import Review

# The poster's room on a card, in pixels.
ROOM = (POSTER_BOX[2] - POSTER_BOX[0], POSTER_BOX[3] - POSTER_BOX[1])


def card_task(
    review: Review,
    site: str,
    poster: SourceImage | None,
    copies: tuple[tuple[Rendition, str], ...],
    where: tuple[str, str],
    font: tuple[str, str] | None,
) -> Task:
    """The work of drawing a review's card, named by all it is drawn from: its text, the
    poster's copy (its name is a key of the poster's bytes and the settings) or the poster's
    bytes, the font's bytes, the drawing and the encoder.

    `poster`: the review's poster if Pillow reads it; `copies`: its copies and their names;
    `where`: the static folder and the cache's image folder; `font`: its file and key.
    """
    from PIL import __version__ as pillow

    meta = review.meta
    text = CardText(meta.title, str(meta.year), review.rating_text, site)
    if poster is not None and poster.kind == "svg":
        poster = None
    static, cache = where
    source = drawn_from = path = ""
    if poster is not None:
        path = poster.path
        copy = _filling_copy(poster, copies)
        if copy is not None:
            source, drawn_from = f"{cache}/{copy}", copy
        else:
            source, drawn_from = f"{static}/{poster.path}", poster.digest
    font_key = font[1] if font is not None else ""
    key = content_hash(repr(text), font_key, drawn_from, DRAWING, ENCODING, pillow)
    face = font[0] if font is not None else None
    return Task(source, path, (), (f"card-{key}.jpg",), text, face)


def _filling_copy(poster: SourceImage, copies: tuple[tuple[Rendition, str], ...]) -> str | None:
    """The name of the narrowest JPEG or PNG copy that is not shrunk less than the poster
    would be to fit the room (so the card shows as many pixels as from the original);
    None if there is none (a GIF, say)."""
    width, height = ROOM
    filling = [
        (rendition.width, name)
        for rendition, name in copies
        if rendition.format != "webp"
        and (
            rendition.width == poster.width
            or rendition.width >= width
            or rendition.height >= height
        )
    ]
    return min(filling)[1] if filling else None
