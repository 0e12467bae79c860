"""The import's report: every file's mapping, what was written, and what is left to do."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from vhsheaven.errors import Diagnostic, Location, sort_diagnostics
from vhsheaven.importing.apply import Done
from vhsheaven.importing.plan import NAMES, Plan


def report_lines(
    plan: Plan, done: list[Done], source: Path, site_scale: int, dry_run: bool, next_command: str
) -> Iterator[str]:
    """The lines of the report, in the order an editor reads them."""
    yield f"Importing {NAMES[plan.kind]}: {source} ({len(plan.reviews)} reviews found)"
    yield f"Ratings out of {plan.scale} ({plan.scale_said}) become ratings out of {site_scale}."
    for item in done:
        review = item.review
        source_at = f"{review.post.source.as_posix()}" + (
            f":{review.post.line}" if review.post.line > 1 else ""
        )
        yield ""
        yield f"{review.path} ← {source_at} ({item.outcome})"
        yield from (f"  {line}" for line in review.mapped.said)
        if review.composed.images:
            yield "  images → " + ", ".join(f"static/{p}" for p in review.composed.images)
        aliases = review.post.addresses
        if aliases:
            yield "  old addresses kept as aliases: " + ", ".join(dict.fromkeys(aliases))
        yield from (f"  note: {note}" for note in review.post.notes)
        if item.clash:
            yield f"  skipped: {item.clash}"
    yield from _problems(plan.problems)
    yield ""
    yield _summary(done, dry_run)
    todos = sort_diagnostics(todo_diagnostics(done))
    if todos:
        yield ""
        yield "What the editor must still do:"
        yield from (str(todo) for todo in todos)
    yield ""
    yield f"Next: {next_command}"


def _problems(problems: tuple[Diagnostic, ...]) -> Iterator[str]:
    if problems:
        yield ""
        yield "Not imported (the rest was):"
        yield from (str(p) for p in sort_diagnostics(problems))


def todo_diagnostics(done: list[Done]) -> list[Diagnostic]:
    """Each gap and unconverted piece of a review that is (or would be) written, at its line."""
    return [
        Diagnostic(Location(Path(item.review.path), todo.line), todo.field, todo.message)
        for item in done
        if item.outcome != "clash"
        for todo in item.review.composed.todos
    ]


def _summary(done: list[Done], dry_run: bool) -> str:
    count = {
        outcome: sum(1 for d in done if d.outcome == outcome)
        for outcome in ("written", "would write", "unchanged", "clash")
    }
    images = sum(len(d.images) for d in done if d.outcome in ("written", "would write"))
    if dry_run:
        head = f"Dry run, nothing written: would write {count['would write']} review file(s)"
    else:
        head = f"Wrote {count['written']} review file(s)"
    unchanged = f"{count['unchanged']} already imported as they are"
    return f"{head} and {images} image(s); {unchanged}; {count['clash']} clash(es) skipped."
