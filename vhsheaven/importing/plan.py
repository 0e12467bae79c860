"""A source → the plan of an import: which review files and images it would write, and why."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from vhsheaven.errors import Diagnostic, Location
from vhsheaven.importing import ratings
from vhsheaven.importing.compose import Composed, compose
from vhsheaven.importing.html import to_markdown
from vhsheaven.importing.hugo import is_hugo, read_hugo
from vhsheaven.importing.jekyll import is_jekyll, read_jekyll
from vhsheaven.importing.letterboxd import is_letterboxd, read_letterboxd
from vhsheaven.importing.links import links_of
from vhsheaven.importing.mapping import RATING_FIELDS, Mapped, Options, first, map_fields
from vhsheaven.importing.post import Post, Read
from vhsheaven.importing.wordpress import is_wordpress, read_wordpress
from vhsheaven.load.settings import REVIEWS_DIR
from vhsheaven.load.slugs import slugify

Reader = Callable[[Path], Read]
SOURCES: dict[str, tuple[Callable[[Path], bool], Reader]] = {
    "jekyll": (is_jekyll, read_jekyll),
    "hugo": (is_hugo, read_hugo),
    "wordpress": (is_wordpress, read_wordpress),
    "letterboxd": (is_letterboxd, read_letterboxd),
}
NAMES = {
    "jekyll": "a Jekyll site",
    "hugo": "a Hugo site",
    "wordpress": "a WordPress export",
    "letterboxd": "a Letterboxd export",
}


@dataclass(frozen=True, slots=True)
class Review:
    """One review file the import makes: where it goes, from what, and its contents."""

    path: PurePosixPath
    """Relative to the site folder: content/reviews/<slug>.md."""
    post: Post
    mapped: Mapped
    composed: Composed


@dataclass(frozen=True, slots=True)
class Plan:
    """Everything an import would write, before anything is."""

    kind: str
    reviews: tuple[Review, ...]
    problems: tuple[Diagnostic, ...]
    scale: int
    scale_said: str
    """How the source's rating scale was found, for the report."""


def detect(source: Path) -> str | None:
    """Which kind of source a path is, or None."""
    return next((kind for kind, (looks, _) in SOURCES.items() if looks(source)), None)


def make_plan(
    source: Path, kind: str, site_scale: int, given_scale: int | None, genres: Mapping[str, str]
) -> Plan:
    """Read a source and map every post; nothing is written."""
    read = SOURCES[kind][1](source)
    scale, said = _scale(read, given_scale)
    options = Options(site_scale, scale, genres)
    taken: set[str] = set()
    slugged = [
        (_markdown(post), _unique(slugify(str(post.fields.get("slug") or post.stem)), taken))
        for post in read.posts
    ]
    links = links_of(slugged, read.hosts)
    reviews: list[Review] = []
    for post, slug in slugged:
        mapped = map_fields(post, options)
        composed = compose(post, mapped, slug, kind, links)
        reviews.append(
            Review(PurePosixPath(REVIEWS_DIR.as_posix(), f"{slug}.md"), post, mapped, composed)
        )
    return Plan(kind, tuple(reviews), read.problems, scale, said)


def _markdown(post: Post) -> Post:
    """A post with a Markdown body, so that a rating line is found as in other sources."""
    return replace(post, body=to_markdown(post.body), html=False) if post.html else post


def _scale(read: Read, given: int | None) -> tuple[int, str]:
    """The scale of the source's ratings that do not name one."""
    if given is not None:
        return given, "given with --rating-scale"
    if read.scale_hint is not None:
        return read.scale_hint, f"{NAMES[read.kind]} rates out of {read.scale_hint}"
    values = []
    for post in read.posts:
        field = first(post.fields, RATING_FIELDS)
        found = ratings.from_field(field[1]) if field is not None else None
        if found is not None and found.scale is None:
            values.append(found.value)
    scale = ratings.guess_scale(values)
    if not values:
        return scale, "no rating without its own scale"
    return scale, f"detected: the highest rating given as a bare number is {max(values):g}"


def _unique(slug: str, taken: set[str]) -> str:
    slug = slug or "review"
    number, candidate = 1, slug
    while candidate in taken:
        number += 1
        candidate = f"{slug}-{number}"
    taken.add(candidate)
    return candidate


def no_source(source: Path) -> Diagnostic:
    """Why a path could not be imported at all."""
    if not source.exists():
        return Diagnostic(Location(source), None, "does not exist")
    message = "is no source vhsheaven can import; name its kind with --from"
    return Diagnostic(Location(source), None, message, "jekyll, hugo, wordpress, letterboxd")
