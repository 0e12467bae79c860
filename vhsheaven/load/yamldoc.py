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
# Lists and mappings in one value may nest this deep, and hold this many items once aliases
# (*name) are expanded: PyYAML's pure-Python parts and our own recurse once per level, and
# anything that prints or hashes a value expands its aliases.
MAX_DEPTH = 50
MAX_ITEMS = 100_000
NESTING = f"lists and mappings nested up to {MAX_DEPTH} levels deep"


class TooDeep(Exception):
    """A value nests more than MAX_DEPTH levels: where (0-based line) and under which key."""

    def __init__(self, line: int, key: str | None) -> None:
        super().__init__(line, key)
        self.line = line
        self.key = key


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
    except TooDeep as exc:
        where = Location(path, exc.line + first_line)
        message = f"is nested more than {MAX_DEPTH} levels deep"
        return Mapping({}, (Diagnostic(where, exc.key, message, NESTING),))
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
    reviews; on bad YAML, PyYAML's own parser runs again because its messages say more, but
    only after a look at how deep the document nests, as it recurses once per level and is
    quadratic in the depth of [[[...]]].
    """
    try:
        return yaml.compose(text, Loader=_FAST_LOADER)
    except (yaml.YAMLError, RecursionError):  # RecursionError: PyYAML without libyaml
        _refuse_deep(text)
        return yaml.compose(text, Loader=yaml.SafeLoader)


def _refuse_deep(text: str) -> None:
    """Raise TooDeep where the document first nests too deep, reading only up to there."""
    depth = 0
    items = 0  # complete keys and values of the top-level mapping so far
    key: tuple[int, str] | None = None  # the top-level key being read: its line and name
    mapping = False  # whether the document is a mapping, so has top-level keys
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionStartEvent):
            mapping = mapping or (depth == 0 and isinstance(event, yaml.MappingStartEvent))
            depth += 1
            if depth > MAX_DEPTH + 1:  # the top-level mapping, then the value's levels
                raise TooDeep(*key) if key else TooDeep(_line(event), None)
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            items += depth == 1
        elif isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)) and depth == 1 and mapping:
            if items % 2 == 0 and isinstance(event, yaml.ScalarEvent):
                key = (_line(event), str(event.value))
            items += 1


def _line(event: yaml.Event) -> int:
    """An event's 0-based line (PyYAML's own parser always marks events)."""
    return event.start_mark.line if event.start_mark is not None else 0


def _read_entries(node: yaml.MappingNode, text: str, path: Path, first_line: int) -> Mapping:
    entries: dict[str, Entry] = {}
    problems: list[Diagnostic] = []
    loader = yaml.SafeLoader("")
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + first_line
        shape = _shape_problem(key_node, value_node)
        if shape is not None:
            problems.append(Diagnostic(Location(path, line), _key_name(key_node), *shape))
            continue
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


def _key_name(node: yaml.Node) -> str | None:
    return str(node.value) if isinstance(node, yaml.ScalarNode) else None


def _shape_problem(*nodes: yaml.Node) -> tuple[str, str] | None:
    """What is wrong with the shape of some nodes (a message and what is allowed), if
    anything: nesting too deep, too many items with aliases expanded, or an alias loop."""
    if all(_flat(node) for node in nodes):
        return None  # the common case: a text, or a list of texts
    try:
        depth, items = _measure(nodes)
    except _AliasLoop:
        return "refers to itself through an alias (*name)", "values without alias loops"
    if depth > MAX_DEPTH:
        return f"is nested more than {MAX_DEPTH} levels deep", NESTING
    if items > MAX_ITEMS:
        allowed = f"up to {MAX_ITEMS} items, aliases (*name) counted as what they stand for"
        return f"holds {items} items once its aliases are expanded", allowed
    return None


def _flat(node: yaml.Node) -> bool:
    """Whether a node is a scalar, or a list of scalars within bounds."""
    if isinstance(node, yaml.SequenceNode) and len(node.value) < MAX_ITEMS:
        return all(isinstance(item, yaml.ScalarNode) for item in node.value)
    return isinstance(node, yaml.ScalarNode)


class _AliasLoop(Exception):
    """A list or mapping holds itself through an alias: `&a [*a]`."""


def _measure(nodes: tuple[yaml.Node, ...]) -> tuple[int, int]:
    """How deep the deepest of some nodes nests, and how many items they hold with aliases
    expanded. Without recursion, and each node measured once however often it is used."""
    done: dict[int, tuple[int, int]] = {}
    open_: set[int] = set()  # nodes whose children are being measured: an alias back is a loop
    stack: list[tuple[yaml.Node, bool]] = [(node, False) for node in nodes]
    while stack:
        node, ready = stack.pop()
        if id(node) in done:
            continue
        if isinstance(node, yaml.ScalarNode):
            done[id(node)] = (0, 1)
        elif ready:
            open_.discard(id(node))
            measured = [done[id(child)] for child in _children(node)]
            depth = 1 + max((d for d, _ in measured), default=0)
            done[id(node)] = (depth, 1 + sum(n for _, n in measured))
        elif id(node) in open_:
            raise _AliasLoop
        else:
            open_.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in _children(node))
    measured = [done[id(node)] for node in nodes]
    return max(d for d, _ in measured), sum(n for _, n in measured)


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [child for pair in node.value for child in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


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


def unknown_field(key: str, location: Location, known: Iterable[str]) -> Diagnostic:
    """The warning for a front-matter field no table knows, with the nearest known name."""
    near = suggest(key, known)
    message = f"unknown field, ignored; did you mean {near}?" if near else "unknown field, ignored"
    return Diagnostic(location, key, message, ", ".join(sorted(known)), severity="warning")
