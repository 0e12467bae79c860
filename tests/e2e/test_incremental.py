"""Incremental builds: random edits, each followed by a cached build that must equal a clean one.

The property (issue 5): whatever an editor does to a site, and however fast, building it again
with the persistent cache gives byte for byte the output of a build from scratch, reports the
same things, and, when the site has become invalid, fails the same way and leaves the output
folder as it was. The cache may make a build faster; it may never make it different.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import json
import multiprocessing
import os
import shutil
import tempfile
import weakref
from collections.abc import Iterator, Mapping
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from tests.conftest import CACHE_DIR, REPO, SITE_YAML, review_text, snapshot
from tests.images import jpeg, png
from vhsheaven.build import build
from vhsheaven.errors import BuildFailed
from vhsheaven.incremental.session import Session
from vhsheaven.incremental.unchanged import in_whole_folder
from vhsheaven.options import BuildOptions
from vhsheaven.reports import BuildReport

# One clock for every build, so a scheduled review never makes two builds differ.
NOW = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
REVIEWS = Path("content/reviews")
EXTRA_CSS = Path("static/css/extra.css")
# The blog's own stylesheet: when it exists, every page links it after the theme's.
CUSTOM_CSS = Path("static/css/custom.css")
MAX_REVIEWS = 6
# Timestamps as coarse as on ext3, HFS+ or many network shares. A step takes a fraction of a
# tick, so a file saved twice in a row often keeps its mtime (and, with a same-size edit, its
# size): a cache must not take that for "unchanged".
TICK_NS = 1_000_000_000
# A step (an edit, then two builds in parallel) takes about 0.15 s on a 2-core machine;
# VHSHEAVEN_INCREMENTAL_EXAMPLES=200 searches longer.
SETTINGS = settings(
    max_examples=int(os.environ.get("VHSHEAVEN_INCREMENTAL_EXAMPLES", "10")),
    stateful_step_count=12,
    deadline=None,
    # Shrinking replays builds for up to five minutes; the steps as they ran and the first
    # differing file are enough to start from. A failure is saved in .hypothesis/ (which
    # ignores itself in git) and replayed first on the next run.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow],
)

# Poster files the reviews may show, and what each may hold: pictures of a few sizes, one
# with transparency, one that is no picture at all (the build fails until it is fixed).
POSTER_DIR = Path("static/images/posters")
POSTERS = ("a.jpg", "b.png", "c.jpg")
POSTER_BYTES = {
    "small": lambda: jpeg(60, 90, seed=1),
    "other": lambda: jpeg(60, 90, seed=2),
    "wide": lambda: jpeg(200, 120, seed=3, orientation=6),
    "alpha": lambda: png(40, 60, alpha=True),
    "text": lambda: b"not a picture\n",
}
STEMS = ("alien", "jaws", "ring", "heat", "tremors", "the-thing", "big", "them", "cube", "zombi")
TITLE_WORDS = ("Night", "of", "the", "Tape", "Return", "Alien:", "Amélie", "Don't", "2001", "&")
WORDS = ("tape", "tracking", "rewind", "grain", "neon", "shark", "night", "rental", "don't", "café")
INLINE = (*WORDS, "*grainy*", "**loud**", '"quoted"', "--", "...", "<b>bold</b>")
# "Sci-Fi" and "sci fi" are one term, spelt as most reviews spell it: a cross-review dependency.
GENRES = ("Horror", "Comedy", "Science Fiction", "Sci-Fi", "sci fi", "Drama")
DIRECTORS = ("John Carpenter", "Agnès Varda", "Hayao Miyazaki", "Tom Tykwer")
PAGES = Path("content/pages")
MENUS = (
    [{"label": "About", "page": "about"}, {"label": "Home", "url": "/"}],
    [{"label": "Contact", "page": "contact"}, {"label": "Elsewhere", "url": "https://x.org/"}],
)
AUTHORS = ("Dana Reyes", "Marcus Webb", "dana reyes")
AUTHOR_BIOS = Path("content/authors")
ALIASES = ("/old/tape/", "/2019/05/04/alien/", "/reviews/jaws/", "/old/jaws.html")
# Around NOW, so a change of site.yaml's timezone publishes or schedules a review.
EDGE_DATES = (dt.date(2025, 12, 31), dt.date(2026, 1, 1), dt.date(2026, 1, 2))
TIMEZONES = ("Pacific/Kiritimati", "America/Los_Angeles", "UTC")
# Where a template edit goes: inside what the template outputs, so the edit shows in pages.
# A theme's extra templates that print everything a page receives.
THEMES = REPO / "tests" / "themes"
TEMPLATE_ANCHORS = {
    "base.html": "{% block main %}{% endblock %}",
    "index.html": "{% block main %}",
    "listing.html": "{% block main %}",
    "macros.html": "{% macro tape(review, level=3) %}",
    "review.html": "{% block main %}",
    "page.html": "{% block main %}",
}


@dataclass(frozen=True)
class ReviewFile:
    """What one review file says; `broken` swaps in an out-of-range rating."""

    title: str
    year: int
    rating: float
    genres: tuple[str, ...]
    director: str | None
    date: dt.date | None
    draft: bool
    blocks: tuple[str, ...]
    slug: str | None = None
    typo: bool = False
    broken: bool = False
    # A director's name in the cast links to their page: an edit here can relink.
    cast: str | None = None
    aliases: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    # No rating line: fine in a draft, an error once published.
    unrated: bool = False
    series: str | None = None
    series_order: int | None = None

    @property
    def fails(self) -> bool:
        """Whether the site cannot build with this review in it."""
        return self.broken or (self.unrated and not self.draft)

    # A file under static/images/posters/ (see POSTERS), or none.
    poster: str | None = None

    def text(self) -> str:
        """The review as a file; JSON strings and lists are YAML, whatever they hold."""
        extra = [f"genres: {json.dumps(list(self.genres), ensure_ascii=False)}"]
        optional = {
            "director": self.director,
            "date": self.date.isoformat() if self.date else None,
            "slug": self.slug,
            "cast": self.cast,
            "poster": f"images/posters/{self.poster}" if self.poster else None,
        }
        extra += [f"{key}: {value}" for key, value in optional.items() if value is not None]
        extra += ["draft: true"] * self.draft + ["dirctor: a misspelt field"] * self.typo
        extra += [f"aliases: {json.dumps(list(self.aliases))}"] * bool(self.aliases)
        extra += [f"author: {json.dumps(list(self.authors))}"] * bool(self.authors)
        extra += [f"series: {json.dumps(self.series)}"] * (self.series is not None)
        extra += [f"series_order: {self.series_order}"] * (self.series_order is not None)
        rating = 11.0 if self.broken else self.rating
        title = json.dumps(self.title, ensure_ascii=False)
        body = "\n\n".join(self.blocks)
        text = review_text(title, self.year, rating, "".join(f"{e}\n" for e in extra), body)
        return text.replace(f"rating: {rating}\n", "", 1) if self.unrated else text


@dataclass(frozen=True)
class Choices:
    """The command-line choices both builds of a step share."""

    drafts: bool = False
    future: bool = False
    base_url: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What a build produced: its files (None if it failed) and what it reported."""

    files: Mapping[str, bytes] | None
    messages: tuple[str, ...]


