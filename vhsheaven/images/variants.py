"""Which resized copies an image gets, where they are published, and what a template shows.

A copy's name holds a key of its source's bytes and the settings it is made with, so a copy
is reused for as long as both stay the same, and a changed image gets new addresses (no
browser keeps showing the old one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from vhsheaven.images.source import SourceImage
from vhsheaven.incremental.store import content_hash
from vhsheaven.load.image_settings import ImageSettings

# The output folder's folder of resized copies and share cards.
OUTPUT_DIR = "_images"
CARDS_DIR = f"{OUTPUT_DIR}/cards"
# Changed whenever the code that makes the copies changes what it writes.
ENCODING = "2"
STEM = re.compile(r"[^A-Za-z0-9_-]+")

Format = Literal["webp", "jpeg", "png"]
Role = Literal["poster", "body"]
MEDIA_TYPES: dict[str, str] = {
    "webp": "image/webp",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "svg": "image/svg+xml",
}


@dataclass(frozen=True, slots=True)
class Rendition:
    """One resized copy to make: its site-relative path, size, format and quality."""

    path: str
    width: int
    height: int
    format: Format
    quality: int


@dataclass(frozen=True, slots=True)
class Candidate:
    """One entry of a srcset: a site-relative path and its width in pixels."""

    path: str
    width: int


@dataclass(frozen=True, slots=True)
class Picture:
    """What a template needs to show an image without layout shift: the sources of a
    <picture> (WebP, then the fallback format) and the <img>'s own src and size."""

    src: str
    width: int
    height: int
    # "image/webp" candidates; empty for an image passed through as it is.
    webp: tuple[Candidate, ...]
    fallback: tuple[Candidate, ...]
    fallback_type: str


def widths_for(source: SourceImage, wanted: tuple[int, ...]) -> tuple[int, ...]:
    """The widths of `wanted` narrower than the image, and its own width in place of any
    wider: never upscaled."""
    below = [width for width in wanted if width < source.width]
    return (*below, source.width) if len(below) < len(wanted) else tuple(below)


def renditions(source: SourceImage, role: Role, settings: ImageSettings) -> tuple[Rendition, ...]:
    """Every copy `source` gets where it is shown as `role`; none if it is passed through."""
    if source.passed_through:
        return ()
    from PIL import __version__ as pillow

    wanted = settings.poster_widths if role == "poster" else settings.body_widths
    key = content_hash(source.digest, str(settings.quality), ENCODING, pillow)[:12]
    stem = STEM.sub("-", source.path.rpartition("/")[2].rpartition(".")[0])[:48].strip("-")
    fallback: Format = "png" if source.alpha else "jpeg"
    made = []
    for width in widths_for(source, wanted):
        height = max(1, round(source.height * width / source.width))
        for kind in ("webp", fallback):
            extension = "jpg" if kind == "jpeg" else kind
            path = f"{OUTPUT_DIR}/{stem or 'image'}-{key}-{width}.{extension}"
            made.append(Rendition(path, width, height, kind, settings.quality))
    return tuple(made)


def picture(source: SourceImage, made: tuple[Rendition, ...]) -> Picture:
    """The Picture of `source` shown through its copies `made` (or as it is, with none)."""
    if not made:
        original = f"static/{source.path}"
        only = (Candidate(original, source.width),)
        return Picture(original, source.width, source.height, (), only, MEDIA_TYPES[source.kind])
    webp = tuple(Candidate(r.path, r.width) for r in made if r.format == "webp")
    rest = [r for r in made if r.format != "webp"]
    fallback = tuple(Candidate(r.path, r.width) for r in rest)
    largest = rest[-1]
    return Picture(
        largest.path, largest.width, largest.height, webp, fallback, MEDIA_TYPES[largest.format]
    )


def card_path(slug: str) -> str:
    """Where a review's share card is published (site-relative)."""
    return f"{CARDS_DIR}/{slug}.jpg"
