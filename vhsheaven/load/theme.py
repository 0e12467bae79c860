"""The bundled theme: the templates and static files every blog falls back on, file by file.

A blog's own `templates/x` or `static/x` is used where it exists; any other file comes from
the theme shipped with vhsheaven, so upgrading vhsheaven changes the look of every file a
blog did not copy. The theme is `vhsheaven/bundled/` in an installed wheel (pyproject.toml
puts the repository's templates/ and static/ there); in a checkout or an editable install
it is the repository's own templates/ and static/, so editing them is seen at once.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from vhsheaven.errors import Diagnostic, Location
from vhsheaven.load.settings import STATIC_DIR, TEMPLATES_DIR

BUNDLED = "bundled"
# A blog's own stylesheet, loaded after the theme's when it exists: small changes (colours,
# fonts: the custom properties at the top of site.css) need no template copy.
CUSTOM_CSS = Path(STATIC_DIR, "css", "custom.css")
PARTS = (TEMPLATES_DIR, STATIC_DIR)
_PACKAGE = Path(__file__).resolve().parent.parent


def bundled_root() -> Path:
    """The folder holding the bundled theme's templates/ and static/."""
    bundled = _PACKAGE / BUNDLED
    if (bundled / TEMPLATES_DIR).is_dir():
        return bundled
    checkout = _PACKAGE.parent
    if (checkout / TEMPLATES_DIR).is_dir() and (checkout / "pyproject.toml").is_file():
        return checkout
    raise FileNotFoundError(f"vhsheaven's bundled theme is missing from {bundled}")


def fallback_folder(root: Path, part: str) -> Path | None:
    """The bundled theme's `part` folder, or None where it is the blog's own (the sample
    blog of this repository, built from a checkout)."""
    folder = bundled_root() / part
    own = root / part
    if not folder.is_dir() or (own.is_dir() and own.samefile(folder)):
        return None
    return folder


def folders(root: Path, part: str) -> list[Path]:
    """Where `part`'s files are looked for, the blog's own folder first."""
    fallback = fallback_folder(root, part)
    return [root / part] if fallback is None else [root / part, fallback]


def has_custom_css(root: Path) -> bool:
    """Whether the blog has its own static/css/custom.css."""
    return (root / CUSTOM_CSS).is_file()


def files_in(folder: Path) -> dict[str, Path]:
    """Every file under `folder` by its "/"-separated name below it, in name order."""
    if not folder.is_dir():
        return {}
    found = sorted(p for p in folder.rglob("*") if p.is_file())
    return {p.relative_to(folder).as_posix(): p for p in found}


def fallback_files(root: Path, part: str) -> dict[str, Path]:
    """The bundled files of `part` that the blog does not override."""
    fallback = fallback_folder(root, part)
    if fallback is None:
        return {}
    own = root / part
    return {
        name: path
        for name, path in files_in(fallback).items()
        if not (own / name).exists() and not (own / name).is_symlink()
    }


# The first line `vhsheaven theme copy` gives a template it copies (a Jinja comment, so the
# page is unchanged): which bundled file it was, from which version, and a digest of its bytes.
_MARK = re.compile(
    r"\{# vhsheaven theme copy of (?P<name>\S+) from vhsheaven (?P<version>\S+), "
    r"sha256 (?P<digest>[0-9a-f]{16}) #\}\n"
)


def digest(data: bytes) -> str:
    """A short digest of a file's bytes, as copy marks record it."""
    return hashlib.sha256(data).hexdigest()[:16]


def copy_mark(name: str, data: bytes, version: str) -> str:
    """The line that starts a copy of the bundled template `name` with these bytes."""
    made = f"vhsheaven theme copy of {name} from vhsheaven {version}, sha256 {digest(data)}"
    return f"{{# {made} #}}\n"


def stale_copies(root: Path) -> list[Diagnostic]:
    """A warning for each template copied from the bundled theme (its copy mark says so)
    whose bundled original has changed since: the copy shadows a newer template."""
    fallback = fallback_folder(root, TEMPLATES_DIR)
    if fallback is None:
        return []
    problems = []
    for name, path in files_in(root / TEMPLATES_DIR).items():
        bundled = fallback / name
        with path.open("rb") as file:
            mark = _MARK.fullmatch(file.readline().decode("utf-8", "replace"))
        if mark is None or not bundled.is_file() or digest(bundled.read_bytes()) == mark["digest"]:
            continue
        where = Location(Path(TEMPLATES_DIR, name), 1)
        message = (
            f"copied from the theme of vhsheaven {mark['version']}, older than the bundled "
            f"{name} it overrides ({bundled}); bring its changes over, or delete this copy "
            "to use the bundled one"
        )
        problems.append(Diagnostic(where, None, message, severity="warning"))
    return problems