def paragraphs() -> st.SearchStrategy[str]:
    """A paragraph with emphasis, typography, inline HTML and links to other reviews."""
    link = st.sampled_from(STEMS).map(lambda stem: f"[see {stem}](../{stem}/)")
    return st.lists(st.sampled_from(INLINE) | link, min_size=1, max_size=25).map(" ".join)


def blocks() -> st.SearchStrategy[str]:
    """One block of a review body: a paragraph, a section heading or a spoiler."""
    words = st.lists(st.sampled_from(WORDS), min_size=1, max_size=4).map(" ".join)
    heading = words.map(lambda text: f"## {text.capitalize()}")
    spoiler = st.tuples(words, paragraphs()).map(
        lambda parts: f"::: spoiler {parts[0]}\n\n{parts[1]}\n\n:::"
    )
    return paragraphs() | heading | spoiler


FIELD_EDITS: dict[str, st.SearchStrategy[Any]] = {
    "title": st.lists(st.sampled_from(TITLE_WORDS), min_size=1, max_size=4).map(" ".join),
    "year": st.integers(1950, 2020),
    "rating": st.integers(0, 20).map(lambda halves: halves / 2),
    "genres": st.lists(st.sampled_from(GENRES), max_size=3, unique=True).map(tuple),
    "director": st.none() | st.sampled_from(DIRECTORS),
    "date": st.none()
    | st.sampled_from(EDGE_DATES)
    | st.dates(dt.date(2019, 1, 1), dt.date(2027, 12, 31)),
    "draft": st.sampled_from((False, False, False, True)),
    "typo": st.booleans(),
    "cast": st.none() | st.sampled_from(DIRECTORS),
    # Old addresses, some of them another review's address or alias: an error until fixed.
    "aliases": st.lists(st.sampled_from(ALIASES), max_size=2, unique=True).map(tuple),
    # Co-written reviews; none is the site's default author.
    "authors": st.lists(st.sampled_from(AUTHORS), max_size=2, unique=True).map(tuple),
    "unrated": st.sampled_from((False, False, True)),
    # "alien" and "Alien" are one series, as terms that slugify alike are.
    "series": st.none() | st.sampled_from(("Alien", "alien", "Evil Dead")),
    "series_order": st.none() | st.integers(1, 3),
}
# Hypothesis favours the first value of a choice: here each first value changes the site.
SETTING_EDITS: dict[str, st.SearchStrategy[Any]] = {
    "title": st.sampled_from(("Tape Heaven", "Test Heaven", "Rewind Heaven")),
    "tagline": st.sampled_from(("Tapes for resting", "", "Tapes for testing")),
    "reviews_per_page": st.integers(1, 3),
    "words_per_minute": st.sampled_from((3, 10, 200)),
    "timezone": st.sampled_from(TIMEZONES),
    # Bodies hold "<b>bold</b>" (INLINE), which "escape" shows as text.
    "raw_html": st.sampled_from(("escape", "allow")),
    # The theme's words: every page's text changes with them.
    "language": st.sampled_from(("fr", "en", "de")),
    "menu": st.sampled_from(MENUS),
    # Off removes the search page, the header field and the index; on brings them back.
    "search": st.sampled_from((False, True)),
}
review_files = st.builds(
    ReviewFile,
    **{name: FIELD_EDITS[name] for name in ("title", "year", "rating", "genres", "director")},
    date=FIELD_EDITS["date"],
    draft=FIELD_EDITS["draft"],
    aliases=FIELD_EDITS["aliases"],
    authors=FIELD_EDITS["authors"],
    series=FIELD_EDITS["series"],
    series_order=FIELD_EDITS["series_order"],
    blocks=st.lists(blocks(), min_size=1, max_size=4).map(tuple),
)


