"""content/reviews/*.md → ReviewSource: front matter split, checked and typed; no HTML yet."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from vhsheaven.errors import Diagnostic, Location
from vhsheaven.load import fields
from vhsheaven.load.addresses import alias_list, entry_id
from vhsheaven.load.body_rating import rating_line_problems
from vhsheaven.load.bylines import author_list, byline
from vhsheaven.load.dates import parse_date
from vhsheaven.load.fields import Invalid
from vhsheaven.load.markdown_file import read_parts
from vhsheaven.load.review_tree import find_reviews, unreadable
from vhsheaven.load.settings import SiteConfig
from vhsheaven.load.slugs import fit_name, fit_terms
from vhsheaven.load.slugs import slugify as slugify  # where `new` and the tests find it
from vhsheaven.load.yamldoc import Entry, unknown_field

FIRST_YEAR = 1888
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
READ_TIME_TEXT = re.compile(r"^(\d+)\s*(?:min|mins|minutes?)?(?:\s+read)?$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class ReviewMeta:
    """A review's checked front matter."""

    title: str
    author: str
    slug: str
    # None only in a draft that does not say yet (see `missing`).
    year: int | None = None
    rating: float | None = None
    date: dt.datetime | None = None
    # When the review was last revised; `date` alone orders reviews.
    updated: dt.datetime | None = None
    read_time: int | None = None
    original_title: str | None = None
    directors: tuple[str, ...] = ()
    cast: tuple[str, ...] = ()
    genres: tuple[str, ...] = ()
    poster: str | None = None
    summary: str | None = None
    verdict: str | None = None
    draft: bool = False
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    # Old addresses, site-relative, each given a redirect page (load/addresses.py).
    aliases: tuple[str, ...] = ()
    # The Atom entry's id when given (a URI); else the first address (model/site.py).
    id: str | None = None
    # The series the film is part of (model/series.py), and its place in it.
    series: str | None = None
    series_order: int | None = None
    # The line of each field the file gives, for problems found after checking.
    lines: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    # Required fields a draft leaves unset (DRAFTS_MAY_LACK): a warning when it is built.
    missing: tuple[str, ...] = ()
    # Every author of a co-written review; `author` is their names as a byline reads them.
    authors: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.authors:
            object.__setattr__(self, "authors", (self.author,))


@dataclass(frozen=True, slots=True)
class ReviewSource:
    """One review file: its front matter, its Markdown body and where the body starts."""

    meta: ReviewMeta
    markdown: str
    location: Location
    body_line: int


def load_all(root: Path, rules: Rules) -> tuple[list[ReviewSource], list[Diagnostic]]:
    """Read every review under content/reviews; never stops at the first bad file."""
    sources: list[ReviewSource] = []
    reviews = find_reviews(root)
    problems = list(reviews.problems)
    for name in reviews.names:
        try:
            data = (root / name).read_bytes()
        except OSError as exc:
            problems.append(unreadable(Path(name), exc))
            continue
        source, found = load_review(data, Path(name), rules)
        problems.extend(found)
        if source is not None:
            sources.append(source)
    problems.extend(duplicate_slugs(sources))
    return sources, problems


def load_review(
    data: bytes, where: Path, rules: Rules
) -> tuple[ReviewSource | None, list[Diagnostic]]:
    """Check one review file's bytes; `where` is its path relative to the site root."""
    parts = read_parts(data, where)
    if isinstance(parts, list):
        return None, parts
    entries, body, header_line, body_line = (
        parts.entries,
        parts.body,
        parts.header_line,
        parts.body_line,
    )
    # A value YAML itself refused (an impossible date, say) hides none of the others' problems.
    refused = frozenset(p.field for p in parts.refused if p.field)
    meta, found = _check_fields(entries, where, rules, header_line - 1, parts.header, refused)
    problems = sorted([*parts.refused, *found], key=lambda p: p.location.line or 0)
    if meta is None:
        return None, problems
    scale = rules.config.rating_scale
    problems += rating_line_problems(body, body_line, entries, scale, where)
    return ReviewSource(meta, body, Location(where, 1), body_line), problems


