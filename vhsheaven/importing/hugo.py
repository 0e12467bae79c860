"""A Hugo site folder → Posts: content/**, YAML, TOML and JSON front matter, page bundles.

A page's old address is its `url:`, else its section's `permalinks` pattern in the site's
config, else /section/slug-or-name/; its `aliases:` are old addresses too. A page bundle's
images (content/reviews/alien/index.md beside poster.jpg) are found beside its index.md.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from vhsheaven.errors import Diagnostic, Location
from vhsheaven.importing.post import Post, Read, file_post, read_front_matter, read_text, tomllib
from vhsheaven.load.slugs import slugify

CONFIGS = (
    "hugo.toml",
    "hugo.yaml",
    "hugo.yml",
    "hugo.json",
    "config.toml",
    "config.yaml",
    "config.yml",
    "config.json",
)
PLACEHOLDER = re.compile(r":([a-z_]+)")
BUNDLE_INDEX = "index"


def is_hugo(source: Path) -> bool:
    """Whether a folder looks like a Hugo site."""
    return (source / "content").is_dir() and any((source / name).is_file() for name in CONFIGS)


def read_hugo(source: Path) -> Read:
    """Every page under content/ but the section lists (_index.md)."""
    config, problems = _config(source)
    permalinks = config.get("permalinks") or {}
    posts: list[Post] = []
    content = source / "content"
    for path in sorted(content.rglob("*.md")):
        if path.stem == "_index" or not path.is_file():
            continue
        found = _page(source, path, permalinks if isinstance(permalinks, dict) else {})
        (problems if isinstance(found, Diagnostic) else posts).append(found)  # type: ignore[arg-type]
    host = urlsplit(str(config.get("baseURL") or config.get("baseurl") or "")).hostname or ""
    return Read("hugo", tuple(posts), tuple(problems), hosts=(host,))


def _config(source: Path) -> tuple[Mapping[str, Any], list[Diagnostic]]:
    for name in CONFIGS:
        path = source / name
        if not path.is_file():
            continue
        text = read_text(path, Path(name))
        if isinstance(text, Diagnostic):
            return {}, [text]
        try:
            if name.endswith(".toml"):
                data: Any = tomllib.loads(text)
            elif name.endswith(".json"):
                data = json.loads(text)
            else:
                data = yaml.safe_load(text)
        except (ValueError, yaml.YAMLError) as exc:
            message = f"cannot be read ({exc}); default addresses are assumed"
            return {}, [Diagnostic(Location(Path(name), 1), None, message, severity="warning")]
        return (data if isinstance(data, dict) else {}), []
    return {}, []


def _page(source: Path, path: Path, permalinks: Mapping[str, Any]) -> Post | Diagnostic:
    split = read_front_matter(path, path.relative_to(source))
    if isinstance(split, Diagnostic):
        return split
    fields = split[0]
    inside = path.relative_to(source / "content")
    bundle = path.stem == BUNDLE_INDEX
    stem = path.parent.name if bundle else path.stem
    section = inside.parts[0] if len(inside.parts) > 1 else ""
    folder = inside.parent.parent if bundle else inside.parent
    addresses: list[str] = []
    if not fields.get("draft"):
        addresses.append(_address(fields, stem, section, folder.as_posix(), permalinks))
        addresses += [_absolute(str(a), folder.as_posix()) for a in fields.get("aliases") or ()]
    dirs = (path.parent, source / "static")
    return file_post(source, path, split, stem, tuple(addresses), dirs)


def _address(
    fields: Mapping[str, Any], stem: str, section: str, folder: str, permalinks: Mapping[str, Any]
) -> str:
    if fields.get("url"):
        return _absolute(str(fields["url"]), "")
    slug = str(fields.get("slug") or stem)
    pattern = permalinks.get(section)
    if isinstance(pattern, str):
        return _absolute(_fill(pattern, fields, slug, stem, section), "")
    return _absolute(f"{folder}/{slug}/".lower(), "")


def _fill(pattern: str, fields: Mapping[str, Any], slug: str, stem: str, section: str) -> str:
    date = fields.get("date")
    values = {
        "slug": slug,
        "filename": stem,
        "contentbasename": stem,
        "section": section,
        "title": slugify(str(fields.get("title") or stem)),
    }
    if isinstance(date, (dt.date, dt.datetime)):
        values |= {
            "year": f"{date.year:04d}",
            "month": f"{date.month:02d}",
            "day": f"{date.day:02d}",
        }
    elif isinstance(date, str) and re.match(r"^\d{4}-\d{2}-\d{2}", date):
        values |= {"year": date[:4], "month": date[5:7], "day": date[8:10]}
    return PLACEHOLDER.sub(lambda m: values.get(m[1], m[0]), pattern)


def _absolute(address: str, folder: str) -> str:
    """Hugo takes an alias without a leading / as relative to the page's section."""
    if not address.startswith("/"):
        address = f"/{folder}/{address}" if folder else f"/{address}"
    return re.sub(r"/{2,}", "/", address)
