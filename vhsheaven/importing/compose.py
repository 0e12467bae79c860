"""A mapped post → the text of its review file, the images it needs, and what is left to do."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote, urlsplit

import yaml

from vhsheaven.importing import shortcodes
from vhsheaven.importing.links import Links, relink, resolve_references
from vhsheaven.importing.mapping import POSTER_FIELDS, Mapped
from vhsheaven.importing.post import Post
from vhsheaven.load.slugs import slugify

IMAGE_REF = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<src>[^)\s]+)(?P<rest>[^)]*)\)")
HTML_IMAGE = re.compile(r"(?P<before><img\b[^>]*\bsrc=[\"'])(?P<src>[^\"']+)(?P<after>[\"'])", re.I)
IMAGE_FOLDER = PurePosixPath("images", "imported")
ORDER = (
    "title",
    "year",
    "rating",
    "date",
    "author",
    "director",
    "cast",
    "genres",
    "summary",
    "poster",
    "draft",
    "aliases",
    "extra",
)
TAGS = {
    "jekyll": shortcodes.JEKYLL,
    "hugo": shortcodes.HUGO_TAGS,
    "wordpress": shortcodes.WORDPRESS_TAGS,
}
NOT_FOUND = "is not in the source folder; copy it into static/"
ELSEWHERE = "loads from another host on every page view; copy it into static/ and link it there"
HINTS = {
    "year": "a whole number such as 1979",
    "rating": "a number on the site's scale in steps of 0.5",
}


@dataclass(frozen=True, slots=True)
class Todo:
    """One thing the editor must still do, at a line of the written file."""

    line: int
    field: str
    message: str


@dataclass(frozen=True, slots=True)
class Composed:
    """A review file's text, the images to copy (static/ path → source file), what is left."""

    text: str
    images: dict[PurePosixPath, Path]
    todos: tuple[Todo, ...]


def compose(post: Post, mapped: Mapped, slug: str, kind: str, links: Links) -> Composed:
    """The review file for one post, with its images' new places and the editor's to-dos."""
    body = resolve_references(mapped.body, links)
    converted = shortcodes.convert_tags(body, TAGS.get(kind, ()))
    images: dict[PurePosixPath, Path] = {}
    missing: list[tuple[str, str]] = []
    text = _images(relink(converted.text, links), post, slug, images, missing)
    values = dict(mapped.values)
    poster = values.pop("poster", None) or _poster(post)
    found = _find(poster, post) if isinstance(poster, str) else None
    if found is not None:
        values["poster"] = _place(found, slug, images).as_posix()
    if post.addresses:
        values["aliases"] = list(dict.fromkeys(post.addresses))
    header = _header(values)
    lines = header.count("\n") + 1
    gaps = [f"# {field}: ({HINTS[field]})" for field, _ in mapped.gaps]
    todos = [Todo(lines + 1 + n, field, message) for n, (field, message) in enumerate(mapped.gaps)]
    whole = "---\n" + header + "".join(g + "\n" for g in gaps) + "---\n\n" + text
    body_start = whole.count("\n", 0, len(whole) - len(text)) + 1
    todos += _left(text, converted.left, body_start)
    todos += [Todo(body_start + _line_of(text, ref), "image", why) for ref, why in missing]
    if isinstance(poster, str) and found is None:
        todos.append(Todo(1, "poster", f"{poster} {NOT_FOUND}, then set poster: to it"))
    return Composed(whole, images, tuple(sorted(todos, key=lambda t: t.line)))


class _Fields(dict[str, Any]):
    """The top level of the front matter: one field a line; lists and mappings inside it
    on one line each, as editors write `genres: [Horror, Science Fiction]`."""


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(
    _Fields, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=False)
)
_Dumper.add_representer(
    list, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True)
)
_Dumper.add_representer(
    dict, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True)
)


def _header(values: dict[str, Any]) -> str:
    ordered = _Fields((key, values[key]) for key in ORDER if key in values)
    return yaml.dump(ordered, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10_000)


def _poster(post: Post) -> str | None:
    """The post's own image: a field naming one, or the first of Hugo's `images` list."""
    for name in POSTER_FIELDS:
        if isinstance(post.fields.get(name), str):
            return str(post.fields[name])
    images = post.fields.get("images")
    return str(images[0]) if isinstance(images, list) and images else None


def _images(
    text: str,
    post: Post,
    slug: str,
    images: dict[PurePosixPath, Path],
    missing: list[tuple[str, str]],
) -> str:
    """Every image the body shows that the source holds is copied to
    static/images/imported/<slug>/; any other is listed (one from another host too: a site
    makes no third-party request)."""

    def moved(src: str) -> str:
        if src.startswith(("data:", "#")):
            return src
        found = _find(src, post)
        if found is None:
            why = ELSEWHERE if urlsplit(src).scheme else f"{NOT_FOUND} and fix the link"
            missing.append((src, f"{src} {why}"))
            return src
        return "../../static/" + _place(found, slug, images).as_posix()

    text = IMAGE_REF.sub(lambda m: f"![{m['alt']}]({moved(m['src'])}{m['rest']})", text)
    return HTML_IMAGE.sub(lambda m: m["before"] + moved(m["src"]) + m["after"], text)


def _find(src: str, post: Post) -> Path | None:
    """The file an image reference names, looked for in the post's folders, never outside."""
    path = unquote(urlsplit(src).path)
    if not path or path.endswith("/"):
        return None
    for folder in post.image_dirs:
        candidate = (folder / path.lstrip("/")).resolve()
        if candidate.is_relative_to(folder.resolve()) and candidate.is_file():
            return candidate
    return None


def _place(found: Path, slug: str, images: dict[PurePosixPath, Path]) -> PurePosixPath:
    """Where an image goes; two files of one name in the source get two names."""
    stem, number = slugify(found.stem) or "image", 1
    place = IMAGE_FOLDER / slug / f"{stem}{found.suffix.lower()}"
    while images.get(place, found) != found:
        number += 1
        place = IMAGE_FOLDER / slug / f"{stem}-{number}{found.suffix.lower()}"
    images[place] = found
    return place


def _line_of(text: str, snippet: str) -> int:
    index = text.find(snippet)
    return text.count("\n", 0, index) if index >= 0 else 0


def _left(text: str, left: tuple[str, ...], start: int) -> list[Todo]:
    """Where each tag left as written is in the final body (it moved as blocks were spaced)."""
    todos: list[Todo] = []
    lines = text.split("\n")
    at = 0
    for tag in left:
        found = next((n for n in range(at, len(lines)) if tag in lines[n]), None)
        if found is None:
            found = next((n for n in range(len(lines)) if tag in lines[n]), 0)
        at = found
        what = (
            "an embed, left as written"
            if tag.startswith("<")
            else "the source's template syntax, left as written"
        )
        message = f"{tag} is {what}; rewrite it or remove it"
        todos.append(Todo(start + found, "body", message))
    return todos
