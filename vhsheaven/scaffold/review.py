"""`vhsheaven new`: a new draft review with every field laid out; never overwrites."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from vhsheaven.errors import Diagnostic, Location
from vhsheaven.load.fields import Invalid
from vhsheaven.load.review_file import FIELDS, Rules, load_all, slugify
from vhsheaven.load.settings import REVIEWS_DIR, STATIC_DIR, SiteConfig
from vhsheaven.load.slugs import fit_name
from vhsheaven.load.yamldoc import Entry

# The fields `new` fills from its options; the rest are laid out as comments.
OPTION_FIELDS = ("title", "year", "rating", "author", "director")
TEMPLATE = """\
---
title: {title}
{year}
{rating}
date: {date}
draft: true                # set to false (or delete this line) to publish
{author}
{director}
# original_title:          # text, shown under the byline
# cast: [A Name, Another]  # a list of names
# genres: [Horror]         # a list, e.g. [Science Fiction, Comedy]
{poster}
# summary:                 # one or two sentences for the home page (default: the first paragraph)
# read_time: 6             # minutes (default: worked out from the length of the body)
# series: A Series Name    # the series the film is part of, e.g. Alien
# series_order: 2          # its place in the series (default: by year)
# updated: 2026-11-30      # when you last revised the review (date keeps the order)
# aliases: [/old/address/] # addresses the review had before, each sent on to this one
# id: urn:uuid:…           # its feed entry id (default: the first address it had)
# slug: {slug}  # the review's address (default: the file name)
# verdict: |               # closing paragraphs in Markdown, shown after the rating
#   One last thought.
# extra:                   # anything else your templates want, as key: value lines
#   tape_label: Rental copy
---

Open with what hooks a reader: where you found the tape, or why it matters now.

## What It Is About

The set-up, without the ending.

## What Works

## What Does Not

<!--
A spoiler box that readers open with a click. Move it out of this comment to use it,
and keep the blank lines around each line of ::: markers.

::: spoiler what happens at the end

The paragraphs that give the ending away.

