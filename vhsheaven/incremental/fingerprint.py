"""A page's fingerprint: a small value that changes whenever what the page is rendered from does.

A page is rendered again only when its fingerprint differs from the last build's. The
fingerprint covers the page's template context; reviews stand in by their key (their file and
bytes), terms by their name and address (a browse index adds their sizes), page lists by their
pages' addresses, so editing one review re-renders the pages that
show it (its own, its neighbours', the listings and feeds it is on) and not every page that
shares a genre with it. Site-wide inputs (templates, site.yaml, versions) are added by the
caller.

It also collects the slugs of the reviews a page shows: when a later build's site has the same
shape (model.shape), only the pages showing a review that changed need a new fingerprint.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from pathlib import PurePosixPath
from typing import Any

from vhsheaven.model.site import PageOfReviews, Paginator, Review, ReviewLinks, Taxonomy, Term

Scalar = (str, int, float, bool, type(None), dt.datetime, dt.date, PurePosixPath)


_FIELDS: dict[type, tuple[str, ...] | None] = {}


def _field_names(kind: type) -> tuple[str, ...] | None:
    """A dataclass's field names (asked once per class: dataclasses.fields is slow)."""
    if kind not in _FIELDS:
        names = dataclasses.fields(kind) if dataclasses.is_dataclass(kind) else None
        _FIELDS[kind] = tuple(f.name for f in names) if names is not None else None
    return _FIELDS[kind]


def fingerprint(value: Any, shown: set[str]) -> Any:
    """A comparable, picklable stand-in for a template context value; adds to `shown` the
    slugs of the reviews in it."""
    if isinstance(value, Scalar):
        return value
    if isinstance(value, Review):
        shown.add(value.slug)
        return ("review", value.key)
    if isinstance(value, Term):
        return ("term", value.name, value.slug, value.url)
    if isinstance(value, Taxonomy):
        sized = tuple((fingerprint(term, shown), len(term.reviews)) for term in value.terms)
        return ("taxonomy", value.name, value.title, value.url, sized)
    if isinstance(value, PageOfReviews):
        shown.update(review.slug for review in value.reviews)
        keys = tuple(review.key for review in value.reviews)
        return ("page", value.number, value.url, value.previous_url, value.next_url, keys)
    if isinstance(value, ReviewLinks):
        linked = (*value.genres, value.decade, *value.directors, value.author)
        others = [review for review in (value.newer, value.older, *value.related) if review]
        shown.update(review.slug for review in others)
        return (
            tuple(fingerprint(term, shown) for term in linked),
            tuple(review.key if review else None for review in (value.newer, value.older)),
            tuple(review.key for review in value.related),
        )
    if isinstance(value, Paginator):
        # Page numbers and links; the page being rendered brings its own reviews.
        return ("paginator", tuple(page.url for page in value.pages))
    if isinstance(value, Mapping):
        return tuple((key, fingerprint(item, shown)) for key, item in sorted(value.items()))
    if isinstance(value, (tuple, list)):
        return tuple(fingerprint(item, shown) for item in value)
    names = _field_names(type(value))
    if names is not None:
        fields = (fingerprint(getattr(value, name), shown) for name in names)
        return (type(value).__name__, *fields)
    raise TypeError(f"no fingerprint for {type(value).__name__} in a page's context")
