"""`vhsheaven init`: a new, ready-to-build site from the theme and starter files in the package."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING

from vhsheaven import __version__
from vhsheaven.errors import BuildFailed, Diagnostic, Location

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

# The repository's one copy of these is put into the wheel under vhsheaven/bundled/
# (pyproject.toml, force-include); a checkout or editable install reads the repository's own.
BUNDLED = "bundled"
SHARED_PARTS = ("templates", "static", ".github/workflows/pages.yml")
# site.yaml, the example review and the .gitignore, kept only in the package.
SKELETON = "skeleton"
# Stored without the dot so that git and packaging tools treat it as a plain file.
RENAMED = {"gitignore": ".gitignore"}
REQUIREMENTS = "requirements.txt"


def shared_root() -> Traversable:
    """Where the theme and Pages workflow are: in the installed package, else in the checkout."""
    bundled = files("vhsheaven") / BUNDLED
    if bundled.is_dir():
        return bundled
    checkout = Path(__file__).resolve().parents[2]
    if not (checkout / SHARED_PARTS[0]).is_dir():
        raise FileNotFoundError(f"vhsheaven's theme is missing from {bundled} and {checkout}")
    return checkout


def init_site(target: Path) -> list[Path]:
    """Create a new site in `target` (new or empty); returns the files written, relative to it."""
    _refuse_used_folder(target)
    written = _copy(files("vhsheaven") / SKELETON, target)
    shared = shared_root()
    for part in SHARED_PARTS:
        source = shared
        for name in part.split("/"):  # Traversable.joinpath takes one name on Python 3.10
            source = source / name
        written.extend(_copy(source, target / part))
    requirements = target / REQUIREMENTS
    # The Pages workflow installs what this names: the vhsheaven that made the site.
    requirements.write_text(f"vhsheaven=={__version__}\n", encoding="utf-8")
    written.append(requirements)
    return sorted(path.relative_to(target) for path in written)


def _refuse_used_folder(target: Path) -> None:
    if target.is_dir() and not any(target.iterdir()):
        return
    if target.exists():
        what = "folder is not empty" if target.is_dir() else "is a file, not a folder"
        message = f"{what}; vhsheaven init writes only into a new or empty folder"
        raise BuildFailed([Diagnostic(Location(target), None, message)])


def _copy(source: Traversable, target: Path) -> list[Path]:
    """Copy a file or a whole folder tree out of the package; returns the files written."""
    if not source.is_dir():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
        return [target]
    written: list[Path] = []
    for child in sorted(source.iterdir(), key=lambda entry: entry.name):
        written.extend(_copy(child, target / RENAMED.get(child.name, child.name)))
    return written