@dataclass(frozen=True, slots=True)
class Rules:
    """What checking a review's fields depends on besides the file: the settings, and the
    year it is at the build's moment (publish.Selection.this_year), never the machine's."""

    config: SiteConfig
    this_year: int


FieldParser = Callable[[Entry, Rules], Any]


def _year(entry: Entry, rules: Rules) -> int:
    return fields.whole_number(entry.value, FIRST_YEAR, rules.this_year + 1)


def _rating(entry: Entry, rules: Rules) -> float:
    value, scale = entry.value, rules.config.rating_scale
    allowed = f"a number from 0 to {scale} in steps of 0.5"
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise Invalid(f"must be a number (got {fields.shown(value)})", allowed)
    if not 0 <= value <= scale:
        raise Invalid(f"is out of range (got {value})", allowed)
    if not float(value * 2).is_integer():
        low = math.floor(value * 2) / 2
        message = f"is not a step of 0.5 (got {value}); did you mean {low:g} or {low + 0.5:g}?"
        raise Invalid(message, allowed)
    return float(value)


def _read_time(entry: Entry, rules: Rules) -> int:
    allowed = 'minutes as a whole number, or text like "6 min read"'
    if isinstance(entry.value, str):
        match = READ_TIME_TEXT.match(entry.value.strip())
        if match and int(match.group(1)) > 0:
            return int(match.group(1))
        raise Invalid(f"is not a read time (got {fields.shown(entry.value)})", allowed)
    try:
        return fields.whole_number(entry.value, 1)
    except Invalid as exc:
        raise Invalid(exc.message, allowed) from exc


def _date(entry: Entry, rules: Rules) -> dt.datetime:
    return parse_date(entry.value, ZoneInfo(rules.config.timezone))


def _slug(entry: Entry, rules: Rules) -> str:
    slug = fields.text(entry.value, entry.raw)
    allowed = "lower-case letters, digits and single hyphens, e.g. back-to-the-future"
    if "/" in slug or "\\" in slug or ".." in slug:
        raise Invalid(f"must not contain /, \\ or .. (got {fields.shown(slug)})", allowed)
    if not SLUG.match(slug):
        raise Invalid(f"is not a valid slug (got {fields.shown(slug)})", allowed)
    return fit_name(slug, slug)


def _poster(entry: Entry, rules: Rules) -> str:
    poster = fields.text(entry.value, entry.raw)
    allowed = "a path under static/ such as images/posters/alien.jpg, or an https:// URL"
    parts = urlsplit(poster)
    if parts.scheme:
        if parts.scheme != "https" or not parts.netloc:
            raise Invalid(f"must be an https URL or a path (got {fields.shown(poster)})", allowed)
        return poster
    relative = poster.lstrip("/").removeprefix("static/")
    if ".." in Path(relative).parts or "\\" in relative:
        raise Invalid(f"must stay inside static/ (got {fields.shown(poster)})", allowed)
    return relative


def _extra(entry: Entry, rules: Rules) -> Mapping[str, Any]:
    if not isinstance(entry.value, dict):
        raise Invalid(f"must be a mapping (got {fields.shown(entry.value)})")
    return MappingProxyType(dict(entry.value))


def _text(entry: Entry, rules: Rules) -> str:
    return fields.text(entry.value, entry.raw)


def _terms(entry: Entry, rules: Rules) -> tuple[str, ...]:
    return fit_terms(fields.text_list(entry.value, entry.raw))


FIELDS: dict[str, FieldParser] = {
    "title": _text,
    "year": _year,
    "rating": _rating,
    "author": lambda e, c: author_list(e.value, e.raw),
    "read_time": _read_time,
    "date": _date,
    "updated": _date,
    "slug": _slug,
    "original_title": _text,
    "director": _terms,
    "cast": lambda e, c: fields.text_list(e.value, e.raw),
    "genres": _terms,
    "tags": _terms,
    "poster": _poster,
    "summary": _text,
    "verdict": _text,
    "draft": lambda e, c: fields.boolean(e.value),
    "extra": _extra,
    "aliases": lambda e, c: alias_list(e.value, e.raw),
    "id": lambda e, c: entry_id(e.value, e.raw),
    "series": lambda e, c: fit_terms((_text(e, c),))[0],
    "series_order": lambda e, c: fields.whole_number(e.value, 1),
}
REQUIRED = ("title", "year", "rating")
# What a draft may leave unset until it is published: the rating is decided last.
DRAFTS_MAY_LACK = ("year", "rating")
# Front-matter names that differ from the ReviewMeta attribute they fill.
RENAMED = {"director": "directors", "tags": "genres", "author": "authors"}


