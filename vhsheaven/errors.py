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


# What to do about an operating-system failure, by its errno name.
_REMEDIES = {
    "EACCES": "check its permissions: vhsheaven must be able to read the site and write the "
    "output and cache folders",
    "ENOSPC": "free some disk space, then build again",
    "EDQUOT": "your disk quota is used up: free some space, then build again",
    "EROFS": "that disk is read-only: build into a folder on a writable disk",
    "ENAMETOOLONG": "a name is too long for this filesystem: shorten it",
    "ENOTDIR": "a file stands where a folder must be: move it away",
    "EISDIR": "a folder stands where a file must be: move it away",
    "EMFILE": "too many files are open: raise the limit (ulimit -n) and build again",
    "EIO": "the disk reported an error reading or writing it",
}
_REMEDIES["EPERM"] = _REMEDIES["EACCES"]


def os_problem(exc: OSError, root: Path) -> Diagnostic:
    """An operating-system failure as a diagnostic: the path, what went wrong, what to do."""
    import errno

    filename = exc.filename if isinstance(exc.filename, str | Path) else None
    path = Path(filename) if filename is not None else root
    if path.is_absolute() and path.is_relative_to(root):
        path = path.relative_to(root)
    what = exc.strerror or str(exc)
    remedy = _REMEDIES.get(errno.errorcode.get(exc.errno or 0, ""))
    return Diagnostic(Location(path), None, f"{what}; {remedy}" if remedy else what)


class BuildFailed(Exception):
    """The input has errors; the build stopped before writing anything."""

    def __init__(self, diagnostics: Iterable[Diagnostic]) -> None:
        self.diagnostics = sort_diagnostics(diagnostics)
        errors = sum(1 for d in self.diagnostics if d.is_error)
        super().__init__(f"{errors} error" if errors == 1 else f"{errors} errors")


class UnsafePath(ValueError):
    """An output path that would land outside the output folder."""
