"""A Jekyll site folder → Posts: _posts/, _drafts/, collections, and each post's old address.

Addresses follow Jekyll's permalink rules: a post's own `permalink:`, else its collection's,
else `_config.yml`'s `permalink` (a pattern, or a style name: date, pretty, ordinal, none).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from vhsheaven.errors import Diagnostic, Location
from vhsheaven.importing.post import Post, Read, file_post, read_front_matter, read_text

NAME_DATE = re.compile(r"^(?P<date>\d{4}-\d{2}-\d{2})-(?P<title>.+)$")
STYLES = {
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
    "none": "/:categories/:title:output_ext",
}
COLLECTION_DEFAULT = "/:collection/:path:output_ext"
EXTENSIONS = (".md", ".markdown", ".mkd", ".html")
PLACEHOLDER = re.compile(r":([a-z_]+)")


def is_jekyll(source: Path) -> bool:
    """Whether a folder looks like a Jekyll site."""
    return (source / "_config.yml").is_file() or (source / "_posts").is_dir()


def read_jekyll(source: Path) -> Read:
    """Every post, draft and collection document of a Jekyll site."""
    config, problems = _config(source)
    permalink = str(config.get("permalink") or "date")
    permalink = STYLES.get(permalink, permalink)
    posts: list[Post] = []
    folders: list[tuple[str, str | None, bool]] = [
        ("posts", permalink, False),
        ("drafts", permalink, True),
    ]
    folders += _collections(config)
    for name, pattern, drafts in folders:
        folder = source / f"_{name}"
        for path in sorted(p for p in folder.rglob("*") if p.suffix in EXTENSIONS and p.is_file()):
            found = _post(source, path, name, pattern, drafts)
            (problems if isinstance(found, Diagnostic) else posts).append(found)  # type: ignore[arg-type]
    host = urlsplit(str(config.get("url") or "")).hostname or ""
    return Read("jekyll", tuple(posts), tuple(problems), hosts=(host,))


def _config(source: Path) -> tuple[Mapping[str, Any], list[Diagnostic]]:
    path = source / "_config.yml"
    if not path.is_file():
        return {}, []
    text = read_text(path, Path("_config.yml"))
    if isinstance(text, Diagnostic):
        return {}, [text]
    try:
        data = yaml.safe_load(text) or {}
    except yaml.YAMLError as exc:
        message = f"is not YAML ({exc}); the default permalink is assumed"
        return {}, [Diagnostic(Location(Path("_config.yml"), 1), None, message, severity="warning")]
    return (data if isinstance(data, dict) else {}), []


def _collections(config: Mapping[str, Any]) -> list[tuple[str, str | None, bool]]:
    """(name, permalink or None when it has no pages, False) for each collection but posts."""
    found = config.get("collections") or {}
    if isinstance(found, list):
        found = {name: {} for name in found}
    collections: list[tuple[str, str | None, bool]] = []
    for name, settings in found.items() if isinstance(found, dict) else ():
        settings = settings if isinstance(settings, dict) else {}
        if str(name) in ("posts", "drafts"):
            continue
        pattern = settings.get("permalink") or COLLECTION_DEFAULT
        collections.append((str(name), str(pattern) if settings.get("output") else None, False))
    return collections


def _post(
    source: Path, path: Path, collection: str, pattern: str | None, drafts: bool
) -> Post | Diagnostic:
    split = read_front_matter(path, path.relative_to(source))
    if isinstance(split, Diagnostic):
        return split
    fields = split[0]
    named = NAME_DATE.match(path.stem)
    file_date = (
        dt.date.fromisoformat(named["date"]) if named and _real_date(named["date"]) else None
    )
    stem = named["title"] if named and file_date else path.stem
    if drafts:
        fields.setdefault("draft", True)
    own = fields.get("permalink")
    pattern = str(own) if own else pattern
    relative = path.relative_to(source / f"_{collection}").with_suffix("")
    addresses: tuple[str, ...] = ()
    if pattern is not None and not drafts:
        date = _date(fields.get("date")) or file_date
        addresses = (
            address(pattern, fields, stem, date, collection, relative.as_posix(), path.suffix),
        )
    dirs = (path.parent, source)
    return file_post(
        source, path, split, stem, addresses, dirs, html=path.suffix == ".html", file_date=file_date
    )


def _real_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}", value.strip()):
        text = value.strip()[:10]
        return dt.date.fromisoformat(text) if _real_date(text) else None
    return None


def address(
    pattern: str,
    fields: Mapping[str, Any],
    stem: str,
    date: dt.date | None,
    collection: str,
    path: str,
    suffix: str,
) -> str:
    """A Jekyll permalink pattern filled in for one post."""
    categories = fields.get("categories", fields.get("category")) or []
    if isinstance(categories, str):
        categories = categories.split()
    slug = str(fields.get("slug") or stem)
    values = {
        "categories": "/".join(str(c).lower() for c in categories),
        "title": slug,
        "slug": slug,
        "name": stem,
        "path": path,
        "collection": collection,
        "output_ext": ".html",
    }
    if date is not None:
        values |= {
            "year": f"{date.year:04d}",
            "month": f"{date.month:02d}",
            "day": f"{date.day:02d}",
            "i_month": str(date.month),
            "i_day": str(date.day),
            "short_year": f"{date.year % 100:02d}",
            "y_day": f"{date.timetuple().tm_yday:03d}",
        }
    filled = PLACEHOLDER.sub(lambda m: values.get(m[1], m[0]), pattern)
    return "/" + re.sub(r"/{2,}", "/", filled).lstrip("/")
