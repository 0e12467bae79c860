"""Every image the site's pages show, read, checked, and resized or drawn where the cache
has no copy yet: posters, images in review bodies, and each review's share card.

A source whose stamp is as the cache last saw it is not read again, and a copy the cache
holds is not made again, so a build with no image changed decodes none. What is left to
make is spread over worker processes (pool.py). A bad image is a content error naming the
image and the review that shows it.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from vhsheaven.errors import BuildFailed, Diagnostic, Location
from vhsheaven.images.card_tasks import card_task
from vhsheaven.images.index import FOLDER, ImageIndex, is_made, load_index, save_index
from vhsheaven.images.make import Task, run_all
from vhsheaven.images.source import BadImage, SourceImage, probe
from vhsheaven.images.variants import (
    ENCODING,
    Picture,
    Rendition,
    Role,
    card_path,
    picture,
    renditions,
)
from vhsheaven.incremental.memory import Memory
from vhsheaven.incremental.racy import Mark
from vhsheaven.incremental.store import BuildCache, content_hash
from vhsheaven.incremental.unchanged import listing, stamp_of
from vhsheaven.load.settings import STATIC_DIR
from vhsheaven.markup.body_images import image_sources, static_path
from vhsheaven.model.site import Review, Site

# The theme's font for share cards, under static/.
FONT = "fonts/DejaVuSansMono-Bold.ttf"


@dataclass(frozen=True, slots=True)
class Use:
    """One image a review shows: the file under static/, the review, and where."""

    path: str
    review: Location
    role: Role


@dataclass(frozen=True, slots=True)
class ImageSet:
    """What pages show of the site's images, and every file made of them to publish."""

    # (path under static/, role) → how a page shows it.
    pictures: Mapping[tuple[str, str], Picture]
    # Output path → (what it is made from, as a key (the name of its file in the cache);
    # that file). Names, not Paths: a site has thousands.
    outputs: Mapping[str, tuple[str, str]]
    # Stands for `pictures` in every page's fingerprint: pages show them through templates.
    digest: str


def survey(root: Path, site: Site, cache: BuildCache, folder: Path, make: bool) -> ImageSet:
    """The site's images, checked, and (`make`) their copies and cards made into `folder`.

    Raises BuildFailed naming each bad image and the review that uses it; the copies made
    before are kept in the cache for the next build.
    """
    index = load_index(folder)
    known = (index.stamps, index.bodies)
    uses = list(_uses(site, index))
    found, problems = _sources(root, {use.path for use in uses}, index, cache.last_scan)
    diagnostics = [_problem(use, *problems[use.path]) for use in uses if use.path in problems]
    if diagnostics:
        raise BuildFailed(diagnostics)
    pictures, tasks, outputs = _plan(root, site, uses, found, folder, cache.memory)
    entries = listing(str(folder)) or {}
    todo = [task for task in tasks if not all(is_made(index, entries, n) for n in task.names)]
    if make and todo:
        folder.mkdir(parents=True, exist_ok=True)
        failed = _made(folder, index, todo)
        failures = [_problem(use, *failed[use.path]) for use in uses if use.path in failed]
        if failures:
            save_index(folder, index, set(index.made))
            raise BuildFailed(failures)
    wanted = {name for name, _ in outputs.values()}
    # A build that found every image as it was leaves the index as it is.
    if make and (todo or wanted != index.made.keys() or known != (index.stamps, index.bodies)):
        save_index(folder, index, wanted)
    return ImageSet(pictures, outputs, _digest(pictures, found, site))


def _digest(
    pictures: dict[tuple[str, str], Picture], found: dict[str, SourceImage], site: Site
) -> str:
    """A key of what `pictures` hold, from what they are made of (each shown source and its
    role, the settings, the encoder; the code is in every key's tool versions): the repr
    of a thousand sources is a seventh of that of the Pictures and their candidates."""
    from PIL import __version__ as pillow

    shown = sorted((key, found[key[0]]) for key in pictures)
    return content_hash(repr(shown), repr(site.config.images), ENCODING, pillow)


def image_folder(cache: BuildCache) -> Path | None:
    """Where the cache keeps images, or None without a cache folder."""
    return None if cache.folder is None else cache.folder / FOLDER


def _uses(site: Site, index: ImageIndex) -> Iterator[Use]:
    """Every image under static/ a review shows: its poster, then its body's images."""
    base_path = site.config.base_path
    bodies: dict[str, tuple[str, ...]] = {}
    for review in site.reviews:
        poster = review.meta.poster
        if poster and "://" not in poster:
            yield Use(poster, review.source, "poster")
        for src in _body_sources(review, index, bodies):
            path = static_path(src, review.url, base_path)
            if path is not None:
                yield Use(path, review.source, "body")
    index.bodies = bodies


def _body_sources(
    review: Review, index: ImageIndex, bodies: dict[str, tuple[str, ...]]
) -> tuple[str, ...]:
    """The src of each <img> in the review's body, read from the body once per version;
    noted in `bodies` (what the index will keep)."""
    key = content_hash(review.body.key)
    found = index.bodies.get(key)
    if found is None:
        found = image_sources(review.body_html)
    bodies[key] = found
    return found