def same_size(review: ReviewFile, field: str) -> st.SearchStrategy[Any]:
    """Another value for a field that leaves the review file's size as it was."""
    if field == "title":
        return st.permutations(review.title.split(" ")).map(" ".join)
    if field == "blocks":
        return st.permutations(review.blocks).map(tuple)
    if field == "rating" and review.rating < 10:
        return st.integers(0, 19).map(lambda halves: halves / 2)
    if field == "date" and review.date is not None:
        return st.dates(dt.date(2019, 1, 1), dt.date(2027, 12, 31))
    # Four digits whatever the year; a rating of 10 and a missing date have no same-size peer.
    return FIELD_EDITS["year"] if field == "year" else st.just(getattr(review, field))


def options(choices: Choices, *, cache: bool = True, clean: bool = False) -> BuildOptions:
    """Build options at the fixed clock."""
    return BuildOptions(
        now=NOW,
        drafts=choices.drafts,
        future=choices.future,
        base_url=choices.base_url,
        cache=cache,
        clean=clean,
    )


def summary(report: BuildReport) -> tuple[str, ...]:
    """Everything a build report says that does not depend on timing or the output folder
    (whose history the warnings about addresses gone since an earlier build come from)."""
    return (
        f"reviews: {report.reviews}",
        *(f"file: {path}" for path in report.files),
        *(f"warning: {w}" for w in report.warnings if "was published before" not in w.message),
        *(f"note: {note}" for note in report.left_out),
    )


def run_build(
    root: Path, out: Path, build_options: BuildOptions, session: Session | None = None
) -> Outcome:
    """Build (going on from `session`, as the dev server does, if given); the output folder's
    files and the report, or the failure's diagnostics."""
    try:
        report = build(root, out, build_options, session=session)
    except BuildFailed as failed:
        return Outcome(None, tuple(str(d) for d in failed.diagnostics))
    finally:
        if session is not None:
            session.save()
    return Outcome(snapshot(out), summary(report))


def clean_build(root: Path, out: Path, choices: Choices) -> Outcome:
    """A from-scratch build without the cache into a fresh folder, removed afterwards."""
    try:
        return run_build(root, out, options(choices, cache=False))
    finally:
        shutil.rmtree(out, ignore_errors=True)


def first_difference(got: Mapping[str, bytes], want: Mapping[str, bytes]) -> str | None:
    """The first path, in sorted order, where the incremental output differs, or None."""
    for path in sorted(got.keys() | want.keys()):
        if path not in got:
            return f"{path}: the clean build wrote it; the incremental output lacks it"
        if path not in want:
            return f"{path}: in the incremental output, not written by the clean build"
        if got[path] != want[path]:
            return f"{path}: bytes differ (- incremental, + clean)\n" + line_diff(
                got[path], want[path]
            )
    return None


def assert_same_output(got: Mapping[str, bytes], want: Mapping[str, bytes]) -> None:
    """Fail with the first differing path, and the start of its diff, unless the trees match."""
    difference = first_difference(got, want)
    if difference is not None:
        raise AssertionError(difference)


def line_diff(got: bytes, want: bytes, limit: int = 30) -> str:
    """The start of a unified diff of two files' lines, to show what the cache got wrong."""
    old = got.decode("utf-8", "replace").splitlines()
    new = want.decode("utf-8", "replace").splitlines()
    return "\n".join(list(difflib.unified_diff(old, new, lineterm="", n=1))[:limit])


def write(path: Path, text: str) -> None:
    """Write a file on a filesystem with TICK_NS timestamps."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    written = path.stat()
    coarse = written.st_mtime_ns - written.st_mtime_ns % TICK_NS
    os.utime(path, ns=(written.st_atime_ns, coarse))


def spoil(path: Path, data: bytes) -> None:
    """Overwrite a cache file but keep its mtime, so only its bytes give the damage away."""
    old = path.stat()
    path.write_bytes(data)
    os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns))


def marked(text: str, anchor: str, marker: str) -> str:
    """A template with a marker just after its anchor (at the end if the anchor has moved)."""
    if anchor in text:
        return text.replace(anchor, anchor + marker, 1)
    return text + marker + "\n"


def site_yaml(changes: Mapping[str, object]) -> str:
    """conftest's SITE_YAML with some keys replaced or added (as JSON, which is YAML)."""
    kept = [line for line in SITE_YAML.splitlines() if line.split(":")[0] not in changes]
    added = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in changes.items()]
    return "\n".join(kept + added) + "\n"


