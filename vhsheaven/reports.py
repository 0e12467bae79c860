"""What a load, a build and a check report: the values the command line prints from."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from vhsheaven.errors import Diagnostic
from vhsheaven.load.publish import LeftOut

if TYPE_CHECKING:
    from vhsheaven.model.site import Site


@dataclass(frozen=True, slots=True)
class Loaded:
    """The checked site, its warnings, and the reviews it leaves out."""

    site: Site
    warnings: tuple[Diagnostic, ...]
    left_out: tuple[LeftOut, ...]


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a successful build did."""

    reviews: int
    # Every file of the site, relative to the output folder, "/"-separated.
    files: tuple[str, ...]
    warnings: tuple[Diagnostic, ...]
    seconds: float
    output: Path
    left_out: tuple[LeftOut, ...] = ()
    # Files whose bytes this build wrote (the rest were already up to date).
    written: tuple[str, ...] = ()

    @property
    def pages(self) -> int:
        """HTML pages in the site (static files not counted)."""
        return sum(1 for f in self.files if f.endswith(".html"))


@dataclass(frozen=True, slots=True)
class Summary:
    """What a build produced, kept in its manifest for a next build that finds nothing to do."""

    reviews: int
    files: tuple[str, ...]
    warnings: tuple[Diagnostic, ...]
    left_out: tuple[LeftOut, ...]
    written: tuple[str, ...]

    def report(self, out: Path, seconds: float) -> BuildReport:
        """The BuildReport of a build that produced this."""
        return BuildReport(
            self.reviews, self.files, self.warnings, seconds, out, self.left_out, self.written
        )
