"""One source Post → the fields of our review file, each with where it came from."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from vhsheaven.importing import ratings
from vhsheaven.importing.post import Post
from vhsheaven.load.dates import LOOSE_DATE
from vhsheaven.load.review_file import FIRST_YEAR

YEAR_FIELDS = ("year", "release_year", "released", "film_year")
RATING_FIELDS = ("rating", "score", "stars", "my_rating")
DIRECTOR_FIELDS = ("director", "directors", "directed_by")
CAST_FIELDS = ("cast", "starring", "actors", "stars_cast")
AUTHOR_FIELDS = ("author", "authors")
SUMMARY_FIELDS = ("summary", "excerpt", "description")
POSTER_FIELDS = ("poster", "image", "cover", "featured_image", "thumbnail")
TERM_FIELDS = ("genres", "genre", "categories", "category", "tags")
DATE_FIELDS = ("date", "publishdate", "published_at")
TITLE_YEAR = re.compile(r"^(?P<title>.*?)\s*\((?P<year>\d{4})\)\s*$")
# Fields the source readers have used already (addresses, the slug, drafts, the poster).
READ_ALREADY = frozenset({"permalink", "url", "aliases", "slug", "published", "images"})
# Every field some mapping reads; any other is named in the report as left out.
USED = frozenset(
    {*YEAR_FIELDS, *RATING_FIELDS, *DIRECTOR_FIELDS, *CAST_FIELDS, *AUTHOR_FIELDS}
    | {*SUMMARY_FIELDS, *POSTER_FIELDS, *TERM_FIELDS, *READ_ALREADY}
    | {*DATE_FIELDS, "title", "draft", "extra"}
)
# WordPress files every post without a category under this one: it says nothing of the film.
NO_CATEGORY = "Uncategorized"


@dataclass(frozen=True, slots=True)
class Options:
    """The editor's choices and the site's scale, for mapping every post of one import."""

    site_scale: int
    source_scale: int
    """The scale of ratings that name none (given with --rating-scale, or detected)."""
    genres: Mapping[str, str]
    """--genre OLD=NEW: a category or tag → a genre, "" to leave it out."""


@dataclass(frozen=True, slots=True)
class Mapped:
    """Our front-matter values for a post, what became of each, and what is missing."""

    values: dict[str, Any]
    said: tuple[str, ...]
    """One line per field for the report: where its value came from."""
    gaps: tuple[tuple[str, str], ...]
    """(field, what the editor must do) for required values the source lacks."""
    body: str
    """The body, with a rating line read off it removed."""


def first(fields: Mapping[str, Any], names: tuple[str, ...]) -> tuple[str, Any] | None:
    """The first of `names` that the post sets, with its value."""
    for name in names:
        if fields.get(name) not in (None, "", []):
            return name, fields[name]
    return None


def map_fields(post: Post, options: Options) -> Mapped:
    """Title, year, rating, date, people, genres, summary, draft: each with its origin."""
    values: dict[str, Any] = {}
    said: list[str] = []
    gaps: list[tuple[str, str]] = []
    title = str(post.fields.get("title") or post.stem.replace("-", " ").strip().title())
    said.append("title ← title" if post.fields.get("title") else "title ← the file name")
    year, title = _year(post.fields, title, said, gaps)
    values["title"] = title
    if year is not None:
        values["year"] = year
    body = _rating(post, options, values, said, gaps)
    _date(post, values, said)
    _people(post.fields, values, said)
    _genres(post.fields, options, values, said)
    _summary(post.fields, values, said)
    if _is_draft(post.fields) or gaps:
        values["draft"] = True
        why = "draft" if _is_draft(post.fields) else "a required value is missing"
        said.append(f"draft ← {why}")
    if isinstance(post.fields.get("extra"), dict):
        values["extra"] = dict(post.fields["extra"])
    left = sorted(k for k in post.fields if k not in USED)
    if left:
        said.append("left out: " + ", ".join(left))
    return Mapped(values, tuple(said), tuple(gaps), body)


def _summary(fields: Mapping[str, Any], values: dict[str, Any], said: list[str]) -> None:
    found = first(fields, SUMMARY_FIELDS)
    text = (
        " ".join(re.sub(r"<[^>]+>", "", found[1]).split())
        if found and isinstance(found[1], str)
        else ""
    )
    if found is not None and text:
        values["summary"] = text
        said.append(f"summary ← {found[0]}")


def _year(
    fields: Mapping[str, Any], title: str, said: list[str], gaps: list[tuple[str, str]]
) -> tuple[int | None, str]:
    found = first(fields, YEAR_FIELDS)
    in_title = TITLE_YEAR.match(title)
    bare = in_title["title"] if in_title else title  # "Alien (1979)" is titled "Alien"
    match = re.match(r"^\s*(\d{4})", str(found[1])) if found is not None else None
    if found is not None and match and int(match[1]) >= FIRST_YEAR:
        said.append(f"year ← {found[0]}")
        return int(match[1]), bare
    if in_title and int(in_title["year"]) >= FIRST_YEAR:
        said.append(f'year ← the title "{title}"')
        return int(in_title["year"]), bare
    gaps.append(("year", "the film's release year is not in the source; set it"))
    return None, title


def _rating(
    post: Post,
    options: Options,
    values: dict[str, Any],
    said: list[str],
    gaps: list[tuple[str, str]],
) -> str:
    """Sets the rating; returns the body without the line it was read from, if it was."""
    field = first(post.fields, RATING_FIELDS)
    found = ratings.from_field(field[1]) if field is not None else None
    origin = f"{field[0]}" if field is not None else ""
    body = post.body
    if found is None:
        found = ratings.from_body(post.body)
        origin = "the body"
    if found is None:
        said_instead = f' ({field[0]} is "{field[1]}")' if field is not None else ""
        gaps.append(("rating", f"no rating in the source{said_instead}; set it"))
        return body
    if found.body_line is not None:
        lines = body.split("\n")
        body = "\n".join(lines[: found.body_line] + lines[found.body_line + 1 :])
    scale = found.scale or post.rating_scale or options.source_scale
    converted = ratings.convert(found.value, scale, options.site_scale)
    if converted is None:
        gaps.append(("rating", f'"{found.said}" is not a rating out of {scale}; set it'))
        return body
    values["rating"] = converted.value
    rounded = ", rounded to a half" if converted.rounded else ""
    said.append(f'rating ← {origin} "{found.said}", out of {scale}{rounded}')
    return body


def _date(post: Post, values: dict[str, Any], said: list[str]) -> None:
    found = first(post.fields, DATE_FIELDS)
    value = found[1] if found is not None else None
    if isinstance(value, str):
        value = value.strip() if LOOSE_DATE.match(value.strip()) else None  # as the loader reads
        if value is not None and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            value = _day(value)
    if isinstance(value, (str, dt.date)):
        values["date"] = value
        said.append(f"date ← {found[0] if found else 'date'}")
    elif post.file_date is not None:
        values["date"] = post.file_date
        said.append("date ← the file name")


def _day(text: str) -> dt.date | str:
    """A date alone as a date; an impossible one (2019-02-30) as written, for check to name."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return text