def input_digest(root: Path, choices: Choices) -> str:
    """A digest of everything a clean build reads (snapshot leaves the cache out)."""
    digest = hashlib.sha256(repr(choices).encode())
    for path, data in snapshot(root).items():
        digest.update(f"{len(path)}:{path}:{len(data)}:".encode() + data)
    return digest.hexdigest()


def show_everything(templates: Path) -> None:
    """Make a copy of the theme print, on every page and feed, every field of every value its
    template receives (tests/themes/)."""
    for name in ("dump.html", "everything.html"):
        shutil.copy(THEMES / name, templates / name)
    shown = '{% include "everything.html" %}'
    for name, end, wrapped in (
        ("base.html", "</body>", f"<pre hidden>{shown}</pre>"),
        ("redirect.html", "</body>", f"<pre hidden>{shown}</pre>"),
        ("feed.xml", "</feed>", f"<!-- {shown} -->"),
        ("sitemap.xml", "</urlset>", f"<!-- {shown} -->"),
    ):
        path = templates / name
        path.write_text(path.read_text().replace(end, f"{wrapped}\n{end}"))
    robots = templates / "robots.txt"
    robots.write_text(robots.read_text() + f"\n{shown}\n")


def garbage(size: int) -> bytes:
    """Deterministic bytes that no cache wrote, as many as the file they replace holds."""
    return hashlib.shake_256(f"garbage {size}".encode()).digest(size) if size else b""


