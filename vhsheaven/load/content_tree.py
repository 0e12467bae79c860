"""The Markdown files under content/ that are not reviews: pages, author bios, and strays.

Pages live in content/pages, author bios in content/authors. Any other Markdown file under
content/ belongs to nothing and is a warning naming it, never silently ignored. These files
are few; they are read on every build that loads, and stamped for the nothing-changed check.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from vhsheaven.errors import Diagnostic, Location
from vhsheaven.load.review_tree import link_problem, unreadable
from vhsheaven.load.settings import REVIEWS_DIR

CONTENT_DIR = REVIEWS_DIR.parent
PAGES_DIR = CONTENT_DIR / "pages"
AUTHORS_DIR = CONTENT_DIR / "authors"


@dataclass(frozen=True, slots=True)
class ContentFiles:
    """What content/ holds besides reviews: site-relative "/"-separated names, sorted."""

    pages: tuple[str, ...]
    authors: tuple[str, ...]
    # Markdown files that belong to nothing (each has a warning in `problems`).
    strays: tuple[str, ...]
    # Every folder under content/ but the reviews' own, for the nothing-changed manifest.
    folders: tuple[str, ...]
    problems: tuple[Diagnostic, ...]


def find_content(root: Path) -> ContentFiles:
    """The page and author files, and a warning for each Markdown file that is neither."""
    pages: list[str] = []
    authors: list[str] = []
    strays: list[str] = []
    folders: list[str] = []
    problems: list[Diagnostic] = []
    site = os.path.realpath(root)
    reviews = REVIEWS_DIR.as_posix()
    if not (root / CONTENT_DIR).is_dir():
        return ContentFiles((), (), (), (), ())

    def report(exc: OSError) -> None:
        where = Path(exc.filename).relative_to(root) if exc.filename else CONTENT_DIR
        problems.append(unreadable(where, exc))

    for folder, names, files in os.walk(root / CONTENT_DIR, onerror=report):
        relative = Path(folder).relative_to(root).as_posix()
        folders.append(relative)
        # The reviews' own tree is review_tree's to walk (and to report).
        names[:] = sorted(name for name in names if f"{relative}/{name}" != reviews)
        for name in sorted(files):
            if not name.endswith(".md") or name.startswith("."):
                continue
            path = f"{relative}/{name}"
            problem = link_problem(root, path, site)
            if problem is not None:
                problems.append(problem)
            elif relative == PAGES_DIR.as_posix() or relative.startswith(f"{PAGES_DIR}/"):
                pages.append(path)
            elif relative == AUTHORS_DIR.as_posix():
                authors.append(path)
            else:
                strays.append(path)
                problems.append(_stray(path))
    found = (pages, authors, strays, folders, problems)
    return ContentFiles(*map(tuple, found))  # type: ignore[arg-type]


def _stray(path: str) -> Diagnostic:
    message = (
        "belongs to nothing and is not published; reviews go in content/reviews/, pages "
        "in content/pages/, author bios in content/authors/<author>.md"
    )
    return Diagnostic(Location(Path(path)), None, message, severity="warning")


def read_text_file(root: Path, name: str) -> tuple[bytes | None, Diagnostic | None]:
    """A content file's bytes, or the problem reading it."""
    try:
        return (root / name).read_bytes(), None
    except OSError as exc:
        return None, unreadable(Path(name), exc)
