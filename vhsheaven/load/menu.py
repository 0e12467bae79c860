"""site.yaml's `menu:`: the header's navigation, each item a label and a page or an address."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from vhsheaven.load import fields
from vhsheaven.load.fields import Invalid

ALLOWED = (
    "a list of items like {label: About, page: about} (a page's slug) or "
    "{label: Letterboxd, url: https://letterboxd.com/x/} (an address; /genres/ is on this site)"
)


@dataclass(frozen=True, slots=True)
class MenuItem:
    """One link of the header's navigation: a page of the site by slug, or an address."""

    label: str
    page: str | None = None
    url: str | None = None


def menu_items(value: Any, raw: str | None) -> tuple[MenuItem, ...]:
    """The `menu:` setting checked: a list of {label, page} or {label, url} mappings."""
    if not isinstance(value, list):
        raise Invalid(f"must be a list (got {fields.shown(value)})", ALLOWED)
    return tuple(_item(item, number) for number, item in enumerate(value, 1))


def _item(item: Any, number: int) -> MenuItem:
    if not isinstance(item, dict) or set(item) - {"label", "page", "url"} or "label" not in item:
        raise Invalid(f"item {number} must have a label and a page or url", ALLOWED)
    if ("page" in item) == ("url" in item):
        raise Invalid(f"item {number} must have either a page or a url, not both", ALLOWED)
    label = fields.text(item["label"], None)
    if "page" in item:
        return MenuItem(label, page=fields.text(item["page"], None).strip("/"))
    url = fields.text(item["url"], None)
    if url.startswith("/") and not url.startswith("//"):
        return MenuItem(label, url=url.lstrip("/"))
    if url.startswith(("https://", "http://", "mailto:")):
        return MenuItem(label, url=url)
    raise Invalid(
        f"item {number}'s url must start with /, https:// or mailto: (got {url})", ALLOWED
    )
