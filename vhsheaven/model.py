"""Sources + rendered bodies → Site: slugs, URLs, output paths and a total sort order."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from types import MappingProxyType
from zoneinfo import ZoneInfo

from vhsheaven.config import SiteConfig
from vhsheaven.content import ReviewMeta, ReviewSource
from vhsheaven.errors import Location
from vhsheaven.markup import Body, Heading, shorten

REVIEWS_URL = "reviews"
STATIC_URL = "static"


class UnsafePath(ValueError):
    """An output path that would land outside the output folder."""


@dataclass(frozen=True, slots=True)
class Review:
    """A review ready to render: its metadata, HTML, and where it lives in the site."""

    meta: ReviewMeta
    body_html: str
    verdict_html: str | None
    summary: str
    reading_minutes: int
    headings: tuple[Heading, ...]
    rating_text: str
    published: dt.datetime | None
    url: str
    poster_url: str | None
    output_path: PurePosixPath
    source: Location

    @property
    def slug(self) -> str:
        """The review's URL name."""
        return self.meta.slug


@dataclass(frozen=True, slots=True)
class Site:
    """Everything the renderer needs, in final order; nothing here reads files."""

    config: SiteConfig
    reviews: tuple[Review, ...]
    by_slug: Mapping[str, Review]


def output_path_for(url: str) -> PurePosixPath:
    """The file a site-relative pretty URL is written to; refuses anything that escapes."""
    path = PurePosixPath(url) / "index.html" if url.endswith("/") or not url else PurePosixPath(url)
    if path.is_absolute() or ".." in path.parts or "\\" in url:
        raise UnsafePath(f"output path {url!r} would leave the output folder")
    return path


def format_rating(rating: float, scale: int) -> str:
    """ "9/10", "7.5/10" or "3.5/5"."""
    number = f"{rating:g}"
    return f"{number}/{scale}"


def poster_url(poster: str | None) -> str | None:
    """A local poster's site-relative URL under static/, or a remote poster's own https URL."""
    if poster is None or "://" in poster:
        return poster
    return f"{STATIC_URL}/{poster}"


def make_review(
    source: ReviewSource, body: Body, verdict: Body | None, config: SiteConfig
) -> Review:
    """Combine a checked source with its rendered body into a placed Review."""
    meta = source.meta
    url = f"{REVIEWS_URL}/{meta.slug}/"
    minutes = meta.read_time or max(1, math.ceil(body.words / config.words_per_minute))
    return Review(
        meta=meta,
        body_html=body.html,
        verdict_html=verdict.html if verdict else None,
        summary=meta.summary or shorten(body.first_paragraph),
        reading_minutes=minutes,
        headings=body.headings,
        rating_text=format_rating(meta.rating, config.rating_scale),
        published=meta.date.astimezone(ZoneInfo(config.timezone)) if meta.date else None,
        url=url,
        poster_url=poster_url(meta.poster),
        output_path=output_path_for(url),
        source=source.location,
    )


def sort_key(review: Review) -> tuple[int, float, str]:
    """Newest first; undated reviews after dated ones; ties broken by slug so order is total."""
    date = review.meta.date
    if date is None:
        return (1, 0.0, review.slug)
    return (0, -date.astimezone(dt.timezone.utc).timestamp(), review.slug)


def build_site(config: SiteConfig, reviews: list[Review]) -> Site:
    """Order the reviews and index them; the Site is all the renderer needs."""
    ordered = tuple(sorted(reviews, key=sort_key))
    return Site(config, ordered, MappingProxyType({r.slug: r for r in ordered}))
