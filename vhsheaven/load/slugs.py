"""URL names: slugs of titles and file names, term slugs, and how long a name may be."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from vhsheaven.load.fields import Invalid

# The longest file or folder name, in bytes, that common file systems allow (NAME_MAX).
NAME_MAX = 255


def slugify(text: str) -> str:
    """Lower-case ASCII words joined by hyphens; Latin letters transliterated ("Amélie" →
    "amelie", "Żuławski" → "zulawski", "Þór" → "thor")."""
    return re.sub(r"[^a-z0-9]+", "-", _latin_ascii(text).lower()).strip("-")


def _latin_ascii(text: str) -> str:
    """The text in ASCII: accents dropped, other Latin letters (ł, ø, Æ, Þ, ß) spelt out,
    and letters of other scripts left out, so a name without Latin letters still gets its
    code points (term_slug) as before."""
    folded = unicodedata.normalize("NFKD", text)
    if folded.isascii():
        return folded
    kept: list[str] = []
    for char in folded:
        if char.isascii():
            kept.append(char)
        elif unicodedata.name(char, "").startswith("LATIN "):
            kept.append(_transliterated(char))
    return "".join(kept)


def _transliterated(char: str) -> str:
    # Imported here: most names are ASCII once accents are dropped, and a build whose reviews
    # the cache holds makes no slugs at all.
    from anyascii import anyascii

    return anyascii(char)


@lru_cache(maxsize=1 << 16)
def term_slug(name: str) -> str:
    """A term's URL name; a name with no Latin letters or digits is spelt by its code points."""
    return slugify(name) or "-".join(f"u{ord(c):04x}" for c in name if not c.isspace())


def fit_name(slug: str, name: str) -> str:
    """`slug`, the folder name made of `name`, or Invalid if no file system would take it."""
    size = len(slug.encode())
    if size > NAME_MAX:
        shown = name if len(name) <= 40 else name[:40] + "…"
        raise Invalid(
            f'"{shown}" makes a folder name of {size} bytes, longer than file systems allow',
            f"a name whose URL name is at most {NAME_MAX} bytes",
        )
    return slug


def fit_terms(names: tuple[str, ...]) -> tuple[str, ...]:
    """Names of terms (genres, directors, authors), each checked to make a folder name."""
    for name in names:
        fit_name(term_slug(name), name)
    return names
