"""Front matter of pages and author bios: split as a review's is, checked against a table.

Reviews have their own, faster path (review_file.py); these files are few.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from vhsheaven.errors import Diagnostic, Location
from vhsheaven.load.fields import Invalid
from vhsheaven.load.markdown_file import read_header
from vhsheaven.load.yamldoc import Entry, unknown_field

Parser = Callable[[Entry], Any]


@dataclass(frozen=True, slots=True)
class Checked:
    """A file's checked fields (by name), each field's line, its body and where it starts."""

    values: Mapping[str, Any]
    lines: Mapping[str, int]
    body: str
    body_line: int


def read_checked(
    data: bytes, where: Path, table: Mapping[str, Parser], required: tuple[str, ...]
) -> tuple[Checked | None, list[Diagnostic]]:
    """A file's front matter checked against `table`; None if anything is an error."""
    header = read_header(data, where)
    if isinstance(header, list):
        return None, header
    entries, body, header_line, body_line = header
    values: dict[str, Any] = {}
    problems = [
        problem
        for key, entry in entries.items()
        if (problem := _check(key, entry, where, table, values, key in required)) is not None
    ]
    problems += [
        Diagnostic(Location(where, header_line), key, "missing required field", "text")
        for key in required
        if key not in entries
    ]
    if any(p.is_error for p in problems):
        return None, problems
    lines = MappingProxyType({key: entry.line for key, entry in entries.items()})
    return Checked(MappingProxyType(values), lines, body, body_line), problems


def _check(
    key: str,
    entry: Entry,
    where: Path,
    table: Mapping[str, Parser],
    values: dict[str, Any],
    required: bool,
) -> Diagnostic | None:
    location = Location(where, entry.line)
    parser = table.get(key)
    if parser is None:
        return unknown_field(key, location, table)
    if entry.value is None and not required:
        return None
    try:
        values[key] = parser(entry)
    except Invalid as exc:
        return Diagnostic(location, key, exc.message, exc.allowed)
    return None
