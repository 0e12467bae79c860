"""Review files → Prepared: checked front matter and converted bodies, reusing the cache.

A file whose stamp matches the cache is not read; one whose bytes hash the same is not checked
again; a body whose text was converted before is not converted again. What is left to read,
check and convert is spread over worker processes when there is enough of it.
"""

from __future__ import annotations

import dataclasses
import os
import pickle
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from stat import S_ISDIR, S_ISREG

from vhsheaven.errors import Diagnostic, Location
from vhsheaven.incremental import racy
from vhsheaven.incremental.keys import settings_key
from vhsheaven.incremental.store import BuildCache, FileRecord, Ref, content_hash, dumps
from vhsheaven.incremental.unchanged import Stamp, stamp_of
from vhsheaven.load.review_file import ReviewSource, Rules, duplicate_slugs, load_review
from vhsheaven.load.review_tree import find_reviews, links_problems, unreadable
from vhsheaven.load.settings import REVIEWS_DIR, SiteConfig
from vhsheaven.markup.body import Body, Heading, unclosed_spoilers
from vhsheaven.markup.limits import TooComplex, too_complex
from vhsheaven.markup.rating_line import split_at_rating
from vhsheaven.pool import parallel_map, shared
from vhsheaven.progress import Progress

BodyFacts = tuple[tuple[Heading, ...], int, str, "str | None"]


@dataclass(frozen=True, slots=True)
class Prepared:
    """One review file, checked and converted: all a build needs of it but the body's HTML.

    `source` is None when the file has errors; its Markdown text is dropped once converted,
    and the HTML is kept in the cache under `body_key`. `key` names the file and its bytes
    ("" for a file that could not be read).
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
    root: Path,
    config: SiteConfig,
    cache: BuildCache,
    progress: Progress,
    this_year: int,
    changed: set[str] | None = None,
    meanwhile: Callable[[], object] | None = None,
) -> tuple[list[Prepared], list[Diagnostic]]:
    """Every review file prepared (from the cache where it can be), and cross-file problems.

    `this_year`: the year at the build's moment, which checking a film's year depends on.
    `changed`: the only paths that may differ from what this cache object last looked at,
    as a file watcher saw (None: any file may). With it, the other files are not looked at.
    `meanwhile`: the caller's own work, done while worker processes read files, if any do.
    """
    settings = settings_key(config, this_year)
    last = cache.memory.scan
    kept: dict[str, Prepared] | None = None  # what the last look found, if this one builds on it
    if changed is not None and last is not None and last[0] == settings:
        kept, names = last[1], sorted(filter(_is_review_path, changed))
        problems = links_problems(root, names)
    else:
        found = find_reviews(root)
        names, problems = found.names, found.problems
    refused = {problem.location.path.as_posix() for problem in problems}
    cache.state.scanned = racy.take(cache.folder)
    look = _look(root, [name for name in names if name not in refused], cache, settings)
    rules = Rules(config, this_year)
    fresh, stored = _read_all(look.todo, root, rules, cache, progress, meanwhile)
    results = look.known | fresh
    if kept is None:  # in find_reviews' order: those read again were added last
        prepared = {relative: results[relative] for relative in names if relative in results}
    else:
        prepared = _merged(kept, names, results)
    _remember(cache, settings, look.stamps, results, stored, None if kept is None else names)
    problems += look.problems
    # A look that could not see every file is not built on: the next one looks at them all.
    cache.memory.scan = (settings if not problems else "", prepared)
    sources = [item.source for item in prepared.values() if item.source is not None]
    return list(prepared.values()), [*problems, *duplicate_slugs(sources)]


@dataclass(frozen=True, slots=True)
class Look:
    """The review files stamped: those the cache knows as they are, those to read, and the
    files that could not be looked at."""

    stamps: dict[str, Stamp]
    known: dict[str, Prepared]
    todo: list[tuple[str, FileRecord | None]]
    problems: list[Diagnostic]


def _look(root: Path, names: list[str], cache: BuildCache, settings: str) -> Look:
    """Stamp each named file; a file whose stamp the cache has under `settings` is not read."""
    look = Look({}, {}, [], [])
    files, last, now = cache.state.files, cache.last_scan, cache.state.scanned
    for relative in names:
        try:
            stat = os.stat(f"{root}/{relative}")  # noqa: PTH116 (see find_reviews)
        except FileNotFoundError:
            continue  # deleted since it was named (a dangling link is find_reviews' to report)
        except OSError as exc:
            look.problems.append(unreadable(Path(relative), exc))
            continue
        if S_ISDIR(stat.st_mode):
            continue  # a folder named like a review (the watcher names it)
        if not S_ISREG(stat.st_mode):
            message = "is not a regular file (a pipe or device, say); a review must be a file"
            look.problems.append(Diagnostic(Location(Path(relative)), None, message))
            continue
        known = files.get(relative)
        if known is not None and known.settings != settings:
            known = None
        stamp = stamp_of(stat)
        if known is not None and known.stamp == stamp and last.settled(stat):
            look.known[relative] = cache.result(known)
        else:
            look.todo.append((relative, known))
        if not now.settled(stat):
            cache.unsettled.add(relative)
        look.stamps[relative] = stamp
    return look


def _is_review_path(relative: str) -> bool:
    """Whether a site-relative path names a review file (as find_reviews finds them)."""
    return relative.startswith(f"{REVIEWS_DIR.as_posix()}/") and relative.endswith(".md")


def _merged(
    kept: dict[str, Prepared], names: list[str], results: dict[str, Prepared]
) -> dict[str, Prepared]:
    """The files `kept` from the last look, with the `names` looked at again (gone, new or
    changed), in find_reviews' order."""
    merged = dict(kept)
    for relative in names:
        if relative in results:
            merged[relative] = results[relative]
        else:
            merged.pop(relative, None)
    if merged.keys() - kept.keys():
        return dict(sorted(merged.items()))
    return merged


