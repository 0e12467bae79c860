"""`vhsheaven init`: a new, ready-to-build blog holding only what its editor edits.

The theme is not copied: a blog falls back on the bundled one file by file (load/theme.py),
so upgrading vhsheaven upgrades the look of every blog; `vhsheaven theme copy` brings a file
in for editing.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from vhsheaven import __version__
from vhsheaven.errors import BuildFailed, Diagnostic, Location
from vhsheaven.load.theme import bundled_root

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

# The repository's one copy of each is put into the wheel under vhsheaven/bundled/
# (pyproject.toml, force-include); a checkout or editable install reads the repository's own.
SHARED_PARTS = (".github/workflows/pages.yml", ".github/dependabot.yml")
# site.yaml, the example review, the README and the .gitignore, kept only in the package.
SKELETON = "skeleton"
# Stored without the dot so that git and packaging tools treat it as a plain file.
RENAMED = {"gitignore": ".gitignore"}
REQUIREMENTS = "requirements.txt"
REPOSITORY = "https://github.com/vhs-heaven/vhsheaven"
# How requirements.txt names vhsheaven: from the package index, or from a release tag.
Requirement = Literal["release", "git"]
REQUIREMENT_FORMS: tuple[Requirement, ...] = ("release", "git")


def requirement_line(form: Requirement, version: str = __version__) -> str:
    """The line the Pages workflow installs: any later release of this minor version
    (`~=X.Y`, never an exact pin to a release that may not be published), or the tag."""
    if form == "git":
        return f"vhsheaven @ git+{REPOSITORY}@v{version}"
    major, minor = version.split(".")[:2]
    return f"vhsheaven~={major}.{minor}"


def init_site(target: Path, form: Requirement = "release") -> list[Path]:
    """Create a new site in `target` (new or empty); returns the files written, relative to it."""
    _refuse_used_folder(target)
    written = _copy(files("vhsheaven") / SKELETON, target)
    shared = bundled_root()
    for part in SHARED_PARTS:
        written.extend(_copy(shared / part, target / part))
    requirements = target / REQUIREMENTS
    requirements.write_text(requirement_line(form) + "\n", encoding="utf-8")
    written.append(requirements)
    return sorted(path.relative_to(target) for path in written)


def _refuse_used_folder(target: Path) -> None:
    if target.is_dir() and not any(target.iterdir()):
        return
    if target.exists():
        what = "folder is not empty" if target.is_dir() else "is a file, not a folder"
        message = f"{what}; vhsheaven init writes only into a new or empty folder"
        raise BuildFailed([Diagnostic(Location(target), None, message)])


def _copy(source: Traversable | Path, target: Path) -> list[Path]:
    """Copy a file or a whole folder tree out of the package; returns the files written."""
    if not source.is_dir():
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
        return [target]
    written: list[Path] = []
    for child in sorted(source.iterdir(), key=lambda entry: entry.name):
        written.extend(_copy(child, target / RENAMED.get(child.name, child.name)))
    return written
