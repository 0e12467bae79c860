"""The <img> tags of a converted body: what they show, and the body with each one replaced.

Bodies are our converter's HTML (attributes double-quoted) or raw HTML an author wrote, so
quoting of either kind is read. Pure text in, text out: what replaces a tag is the caller's.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable, Mapping
from urllib.parse import unquote

IMG = re.compile(r"<img\b([^>]*)>", re.IGNORECASE)
ATTRIBUTE = re.compile(
    r"""([A-Za-z_:][-A-Za-z0-9_:.]*)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?"""
)


def attributes(tag: str) -> dict[str, str]:
    """An <img> tag's attributes (names lower-cased, values unescaped)."""
    found: dict[str, str] = {}
    for match in ATTRIBUTE.finditer(tag):
        name = match.group(1).lower()
        value = next((v for v in match.group(2, 3, 4) if v is not None), "")
        found.setdefault(name, html.unescape(value))
    return found


def image_sources(body: str) -> tuple[str, ...]:
    """The src of every <img> in the body, in order."""
    sources = (attributes(match.group(1)).get("src") for match in IMG.finditer(body))
    return tuple(src for src in sources if src)


def static_path(src: str, page_url: str, base_path: str) -> str | None:
    """The file under static/ that `src` on the page at `page_url` shows, or None if it
    shows something else (a remote image, a data: URL, a page)."""
    if "://" in src or src.startswith(("//", "data:", "#")) or "?" in src:
        return None
    if src.startswith("/"):
        if not src.startswith(base_path):
            return None
        target = src[len(base_path) :]
    else:
        target = posixpath.join(posixpath.dirname(page_url.rstrip("/") + "/x"), src)
    target = posixpath.normpath(unquote(target.split("#", 1)[0]))
    if not target.startswith("static/") or ".." in target.split("/"):
        return None
    return target.removeprefix("static/")


def replace_images(body: str, replacement: Callable[[Mapping[str, str]], str | None]) -> str:
    """The body with each <img> replaced by replacement(its attributes), where that is not None."""

    def replaced(match: re.Match[str]) -> str:
        made = replacement(attributes(match.group(1)))
        return match.group(0) if made is None else made

    return IMG.sub(replaced, body)
