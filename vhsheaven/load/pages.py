"""content/pages/*.md → PageSource: pages that are not reviews (About, Contact), checked.

Only `title` is required. A page's address is its `slug`, else its file name's slug, at the
site's root (`content/pages/about.md` → `about/`). Drafts and future dates follow the
publication rule of reviews.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from vhsheaven.errors import Diagnostic, Location
from vhsheaven.load import fields
from vhsheaven.load.addresses import alias_list
from vhsheaven.load.content_tree import read_text_file
from vhsheaven.load.fields import Invalid
from vhsheaven.load.front_matter import Parser, read_checked
from vhsheaven.load.publish import LeftOut, Selection, is_due
from vhsheaven.load.review_file import Rules, _date, _file_slug, _slug
from vhsheaven.markup.body import Body
from vhsheaven.markup.limits import TooComplex, too_complex

DRAFT = "draft: true (build with --drafts to include it)"
SCHEDULED = "dated later than now (build with --future to include it now)"


@dataclass(frozen=True, slots=True)
class PageSource:
    """A checked page: its front matter and converted body."""

    title: str
    slug: str
    body: Body
    location: Location
    lines: Mapping[str, int]
    date: dt.datetime | None = None
    updated: dt.datetime | None = None
    summary: str | None = None
    draft: bool = False
    # The page's label in the site's navigation, if it is there.
    menu: str | None = None
    aliases: tuple[str, ...] = ()


def _menu(entry: Any, title: str | None) -> str | None:
    """`menu: true` lists the page under its title, `menu: Label` under that label."""
    if entry is True:
        return title
    return entry if isinstance(entry, str) else None


def page_fields(rules: Rules) -> dict[str, Parser]:
    """What a page's front matter may say, and how each field is checked."""
    return {
        "title": lambda e: fields.text(e.value, e.raw),
        "slug": lambda e: _slug(e, rules),
        "date": lambda e: _date(e, rules),
        "updated": lambda e: _date(e, rules),
        "summary": lambda e: fields.text(e.value, e.raw),
        "draft": lambda e: fields.boolean(e.value),
        "menu": lambda e: _checked_menu(e.value),
        "aliases": lambda e: alias_list(e.value, e.raw),
    }


def _checked_menu(value: Any) -> Any:
    if not isinstance(value, (bool, str)) or (isinstance(value, str) and not value.strip()):
        allowed = "true (listed under its title), false, or the label to show"
        raise Invalid(f"must be true, false or a label (got {fields.shown(value)})", allowed)
    return value.strip() if isinstance(value, str) else value


def load_page(data: bytes, where: Path, rules: Rules) -> tuple[PageSource | None, list[Diagnostic]]:
    """One page file checked and converted; None and the problems if it has errors."""
    from vhsheaven.markup.convert import convert

    checked, problems = read_checked(data, where, page_fields(rules), ("title",))
    if checked is None:
        return None, problems
    values = dict(checked.values)
    slug = values.pop("slug", None) or _file_slug(where, problems)
    if not slug:
        return None, problems
    try:
        body = convert(checked.body, rules.config.raw_html)
    except TooComplex as exc:
        return None, [*problems, too_complex(exc, where, checked.body_line, data)]
    values["menu"] = _menu(values.get("menu"), values["title"])
    page = PageSource(
        slug=slug, body=body, location=Location(where, 1), lines=checked.lines, **values
    )
    return page, problems


def load_pages(
    root: Path, names: tuple[str, ...], rules: Rules, selection: Selection
) -> tuple[list[PageSource], list[Diagnostic], list[LeftOut]]:
    """The pages this build publishes, every problem in any page, and those left out."""
    pages: list[PageSource] = []
    problems: list[Diagnostic] = []
    left_out: list[LeftOut] = []
    for name in names:
        data, problem = read_text_file(root, name)
        if data is None:
            problems += [problem] if problem is not None else []
            continue
        page, found = load_page(data, Path(name), rules)
        problems.extend(found)
        if page is None:
            continue
        if is_due(page.draft, page.date, selection):
            pages.append(page)
        else:
            why = DRAFT if page.draft else SCHEDULED
            left_out.append(LeftOut(page.location, why))
    return pages, problems, left_out
