"""What every source reader gives: one Post per source review, front matter as read."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from vhsheaven.errors import Diagnostic, Location

if sys.version_info >= (3, 11):
    import tomllib as tomllib
else:  # pragma: no cover (3.10 only)
    import tomli as tomllib


@dataclass(frozen=True, slots=True)
class Post:
    """One review as a source holds it, before any mapping to our fields."""

    source: Path
    """The source file, relative to the imported folder (or the export file's name)."""
    line: int
    """The line of the source file where this post starts."""
    fields: Mapping[str, Any]
    """Front matter (or the export's columns), keys lower-cased."""
    body: str
    body_line: int
    """The source line the body starts on."""
    stem: str
    """What the slug is made of when the post names none."""
    html: bool = False
    """Whether the body is HTML (WordPress) rather than Markdown."""
    file_date: dt.date | None = None
    """The date in a Jekyll post's file name."""
    addresses: tuple[str, ...] = ()
    """Every address the post had, as absolute paths (/2019/05/04/alien/)."""
    image_dirs: tuple[Path, ...] = ()
    """Folders an image the body names is looked for in, the post's own first."""
    rating_scale: int | None = None
    """The scale the source's ratings are on, when the source says (Letterboxd: 5)."""
    notes: tuple[str, ...] = ()
    """What the reader did that the report should say (a rewatch kept apart)."""


@dataclass(frozen=True, slots=True)
class Read:
    """What a source reader found: posts, and the files it could not read (never fatal)."""

    kind: str
    posts: tuple[Post, ...]
    problems: tuple[Diagnostic, ...]
    scale_hint: int | None = None
    """The rating scale the source's settings name, if any."""
    hosts: tuple[str, ...] = ()
    """The host names the old blog was served from, as its settings say."""


FENCES = {"---": "yaml", "+++": "toml"}


def split_front_matter(text: str, where: Path) -> tuple[dict[str, Any], str, int] | Diagnostic:
    """A Markdown file's front matter (YAML ---, TOML +++ or JSON {…}), body and body line."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n")
    first = text.split("\n", 1)[0].rstrip()
    if first in FENCES:
        closing = re.search(rf"^{re.escape(first)}[ \t]*$", text[len(first) :], re.MULTILINE)
        if closing is None:
            return Diagnostic(
                Location(where, 1), None, f"front matter opened by {first} never closes"
            )
        header = text[len(first) + 1 : len(first) + closing.start()]
        body = text[len(first) + closing.end() :].removeprefix("\n")
        parsed = _parse(header, FENCES[first], where)
    elif first.startswith("{"):
        parsed, body = _json_front(text, where)
    else:
        return {}, text, 1
    if isinstance(parsed, Diagnostic):
        return parsed
    if not isinstance(parsed, dict):
        return Diagnostic(Location(where, 1), None, "front matter is not a mapping of fields")
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    return {str(k).lower(): v for k, v in parsed.items()}, body, body_line


def _parse(header: str, kind: str, where: Path) -> Any:
    try:
        if kind == "toml":
            return tomllib.loads(header)
        return yaml.safe_load(header) or {}
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        line = mark.line + 2 if mark is not None else 1
        return Diagnostic(Location(where, line), None, f"front matter is not YAML: {exc.problem}")
    except (yaml.YAMLError, tomllib.TOMLDecodeError) as exc:
        return Diagnostic(Location(where, 1), None, f"front matter is not {kind.upper()}: {exc}")


def _json_front(text: str, where: Path) -> tuple[Any, str]:
    """Hugo's JSON front matter: one object at the top, the body after it."""
    try:
        value, end = json.JSONDecoder().raw_decode(text)
    except json.JSONDecodeError as exc:
        return Diagnostic(
            Location(where, exc.lineno), None, f"front matter is not JSON: {exc.msg}"
        ), ""
    return value, text[end:].lstrip(" \t").removeprefix("\n")


def read_text(path: Path, where: Path) -> str | Diagnostic:
    """A source file's text, or why it cannot be imported."""
    try:
        return path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        return Diagnostic(Location(where, 1), None, "is not UTF-8 text; save it as UTF-8")
    except OSError as exc:
        return Diagnostic(Location(where), None, f"cannot be read ({exc.strerror or exc})")


def read_front_matter(path: Path, where: Path) -> tuple[dict[str, Any], str, int] | Diagnostic:
    """A Markdown file's front matter, body and body line, or why it cannot be imported."""
    text = read_text(path, where)
    return text if isinstance(text, Diagnostic) else split_front_matter(text, where)


def file_post(
    source: Path,
    path: Path,
    split: tuple[dict[str, Any], str, int],
    stem: str,
    addresses: tuple[str, ...],
    image_dirs: tuple[Path, ...],
    *,
    html: bool = False,
    file_date: dt.date | None = None,
) -> Post:
    """The post of one front-matter file under `source` (a Hugo or Jekyll site): it starts on
    the file's first line, and its front matter and body are `split`."""
    fields, body, body_line = split
    return Post(
        path.relative_to(source),
        1,
        fields,
        body,
        body_line,
        stem,
        html,
        file_date,
        addresses,
        image_dirs,
    )
