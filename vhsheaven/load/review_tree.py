"""The review files under content/reviews: every folder read or reported, links kept inside.

A folder that cannot be read is an error, never an empty site. A link under content/ is
followed only when it leads somewhere inside the site folder; one that leads out, or nowhere,
or back into a folder that holds it, is an error naming the link.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from vhsheaven.errors import Diagnostic, Location
from vhsheaven.load.settings import REVIEWS_DIR

# Emacs keeps a dangling link named .#x.md beside a file being edited: a lock, not a review.
EDITOR_LOCK = ".#"


@dataclass(frozen=True, slots=True)
class ReviewFiles:
    """What a walk of content/reviews found: review files and folders (site-relative, "/"
    separated, sorted), and what could not be read or followed."""

    names: list[str]
    folders: list[str]
    problems: list[Diagnostic]


def find_reviews(root: Path) -> ReviewFiles:
    """Every review file of the site, in a fixed order; no content/reviews is no reviews.

    Plain strings from os.scandir: at ten thousand reviews, Path objects and their sorting
    cost more than everything else a nothing-changed build does.
    """
    site = os.path.realpath(root)
    names: list[str] = []
    folders: list[str] = []
    problems: list[Diagnostic] = []
    top = _top_folder(root, site, problems)
    # (folder, the real paths of it and the folders holding it), to see links that loop.
    todo: list[tuple[str, tuple[str, ...]]] = []
    if top is not None:
        todo.append((top, (os.path.realpath(f"{root}/{top}"),)))
    while todo:
        folder, holders = todo.pop()
        folders.append(folder)
        for name, is_folder, real in _entries(root, folder, site, holders, problems):
            if is_folder:
                todo.append((f"{folder}/{name}", (*holders, real)))
            elif name.endswith(".md"):
                names.append(f"{folder}/{name}")
    return ReviewFiles(sorted(names), sorted(folders), problems)


def _top_folder(root: Path, site: str, problems: list[Diagnostic]) -> str | None:
    """content/reviews if the site has it and it can be walked; each level checked as links."""
    relative = ""
    for part in REVIEWS_DIR.parts:
        relative = f"{relative}/{part}" if relative else part
        path = f"{root}/{relative}"
        if not os.path.lexists(path):
            return None  # a new site, with no reviews yet
        problem = link_problem(root, relative, site)
        if problem is not None:
            problems.append(problem)
            return None
        if not os.path.isdir(path):  # noqa: PTH112 (plain strings, see find_reviews)
            message = "is not a folder; reviews go in the folder content/reviews"
            problems.append(Diagnostic(Location(Path(relative)), None, message))
            return None
    return relative


def _entries(
    root: Path, folder: str, site: str, holders: tuple[str, ...], problems: list[Diagnostic]
) -> list[tuple[str, bool, str]]:
    """A folder's entries worth looking at: (name, whether a folder, its real path)."""
    found: list[tuple[str, bool, str]] = []
    try:
        with os.scandir(f"{root}/{folder}") as entries:
            for entry in entries:
                if not entry.is_symlink():
                    found.append((entry.name, entry.is_dir(), f"{holders[-1]}/{entry.name}"))
                    continue
                problem = link_problem(root, f"{folder}/{entry.name}", site, holders)
                if problem is not None:
                    problems.append(problem)
                elif os.path.exists(entry.path):  # noqa: PTH110 (a dangling .#lock is left)
                    found.append((entry.name, entry.is_dir(), os.path.realpath(entry.path)))
    except OSError as exc:
        problems.append(unreadable(Path(folder), exc))
    return found


def links_problems(root: Path, names: list[str]) -> list[Diagnostic]:
    """What is wrong with those of some site-relative paths that are links."""
    site = os.path.realpath(root)
    return [p for p in (link_problem(root, name, site) for name in names) if p is not None]


def link_problem(
    root: Path, relative: str, site: str, holders: tuple[str, ...] = ()
) -> Diagnostic | None:
    """What is wrong with `relative` if it is a link: it leads out of the site (real path
    `site`), nowhere (a review that is not there), or into a folder in `holders`."""
    path = f"{root}/{relative}"
    if not os.path.islink(path):  # noqa: PTH114
        return None
    target = os.readlink(path)  # noqa: PTH115
    real = os.path.realpath(path)
    where = Location(Path(relative))
    if real != site and not real.startswith(site + os.sep):
        message = (
            f"is a link to {target}, outside the site folder; "
            "links under content/ must stay inside the site (copy the file in instead)"
        )
        return Diagnostic(where, None, message)
    if any(held == real or held.startswith(real + os.sep) for held in holders):
        return Diagnostic(where, None, f"is a link to {target}, a folder that holds it; remove it")
    name = Path(relative).name
    if not os.path.exists(real) and name.endswith(".md") and not name.startswith(EDITOR_LOCK):  # noqa: PTH110
        return Diagnostic(where, None, f"is a link to {target}, which does not exist; remove it")
    return None


def unreadable(where: Path, exc: OSError) -> Diagnostic:
    """The error for a review file or folder the system would not let us read."""
    reason = exc.strerror or type(exc).__name__
    message = f"cannot be read ({reason}); make it readable by the user running vhsheaven"
    return Diagnostic(Location(where), None, message)
