"""`vhsheaven theme copy [FILE...]`: bring bundled theme files into a blog to change them.

A blog uses the bundled theme for every file it has no copy of (load/theme.py), so copying
only what is to change keeps the rest upgrading with vhsheaven. A copied template starts
with a copy mark, a Jinja comment that renders as nothing, so that `check` can tell when the
bundled original has changed since.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from vhsheaven import __version__
from vhsheaven.errors import BuildFailed, Diagnostic, Location
from vhsheaven.load import theme
from vhsheaven.load.settings import TEMPLATES_DIR


def theme_files() -> dict[str, Path]:
    """Every file of the bundled theme, by its name in a blog (`templates/base.html`)."""
    root = theme.bundled_root()
    return {
        f"{part}/{name}": path
        for part in theme.PARTS
        for name, path in theme.files_in(root / part).items()
    }


def chosen(names: list[str]) -> tuple[dict[str, Path], list[Diagnostic]]:
    """The theme files `names` ask for (a file, a folder, or a template's bare name); all of
    them for no names; and a problem for each name that matches nothing."""
    available = theme_files()
    if not names:
        return available, []
    found: dict[str, Path] = {}
    problems = []
    for asked in names:
        name = PurePosixPath(asked).as_posix().strip("/")
        matches = {
            key: path
            for key, path in available.items()
            if key in (name, f"{TEMPLATES_DIR}/{name}") or key.startswith(f"{name}/")
        }
        if not matches:
            message = "not a file or folder of the bundled theme; `vhsheaven theme list` names them"
            problems.append(Diagnostic(Location(Path(asked)), None, message))
        found |= matches
    return dict(sorted(found.items())), problems


def copy_theme_files(root: Path, names: list[str]) -> list[str]:
    """Copy the chosen theme files into the blog at `root`; returns their names. Nothing is
    written if any name matches nothing or any copy would overwrite a file."""
    found, problems = chosen(names)
    for name in found:
        if (root / name).exists() or (root / name).is_symlink():
            message = "already in the blog; delete it first to copy the bundled one again"
            problems.append(Diagnostic(Location(Path(name)), None, message))
    if problems:
        raise BuildFailed(problems)
    for name, source in found.items():
        data = source.read_bytes()
        if name.startswith(f"{TEMPLATES_DIR}/"):
            mark = theme.copy_mark(name.removeprefix(f"{TEMPLATES_DIR}/"), data, __version__)
            data = mark.encode() + data
        target = root / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("xb") as file:  # never over a file made meanwhile
            file.write(data)
    return list(found)


def listing(root: Path) -> list[str]:
    """One line per bundled theme file, saying whether the blog has its own copy."""
    return [
        f"{name}  (the blog's own copy)" if (root / name).exists() else name
        for name in theme_files()
    ]
