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

from vhsheaven.model.site import Review

Scalar = (str, int, float, bool, type(None), dt.datetime, dt.date, PurePosixPath)


_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _field_names(kind: type) -> tuple[str, ...] | None:
    """A dataclass's field names (asked once per class: dataclasses.fields is slow)."""
    if kind not in _FIELDS:
        names = dataclasses.fields(kind) if dataclasses.is_dataclass(kind) else None
        _FIELDS[kind] = tuple(f.name for f in names) if names is not None else None
    return _FIELDS[kind]


def fingerprint(value: Any, shown: set[str]) -> Any:
    """A comparable, picklable stand-in for a template context value and everything it
    holds; adds to `shown` the slugs of the reviews in it."""
    if isinstance(value, Scalar):
        return value
    if isinstance(value, Review):
        shown.add(value.slug)
        return ("review", value.key)
    if isinstance(value, Mapping):
        return tuple((key, fingerprint(item, shown)) for key, item in sorted(value.items()))
    if isinstance(value, (tuple, list)):
        return tuple(fingerprint(item, shown) for item in value)
    names = _field_names(type(value))
    if names is not None:
        fields = (fingerprint(getattr(value, name), shown) for name in names)
        return (type(value).__name__, *fields)
    raise TypeError(f"no fingerprint for {type(value).__name__} in a page's context")
