"""Pictures made for tests and benchmarks: photo-like JPEGs of a chosen size, drawn afresh."""

from __future__ import annotations

import io
import random

from PIL import Image, ImageDraw, ImageFilter

# EXIF tags the tests look for: a camera's make, and where a photo was taken.
MAKE, GPS_INFO, ORIENTATION = 0x010F, 0x8825, 0x0112


def photo(width: int, height: int, seed: int = 1) -> Image.Image:
    """A poster-like picture: a colour gradient, soft shapes and film grain, so that it
    compresses about as a photograph does (flat colour would flatter every encoder)."""
    rng = random.Random(seed)
    top = tuple(rng.randrange(256) for _ in range(3))
    bottom = tuple(rng.randrange(256) for _ in range(3))
    image = Image.linear_gradient("L").resize((width, height))
    image = Image.composite(
        Image.new("RGB", (width, height), bottom), Image.new("RGB", (width, height), top), image
    )
    pen = ImageDraw.Draw(image)
    for _ in range(24):
        x, y = rng.randrange(width), rng.randrange(height)
        r = rng.randrange(width // 20, width // 4)
        colour = tuple(rng.randrange(256) for _ in range(3))
        pen.ellipse((x - r, y - r, x + r, y + r), fill=colour)
    image = image.filter(ImageFilter.GaussianBlur(width / 80))
    grain = Image.effect_noise((width, height), 24).convert("RGB")
    return Image.blend(image, grain, 0.12)


def jpeg(
    width: int, height: int, seed: int = 1, orientation: int | None = None, camera: bool = False
) -> bytes:
    """A photo-like JPEG; `orientation` stored in its EXIF, `camera` adds a make and a GPS tag."""
    exif = Image.Exif()
    if orientation is not None:
        exif[ORIENTATION] = orientation
    if camera:
        exif[MAKE] = "Test Camera Co"
        exif.get_ifd(GPS_INFO)[1] = "N"
    out = io.BytesIO()
    photo(width, height, seed).save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()


def png(width: int, height: int, alpha: bool = False) -> bytes:
    """A small PNG, with transparent pixels if `alpha`."""
    image = photo(width, height).convert("RGBA" if alpha else "RGB")
    if alpha:
        image.putalpha(128)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
