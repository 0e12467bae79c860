"""Small value checkers shared by site.yaml and front matter; each raises Invalid."""

from __future__ import annotations

import re
from typing import Any


class Invalid(ValueError):
    """A value of the wrong type or out of range: what is wrong, and what is allowed."""

    def __init__(self, message: str, allowed: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.allowed = allowed


def shown(value: Any) -> str:
    """A value as an editor wrote it, for error messages."""
    if isinstance(value, str):
        return f'"{value}"'
    if value is None:
        return "nothing"
    return repr(value) if not isinstance(value, (list, dict)) else str(value)


def text(value: Any, raw: str | None, *, empty_ok: bool = False) -> str:
    """A text value; numbers and booleans YAML guessed at are taken as the characters written."""
    if isinstance(value, str):
        result = value.strip()
    elif raw is not None and isinstance(value, (int, float, bool)):
        result = raw.strip()
    else:
        raise Invalid(f"must be text (got {shown(value)})", "text")
    if not result and not empty_ok:
        raise Invalid("must not be empty", "text")
    return result


def whole_number(value: Any, low: int, high: int | None = None) -> int:
    """An integer within [low, high]."""
    allowed = f"a whole number from {low} to {high}" if high else f"a whole number of {low} or more"
    if isinstance(value, bool) or not isinstance(value, int):
        if isinstance(value, str) and re.fullmatch(r"\s*-?\d+\s*", value):
            value = int(value)
        else:
            raise Invalid(f"must be a whole number (got {shown(value)})", allowed)
    if value < low or (high is not None and value > high):
        raise Invalid(f"is out of range (got {value})", allowed)
    return int(value)


def boolean(value: Any) -> bool:
    """A YAML true/false."""
    if not isinstance(value, bool):
        raise Invalid(f"must be true or false (got {shown(value)})", "true, false")
    return value


def text_list(value: Any, raw: str | None) -> tuple[str, ...]:
    """A list of texts; a single text is taken as a list of one."""
    if value is None:
        return ()
    items = value if isinstance(value, list) else [value]
    raws: list[str | None] = [raw] if not isinstance(value, list) else [None] * len(items)
    result: list[str] = []
    for item, item_raw in zip(items, raws, strict=True):
        try:
            result.append(text(item, item_raw if item_raw is not None else _scalar_raw(item)))
        except Invalid as exc:
            raise Invalid(
                f"every item {exc.message}", "a list of texts, e.g. [Drama, Horror]"
            ) from exc
    return tuple(result)


def _scalar_raw(item: Any) -> str | None:
    """Numbers inside lists (say a genre `1984`) are kept as the text they read as."""
    if isinstance(item, (int, float)) and not isinstance(item, bool):
        return str(item)
    return None


def check_word(key: str, value: Any, raw: str | None) -> str | tuple[str, ...]:
    """One of a theme's words: a text on one line, or for `months` the twelve month names."""
    if key != "months":
        return text(value, raw)
    allowed = "a list of the 12 month names, January's first"
    if not isinstance(value, list) or len(value) != 12:
        raise Invalid(f"must list the 12 month names (got {shown(value)})", allowed)
    return tuple(text(month, _scalar_raw(month)) for month in value)
