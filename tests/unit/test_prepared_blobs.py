"""What reading review files leaves in the cache: workers send the blobs the cache keeps, and
they hold exactly what the build went on with."""

from __future__ import annotations

import os
import pickle
from pathlib import Path
from typing import Any

import pytest

from vhsheaven import pool
from vhsheaven.incremental import store
from vhsheaven.incremental.store import BuildCache
from vhsheaven.load import reviews
from vhsheaven.load.reviews import prepare_all
from vhsheaven.load.settings import SiteConfig
from vhsheaven.pool import MIN_PARALLEL

CONFIG = SiteConfig(title="T", base_url="https://example.org/")


def review(title: str, body: str) -> str:
    return (
        f"---\ntitle: {title}\nyear: 1986\ndate: 2025-03-01\ndirector: Jim Henson\n"
        f"genres: [Fantasy]\nrating: 4\n---\n\n## Why it lasts\n\n{body}\n"
    )


def write_site(root: Path, count: int) -> None:
    reviews = root / "content" / "reviews"
    reviews.mkdir(parents=True)
    for n in range(count):
        # Every third title repeats, so two files share one body (one key for both).
        text = review(f"Labyrinth {n // 3 if n % 3 else n}", f"A *puppet* maze, take {n // 2}.")
        (reviews / f"tape-{n:03}.md").write_text(text, encoding="utf-8")
    (reviews / "broken.md").write_text("---\ntitle: [\n---\nNo end.\n", encoding="utf-8")


def test_the_stored_results_and_bodies_are_what_the_build_holds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "site"
    write_site(root, 2 * MIN_PARALLEL)  # enough for worker processes
    parent, pickled_here, pickle_as_stored = os.getpid(), [], store.dumps

    def dumps(value: Any) -> bytes:
        if os.getpid() == parent:
            pickled_here.append(value)
        return pickle_as_stored(value)

    # Workers even if an earlier test in this process left a thread behind (pool.can_fork
    # would then have the parent read every file itself, pickling as it goes).
    monkeypatch.setattr(pool, "can_fork", lambda: hasattr(os, "fork"))
    monkeypatch.setattr(reviews, "dumps", dumps)
    monkeypatch.setattr(store, "dumps", dumps)
    cache = BuildCache.open(tmp_path / "cache")
    prepared, problems = prepare_all(root, CONFIG, cache, lambda *_: None, 2026)
    assert problems == []
    assert pickled_here == []  # the workers pickled what the cache keeps; the parent did not
    by_key = {item.key: item for item in prepared}
    broken = [item.key.partition(":")[0] for item in prepared if item.source is None]
    assert broken == ["content/reviews/broken.md"]
    records = cache.state.files
    assert len(records) == len(by_key) == 2 * MIN_PARALLEL + 1
    for record in records.values():
        item = by_key[record.key]
        assert pickle.loads(cache.get(record.result)) == item
        if item.source is None:
            continue
        facts = (item.headings, item.words, item.first_paragraph, item.verdict_html)
        assert cache.facts(item.body_key) == facts
        assert "<em>puppet</em> maze" in cache.body(item.body_key)
    assert len(cache.state.bodies) < len(records) - 1  # shared bodies stored once
    cache.save()
    again = BuildCache.open(tmp_path / "cache")
    assert prepare_all(root, CONFIG, again, lambda *_: None, 2026)[0] == prepared
