"""A body's rating line checked against the front matter: one rating, said once, and one
verdict."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from vhsheaven.errors import Diagnostic, Location
from vhsheaven.markup.rating_line import RatingLine, has_text_after, rating_lines

if TYPE_CHECKING:
    from vhsheaven.load.yamldoc import Entry


def rating_line_problems(
    body: str,
    body_line: int,
    entries: dict[str, Entry],
    scale: int,
    where: Path,
) -> list[Diagnostic]:
    """What is wrong with a body's rating lines, given the front matter's fields; `body_line`
    is the file's 1-based line where the body starts."""
    found = rating_lines(body)
    if not found or "rating" not in entries:
        return []
    first, rating = found[0], entries["rating"]

    def at(line: RatingLine, message: str, field: str = "rating") -> Diagnostic:
        return Diagnostic(Location(where, body_line + line.line), field, message)

    problems = [
        at(
            line,
            f'a second rating line "{line.text}" (the first is on line '
            f"{body_line + first.line}); keep one",
        )
        for line in found[1:]
    ]
    if first.scale is not None and first.scale != scale:
        problems.append(
            at(
                first,
                f'the rating line "{first.text}" rates out of {first.scale}, but this '
                f"site rates out of {scale} (rating_scale in site.yaml)",
            )
        )
    elif first.value != rating.value:
        problems.append(
            at(
                first,
                f'the rating line "{first.text}" says {first.value:g}, but rating: on '
                f"line {rating.line} says {rating.value}; make them agree",
            )
        )
    verdict = entries.get("verdict")
    if verdict is not None and verdict.value and has_text_after(body, first):
        message = (
            f"the verdict is given twice: after the rating line on line "
            f"{body_line + first.line}, and in verdict:; keep one"
        )
        problems.append(Diagnostic(Location(where, verdict.line), "verdict", message))
    return problems
