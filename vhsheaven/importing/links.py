"""Links between the imported posts → relative links between the reviews they become.

A link to another imported post (by its old address, on the old host or without one, or
through Jekyll's `post_url` and `link` tags or Hugo's `ref` and `relref` shortcodes) becomes
`../<slug>/`, which works under any base_url; any other link is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from vhsheaven.importing.post import Post

REF = re.compile(
    r"\{%-?\s*(?:post_url|link)\s+(?P<jekyll>[^%\s]+)\s*-?%\}"
    r"|\{\{[<%]\s*(?:rel)?ref\s+\"?(?P<hugo>[^\"\s>%]+)\"?\s*[>%]\}\}"
)
LINK = re.compile(r"(?P<before>\]\(|href=[\"'])(?P<url>[^)\s\"'#]+)(?P<fragment>#[^)\s\"']*)?")


@dataclass(frozen=True, slots=True)
class Links:
    """Where each imported post went: by its old addresses, and by the names of its file."""

    by_address: Mapping[str, str]
    by_name: Mapping[str, str]
    hosts: frozenset[str]
    """The old blog's host names: a link to one of them is a link inside the blog."""


def links_of(posts: Iterable[tuple[Post, str]], hosts: Iterable[str]) -> Links:
    """The links of every (post, slug) of one import."""
    by_address: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for post, slug in posts:
        for address in post.addresses:
            by_address.setdefault(_address(address), slug)
        for name in _names(post):
            by_name.setdefault(name, slug)
    return Links(by_address, by_name, frozenset(h.lower() for h in hosts if h))


def _names(post: Post) -> set[str]:
    """What a Jekyll or Hugo reference may call a post's file by."""
    source = PurePosixPath(post.source.as_posix())
    inside = PurePosixPath(source.as_posix().removeprefix("content/"))
    names = {source.as_posix(), inside.as_posix(), inside.with_suffix("").as_posix(), post.stem}
    if source.stem == "index":  # a Hugo page bundle is called by its folder
        names |= {inside.parent.as_posix(), f"{inside.parent}/index.md"}
    else:
        names |= {source.name, source.stem}
    return names


def _address(path: str) -> str:
    """An address as the lookup keeps it: without index.html, ending in "/" unless a file."""
    path = path.removesuffix("index.html")
    return path if path.endswith("/") or "." in path.rsplit("/", 1)[-1] else f"{path}/"


def resolve_references(text: str, links: Links) -> str:
    """post_url, link, ref and relref to another imported post → its review's address."""

    def resolved(match: re.Match[str]) -> str:
        name = (match["jekyll"] or match["hugo"]).strip("/")
        slug = links.by_name.get(name) or links.by_name.get(name.removesuffix(".md"))
        return f"../{slug}/" if slug else match[0]

    return REF.sub(resolved, text)


def relink(text: str, links: Links) -> str:
    """Every link to an old address of an imported post → a relative link to its review."""

    def relinked(match: re.Match[str]) -> str:
        parts = urlsplit(match["url"])
        inside = not parts.netloc or parts.netloc.lower() in links.hosts
        if (
            parts.scheme not in ("", "http", "https")
            or not inside
            or not parts.path.startswith("/")
        ):
            return match[0]
        slug = links.by_address.get(_address(parts.path))
        return f"{match['before']}../{slug}/{match['fragment'] or ''}" if slug else match[0]

    return LINK.sub(relinked, text)