def _sources(
    root: Path, paths: set[str], index: ImageIndex, last: Mark
) -> tuple[dict[str, SourceImage], dict[str, tuple[str, str | None]]]:
    """Each used source described (from the index when its stamp is unchanged), and what is
    wrong with those that cannot be used (a missing one is the link checks' to report);
    `last`: the last build's mark, which proves a stamp taken after it (racy.py)."""
    found: dict[str, SourceImage] = {}
    problems: dict[str, tuple[str, str | None]] = {}
    stamps = {}
    base = f"{root}/{STATIC_DIR}"  # text, not Paths: a poster a review adds up
    for path in sorted(paths):
        file = f"{base}/{path}"
        try:
            stat = os.stat(file)  # noqa: PTH116
            known = index.stamps.get(path)
            stamp = stamp_of(stat)
            if known is not None and known[0] == stamp and last.settled(stat):
                digest = known[1]
            else:
                digest = content_hash(_read(file))
            source = index.sources.get((path, digest))
            if source is None:
                source = probe(path, _read(file), digest)
        except BadImage as exc:
            problems[path] = (exc.message, exc.allowed)
            continue
        except OSError:
            continue
        stamps[path] = (stamp, digest)
        found[path] = source
    index.stamps = stamps
    index.sources = {(path, source.digest): source for path, source in found.items()}
    return found, problems


def _plan(
    root: Path,
    site: Site,
    uses: list[Use],
    found: dict[str, SourceImage],
    folder: Path,
    memory: Memory,
) -> tuple[dict[tuple[str, str], Picture], list[Task], dict[str, tuple[str, str]]]:
    """Each shown image's Picture, the work that makes every published file, and the files.

    A card's task is the last build's (in `memory`) when it is made from the same review
    object and the same rest: a dev server's edit then keys one card, not every review's."""
    settings = site.config.images
    base, where = f"{root}/{STATIC_DIR}", str(folder)
    pictures: dict[tuple[str, str], Picture] = {}
    tasks: list[Task] = []
    outputs: dict[str, tuple[str, str]] = {}
    # A poster's copies and their names, which its cards are drawn from.
    copies: dict[str, tuple[tuple[Rendition, str], ...]] = {}
    for use in uses:
        source = found.get(use.path)
        if source is None or (use.path, use.role) in pictures:
            continue
        made = renditions(source, use.role, settings)
        pictures[(use.path, use.role)] = picture(source, made)
        names = tuple(rendition.path.rpartition("/")[2] for rendition in made)
        if made:
            tasks.append(Task(f"{base}/{use.path}", use.path, made, names))
        for rendition, name in zip(made, names, strict=True):
            outputs[rendition.path] = (name, f"{where}/{name}")
        if use.role == "poster":
            copies[use.path] = tuple(zip(made, names, strict=True))
    font_file = root / STATIC_DIR / FONT
    font = (str(font_file), content_hash(font_file.read_bytes())) if font_file.is_file() else None
    cards = {}
    for review in site.reviews:
        poster = found.get(review.meta.poster or "")
        shown = copies.get(poster.path, ()) if poster is not None else ()
        made_from = (review, site.config.title, poster, shown, (base, where), font)
        known, task = memory.cards.get(review.slug, ((), None))
        if known != made_from:
            task = card_task(*made_from)
        cards[review.slug] = (made_from, task)
        tasks.append(task)
        outputs[card_path(review.slug)] = (task.names[0], f"{where}/{task.names[0]}")
    memory.cards = cards
    return pictures, tasks, outputs


def _read(file: str) -> bytes:
    with open(file, "rb") as opened:  # noqa: PTH123
        return opened.read()


def _made(folder: Path, index: ImageIndex, todo: list[Task]) -> dict[str, tuple[str, str | None]]:
    """Do the tasks (in workers when many); note what was made; return what failed, by source."""
    failed: dict[str, tuple[str, str | None]] = {}
    copies = [task for task in todo if task.card is None]
    done = list(zip(copies, run_all(copies, folder), strict=True))
    # Cards after copies, which they are drawn from; none for a poster that failed.
    bad = {task.path for task, result in done if result is not None}
    cards = [task for task in todo if task.card is not None and task.path not in bad]
    done += zip(cards, run_all(cards, folder), strict=True)
    for task, result in done:
        if isinstance(result, BadImage):
            failed[task.path] = (result.message, result.allowed)
            continue
        for name in task.names:
            index.made[name] = stamp_of(os.stat(f"{folder}/{name}"))  # noqa: PTH116
    return failed


def _problem(use: Use, message: str, allowed: str | None) -> Diagnostic:
    """A bad image as a content error of the review that shows it."""
    field = "poster" if use.role == "poster" else "body"
    return Diagnostic(use.review, field, f"{STATIC_DIR}/{use.path} {message}", allowed)


@contextlib.contextmanager
def surveyed(root: Path, site: Site, cache: BuildCache, make: bool) -> Iterator[ImageSet]:
    """survey() into the cache's image folder, or a temporary one (gone after the block)
    when the build keeps no cache."""
    folder = image_folder(cache)
    if folder is not None:
        yield survey(root, site, cache, folder, make)
        return
    with tempfile.TemporaryDirectory(prefix="vhsheaven-images-") as scratch:
        yield survey(root, site, cache, Path(scratch), make)
