"""The addresses a site has published, remembered in its output folder, and a warning for
each one that is gone: a review renamed, its slug changed, or deleted.

Every address of a review or page (its own and its aliases') goes into a record in the output
folder's control folder after each build, and stays there. When a later build no longer has
one, it warns (as `check` does, reading the record), naming the address and, when it can
tell which file now holds that review, the alias line to add to it. A review is told by its
`id:`, else its file, else its title and year. The record is kept with the output folder,
like the record of owned files, so it knows what readers may have linked to; a build into
a fresh folder (a CI checkout) has nothing to compare with, and warns about nothing.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from vhsheaven.errors import Diagnostic, Location
from vhsheaven.model.site import Site
from vhsheaven.write.owned import CONTROL
from vhsheaven.write.staging import write_file

ADDRESSES = f"{CONTROL}/addresses"
_MAGIC = b"vhsheaven-addresses 1\n"


class Published(NamedTuple):
    """What was at an address: the file it came from and what tells its review apart (a
    plain tuple: the record holds one for every address of the site)."""

    source: str
    title: str
    year: int | None
    entry_id: str | None


_NEW = tuple.__new__


@dataclass(frozen=True, slots=True)
class Holder:
    """A review or page of this build, as the gone-address warning names it."""

    known: Published
    url: str
    aliases: tuple[str, ...]
    aliases_line: int | None


def holders(site: Site) -> Iterator[Holder]:
    """Every review and page of the site, with what it is known by."""
    for review in site.reviews:
        meta = review.meta
        known = Published(str(review.source.path), meta.title, meta.year, meta.id)
        yield Holder(known, review.url, meta.aliases, meta.lines.get("aliases"))
    for page in site.pages:
        known = Published(str(page.source.path), page.title, None, None)
        yield Holder(known, page.url, page.aliases, page.aliases_line)


def published_now(site: Site) -> dict[str, Published]:
    """Every address the site has now (each page's own and its aliases), by URL."""
    found: dict[str, Published] = {}
    for review in site.reviews:
        meta = review.meta
        # tuple.__new__: a NamedTuple's own constructor costs ten times more, which shows
        # at ten thousand reviews.
        known = _NEW(Published, (str(review.source.path), meta.title, meta.year, meta.id))
        found[review.url] = known
        for alias in meta.aliases:
            found[alias] = known
    for page in site.pages:
        known = Published(str(page.source.path), page.title, None, None)
        found[page.url] = known
        for alias in page.aliases:
            found[alias] = known
    return found


def gone_warnings(remembered: Mapping[str, Published], site: Site) -> list[Diagnostic]:
    """A warning for each remembered address the site no longer has."""
    now = {review.url for review in site.reviews}
    if remembered.keys() <= now:
        return []  # the common case, told without looking at aliases or pages
    now = set(published_now(site))
    everyone = list(holders(site))
    return [
        _gone(url, before, _successor(before, everyone))
        for url, before in sorted(remembered.items())
        if url not in now
    ]


def _successor(before: Published, everyone: list[Holder]) -> Holder | None:
    """The review or page that now holds what was at an address, if one can tell."""
    tests = (
        lambda h: before.entry_id is not None and h.known.entry_id == before.entry_id,
        lambda h: h.known.source == before.source,
        lambda h: (h.known.title, h.known.year) == (before.title, before.year),
    )
    for same in tests:
        found = [holder for holder in everyone if same(holder)]
        if len(found) == 1:
            return found[0]
    return None


def _gone(url: str, before: Published, holder: Holder | None) -> Diagnostic:
    shown = f"/{url}"
    if holder is None:
        message = (
            f"the address {shown} was published before and no page has it now (was "
            f'"{before.title}" deleted?); to keep links to it working, add it to the aliases '
            f"of the page that replaces it: aliases: [{shown}]"
        )
        return Diagnostic(Location(Path(before.source)), "aliases", message, severity="warning")
    line = ", ".join(f"/{alias}" for alias in (*holder.aliases, url))
    message = (
        f"the address {shown} of this review was published before and is gone; add it to "
        f"its aliases to keep links to it working: aliases: [{line}]"
    )
    where = Location(Path(holder.known.source), holder.aliases_line or 1)
    return Diagnostic(where, "aliases", message, severity="warning")


def read_addresses(out: Path) -> dict[str, Published]:
    """The addresses the record in `out` remembers; none if there is no record or it is
    damaged (then nothing is known to have been published)."""
    try:
        data = (out / ADDRESSES).read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return {}
    checksum, payload = data[len(_MAGIC) : len(_MAGIC) + 9], data[len(_MAGIC) + 9 :]
    if not data.startswith(_MAGIC) or checksum != b"%08x\n" % zlib.crc32(payload):
        return {}
    try:
        rows = json.loads(payload)
        return {url: Published(*row) for url, row in rows.items()}
    except (ValueError, TypeError):
        return {}


def remember_addresses(out: Path, remembered: Mapping[str, Published], site: Site) -> None:
    """Add the site's addresses to the record in `out`, keeping every address it had."""
    merged = {**remembered, **published_now(site)}
    if merged == remembered:
        return
    rows = dict(sorted(merged.items()))
    payload = json.dumps(rows, ensure_ascii=False, separators=(",", ":")).encode()
    temporary = out / f"{ADDRESSES}.next"
    write_file(temporary, _MAGIC + b"%08x\n" % zlib.crc32(payload) + payload)
    temporary.replace(out / ADDRESSES)
