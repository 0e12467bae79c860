"""Old addresses in front matter (`aliases:`): checked and made site-relative.

An alias is an address a page had before, such as `/2019/05/04/alien/` from an older blog.
It is written relative to the site's root (under `base_url`'s path), starts with `/`, and
must stay inside the output folder once percent escapes are read.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote

from vhsheaven.load import fields
from vhsheaven.load.fields import Invalid
from vhsheaven.load.slugs import fit_name

ALLOWED = "a list of addresses on this site, each starting with /, e.g. [/2019/05/04/alien/]"
# What a URL path may hold as written (RFC 3986 pchar and "/"); anything else must be escaped.
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"]+$")
_PATH = re.compile(r"^/[A-Za-z0-9._~!$&'()*+,;=:@%/-]+$")


def alias_list(value: Any, raw: str | None) -> tuple[str, ...]:
    """Each alias site-relative ("2019/05/04/alien/"), each once, in the order written."""
    try:
        items = fields.text_list(value, raw)
    except Invalid as exc:
        raise Invalid(exc.message, ALLOWED) from exc
    return tuple(dict.fromkeys(alias(item) for item in items))


def alias(text: str) -> str:
    """One address as a site-relative URL; a folder-like address gets its trailing "/"."""
    shown = fields.shown(text)
    if "://" in text or text.startswith("//"):
        raise Invalid(f"must be an address on this site, not a full URL (got {shown})", ALLOWED)
    if not _PATH.match(text) or "?" in text or "#" in text:
        raise Invalid(f"is not an address starting with / (got {shown})", ALLOWED)
    try:
        decoded = unquote(text, errors="strict") if "%" in text else text
    except UnicodeDecodeError:
        raise Invalid(f"has escapes that are not UTF-8 (got {shown})", ALLOWED) from None
    parts = decoded.strip("/").split("/")
    if any(part in ("", ".", "..") for part in parts) or any(c in decoded for c in "\\\0"):
        raise Invalid(f"must not hold empty, . or .. parts (got {shown})", ALLOWED)
    for part in parts:
        fit_name(part, part)
    relative = text.lstrip("/")
    if not relative.endswith("/") and not relative.endswith(".html"):
        relative += "/"  # GitHub Pages sends /old/address to /old/address/
    return relative


def entry_id(value: Any, raw: str | None) -> str:
    """A feed entry id as given: a URI such as urn:uuid:… or tag:…, on one line."""
    text = fields.text(value, raw)
    if not _URI.match(text):
        allowed = "a URI such as urn:uuid:0b8f… or tag:example.org,2026:jaws"
        raise Invalid(f"is not a URI (got {fields.shown(text)})", allowed)
    return text


def output_name(url: str) -> str:
    """The file a site-relative alias is written to, its escapes read."""
    path = unquote(url) if "%" in url else url
    return f"{path}index.html" if path.endswith("/") else path
