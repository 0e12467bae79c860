"""Redirect pages at old addresses (`aliases:`), and files that would land on one address.

An alias is a page of its own: a small HTML page at the old address pointing to the new
one. Two pages, aliases or not, that would be written to the same file are an error naming
both, never one silently written over the other.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Protocol

from vhsheaven.errors import Diagnostic, Location
from vhsheaven.load.addresses import output_name
from vhsheaven.model.site import output_path_for

REDIRECT_TEMPLATE = "redirect.html"
# What another file's page at the same address is, by its template.
_KINDS = {
    "review.html": "the review page",
    "page.html": "the page",
    REDIRECT_TEMPLATE: "an alias",
}


@dataclass(frozen=True, slots=True)
class Redirect:
    """What a redirect page receives: the title and address of the page that moved."""

    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Alias:
    """One old address: where its redirect page goes, and the file and line that ask for it."""

    url: str
    output_path: PurePosixPath
    redirect: Redirect
    source: Location


def aliases_of(
    title: str, url: str, aliases: Iterable[str], source: Path, line: int | None
) -> Iterator[Alias]:
    """The redirect pages of one review or page (its aliases are checked site-relative)."""
    for old in aliases:
        path = output_path_for(output_name(old))
        yield Alias(old, path, Redirect(title, url), Location(source, line))


class Placed(Protocol):
    """A file of the site as the collision check sees it (a PageSpec)."""

    @property
    def template(self) -> str: ...
    @property
    def url(self) -> str: ...
    @property
    def output_path(self) -> PurePosixPath: ...
    @property
    def source(self) -> Location | None: ...


def collisions(specs: Iterable[Placed]) -> list[Diagnostic]:
    """An error for each file that more than one page would be written to, naming both."""
    first: dict[PurePosixPath, Placed] = {}
    problems: list[Diagnostic] = []
    for spec in specs:
        other = first.setdefault(spec.output_path, spec)
        if other is spec:
            continue
        blamed, held = (spec, other) if spec.source is not None else (other, spec)
        assert blamed.source is not None  # generated pages never share an address
        problems.append(_collision(blamed, held))
    return problems


def _collision(blamed: Placed, held: Placed) -> Diagnostic:
    assert blamed.source is not None
    field = "aliases" if blamed.template == REDIRECT_TEMPLATE else "slug"
    if held.source is None:
        whose = f"the site's own page there ({held.output_path.as_posix()})"
    elif held.source.path == blamed.source.path:
        whose = f"{_KINDS.get(held.template, 'a page')} in this same file"
    else:
        whose = f"{_KINDS.get(held.template, 'a page')} of {held.source.path.as_posix()}"
    message = (
        f"the address /{blamed.url} is taken by {whose}; "
        "give each page and alias an address of its own"
    )
    return Diagnostic(blamed.source, field, message)