:::
-->
"""
COMMENTED = {
    "year": "# year: 1985               # required to publish: the film's release year",
    "rating": "# rating: 8.5              # required to publish: 0 to {scale} in steps of 0.5",
    "author": "# author: A Name           # who wrote it (default: {author})",
    "director": "# director: A Name         # a name, or a list [One, Two] for co-directors",
    "poster": "# poster: images/posters/{slug}.jpg   # a path under static/, or an https:// URL",
}
# Where `new --poster` copies the poster, under static/.
POSTERS = "images/posters"
POSTER_TYPES = (".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg")


@dataclass(frozen=True, slots=True)
class NewReview:
    """What the editor asked `new` for."""

    title: str
    year: int | None = None
    rating: float | None = None
    author: str | None = None
    director: str | None = None
    # A poster file to copy into static/ (as given: relative to the working folder).
    poster: Path | None = None


def review_path(title: str) -> Path:
    """Where a review of this title is written (relative to the site root)."""
    return REVIEWS_DIR / f"{slugify(title)}.md"


def problems_with(request: NewReview, root: Path, rules: Rules) -> list[Diagnostic]:
    """Why the review cannot be created: a bad value, or its file or slug already taken."""
    problems = _value_problems(request, rules)
    slug = slugify(request.title)
    if not slug:
        message = "gives no file name; use a title with letters or digits"
        return [*problems, Diagnostic(Location(Path("title")), None, message)]
    try:
        fit_name(f"{slug}.md", request.title)
    except Invalid as exc:
        return [*problems, Diagnostic(Location(Path("title")), None, exc.message, exc.allowed)]
    where = review_path(request.title)
    if (root / where).exists():
        message = "already exists; edit that file, or choose another title"
        return [*problems, Diagnostic(Location(where), None, message)]
    if request.poster is not None:
        problems.extend(_poster_problems(request.poster, root, slug))
    sources, _ = load_all(root, rules)
    for source in sources:
        if source.meta.slug == slug:
            message = f'the slug "{slug}" is already taken by this review; choose another title'
            problems.append(Diagnostic(source.location, "slug", message))
    return problems


def _value_problems(request: NewReview, rules: Rules) -> list[Diagnostic]:
    """Each given value checked by the same rules the review file is checked by."""
    problems = []
    for name in OPTION_FIELDS:
        value = getattr(request, name)
        if value is None:
            continue
        try:
            FIELDS[name](Entry(value, str(value), 1), rules)
        except Invalid as exc:
            where = Location(Path("title" if name == "title" else f"--{name}"))
            problems.append(Diagnostic(where, None, exc.message, exc.allowed))
    return problems


def poster_path(poster: Path, slug: str) -> str:
    """Where `new` copies a poster, under static/: images/posters/<slug> and its type."""
    suffix = poster.suffix.lower()
    return f"{POSTERS}/{slug}{'.jpg' if suffix == '.jpeg' else suffix}"


def _poster_problems(poster: Path, root: Path, slug: str) -> list[Diagnostic]:
    """Why the poster cannot be copied in: not a file, not an image, or its place taken."""
    from vhsheaven.images.source import BadImage, probe

    where = Location(poster)
    if poster.suffix.lower() not in POSTER_TYPES:
        allowed = ", ".join(POSTER_TYPES)
        return [Diagnostic(where, "--poster", f"is not a poster file ({poster.suffix})", allowed)]
    try:
        data = poster.read_bytes()
        probe(poster.name, data, "")
    except OSError as exc:
        return [Diagnostic(where, "--poster", f"cannot be read ({exc.strerror})")]
    except BadImage as exc:
        return [Diagnostic(where, "--poster", exc.message, exc.allowed)]
    target = root / STATIC_DIR / poster_path(poster, slug)
    if target.exists() and target.read_bytes() != data:
        message = "is taken by another file; move it, or give the poster there"
        return [Diagnostic(Location(target.relative_to(root)), None, message)]
    return []


def copy_poster(poster: Path, root: Path, slug: str) -> None:
    """Copy the poster into static/ (unless the same bytes are already there); never
    overwrites another file."""
    target = root / STATIC_DIR / poster_path(poster, slug)
    if target.exists():
        return  # the same bytes (see _poster_problems)
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("xb") as file:
        file.write(poster.read_bytes())


def review_text(request: NewReview, config: SiteConfig, today: dt.date) -> str:
    """The new file's text: given fields filled, the others commented with what they take."""
    slug = slugify(request.title)
    filled = {
        "year": f"year: {request.year}" if request.year is not None else None,
        "rating": f"rating: {request.rating:g}" if request.rating is not None else None,
        "author": f"author: {_quoted(request.author)}" if request.author else None,
        "director": f"director: {_quoted(request.director)}" if request.director else None,
        "poster": f"poster: {poster_path(request.poster, slug)}" if request.poster else None,
    }
    lines = {
        name: line
        or COMMENTED[name].format(scale=config.rating_scale, author=config.author, slug=slug)
        for name, line in filled.items()
    }
    return TEMPLATE.format(title=_quoted(request.title), date=today.isoformat(), slug=slug, **lines)


def _quoted(text: str | None) -> str:
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML), safe for any text."""
    return json.dumps(text, ensure_ascii=False)


def create_review(
    request: NewReview, root: Path, config: SiteConfig, today: dt.date
) -> tuple[Path | None, list[Diagnostic]]:
    """Write the new review and return its path, or write nothing and return the problems."""
    problems = problems_with(request, root, Rules(config, today.year))
    if problems:
        return None, problems
    where = review_path(request.title)
    if request.poster is not None:
        copy_poster(request.poster, root, slugify(request.title))
    target = root / where
    target.parent.mkdir(parents=True, exist_ok=True)
    # "x" mode: if another process created the file since the check, it is still not overwritten.
    with target.open("x", encoding="utf-8") as file:
        file.write(review_text(request, config, today))
    return where, []
