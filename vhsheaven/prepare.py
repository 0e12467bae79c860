"""Review files → Prepared: checked front matter and converted bodies, reusing the cache.

A file whose size and mtime match the cache is not read; one whose bytes hash the same is not
checked again; a body whose text was converted before is not converted again. What is left to
convert is spread over worker processes when there is enough of it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import time
from dataclasses import dataclass
from pathlib import Path

from vhsheaven.bodytext import Body, Heading, unclosed_spoilers
from vhsheaven.cache import BuildCache, FileRecord, Stamp, content_hash, dumps, stamp_of
from vhsheaven.config import SiteConfig
from vhsheaven.content import ReviewSource, duplicate_slugs, load_review
from vhsheaven.errors import Diagnostic, Location
from vhsheaven.pool import parallel_map
from vhsheaven.progress import Progress
from vhsheaven.uptodate import review_files, settings_key

BodyFacts = tuple[tuple[Heading, ...], int, str, "str | None"]


@dataclass(frozen=True, slots=True)
class Prepared:
    """One review file, checked and converted: all a build needs of it but the body's HTML.

    `source` is None when the file has errors; its Markdown text is dropped once converted,
    and the HTML is kept in the cache under `body_key`. `key` names the file and its bytes.
    """

    key: str
    source: ReviewSource | None
    problems: tuple[Diagnostic, ...]
    body_key: str = ""
    headings: tuple[Heading, ...] = ()
    words: int = 0
    first_paragraph: str = ""
    verdict_html: str | None = None

    def body(self, html: str) -> Body:
        """The converted body, given its HTML."""
        return Body(html, self.headings, self.words, self.first_paragraph)


def prepare_all(
    root: Path, config: SiteConfig, cache: BuildCache, progress: Progress
) -> tuple[list[Prepared], list[Diagnostic]]:
    """Every review file prepared (from the cache where it can be), and cross-file problems."""
    settings = settings_key(config, dt.date.today())
    state = cache.state
    racy_from = cache.racy_from
    state.scanned_ns = time.time_ns()
    previous, records = state.files, {}
    results: dict[str, Prepared | tuple[str, ReviewSource, tuple[Diagnostic, ...]]] = {}
    for relative in review_files(root):
        stat = os.stat(f"{root}/{relative}")  # noqa: PTH116 (see review_files)
        known = previous.get(relative)
        if known is not None and known.settings != settings:
            known = None
        if known is not None and known.stamp == stamp_of(stat) and stat.st_mtime_ns < racy_from:
            results[relative] = cache.result(known)
        else:
            results[relative] = _check(root / relative, relative, config, known, cache)
        records[relative] = stamp_of(stat)
    _convert([r for r in results.values() if isinstance(r, tuple)], cache, progress)
    prepared = [_finish(result, cache) for result in results.values()]
    state.files = {
        relative: _record(stamp, settings, item, previous.get(relative), cache)
        for (relative, stamp), item in zip(records.items(), prepared, strict=True)
    }
    _drop_unused_bodies(cache, previous, state.files)
    sources = [item.source for item in prepared if item.source is not None]
    return prepared, duplicate_slugs(sources)


def _record(
    stamp: Stamp, settings: str, item: Prepared, known: FileRecord | None, cache: BuildCache
) -> FileRecord:
    """What the cache keeps of a prepared file; an unchanged result is not stored again."""
    if known is not None and known.key == item.key and known.settings == settings:
        return known if known.stamp == stamp else known._replace(stamp=stamp)
    meta = item.source.meta if item.source else None
    draft, date = (meta.draft, meta.date) if meta else (False, None)
    result = cache.put(dumps(item))
    return FileRecord(stamp, settings, item.key, item.body_key, draft, date, result)


def _check(
    path: Path, relative: str, config: SiteConfig, known: FileRecord | None, cache: BuildCache
) -> Prepared | tuple[str, ReviewSource, tuple[Diagnostic, ...]]:
    """Read and check one file that may have changed; unchanged bytes reuse the last result."""
    data = path.read_bytes()
    key = f"{relative}:{content_hash(data)}"
    if known is not None and known.key == key:
        return cache.result(known)  # type: ignore[no-any-return]
    source, found = load_review(data, Path(relative), config)
    if source is None:
        return Prepared(key, None, tuple(found))
    spoilers = (
        Diagnostic(
            Location(source.location.path, source.body_line + line),
            "spoiler",
            "spoiler is never closed; add a line with ::: where it ends",
        )
        for line in unclosed_spoilers(source.markdown)
    )
    return key, source, (*found, *spoilers)


def _body_key(cache: BuildCache, source: ReviewSource) -> str:
    return content_hash(cache.state.versions, source.markdown, source.meta.verdict or "")


def _convert(
    todo: list[tuple[str, ReviewSource, tuple[Diagnostic, ...]]],
    cache: BuildCache,
    progress: Progress,
) -> None:
    """Convert the bodies the cache does not hold, in worker processes when there are many."""
    needed = {_body_key(cache, source): source for _, source, _ in todo}
    needed = {key: source for key, source in needed.items() if not cache.has_body(key)}
    texts = [(source.markdown, source.meta.verdict) for source in needed.values()]
    converted = parallel_map(_convert_one, texts)
    for done, (key, (body, verdict)) in enumerate(zip(needed, converted, strict=True), 1):
        facts: BodyFacts = (body.headings, body.words, body.first_paragraph, verdict)
        cache.put_body(key, body.html, facts)
        progress("converting", done, len(needed))


def _convert_one(texts: tuple[str, str | None]) -> tuple[Body, str | None]:
    """Markdown → Body for one review, and its verdict's HTML (may run in a worker process)."""
    from vhsheaven.markup import convert

    body_text, verdict = texts
    return convert(body_text), convert(verdict).html if verdict else None


def _finish(
    result: Prepared | tuple[str, ReviewSource, tuple[Diagnostic, ...]], cache: BuildCache
) -> Prepared:
    """A checked file with its converted body's facts, its Markdown text let go."""
    if isinstance(result, Prepared):
        return result
    key, source, problems = result
    body_key = _body_key(cache, source)
    headings, words, first, verdict = cache.facts(body_key)
    light = dataclasses.replace(source, markdown="")
    return Prepared(key, light, problems, body_key, headings, words, first, verdict)


def _drop_unused_bodies(
    cache: BuildCache, previous: dict[str, FileRecord], current: dict[str, FileRecord]
) -> None:
    """Delete stored bodies that no review file uses any more."""

    used = {record.body_key for record in current.values()}
    cache.drop_bodies(sorted({record.body_key for record in previous.values()} - used - {""}))