def _check_fields(
    entries: dict[str, Entry],
    where: Path,
    rules: Rules,
    header_offset: int,
    header: str,
    refused: frozenset[str] = frozenset(),
) -> tuple[ReviewMeta | None, list[Diagnostic]]:
    """The checked fields, or None; `refused` names fields given but already reported."""
    values: dict[str, Any] = {}
    problems: list[Diagnostic] = []
    draft = entries.get("draft", Entry(False, None, 0)).value is True
    may_lack = DRAFTS_MAY_LACK if draft else ()
    for key, entry in entries.items():
        problem = _check_field(key, entry, where, rules, values, key in may_lack)
        if problem is not None:
            problems.append(problem)
    if "genres" in entries and "tags" in entries:
        line = entries["tags"].line
        message = "genres and tags are the same field; give only one"
        problems.append(Diagnostic(Location(where, line), "tags", message))
    for key in REQUIRED:
        if key not in entries and key not in refused and key not in may_lack:
            line = header_offset + _commented_line(key, header)
            problems.append(_missing(key, Location(where, line), rules))
    values["missing"] = tuple(key for key in may_lack if values.get(key) is None)
    if refused or any(p.is_error for p in problems):
        return None, problems
    values.setdefault("authors", (rules.config.author,))
    values["author"] = byline(values["authors"])
    values["lines"] = MappingProxyType({key: entry.line for key, entry in entries.items()})
    values["slug"] = values.get("slug") or _file_slug(where, problems)
    if not values["slug"]:
        return None, problems
    return ReviewMeta(**values), problems


def _file_slug(where: Path, problems: list[Diagnostic]) -> str:
    """The slug a review without `slug:` gets from its file name; "" (and a problem) if none."""
    slug = slugify(where.stem)
    message = "the file name gives no usable slug; set slug: in the front matter"
    try:
        if slug and fit_name(slug, where.stem):
            return slug
    except Invalid as exc:
        message = f"the file name {exc.message}; set a shorter slug: in the front matter"
    problems.append(Diagnostic(Location(where, 1), "slug", message))
    return ""


def _check_field(
    key: str, entry: Entry, where: Path, rules: Rules, values: dict[str, Any], may_lack: bool
) -> Diagnostic | None:
    location = Location(where, entry.line)
    parser = FIELDS.get(key)
    if parser is None:
        return unknown_field(key, location, FIELDS)
    if entry.value is None and (key not in REQUIRED or may_lack):
        return None
    try:
        values[RENAMED.get(key, key)] = parser(entry, rules)
    except Invalid as exc:
        return Diagnostic(location, key, exc.message, exc.allowed)
    return None


def _commented_line(key: str, header: str) -> int:
    """The header line of a `# key:` comment, where `new` lays out a required field it was
    not given (the value goes there); else the header's first line."""
    pattern = re.compile(rf"#\s*{key}\s*:")
    lines = header.split("\n")
    return next((n for n, text in enumerate(lines, 1) if pattern.match(text)), 1)


def _missing(key: str, location: Location, rules: Rules) -> Diagnostic:
    hints = {
        "title": "text",
        "year": f"a whole number from {FIRST_YEAR} to {rules.this_year + 1}",
        "rating": f"a number from 0 to {rules.config.rating_scale} in steps of 0.5",
    }
    return Diagnostic(location, key, "missing required field", hints[key])


def duplicate_slugs(sources: list[ReviewSource]) -> list[Diagnostic]:
    first: dict[str, ReviewSource] = {}
    problems: list[Diagnostic] = []
    for source in sources:
        slug = source.meta.slug
        if slug in first:
            other = first[slug].location.path.as_posix()
            message = f'duplicate slug "{slug}": {other} has it too; give one of them another slug'
            problems.append(Diagnostic(source.location, "slug", message))
        else:
            first[slug] = source
    return problems
