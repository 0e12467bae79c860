"""The import's recipe: settings, detect, plan, write (unless a dry run), report."""

from __future__ import annotations

import sys
from pathlib import Path

from vhsheaven.errors import Diagnostic, has_errors
from vhsheaven.importing.apply import apply
from vhsheaven.importing.plan import detect, make_plan, no_source
from vhsheaven.importing.report import report_lines
from vhsheaven.load.settings import load_config


def import_blog(
    source: Path,
    site: Path,
    kind: str | None,
    dry_run: bool,
    scale: int | None,
    genres: dict[str, str],
) -> int:
    """Import `source` into the site at `site`; prints the report, returns the exit code."""
    config, problems = load_config(site.resolve())
    if config is None:
        return _fail(problems)
    kind = kind or (detect(source) if source.exists() else None)
    if kind is None:
        return _fail([no_source(source)])
    mapping = {old.casefold(): new for old, new in genres.items()}
    plan = make_plan(source.resolve(), kind, config.rating_scale, scale, mapping)
    done = apply(plan, site.resolve(), dry_run)
    check = "vhsheaven check" if site == Path() else f"vhsheaven check --source {site}"
    for line in report_lines(plan, done, source, config.rating_scale, dry_run, check):
        print(line)
    failed = has_errors(plan.problems) or any(d.outcome == "clash" for d in done)
    return 1 if failed else 0


def _fail(problems: list[Diagnostic]) -> int:
    for problem in problems:
        print(problem, file=sys.stderr)
    print("Nothing was imported.", file=sys.stderr)
    return 1
