"""A Letterboxd export (its ZIP, or the reviews.csv in it) → one Post per review.

Every row already names its film, year and rating (0.5 to 5). A rewatch of a film reviewed
before is a review of its own, its slug told apart by its date; Letterboxd's own pages stay
where they are, so rows have no old address on the blog, and the row's page is kept in
`extra.letterboxd`.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path
from typing import Any

from vhsheaven.errors import Diagnostic, Location
from vhsheaven.importing.post import Post, Read

REVIEWS = "reviews.csv"
COLUMNS = (
    "Date",
    "Name",
    "Year",
    "Letterboxd URI",
    "Rating",
    "Rewatch",
    "Review",
    "Tags",
    "Watched Date",
)
# A reviews.csv is a few megabytes at most; a member far larger is no export but a ZIP bomb.
MAX_CSV_BYTES = 64 * 1024 * 1024


def is_letterboxd(source: Path) -> bool:
    """Whether a file is a Letterboxd export ZIP or a reviews.csv."""
    try:
        if source.suffix.lower() == ".csv":
            with source.open("rb") as file:
                return b"Letterboxd URI" in file.readline()
        return source.suffix.lower() == ".zip" and zipfile.is_zipfile(source)
    except OSError:
        return False  # reading it is reported when it is named with --from


def read_letterboxd(source: Path) -> Read:
    """Every row of the export's reviews.csv."""
    text, where, problem = _csv_text(source)
    if problem is not None:
        return Read("letterboxd", (), (problem,), 5)
    posts: list[Post] = []
    problems: list[Diagnostic] = []
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in ("Name", "Review") if c not in (reader.fieldnames or ())]
    if missing:
        message = f"has no {', '.join(missing)} column: not a Letterboxd reviews.csv"
        return Read("letterboxd", (), (Diagnostic(Location(where, 1), None, message),), 5)
    seen: dict[tuple[str, str], str] = {}
    start = 2
    for row in reader:
        found = _post(row, where, start, seen)
        (problems if isinstance(found, Diagnostic) else posts).append(found)  # type: ignore[arg-type]
        start = reader.line_num + 1
    return Read("letterboxd", tuple(posts), tuple(problems), 5)


def _csv_text(source: Path) -> tuple[str, Path, Diagnostic | None]:
    where = Path(source.name)
    try:
        if source.suffix.lower() != ".zip":
            return source.read_bytes().decode("utf-8-sig"), where, None
        with zipfile.ZipFile(source) as archive:
            names = [
                n
                for n in archive.namelist()
                if n.rsplit("/", 1)[-1] == REVIEWS and n.count("/") <= 1
            ]
            if not names:
                return (
                    "",
                    where,
                    Diagnostic(
                        Location(where), None, f"holds no {REVIEWS}: not a Letterboxd export"
                    ),
                )
            info = archive.getinfo(min(names, key=len))
            if info.file_size > MAX_CSV_BYTES:
                message = f"{info.filename} is {info.file_size} bytes, too large for a reviews file"
                return "", where, Diagnostic(Location(where), None, message)
            return (
                archive.read(info).decode("utf-8-sig"),
                Path(f"{source.name}/{info.filename}"),
                None,
            )
    except (OSError, zipfile.BadZipFile, UnicodeDecodeError) as exc:
        return "", where, Diagnostic(Location(where), None, f"cannot be read ({exc})")


def _post(
    row: dict[str, Any], where: Path, line: int, seen: dict[tuple[str, str], str]
) -> Post | Diagnostic:
    name = (row.get("Name") or "").strip()
    if not name:
        return Diagnostic(Location(where, line), "Name", "the row names no film; it was skipped")
    year = (row.get("Year") or "").strip()
    date = (row.get("Date") or row.get("Watched Date") or "").strip()
    fields: dict[str, Any] = {"title": name, "year": year, "date": date}
    if (row.get("Rating") or "").strip():
        fields["rating"] = row["Rating"].strip()
    tags = [t.strip() for t in (row.get("Tags") or "").split(",") if t.strip()]
    if tags:
        fields["tags"] = tags
    if (row.get("Letterboxd URI") or "").strip():
        fields["extra"] = {"letterboxd": row["Letterboxd URI"].strip()}
    key = (name.casefold(), year)
    notes: tuple[str, ...] = ()
    stem = name
    if key in seen:
        notes = (f"a rewatch of {name} ({year}), first reviewed {seen[key]}: a review of its own",)
        stem = f"{name} {date}"
    else:
        seen[key] = date or "undated"
    body = re.sub(r"\n\s*", "\n\n", (row.get("Review") or "").replace("\r\n", "\n").strip()) + "\n"
    return Post(where, line, fields, body, line, stem, False, None, (), (), 5, notes)
