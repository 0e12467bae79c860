"""content/authors/<slug>.md → AuthorSource: a short bio and links for an author's page.

The file name is the author's URL name (`authors/<slug>/`); the front matter gives `name`
and optional `links` (label: address), and the body is the bio.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vhsheaven.errors import Diagnostic, Location
from vhsheaven.load import fields
from vhsheaven.load.content_tree import read_text_file
from vhsheaven.load.fields import Invalid
from vhsheaven.load.front_matter import Parser, read_checked
from vhsheaven.load.review_file import Rules
from vhsheaven.markup.body import Body
from vhsheaven.markup.limits import TooComplex, too_complex

LINKS_ALLOWED = "a mapping of labels to https:// or mailto: addresses, e.g. {Letterboxd: https://…}"


@dataclass(frozen=True, slots=True)
class AuthorSource:
    """One author's bio: the page it belongs to (by URL name), the name, links and text."""

    slug: str
    name: str
    links: tuple[tuple[str, str], ...]
    body: Body
    location: Location


def _links(value: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(value, dict):
        raise Invalid(f"must be a mapping (got {fields.shown(value)})", LINKS_ALLOWED)
    links = []
    for label, url in value.items():
        address = fields.text(url, None) if isinstance(url, str) else ""
        if not address.startswith(("https://", "http://", "mailto:")):
            message = f"{fields.shown(label)} must be an https:// or mailto: address"
            raise Invalid(f"{message} (got {fields.shown(url)})", LINKS_ALLOWED)
        links.append((fields.text(label, str(label)), address))
    return tuple(links)


AUTHOR_FIELDS: dict[str, Parser] = {
    "name": lambda e: fields.text(e.value, e.raw),
    "links": lambda e: _links(e.value),
}


def load_authors(
    root: Path, names: tuple[str, ...], rules: Rules
) -> tuple[list[AuthorSource], list[Diagnostic]]:
    """Every author bio checked and converted, and every problem in any of them."""
    found: list[AuthorSource] = []
    problems: list[Diagnostic] = []
    for name in names:
        where = Path(name)
        data, problem = read_text_file(root, name)
        if data is None:
            problems += [problem] if problem is not None else []
            continue
        checked, found_here = read_checked(data, where, AUTHOR_FIELDS, ("name",))
        problems += found_here
        if checked is None:
            continue
        from vhsheaven.markup.convert import convert  # only a site with bios needs Markdown

        try:
            body = convert(checked.body, rules.config.raw_html)
        except TooComplex as exc:
            problems.append(too_complex(exc, where, checked.body_line, data))
            continue
        links = checked.values.get("links", ())
        source = AuthorSource(where.stem, checked.values["name"], links, body, Location(where, 1))
        found.append(source)
    return found, problems
