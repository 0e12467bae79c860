"""Author bios placed on their authors' pages, and a warning for a bio no review's author has."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from vhsheaven.errors import Diagnostic
from vhsheaven.load.authors import AuthorSource
from vhsheaven.model.site import Taxonomy


@dataclass(frozen=True, slots=True)
class BioLink:
    """One of an author's links: a label and an address."""

    label: str
    url: str


@dataclass(frozen=True, slots=True)
class Bio:
    """What an author's page shows above their reviews (`about` in listing.html)."""

    name: str
    links: tuple[BioLink, ...]
    html: str


def place_bios(
    sources: Iterable[AuthorSource], authors: Taxonomy
) -> tuple[Mapping[str, Bio], list[Diagnostic]]:
    """Each bio by its author's URL name; a bio whose name no author has is a warning."""
    known = {term.slug for term in authors.terms}
    bios: dict[str, Bio] = {}
    problems: list[Diagnostic] = []
    for source in sources:
        if source.slug not in known:
            slugs = ", ".join(sorted(known)) or "none yet"
            message = (
                f"no review is by an author at authors/{source.slug}/; name the file after "
                "the author's address"
            )
            problems.append(Diagnostic(source.location, None, message, slugs, severity="warning"))
            continue
        links = tuple(BioLink(label, url) for label, url in source.links)
        bios[source.slug] = Bio(source.name, links, source.body.html)
    return MappingProxyType(bios), problems
