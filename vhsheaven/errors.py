"""Diagnostics: where a problem is, what it is, and the one place that formats them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Location:
    """A file (relative to the site root where possible) and a 1-based line, if known."""

    path: Path
    line: int | None = None

    def __str__(self) -> str:
        text = self.path.as_posix()
        return f"{text}:{self.line}" if self.line is not None else text


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in the site's input, formatted like a compiler message."""

    location: Location
    field: str | None
    message: str
    allowed: str | None = None
    severity: Severity = "error"

    def __str__(self) -> str:
        parts = [str(self.location)]
        if self.severity == "warning":
            parts.append("warning")
        if self.field:
            parts.append(self.field)
        text = ": ".join(parts) + ": " + self.message
        return f"{text} (allowed: {self.allowed})" if self.allowed else text

    @property
    def is_error(self) -> bool:
        """Whether this problem stops the build."""
        return self.severity == "error"

    def sort_key(self) -> tuple[str, int, str]:
        """Order by path, then line (unknown lines first), then text."""
        return (self.location.path.as_posix(), self.location.line or 0, str(self))


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Diagnostics sorted by path and line, as an editor wants to walk them."""
    return sorted(diagnostics, key=Diagnostic.sort_key)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    """Whether any diagnostic is an error rather than a warning."""
    return any(d.is_error for d in diagnostics)


class BuildFailed(Exception):
    """The input has errors; the build stopped before writing anything."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = sort_diagnostics(diagnostics)
        errors = sum(1 for d in self.diagnostics if d.is_error)
        super().__init__(f"{errors} error(s)")


class UnsafePath(ValueError):
    """An output path that would land outside the output folder."""
