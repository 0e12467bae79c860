"""The publication rule, written once: which checked reviews a build publishes at its moment.

A draft is published only with --drafts; a review dated later than the build's clock only
with --future. The clock is the build's own (BuildOptions.now), never the machine's.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from vhsheaven.errors import Diagnostic, Location

if TYPE_CHECKING:
    from vhsheaven.load.review_file import ReviewSource
    from vhsheaven.load.reviews import Prepared


@dataclass(frozen=True, slots=True)
class Selection:
    """What decides which reviews a build publishes: --drafts, --future and its clock."""

    drafts: bool
    future: bool
    now: dt.datetime

    @property
    def this_year(self) -> int:
        """The year it is at the build's moment, where the build runs (a film may be dated
        up to a year after it)."""
        return self.now.astimezone().year


@dataclass(frozen=True, slots=True)
class LeftOut:
    """A valid review this build does not publish, and why."""

    source: Location
    why: str

    def __str__(self) -> str:
        return f"left out {self.source.path.as_posix()}: {self.why}"


def is_due(draft: bool, date: dt.datetime | None, selection: Selection) -> bool:
    """Whether a review with this `draft` and `date` is published under `selection`."""
    if draft and not selection.drafts:
        return False
    return date is None or date <= selection.now or selection.future


def leave_out_because(source: ReviewSource, selection: Selection, timezone: str) -> str | None:
    """Why a review is not published now, or None when it is."""
    meta = source.meta
    if is_due(meta.draft, meta.date, selection):
        return None
    if meta.draft and not selection.drafts:
        return "draft: true (build with --drafts to include it)"
    if meta.date is not None:
        from zoneinfo import ZoneInfo  # only scheduled reviews need it

        when = meta.date.astimezone(ZoneInfo(timezone))
        return (
            f"scheduled for {when:%Y-%m-%d %H:%M} ({timezone}); it appears in the first build "
            "from then on (build with --future to include it now)"
        )
    return None


UNSET = {
    "year": "not set yet; the draft shows no year until it is",
    "rating": 'not set yet; the draft shows "not rated yet" until it is',
}


def unfinished(chosen: Iterable[Prepared]) -> list[Diagnostic]:
    """A warning for each required field a published draft (--drafts) leaves unset, at its
    line (or the front matter's opening line, where publishing makes it an error)."""
    problems = []
    for item in chosen:
        if item.source is None:
            continue
        meta, path = item.source.meta, item.source.location.path
        first = min(meta.lines.values(), default=2) - 1
        for key in meta.missing:
            where = Location(path, meta.lines.get(key, first))
            message = f"{UNSET[key]}; publishing the review needs it"
            problems.append(Diagnostic(where, key, message, severity="warning"))
    return problems


def select(
    prepared: Iterable[Prepared], selection: Selection, timezone: str
) -> tuple[list[Prepared], list[LeftOut]]:
    """The reviews this build publishes, and the drafts and scheduled ones it leaves out."""
    chosen: list[Prepared] = []
    left_out: list[LeftOut] = []
    for item in prepared:
        if item.source is None:
            continue
        why = leave_out_because(item.source, selection, timezone)
        if why is None:
            chosen.append(item)
        else:
            left_out.append(LeftOut(item.source.location, why))
    return chosen, left_out