class IncrementalBuilds(RuleBasedStateMachine):
    """A site under random edits; after each, the cached build must equal a clean one."""

    # The reference builds run in another process: in parallel with the incremental build,
    # and sharing no in-memory state with it.
    pool: ClassVar[Executor]
    # Whether every page prints everything its template receives (show_everything).
    everything: ClassVar[bool] = False

    def __init__(self) -> None:
        super().__init__()
        # Removed by teardown, or when garbage-collected if a run stops before teardown.
        self.folder = tempfile.TemporaryDirectory(prefix="vhsheaven-incremental-")
        self.work = Path(self.folder.name)
        self.root = self.work / "site"
        self.out = self.work / "out-incremental"
        self.reviews: dict[str, ReviewFile] = {}
        self.site_settings: dict[str, object] = {"reviews_per_page": 2}
        self.templates: dict[str, str] = {}
        self.choices = Choices()
        self.force_clean = False
        self.edits = 0
        self.clean_builds = 0
        self.clean_outcomes: dict[str, Outcome] = {}
        # Set when the example builds as the dev server does: one process, one session, told
        # which files changed before each build (as its file watcher would tell it).
        self.session: Session | None = None
        self.seen: dict[str, bytes] = {}

    def teardown(self) -> None:
        """Remove the example's folders; Hypothesis runs many examples in one test."""
        self.folder.cleanup()

    # Editing the site -----------------------------------------------------------------------

    def write_review(self, stem: str, review: ReviewFile) -> None:
        """Record a review and write its file."""
        self.reviews[stem] = review
        write(self.root / REVIEWS / f"{stem}.md", review.text())

    def slugs(self) -> set[str]:
        """Every stem and slug in use: a new file or slug must be none of them."""
        return {*self.reviews, *(r.slug for r in self.reviews.values() if r.slug)}

    def can_add(self) -> bool:
        """Whether there is room for one more review, and a file name free for it."""
        return len(self.reviews) < MAX_REVIEWS and len(self.slugs()) < len(STEMS)

    def free_stem(self, data: st.DataObject) -> str:
        """A file name that no review has and that no review's slug is."""
        taken = self.slugs()
        return data.draw(st.sampled_from([s for s in STEMS if s not in taken]), label="stem")

    def pick(self, data: st.DataObject, broken: bool | None = None) -> str:
        """The stem of an existing review (of a broken or an unbroken one, if asked)."""
        stems = [s for s, r in self.reviews.items() if broken is None or r.broken == broken]
        return data.draw(st.sampled_from(sorted(stems)), label="review")

    @initialize(reviews=st.lists(review_files, min_size=1, max_size=4), live=st.booleans())
    def make_site(self, reviews: list[ReviewFile], live: bool) -> None:
        """A site with the repository's theme (or one that prints all its pages receive), two
        reviews a page, and a few reviews; built by one long-lived session (as `serve`
        builds) or by a new process each time."""
        self.session = Session(watching=True) if live else None
        for name in ("templates", "static"):
            shutil.copytree(REPO / name, self.root / name)
        if self.everything:
            show_everything(self.root / "templates")
        self.templates = {
            name: (self.root / "templates" / name).read_text(encoding="utf-8")
            for name in TEMPLATE_ANCHORS
        }
        write(self.root / "site.yaml", site_yaml(self.site_settings))
        for stem, review in zip(STEMS, reviews, strict=False):
            self.write_review(stem, review)

    @precondition(lambda self: self.can_add())
    @rule(data=st.data(), review=review_files)
    def add_review(self, data: st.DataObject, review: ReviewFile) -> None:
        """A new review file."""
        self.write_review(self.free_stem(data), review)

    @precondition(lambda self: self.reviews)
    @rule(data=st.data(), how=st.sampled_from(("add", "remove", "replace")))
    def edit_body(self, data: st.DataObject, how: str) -> None:
        """Add, remove or rewrite a paragraph, heading or spoiler of a review's body."""
        stem = self.pick(data)
        body = list(self.reviews[stem].blocks)
        at = data.draw(st.integers(0, len(body) - (how != "add")), label="at")
        if how == "replace" or (how == "remove" and len(body) > 1):
            del body[at]
        if how != "remove":
            body.insert(at, data.draw(blocks(), label="block"))
        self.write_review(stem, replace(self.reviews[stem], blocks=tuple(body)))

    @precondition(lambda self: self.reviews)
    @rule(data=st.data(), changes=st.fixed_dictionaries({}, optional=FIELD_EDITS))
    def edit_front_matter(self, data: st.DataObject, changes: dict[str, Any]) -> None:
        """Change front-matter fields, which can reorder and repaginate every listing."""
        stem = self.pick(data)
        self.write_review(stem, replace(self.reviews[stem], **changes))

    @precondition(lambda self: self.reviews)
    @rule(data=st.data(), field=st.sampled_from(("year", "rating", "title", "date", "blocks")))
    def retouch_review(self, data: st.DataObject, field: str) -> None:
        """Change a review but not its size: in the same tick, only its bytes tell."""
        stem = self.pick(data)
        review = self.reviews[stem]
        value = data.draw(same_size(review, field), label=field)
        self.write_review(stem, replace(review, **{field: value}))

    @precondition(lambda self: self.reviews and len(self.slugs()) < len(STEMS))
    @rule(data=st.data(), keep_slug=st.booleans())
    def rename_review(self, data: st.DataObject, keep_slug: bool) -> None:
        """Rename a review's file, keeping its address with `slug:` or moving it."""
        old, new = self.pick(data), self.free_stem(data)
        review = self.reviews.pop(old)
        slug = (review.slug or old) if keep_slug else None
        (self.root / REVIEWS / f"{old}.md").rename(self.root / REVIEWS / f"{new}.md")
        self.write_review(new, replace(review, slug=slug))

    @precondition(lambda self: self.reviews)
    @rule(data=st.data())
    def delete_review(self, data: st.DataObject) -> None:
        """Delete a review file."""
        stem = self.pick(data)
        del self.reviews[stem]
        (self.root / REVIEWS / f"{stem}.md").unlink()

    @precondition(lambda self: any(not r.broken for r in self.reviews.values()))
    @rule(data=st.data())
    def break_review(self, data: st.DataObject) -> None:
        """Give a review a rating of 11: the site stops building until it is fixed."""
        stem = self.pick(data, broken=False)
        self.write_review(stem, replace(self.reviews[stem], broken=True))

    @precondition(lambda self: any(r.broken for r in self.reviews.values()))
    @rule(data=st.data())
    def fix_review(self, data: st.DataObject) -> None:
        """Put a broken review's rating back."""
        stem = self.pick(data, broken=True)
        self.write_review(stem, replace(self.reviews[stem], broken=False))

    @rule(
        name=st.sampled_from(("about", "contact")),
        title=FIELD_EDITS["title"],
        menu=st.sampled_from(("false", "true", "Our page")),
        aliases=FIELD_EDITS["aliases"],
        draft=FIELD_EDITS["draft"],
        body=paragraphs(),
        delete=st.booleans(),
    )
    def edit_page(
        self,
        name: str,
        title: str,
        menu: str,
        aliases: tuple[str, ...],
        draft: bool,
        body: str,
        delete: bool,
    ) -> None:
        """Write, rewrite or delete a page under content/pages/: it may be in the menu, have
        aliases, or be a draft."""
        path = self.root / PAGES / f"{name}.md"
        if delete:
            path.unlink(missing_ok=True)
            return
        fields = [f"title: {json.dumps(title)}", f"menu: {menu}", f"draft: {json.dumps(draft)}"]
        fields += [f"aliases: {json.dumps(list(aliases))}"] * bool(aliases)
        write(path, "---\n" + "\n".join(fields) + f"\n---\n\n{body}\n")

    @rule(
        slug=st.sampled_from(("dana-reyes", "vhs-heaven-team", "nobody")),
        name=st.sampled_from(AUTHORS),
        bio=paragraphs(),
        link=st.booleans(),
        delete=st.booleans(),
    )
    def edit_bio(self, slug: str, name: str, bio: str, link: bool, delete: bool) -> None:
        """Write, rewrite or delete an author's bio (one for an author no review has, too)."""
        path = self.root / AUTHOR_BIOS / f"{slug}.md"
        if delete:
            path.unlink(missing_ok=True)
            return
        links = "links:\n  Mail: mailto:x@example.org\n" if link else ""
        write(path, f"---\nname: {json.dumps(name)}\n{links}---\n\n{bio}\n")

    @rule(name=st.sampled_from(sorted(TEMPLATE_ANCHORS)), revert=st.booleans())
    def edit_template(self, name: str, revert: bool) -> None:
        """Add a numbered comment to a template, or put the original back."""
        self.edits += 1
        original = self.templates[name]
        # Fixed width: successive edits keep the file's size, as one-character fixes do.
        marker = f"<!-- edit {self.edits:03d} -->"
        text = original if revert else marked(original, TEMPLATE_ANCHORS[name], marker)
        write(self.root / "templates" / name, text)

    @rule(changes=st.fixed_dictionaries({}, optional=SETTING_EDITS))
    def edit_site_yaml(self, changes: dict[str, Any]) -> None:
        """Change settings every page depends on."""
        self.site_settings.update(changes)
        write(self.root / "site.yaml", site_yaml(self.site_settings))

    def good_poster(self, name: str) -> bool:
        """Whether the poster file is there and a picture."""
        path = self.root / POSTER_DIR / name
        return path.is_file() and not path.read_bytes().startswith(b"not a picture")

    @precondition(lambda self: self.reviews)
    @rule(data=st.data(), poster=st.sampled_from((None, *POSTERS)))
    def set_poster(self, data: st.DataObject, poster: str | None) -> None:
        """Give a review a poster (which may not exist yet: an error until it does), or none."""
        stem = self.pick(data)
        self.write_review(stem, replace(self.reviews[stem], poster=poster))

    @rule(name=st.sampled_from(POSTERS), what=st.sampled_from((None, *sorted(POSTER_BYTES))))
    def edit_poster_file(self, name: str, what: str | None) -> None:
        """Write, replace or delete a poster image under static/."""
        path = self.root / POSTER_DIR / name
        if what is None:
            path.unlink(missing_ok=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(POSTER_BYTES[what]())
            coarse = path.stat().st_mtime_ns // TICK_NS * TICK_NS
            os.utime(path, ns=(coarse, coarse))

    @rule(
        css=st.sampled_from(("a { color: #ff00aa; }", "a { color: #00ffaa; }", "b { margin: 0 }")),
        delete=st.booleans(),
        name=st.sampled_from((EXTRA_CSS, CUSTOM_CSS)),
    )
    def edit_static(self, css: str, delete: bool, name: Path) -> None:
        """Add, change or delete a stylesheet under static/ (custom.css is linked by pages)."""
        if delete:
            (self.root / name).unlink(missing_ok=True)
        else:
            write(self.root / name, css + "\n")

    @rule(
        drafts=st.booleans(),
        future=st.booleans(),
        base_url=st.sampled_from((None, "https://user.github.io/sub/")),
    )
    def change_options(self, drafts: bool, future: bool, base_url: str | None) -> None:
        """Build with other command-line choices: `serve --drafts` shares the site's cache."""
        self.choices = Choices(drafts, future, base_url)

    @rule(data=st.data(), how=st.sampled_from(("garbage", "empty", "delete", "delete all")))
    def damage_cache(self, data: st.DataObject, how: str) -> None:
        """Spoil one cache file, or remove the cache: it must be ignored, never trusted."""
        cache = self.root / CACHE_DIR
        files = sorted(p for p in cache.rglob("*") if p.is_file()) if cache.is_dir() else []
        if how == "delete all" or not files:
            shutil.rmtree(cache, ignore_errors=True)
            return
        victim = data.draw(st.sampled_from(files), label="cache file")
        if how == "delete":
            victim.unlink()
        else:
            spoil(victim, garbage(victim.stat().st_size) if how == "garbage" else b"")

    @rule(data=st.data(), how=st.sampled_from(("delete", "overwrite", "delete all")))
    def tamper_with_output(self, data: st.DataObject, how: str) -> None:
        """Delete or overwrite output files behind the build's back; the next build repairs them."""
        files = sorted(snapshot(self.out)) if self.out.is_dir() else []
        if how == "delete all" or not files:
            shutil.rmtree(self.out, ignore_errors=True)
            return
        victim = self.out / data.draw(st.sampled_from(files), label="output file")
        if how == "delete":
            victim.unlink()
        elif in_whole_folder(victim.relative_to(self.out).as_posix()):
            # Checked by listing (unchanged.py says why): a file there is replaced, never
            # rewritten in place, by the build and by anyone else.
            spare = victim.with_name(victim.name + ".new")
            spare.write_bytes(garbage(victim.stat().st_size + 1))
            spare.replace(victim)
        else:
            victim.write_bytes(garbage(victim.stat().st_size + 1))

    @rule()
    def rebuild_clean(self) -> None:
        """Make the next incremental build a `clean` one, which must rewrite the cache."""
        self.force_clean = True

    @rule()
    def change_nothing(self) -> None:
        """Build again with nothing changed."""

    @precondition(lambda self: self.session is not None)
    @rule()
    def save_elsewhere(self) -> None:
        """Another process saves the cache under the session (a `build` while serving): the
        session must not go on from what it holds in memory."""
        assert self.session is not None and self.session.cache is not None
        cache = self.session.cache
        if cache.folder is not None and (cache.folder / "state.pickle").exists():
            state = cache.folder / "state.pickle"
            state.write_bytes(state.read_bytes())

    # Checking --------------------------------------------------------------------------------

    def changed_since_last_build(self) -> set[str]:
        """The site's files (site-relative) made, changed or deleted since the last build."""
        now = snapshot(self.root)
        changed = {
            path for path in now.keys() | self.seen.keys() if now.get(path) != self.seen.get(path)
        }
        self.seen = now
        return changed

    def expected(self, key: str) -> Future[Outcome] | Outcome:
        """The clean build's outcome for these inputs, started in the worker if not yet known."""
        if key in self.clean_outcomes:
            return self.clean_outcomes[key]
        self.clean_builds += 1
        out = self.work / f"out-clean-{self.clean_builds}"
        return self.pool.submit(clean_build, self.root, out, self.choices)

    @invariant()
    def incremental_build_equals_clean_build(self) -> None:
        """Build with the cache into the same folder as always; compare with a clean build."""
        key = input_digest(self.root, self.choices)
        pending = self.expected(key)
        before = snapshot(self.out) if self.out.exists() else None
        if self.session is not None:
            self.session.note(self.changed_since_last_build())
        got = run_build(
            self.root, self.out, options(self.choices, clean=self.force_clean), self.session
        )
        self.force_clean = False
        want = pending if isinstance(pending, Outcome) else pending.result()
        self.clean_outcomes[key] = want
        # Aliases that clash (ALIASES has some) break the site too; the clean build tells.
        clash = want.files is None and any("is taken by" in m for m in want.messages)
        broken = clash or any(r.fails for r in self.reviews.values())
        # A review shown with a missing or bad poster fails the build too, if it is published.
        unsure = any(r.poster and not self.good_poster(r.poster) for r in self.reviews.values())
        # Guards the test itself: it must reach both outcomes, and only where it means to.
        if broken or not unsure:
            assert (want.files is None) == broken, f"clean build: {want.messages}"
        assert (got.files is None) == (want.files is None), f"incremental: {got.messages}"
        assert got.messages == want.messages, "the builds reported different things:\n" + (
            line_diff("\n".join(got.messages).encode(), "\n".join(want.messages).encode())
        )
        if got.files is None or want.files is None:
            after = snapshot(self.out) if self.out.exists() else None
            assert after == before, "a failed incremental build changed the output folder"
            return
        assert_same_output(got.files, want.files)


@pytest.mark.parametrize("theme", ["repository", "everything"])
def test_incremental_builds_equal_clean_builds(clean_builder: Executor, theme: str) -> None:
    """Random edits to a site, each followed by an incremental and a clean build; with the
    repository's theme, and with one that shows every value a template can reach."""

    class WithWorker(IncrementalBuilds):
        pool = clean_builder
        everything = theme == "everything"

    run_state_machine_as_test(WithWorker, settings=SETTINGS)


@pytest.fixture(scope="module")
def clean_builder() -> Iterator[Executor]:
    """One worker process for the reference builds (spawned: forking a test run is unsafe)."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        yield pool


# Deterministic checks on the sample site ---------------------------------------------------

# An mtime no build can give a file, so a rewrite shows even within one timestamp tick.
LONG_AGO_NS = 1_000_000_000 * 10**9


def copy_sample_site(tmp_path: Path) -> Path:
    """The repository's own site, copied as test_build_cli copies it.

    Not imported from there: that would put its BeautifulSoup code under mypy --strict.
    """
    root = tmp_path / "sample"
    for name in ("content", "templates", "static"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    return root


def files_with_mtimes(out: Path) -> dict[str, tuple[bytes, int]]:
    """Every output file with its bytes and mtime_ns."""
    return {path: (data, (out / path).stat().st_mtime_ns) for path, data in snapshot(out).items()}


def age(out: Path) -> None:
    """Set every output file's mtime to LONG_AGO_NS."""
    for path in snapshot(out):
        os.utime(out / path, ns=(LONG_AGO_NS, LONG_AGO_NS))


def reference(root: Path, out: Path) -> dict[str, bytes]:
    """The clean build's output, from a build without the cache into a fresh folder."""
    outcome = clean_build(root, out, Choices())
    assert outcome.files is not None, outcome.messages
    return dict(outcome.files)


def cached_build(root: Path, out: Path) -> None:
    """An incremental build of the sample site, which must succeed."""
    build(root, out, options(Choices()))


def test_unchanged_output_files_are_left_alone(tmp_path: Path) -> None:
    """A file is rewritten only when its bytes change: bytes equal ⇒ mtime_ns equal."""
    root, out = copy_sample_site(tmp_path), tmp_path / "out"
    cached_build(root, out)
    age(out)
    cached_build(root, out)
    assert [path for path, (_, t) in files_with_mtimes(out).items() if t != LONG_AGO_NS] == []
    assert_same_output(snapshot(out), reference(root, tmp_path / "clean-1"))

    before = files_with_mtimes(out)
    review = root / REVIEWS / "jaws.md"
    review.write_text(review.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
    cached_build(root, out)
    after = files_with_mtimes(out)
    assert after["reviews/jaws/index.html"][0] != before["reviews/jaws/index.html"][0]
    same_bytes = [
        path for path, (data, _) in after.items() if path in before and before[path][0] == data
    ]
    assert [path for path in same_bytes if after[path][1] != LONG_AGO_NS] == []
    assert_same_output(snapshot(out), reference(root, tmp_path / "clean-2"))


def test_a_first_build_records_fingerprints_that_let_the_next_render_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A build with nothing recorded for its folder works the fingerprints out while pages
    render; the next build must find every page's fingerprint as it is."""
    root, out = copy_sample_site(tmp_path), tmp_path / "out"
    cached_build(root, out)
    (root / CACHE_DIR / "unchanged.marshal").unlink(missing_ok=True)  # no shortcut
    monkeypatch.setattr("vhsheaven.render.templates.render", None)  # rendering anything would fail
    assert build(root, out, options(Choices())).written == ()


@pytest.mark.parametrize(
    ("name", "old", "new"),
    [
        ("content/reviews/jaws.md", "year: 1975", "year: 1976"),
        ("templates/base.html", 'theme-color" content="#0d0913"', 'theme-color" content="#0d0914"'),
        ("templates/words/en.yaml", "Skip to content", "Skip to Content"),
        ("site.yaml", "reviews_per_page: 12", "reviews_per_page: 11"),
        ("static/css/site.css", "--bg: #0d0913;", "--bg: #0d0914;"),
    ],
)
def test_an_edit_that_keeps_size_and_mtime_is_seen(
    tmp_path: Path, name: str, old: str, new: str
) -> None:
    """`cp -p`, `rsync -t`, `tar x` or `touch -r` can give an edited file its old mtime back."""
    root, out = copy_sample_site(tmp_path), tmp_path / "out"
    edited = root / name
    # Long before the build, so no "changed just now, look again" rule can save the day.
    os.utime(edited, ns=(LONG_AGO_NS, LONG_AGO_NS))
    cached_build(root, out)
    text = edited.read_text(encoding="utf-8")
    assert text.count(old) == 1
    edited.write_text(text.replace(old, new), encoding="utf-8")
    os.utime(edited, ns=(LONG_AGO_NS, LONG_AGO_NS))
    want = reference(root, tmp_path / "clean")
    cached_build(root, out)
    assert_same_output(snapshot(out), want)


@pytest.mark.parametrize("damage", ["deleted", "garbage", "empty files"])
def test_damaged_cache_is_ignored_and_rebuilt(tmp_path: Path, damage: str) -> None:
    """Whatever happened to the cache, the build succeeds and equals a clean one."""
    root, out = copy_sample_site(tmp_path), tmp_path / "out"
    cached_build(root, out)
    cache = root / CACHE_DIR
    files = sorted(p for p in cache.rglob("*") if p.is_file()) if cache.is_dir() else []
    assert files, f"the cached build left nothing in {CACHE_DIR}/ to damage"
    review = root / REVIEWS / "alien.md"
    review.write_text(review.read_text(encoding="utf-8") + "\nA changed ending.\n", "utf-8")
    if damage == "deleted":
        shutil.rmtree(cache)
    for path in [] if damage == "deleted" else files:
        spoil(path, garbage(path.stat().st_size) if damage == "garbage" else b"")
    want = reference(root, tmp_path / "clean")
    cached_build(root, out)
    assert_same_output(snapshot(out), want)
    # The build after that reads the cache it rewrote.
    cached_build(root, out)
    assert_same_output(snapshot(out), want)


def test_a_session_goes_on_from_its_last_build_until_another_process_saves(
    tmp_path: Path,
) -> None:
    """The dev server's session reuses its open cache and site; never a stale one."""
    root, out = copy_sample_site(tmp_path), tmp_path / "out"
    session = Session()
    build(root, out, options(Choices()), session=session)
    session.save()
    first = session.cache
    assert first is not None and first.memory.site is not None

    review = root / REVIEWS / "jaws.md"
    review.write_text(review.read_text(encoding="utf-8") + "\nOne more line.\n", "utf-8")
    edited = build(root, out, options(Choices()), session=session)
    session.save()
    assert session.cache is first
    # A body edit that moves nothing: the review's own page and the lists and feeds showing it,
    # and the search index's files that hold its words.
    assert "reviews/jaws/index.html" in edited.written
    pages = [p for p in edited.written if not p.startswith("pagefind/")]
    assert all(p.endswith(("index.html", "feed.xml")) for p in pages), edited.written
    assert len(pages) < 20, edited.written
    assert_same_output(snapshot(out), reference(root, tmp_path / "clean-1"))

    cached_build(root, out)  # another process: it saves the cache under the session
    review.write_text(review.read_text(encoding="utf-8") + "\nAnd another.\n", "utf-8")
    build(root, out, options(Choices()), session=session)
    assert session.cache is not first
    assert_same_output(snapshot(out), reference(root, tmp_path / "clean-2"))
    # The cache it let go (with the site model it held) is freed, cycles and all.
    dropped = weakref.ref(first)
    del first
    session.save()
    assert dropped() is None
