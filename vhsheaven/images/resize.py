"""Decoding an image and writing its resized copies: the only place pixels are decoded.

Runs in worker processes (see survey.py). Copies keep the aspect ratio, have EXIF orientation
applied and carry no metadata: Pillow writes EXIF, XMP and text chunks only when asked to,
and it is never asked, so a camera's make or a GPS position does not reach the site.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from vhsheaven.images.source import ALLOWED, BadImage
from vhsheaven.images.variants import Rendition

if TYPE_CHECKING:
    from PIL import Image


def decode(data: bytes, largest: tuple[int, int] | None = None) -> Image.Image:
    """The image's pixels, upright (EXIF orientation applied); raises BadImage if its data
    is damaged or cut short. `largest`: the size wanted, which lets a JPEG be decoded
    straight at a fraction of its size (several times quicker for a poster's copies)."""
    from PIL import Image, ImageOps

    try:
        image = Image.open(io.BytesIO(data))
        if largest is not None and image.format == "JPEG":
            image.draft("RGB", _stored(image, largest))
        image.load()
        upright = ImageOps.exif_transpose(image)
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise BadImage(f"is damaged or cut short ({exc})", ALLOWED) from exc
    return upright


def _stored(image: Image.Image, wanted: tuple[int, int]) -> tuple[int, int]:
    """`wanted` (an upright size) as the stored image's size, which a quarter turn swaps."""
    turned = image.getexif().get(0x0112, 1) in (5, 6, 7, 8)
    return (wanted[1], wanted[0]) if turned else wanted


def encode(image: Image.Image, rendition: Rendition) -> bytes:
    """One resized copy's bytes."""
    return _encoded(_sized(image, rendition), rendition)


def _sized(image: Image.Image, rendition: Rendition) -> Image.Image:
    """The image at the rendition's size, in a mode its format can store."""
    from PIL import Image

    pixels = image.convert("RGBA" if _keeps_alpha(image, rendition) else "RGB")
    size = (rendition.width, rendition.height)
    if pixels.size != size:
        pixels = pixels.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    return pixels


def _keeps_alpha(image: Image.Image, rendition: Rendition) -> bool:
    """Whether the copy keeps transparency (a JPEG cannot)."""
    return rendition.format != "jpeg" and image.mode in ("RGBA", "LA", "P", "PA")


def _encoded(pixels: Image.Image, rendition: Rendition) -> bytes:
    """Pixels already at the rendition's size, encoded in its format."""
    out = io.BytesIO()
    if rendition.format == "webp":
        pixels.save(out, "WEBP", quality=rendition.quality, method=4)
    elif rendition.format == "jpeg":
        pixels.save(out, "JPEG", quality=rendition.quality, optimize=True, progressive=True)
    else:
        pixels.save(out, "PNG", optimize=True)
    return out.getvalue()


def resized(data: bytes, made: tuple[Rendition, ...]) -> list[bytes]:
    """The bytes of each copy in `made`, from one decode of the source's `data`."""
    largest = max(made, key=lambda rendition: rendition.width)
    image = decode(data, (largest.width, largest.height))
    # Each size is resized once for both its formats (a WebP and its fallback share it).
    sized: dict[tuple[int, int, bool], Image.Image] = {}
    copies = []
    for rendition in made:
        key = (rendition.width, rendition.height, _keeps_alpha(image, rendition))
        if key not in sized:
            sized[key] = _sized(image, rendition)
        copies.append(_encoded(sized[key], rendition))
    return copies
