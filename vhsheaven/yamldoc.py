"""YAML mappings read with the line of every key, shared by site.yaml and front matter."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from vhsheaven.errors import Diagnostic, Location

_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True, slots=True)
class Entry:
    """One top-level key: its Python value, its source text if a plain scalar, and its line."""

    value: Any
    raw: str | None
    line: int


@dataclass(frozen=True, slots=True)
class Mapping:
    """A parsed top-level YAML mapping, or the diagnostics that stopped it parsing."""

    entries: dict[str, Entry]
    diagnostics: tuple[Diagnostic, ...]


def parse_mapping(text: str, path: Path, first_line: int = 1) -> Mapping:
    """Parse `text` as a YAML mapping; lines are reported counting from `first_line`."""
    try:
        node = _compose(text)
    except yaml.MarkedYAMLError as exc:
        return Mapping({}, (_syntax_diagnostic(exc, text, path, first_line),))
    if node is None:
        return Mapping({}, ())
    if not isinstance(node, yaml.MappingNode):
        line = node.start_mark.line + first_line
        problem = Diagnostic(
            Location(path, line), None, "expected `key: value` lines, found a single value"
        )
        return Mapping({}, (problem,))
    return _read_entries(node, text, path, first_line)


def _compose(text: str) -> yaml.Node | None:
    """The document's node tree, with the line of every node.

    libyaml composes several times faster than pure Python, which matters at thousands of
    reviews; on bad YAML, PyYAML's own parser runs again because its messages say more.
    """
    try:
        return yaml.compose(text, Loader=_FAST_LOADER)
    except yaml.YAMLError:
        return yaml.compose(text, Loader=yaml.SafeLoader)


def _read_entries(node: yaml.MappingNode, text: str, path: Path, first_line: int) -> Mapping:
    entries: dict[str, Entry] = {}
    problems: list[Diagnostic] = []
    loader = yaml.SafeLoader("")
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + first_line
        key = str(key_node.value)
        if key in entries:
            message = f"listed twice (first on line {entries[key].line}); keep one"
            problems.append(Diagnostic(Location(path, line), key, message))
            continue
        try:
            value = loader.construct_object(value_node, deep=True)
        except yaml.MarkedYAMLError as exc:
            problems.append(_syntax_diagnostic(exc, text, path, first_line))
            continue
        except ValueError as exc:  # PyYAML's timestamps: `2026-02-31` looks like a date
            message = f'is not a real date (got "{value_node.value}": {exc})'
            problems.append(Diagnostic(Location(path, line), key, message))
            continue
        raw = value_node.value if isinstance(value_node, yaml.ScalarNode) else None
        entries[key] = Entry(value, raw, line)
    return Mapping(entries, tuple(problems))


def _syntax_diagnostic(
    exc: yaml.MarkedYAMLError, text: str, path: Path, first_line: int
) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + first_line if mark is not None else None
    problem = exc.problem or exc.context or "cannot be read"
    message = f"YAML syntax error: {problem}"
    hint = _quote_hint(text, mark.line if mark is not None else None)
    field = None
    if hint is not None:
        field, message = hint[0], f"{message}; {hint[1]}"
    return Diagnostic(Location(path, line), field, message)


def _quote_hint(text: str, line_index: int | None) -> tuple[str, str] | None:
    """Editors write `title: 2001: A Space Odyssey`; tell them to quote such a value."""
    if line_index is None:
        return None
    lines = text.splitlines()
    if not 0 <= line_index < len(lines):
        return None
    key, sep, value = lines[line_index].partition(":")
    value = value.strip()
    if not sep or not key.strip() or key.startswith((" ", "\t", "-")) or ": " not in value:
        return None
    quoted = value.replace('"', '\\"')
    return key.strip(), f'put the value in quotes: {key.strip()}: "{quoted}"'


def suggest(name: str, known: Iterable[str]) -> str | None:
    """The known name closest to a misspelt one, if any is close."""
    matches = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    return matches[0] if matches else None
