"""Two files beside Pagefind's bundle that the search page reads itself: the filters'
values, and each page's sort keys.

The page's selects list every filter value. Pagefind would give them only by loading every
filter's page lists (102 KiB at 10,000 reviews, on the first query); `filters.json` is the
names alone. Pagefind's sorts are an order of every page per sort key, in the meta file the
first query loads whole (about 6 bytes a review); `sorts.json` holds the keys by fragment
name instead, fetched only when the reader picks an order, and the page sorts the results.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from vhsheaven.search.records import Record

FILTERS_FILE = "filters.json"
SORTS_FILE = "sorts.json"


def sidecar(records: Sequence[Record], pages: Sequence[str]) -> dict[str, bytes]:
    """The two files for `records`, whose fragments are named `pages` (in the same order)."""
    values: dict[str, set[str]] = {}
    for record in records:
        for name, found in record.filters:
            values.setdefault(name, set()).update(found)
    filters = {
        name: sorted(found, key=lambda value: (value.casefold(), value))
        for name, found in sorted(values.items())
    }
    keys = sorted({key for record in records for key, _ in record.sort})
    by_page = {}
    for record, page in zip(records, pages, strict=True):
        known = dict(record.sort)
        by_page[page] = [_number(known[key]) if key in known else None for key in keys]
    sorts = {"keys": keys, "pages": by_page}
    return {FILTERS_FILE: _json(filters), SORTS_FILE: _json(sorts)}


def _number(text: str) -> int | float:
    """A sort key as the number it spells (every key records.py makes is a number)."""
    value = float(text)
    return int(value) if value.is_integer() else value


def _json(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
