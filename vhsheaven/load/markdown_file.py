"""A Markdown file's bytes → its front-matter entries and its body, with the lines where
each starts: what reviews, pages and author bios share before their fields are checked."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from frontmatter.default_handlers import YAMLHandler

from vhsheaven.errors import Diagnostic, Location
from vhsheaven.load.yamldoc import Entry, parse_mapping

_YAML = YAMLHandler()


def read_header(
    data: bytes, where: Path
) -> tuple[dict[str, Entry], str, int, int] | list[Diagnostic]:
    """A Markdown file's front-matter entries, its body, and the lines where each starts;
    or what stops it being read."""
    parts = read_parts(data, where)
    if isinstance(parts, list):
        return parts
    if parts.refused:
        return list(parts.refused)
    return parts.entries, parts.body, parts.header_line, parts.body_line


@dataclass(frozen=True, slots=True)
class Parts:
    """A file's front matter read, with the values YAML itself refused (an impossible date)."""

    entries: dict[str, Entry]
    refused: tuple[Diagnostic, ...]
    header: str
    body: str
    header_line: int
    body_line: int


def read_parts(data: bytes, where: Path) -> Parts | list[Diagnostic]:
    """The file's parts; a value YAML refused leaves the others readable."""
    text, problem = _decode(data, where)
    if problem is not None:
        return [problem]
    split = _split(text, where)
    if isinstance(split, Diagnostic):
        return [split]
    header, body, header_line, body_line = split
    parsed = parse_mapping(header, where, header_line)
    if parsed.diagnostics and not parsed.entries:
        return list(parsed.diagnostics)
    refused = tuple(parsed.diagnostics)
    return Parts(parsed.entries, refused, header, body, header_line, body_line)


def _decode(data: bytes, where: Path) -> tuple[str, Diagnostic | None]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        message = (
            f"is not UTF-8 text (byte 0x{data[exc.start]:02X} at column {column}); "
            "save the file as UTF-8"
        )
        return "", Diagnostic(Location(where, line), None, message)
    return text.replace("\r\n", "\n").replace("\r", "\n"), None


def _split(text: str, where: Path) -> tuple[str, str, int, int] | Diagnostic:
    """Front matter, body, and the 1-based lines where each starts."""
    if not text.strip():
        message = "file is empty; a review needs front matter between --- lines and a body"
        return Diagnostic(Location(where, 1), None, message)
    opening = _YAML.FM_BOUNDARY.match(text)
    if opening is None:
        message = "no front matter found (did you forget the --- lines at the top?)"
        return Diagnostic(Location(where, 1), None, message)
    closing = _YAML.FM_BOUNDARY.search(text, opening.end())
    if closing is None:
        message = "front matter is never closed; add a line with --- after the last field"
        return Diagnostic(Location(where, 1), None, message)
    header, body = _YAML.split(text)
    header_line = text.count("\n", 0, opening.end()) + 1
    body_line = text.count("\n", 0, len(text) - len(body)) + 1
    return header, body, header_line, body_line
