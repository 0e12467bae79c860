"""The nothing-changed path inside a build: the last build's summary, kept in its manifest
(incremental/unchanged.py) for a next build that finds nothing to do."""

from __future__ import annotations

import dataclasses
import pickle
import time
from pathlib import Path

from vhsheaven.incremental import unchanged
from vhsheaven.incremental.keys import InputStamps, manifest, nanoseconds
from vhsheaven.incremental.store import BuildCache, dumps
from vhsheaven.incremental.unchanged import Key
from vhsheaven.incremental.versions import installed
from vhsheaven.options import BuildOptions
from vhsheaven.reports import Summary


def recall_summary(folder: Path, key: Key, options: BuildOptions) -> Summary | None:
    """The last build's summary if its manifest still holds, so there is nothing to do;
    else None, and the manifest is gone (the build about to run changes what it describes)."""
    kept = unchanged.load(str(folder))
    if kept is None:
        return None
    if unchanged.holds(kept, key, installed(), nanoseconds(options.now), time.time_ns()):
        summary = pickle.loads(kept["report"]["summary"])  # type: ignore[index]
        if isinstance(summary, Summary):
            return summary
    unchanged.forget(str(folder))
    return None


def leave_manifest(
    out: Path,
    key: Key,
    options: BuildOptions,
    cache: BuildCache,
    inputs: InputStamps,
    summary: Summary,
) -> None:
    """Leave the next build what it needs to see that nothing changed (incremental.unchanged)."""
    assert cache.folder is not None
    last = dataclasses.replace(summary, written=())
    report = {
        "reviews": summary.reviews,
        "pages": summary.report(out, 0.0).pages,
        "files": len(summary.files),
        "warnings": tuple(str(warning) for warning in summary.warnings),
        "left_out": tuple(str(review) for review in summary.left_out),
        "summary": dumps(last),
    }
    found = manifest(out, key, cache, inputs, options.selection, report)
    if found is not None:
        unchanged.save(str(cache.folder), found)
