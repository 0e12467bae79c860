"""A page's fingerprint: a small value that changes whenever what the page is rendered from does.

A page is rendered again only when its fingerprint differs from the last build's. The
fingerprint is worked out mechanically from exactly what the template receives
(model/pages.py: site_context and page_context): every field of every value in it, to any
depth. There is one rule besides, for reviews: a review stands in by its key (its file's
path and bytes), because everything a Review holds is worked out from its file and the
settings, and the settings are in every page's fingerprint already (keys.site_key). So
templates can reach nothing that the fingerprint does not cover; views (model/views.py)
keep what they are given small, so that an edit re-renders only the pages that can show it.

It also collects the slugs of the reviews a page shows: when a later build's site has the same
shape (model.shape), only the pages showing a review that changed need a new fingerprint.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

from vhsheaven.incremental.store import content_hash
from vhsheaven.model.site import Review

Scalar = (str, int, float, bool, type(None), dt.datetime, dt.date, PurePosixPath)
_EXACT_SCALARS = frozenset(Scalar)


_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _field_names(kind: type) -> tuple[str, ...] | None:
    """A dataclass's field names (asked once per class: dataclasses.fields is slow)."""
    if kind not in _FIELDS:
        names = dataclasses.fields(kind) if dataclasses.is_dataclass(kind) else None
        _FIELDS[kind] = tuple(f.name for f in names) if names is not None else None
    return _FIELDS[kind]


# Values met again on other pages (by identity, within one walk of the site's pages): the
# links to a list's pages are on each of its pages, and walking them again for every page
# would cost the square of the list's length.
Memo = dict[int, tuple[Any, frozenset[str]]]
# A field holding more items than this makes its value stand in by a digest of its
# fingerprint, so that pages sharing a long list do not each carry it whole.
LONG = 32


def fingerprint(value: Any, shown: set[str], memo: Memo | None = None) -> Any:
    """A comparable, picklable stand-in for a template context value and everything it
    holds; adds to `shown` the slugs of the reviews in it. `memo` remembers the values
    already walked (by identity: it must not outlive them)."""
    # Exact types first: a set lookup costs less than isinstance against eight types, and
    # far less than against Mapping, an abstract class; this runs for every value of every
    # page's context and every argument of every once() call (render/templates.py).
    kind = type(value)
    if kind in _EXACT_SCALARS or isinstance(value, Scalar):
        return value
    if kind is Review or isinstance(value, Review):
        shown.add(value.slug)
        return ("review", value.key)
    if kind is tuple or kind is list or isinstance(value, (tuple, list)):
        return tuple([fingerprint(item, shown, memo) for item in value])
    if isinstance(value, Mapping):
        return tuple((key, fingerprint(item, shown, memo)) for key, item in sorted(value.items()))
    names = _field_names(kind)
    if names is None:
        raise TypeError(f"no fingerprint for {type(value).__name__} in a page's context")
    found = memo.get(id(value)) if memo is not None else None
    if found is None:
        found = _walked(value, names, memo)
        if memo is not None:
            memo[id(value)] = found
    shown.update(found[1])
    return found[0]


def _walked(value: Any, names: tuple[str, ...], memo: Memo | None) -> tuple[Any, frozenset[str]]:
    """A dataclass value's fingerprint (a digest if a field is long) and its reviews' slugs."""
    shown: set[str] = set()
    fields = tuple(fingerprint(getattr(value, name), shown, memo) for name in names)
    made = (type(value).__name__, *fields)
    if any(isinstance(field, tuple) and len(field) > LONG for field in fields):
        made = (type(value).__name__, content_hash(repr(made)))
    return made, frozenset(shown)
