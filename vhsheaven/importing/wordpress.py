"""A WordPress export (WXR) → Posts: posts with their categories, tags, authors and custom
fields; attachments name the featured image; pages, menus and trashed posts are not reviews.

The file is parsed with defusedxml, which refuses entity declarations (the "billion laughs"
and external-entity attacks) whatever expat version Python was built with.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from vhsheaven.errors import Diagnostic, Location
from vhsheaven.importing.post import Post, Read

WP = "wordpress.org"  # in the URI of every WordPress namespace
DRAFT_STATUSES = frozenset({"draft", "pending", "private", "auto-draft"})
NO_DATE = "0000-00-00 00:00:00"


def is_wordpress(source: Path) -> bool:
    """Whether a file looks like a WordPress export."""
    if not source.is_file() or source.suffix.lower() != ".xml":
        return False
    try:
        with source.open("rb") as file:
            return b"wordpress.org/export" in file.read(64 * 1024)
    except OSError:
        return False  # reading it is reported when it is named with --from


def _children(element: ET.Element, local: str, namespace: str = "") -> list[ET.Element]:
    """Children named `local` in a namespace whose URI holds `namespace` ("" for none)."""
    found = []
    for child in element:
        uri, _, name = child.tag.rpartition("}")
        if name == local and (namespace in uri if namespace else not uri):
            found.append(child)
    return found


def _text(element: ET.Element, local: str, namespace: str = "") -> str:
    found = _children(element, local, namespace)
    return (found[0].text or "").strip() if found else ""


def read_wordpress(source: Path) -> Read:
    """Every post of a WordPress export; the export's folder is where images are looked for."""
    where = Path(source.name)
    try:
        raw = source.read_bytes()
        channel = fromstring(raw).find("channel")
    except (ET.ParseError, DefusedXmlException, OSError) as exc:
        line = exc.position[0] if isinstance(exc, ET.ParseError) else 1
        message = f"is not a WordPress export that can be read ({exc})"
        return Read("wordpress", (), (Diagnostic(Location(where, line), None, message),))
    if channel is None:
        message = "has no <channel>: not a WordPress export"
        return Read("wordpress", (), (Diagnostic(Location(where, 1), None, message),))
    text = raw.decode("utf-8", "replace")
    authors = {
        _text(a, "author_login", WP): _text(a, "author_display_name", WP)
        for a in _children(channel, "author", WP)
    }
    items = _children(channel, "item")
    attachments = {
        _text(i, "post_id", WP): _text(i, "attachment_url", WP)
        for i in items
        if _text(i, "post_type", WP) == "attachment"
    }
    posts: list[Post] = []
    skipped: list[Diagnostic] = []
    for item in items:
        kind, status = _text(item, "post_type", WP), _text(item, "status", WP)
        if kind == "post" and status != "trash":
            posts.append(_post(item, where, source.parent, text, authors, attachments))
        elif kind not in ("attachment", "nav_menu_item"):
            what = "in the trash" if status == "trash" else f"a {kind or 'item'}, not a post"
            message = f"{_text(item, 'title') or 'untitled'}: {what}; not imported"
            skipped.append(
                Diagnostic(Location(where, _line(text, item)), None, message, severity="warning")
            )
    host = urlsplit(_text(channel, "link")).hostname or ""
    return Read("wordpress", tuple(posts), tuple(skipped), hosts=(host,))


def _post(
    item: ET.Element,
    where: Path,
    folder: Path,
    text: str,
    authors: dict[str, str],
    attachments: dict[str, str],
) -> Post:
    line = _line(text, item)
    meta = {
        _text(m, "meta_key", WP): _text(m, "meta_value", WP)
        for m in _children(item, "postmeta", WP)
    }
    fields: dict[str, Any] = {k.lower(): v for k, v in meta.items() if not k.startswith("_") and v}
    fields["title"] = _text(item, "title")
    status = _text(item, "status", WP)
    fields["draft"] = status in DRAFT_STATUSES
    date = _text(item, "post_date", WP)
    if date and date != NO_DATE:
        fields["date"] = dt.datetime.fromisoformat(date)
    login = _text(item, "creator", "purl.org/dc")
    if login:
        fields["author"] = authors.get(login) or login
    fields["categories"] = _terms(item, "category")
    fields["tags"] = _terms(item, "post_tag")
    excerpt = _text(item, "encoded", "excerpt")
    if excerpt:
        fields["excerpt"] = excerpt
    thumbnail = attachments.get(meta.get("_thumbnail_id", ""))
    if thumbnail:
        fields["poster"] = thumbnail
    body = _text(item, "encoded", "purl.org/rss/1.0/modules/content")
    stem = _text(item, "post_name", WP) or fields["title"]
    addresses = () if fields["draft"] else _address(_text(item, "link"))
    return Post(where, line, fields, body, line, stem, True, None, addresses, (folder,))


def _line(text: str, item: ET.Element) -> int:
    """The export's line where an item's id is (the parser keeps no lines)."""
    found = text.find(f">{_text(item, 'post_id', WP)}</wp:post_id>")
    return text.count("\n", 0, found) + 1 if found >= 0 else 1


def _terms(item: ET.Element, domain: str) -> list[str]:
    return [
        (c.text or "").strip() for c in _children(item, "category") if c.get("domain") == domain
    ]


def _address(link: str) -> tuple[str, ...]:
    """The path of a post's permalink; none for ?p=123 links, which WordPress resolves itself."""
    parts = urlsplit(link)
    if not parts.path or parts.query or not re.match(r"^/[^?#]*$", parts.path):
        return ()
    return (parts.path,)