def _remember(
    cache: BuildCache,
    settings: str,
    stamps: dict[str, Stamp],
    results: dict[str, Prepared],
    stored: dict[str, Ref],
    names: list[str] | None,
) -> None:
    """Record the files looked at (and forget gone ones): all of them when `names` is None,
    else just those `names`, the others' records kept. `stored`: the results read anew,
    already in the pack."""
    previous = cache.state.files
    files = {} if names is None else dict(previous)
    for relative in names if names is not None else ():
        files.pop(relative, None)
    for relative, stamp in stamps.items():
        if not results[relative].key:
            continue  # not read: a file with no record is read again next time
        item, known = results[relative], previous.get(relative)
        files[relative] = _record(stamp, settings, item, known, stored.get(relative))
    cache.state.files = files
    _drop_unused_bodies(cache, previous, files)


def _record(
    stamp: Stamp, settings: str, item: Prepared, known: FileRecord | None, stored: Ref | None
) -> FileRecord:
    """What the cache keeps of a prepared file: a new record for a result read anew (in the
    pack at `stored`), else the record the cache holds, under the file's stamp now."""
    if stored is None:
        assert known is not None and known.key == item.key and known.settings == settings
        return known if known.stamp == stamp else known._replace(stamp=stamp)
    meta = item.source.meta if item.source else None
    draft, date = (meta.draft, meta.date) if meta else (False, None)
    return FileRecord(stamp, settings, item.key, item.body_key, draft, date, stored)


@dataclass(frozen=True, slots=True)
class Sent:
    """What a worker sends back for a file read anew: its result pickled as the cache keeps
    it, and the body's HTML (UTF-8) and facts (pickled) if the worker converted it. The
    parent stores these bytes as they came, and unpickles only the result, once."""

    prepared: bytes
    body: tuple[bytes, bytes] | None


