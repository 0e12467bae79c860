"""Is the output already what a build would make? Answered from file stamps alone.

A build that finds nothing changed (no review, template, static file or setting; no review
newly due; every output file as the cache left it) stops here, before reading a review or
importing Markdown, Jinja or even the site model.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from pathlib import Path
from typing import Any

from vhsheaven.cache import RACY_NS, BuildCache, Stamp, content_hash, stamp_of
from vhsheaven.config import REVIEWS_DIR, STATIC_DIR, TEMPLATES_DIR, SiteConfig
from vhsheaven.write import static_files


def settings_key(config: SiteConfig, today: dt.date) -> str:
    """What checking front matter depends on besides the file: the settings and the year.

    Where the site is published or written does not change what a review says, so the dev
    server and `build` share checked reviews.
    """
    content = dataclasses.replace(config, base_url="", output_dir="", cache_dir="")
    return content_hash(repr(content), str(today.year))


def site_key(root: Path, config: SiteConfig, versions: str) -> str:
    """What every page depends on: the templates, the settings and the tools' versions."""
    folder = root / TEMPLATES_DIR
    templates = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    parts = [f"{p.relative_to(folder).as_posix()}\0".encode() + p.read_bytes() for p in templates]
    return content_hash(versions, repr(config), *parts)


def review_files(root: Path) -> list[str]:
    """Every review file (site-relative, / separated), in a fixed order.

    Plain strings from os.walk: at ten thousand reviews, Path objects and their sorting cost
    more than everything else a nothing-changed build does.
    """
    found: list[str] = []
    for folder, _, names in os.walk(root / REVIEWS_DIR):
        relative = os.path.relpath(folder, root).replace(os.sep, "/")
        found.extend(f"{relative}/{name}" for name in names if name.endswith(".md"))
    return sorted(found)


def is_due(
    draft: bool, date: dt.datetime | None, drafts: bool, future: bool, now: dt.datetime
) -> bool:
    """Whether a review is published by a build run at `now` with --drafts/--future as given."""
    if draft and not drafts:
        return False
    return date is None or date <= now or future


def signature(
    root: Path,
    out: Path,
    config: SiteConfig,
    cache: BuildCache,
    due: tuple[bool, bool, dt.datetime],
) -> Any:
    """Everything a build's output depends on, from the cache's records and fresh stamps.

    None when some input is unknown to the cache or changed too recently to trust its stamp.
    """
    settings = settings_key(config, dt.date.today())
    keys, published = [], []
    for relative in review_files(root):
        stat = os.stat(f"{root}/{relative}")  # noqa: PTH116 (no Path object: 10,000 of them add up)
        record = cache.state.files.get(relative)
        if record is None or record.settings != settings or not _trusted(record.stamp, stat, cache):
            return None
        keys.append(record.key)
        if is_due(record.draft, record.date, *due):
            published.append(record.key)
    statics = []
    for output, source in static_files(root / STATIC_DIR).items():
        stat = source.stat()
        if stat.st_mtime_ns >= cache.state.scanned_ns - RACY_NS:
            return None
        statics.append((output.as_posix(), stamp_of(stat)))
    key = site_key(root, config, cache.state.versions)
    return (key, str(out), tuple(keys), tuple(published), tuple(statics))


def _trusted(recorded: Stamp, stat: Any, cache: BuildCache) -> bool:
    return recorded == stamp_of(stat) and stat.st_mtime_ns < cache.state.scanned_ns - RACY_NS


def outputs_intact(out: Path, recorded: dict[str, tuple[str, Stamp]] | None) -> bool:
    """Whether every file this cache wrote to `out` is still there, as written."""
    if not recorded:
        return False
    try:
        return all(
            stamp_of(os.stat(f"{out}/{path}")) == stamp  # noqa: PTH116 (see review_files)
            for path, (_, stamp) in recorded.items()
        )
    except OSError:
        return False
