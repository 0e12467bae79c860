"""A review as schema.org JSON-LD, serialised so that no text in it can end its <script>."""

from __future__ import annotations

import json
from typing import Any

from vhsheaven.images.variants import card_path
from vhsheaven.load.settings import SiteConfig
from vhsheaven.model.site import Review, ReviewLinks

SCHEMA = "https://schema.org"
# Outside its strings JSON never uses these characters, and inside them these escapes mean the
# same text; so "</script>" or "<!--" in a title can never close or confuse the HTML around it.
SCRIPT_SAFE = (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"))


def review_data(review: Review, links: ReviewLinks, config: SiteConfig) -> dict[str, Any]:
    """The schema.org Review of a Movie, with the fields Google's review snippets read."""
    data: dict[str, Any] = {
        "@context": SCHEMA,
        "@type": "Review",
        "url": config.base_url + review.url,
        "itemReviewed": _movie(review),
    }
    if review.meta.rating is not None:
        data["reviewRating"] = {
            "@type": "Rating",
            "ratingValue": _number(review.meta.rating),
            "bestRating": config.rating_scale,
            "worstRating": 0,
        }
    authors = [_author(term.name, term.url, config) for term in links.authors]
    data["author"] = authors[0] if len(authors) == 1 else authors
    data["publisher"] = {"@type": "Organization", "name": config.title, "url": config.base_url}
    data["image"] = config.base_url + card_path(review.slug)
    if review.summary:
        data["description"] = review.summary
    if review.published:
        data["datePublished"] = review.published.isoformat()
    if review.updated:
        data["dateModified"] = review.updated.isoformat()
    return data


def _movie(review: Review) -> dict[str, Any]:
    meta = review.meta
    movie: dict[str, Any] = {"@type": "Movie", "name": meta.title}
    if meta.year is not None:
        movie["dateCreated"] = str(meta.year)
    for key, names in (("director", meta.directors), ("actor", meta.cast)):
        people = [{"@type": "Person", "name": name} for name in names]
        if people:
            movie[key] = people[0] if len(people) == 1 else people
    if review.image_url:
        movie["image"] = review.image_url
    return movie


def _author(name: str, url: str, config: SiteConfig) -> dict[str, str]:
    """The site's own team author is an Organization; anyone else is a Person."""
    kind = "Organization" if name == config.author else "Person"
    return {"@type": kind, "name": name, "url": config.base_url + url}


def _number(value: float) -> int | float:
    """9.0 as 9, 7.5 as 7.5."""
    return int(value) if value.is_integer() else value


def script_json(data: dict[str, Any]) -> str:
    """JSON text safe to place between <script> and </script> as it is."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    # str.replace, not str.translate: translate looks each character up in a Python dict,
    # and took twice as long as making the JSON (45 ms against 22 ms for 1,000 reviews).
    for character, escape in SCRIPT_SAFE:
        text = text.replace(character, escape)
    return text