def _read_all(
    todo: list[tuple[str, FileRecord | None]],
    root: Path,
    rules: Rules,
    cache: BuildCache,
    progress: Progress,
    meanwhile: Callable[[], object] | None,
) -> tuple[dict[str, Prepared], dict[str, Ref]]:
    """Read, check and convert the files that may have changed, in worker processes when
    there are many: checking front matter is a tenth of a new review's cost. Also where
    each result read anew is stored in the pack."""
    found: dict[str, Prepared] = {}
    stored: dict[str, Ref] = {}
    jobs = [(relative, known.key if known else None) for relative, known in todo]
    reads = parallel_map(_read_one, jobs, meanwhile=meanwhile, share=(root, rules, cache))
    for done, ((relative, known), read) in enumerate(zip(todo, reads, strict=True), 1):
        if isinstance(read, str):
            assert known is not None  # only a known file's key is sent back alone
            found[relative] = cache.result(known)
        else:
            item = found[relative] = pickle.loads(read.prepared)
            # Two files with one body may both have converted it: it is stored once.
            if read.body is not None and not cache.has_body(item.body_key):
                cache.put_body(item.body_key, *read.body)
            if item.key:  # a file that could not be read gets no record
                stored[relative] = cache.put(read.prepared)
        progress("converting", done, len(todo))
    return found, stored


def _read_one(job: tuple[str, str | None]) -> str | Sent:
    """One file read and checked, its body converted if new (may run in a worker process);
    pickled the cache's way, which knows front matter's read-only mappings. Just the key
    when the bytes are those the cache knows (under a new stamp)."""
    read = _check(*job)
    if isinstance(read, str):
        return read
    prepared, body = read
    return Sent(dumps(prepared), body)


def _check(
    relative: str, known_key: str | None
) -> str | tuple[Prepared, tuple[bytes, bytes] | None]:
    """What _read_one sends back, unpickled: the result, and the body's blobs if it was
    converted here."""
    reading: tuple[Path, Rules, BuildCache] = shared()
    root, rules, cache = reading
    config = rules.config
    try:
        data = (root / relative).read_bytes()
    except OSError as exc:
        return Prepared("", None, (unreadable(Path(relative), exc),)), None
    key = f"{relative}:{content_hash(data)}"
    if key == known_key:
        return key
    source, found = load_review(data, Path(relative), rules)
    if source is None:
        return Prepared(key, None, tuple(found)), None
    spoilers = (
        Diagnostic(
            Location(source.location.path, source.body_line + line),
            "spoiler",
            "spoiler is never closed; add a line with ::: where it ends",
        )
        for line in unclosed_spoilers(source.markdown)
    )
    texts = (source.markdown, source.meta.verdict or "", config.raw_html, source.meta.title)
    body_key = content_hash(cache.state.versions, *texts)
    facts: BodyFacts
    blobs = None
    try:
        if cache.has_body(body_key):
            facts = cache.facts(body_key)
        else:
            body, verdict_html = _convert(source, config)
            facts = (body.headings, body.words, body.first_paragraph, verdict_html)
            blobs = (body.html.encode("utf-8"), dumps(facts))
    except TooComplex as exc:
        problem = too_complex(exc, source.location.path, source.body_line, data)
        return Prepared(key, None, (*found, *spoilers, problem)), None
    light = dataclasses.replace(source, markdown="")
    return Prepared(key, light, (*found, *spoilers), body_key, *facts), blobs


def _convert(source: ReviewSource, config: SiteConfig) -> tuple[Body, str | None]:
    """A review's body converted, cut at its rating line, and its verdict's HTML: what
    follows that line, else the `verdict` field's (raw HTML in it always escaped: it is a
    front-matter value)."""
    from vhsheaven.markup.convert import convert

    verdict = source.meta.verdict
    film = source.meta.title
    body = convert(source.markdown, config.raw_html, rating_line=True, film=film)
    before, after = split_at_rating(body.html)
    body = dataclasses.replace(body, html=before)
    if after:
        return body, after
    try:
        return body, convert(verdict, "escape", film=film).html if verdict else None
    except TooComplex as exc:
        raise TooComplex(exc.line, exc.message, "verdict") from None


def _drop_unused_bodies(
    cache: BuildCache, previous: dict[str, FileRecord], current: dict[str, FileRecord]
) -> None:
    """Delete stored bodies that no review file uses any more."""

    used = {record.body_key for record in current.values()}
    cache.drop_bodies(sorted({record.body_key for record in previous.values()} - used - {""}))