def _names(value: Any) -> list[str]:
    items = value if isinstance(value, list) else str(value).split(",")
    return [str(item).strip() for item in items if str(item).strip()]


def _people(fields: Mapping[str, Any], values: dict[str, Any], said: list[str]) -> None:
    for ours, names in (
        ("director", DIRECTOR_FIELDS),
        ("cast", CAST_FIELDS),
        ("author", AUTHOR_FIELDS),
    ):
        found = first(fields, names)
        people = _names(found[1]) if found is not None else []
        if found is None or not people:
            continue
        if ours == "author":
            values[ours] = people[0]
        else:
            values[ours] = people[0] if ours == "director" and len(people) == 1 else people
        said.append(f"{ours} ← {found[0]}")


def _genres(
    fields: Mapping[str, Any], options: Options, values: dict[str, Any], said: list[str]
) -> None:
    genres: list[str] = []
    origins: list[str] = []
    for name in TERM_FIELDS:
        terms = fields.get(name)
        if not terms:
            continue
        origins.append(name)
        for term in terms if isinstance(terms, list) else str(terms).split(","):
            term = str(term).strip()
            mapped = options.genres.get(term.casefold(), term if term != NO_CATEGORY else "")
            if mapped and mapped.casefold() not in {g.casefold() for g in genres}:
                genres.append(mapped)
    if genres:
        values["genres"] = genres
        said.append("genres ← " + " and ".join(origins))


def _is_draft(fields: Mapping[str, Any]) -> bool:
    return fields.get("draft") is True or fields.get("published") is False
