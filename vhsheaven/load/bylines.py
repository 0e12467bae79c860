"""`author:` as one name or a list (co-written reviews), and the byline those names make."""

from __future__ import annotations

from typing import Any

from vhsheaven.load import fields
from vhsheaven.load.fields import Invalid
from vhsheaven.load.slugs import fit_terms


def author_list(value: Any, raw: str | None) -> tuple[str, ...]:
    """The authors, each once, in the order given; each must make a page name."""
    names = fit_terms(fields.text_list(value, raw))
    if not names:
        raise Invalid("must name someone", "a name, or a list of names for a co-written review")
    return tuple(dict.fromkeys(names))


def byline(names: tuple[str, ...]) -> str:
    """ "A", "A and B", "A, B and C"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
