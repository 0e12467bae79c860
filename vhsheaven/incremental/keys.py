"""Every key the cache files results under, and what changes each; and the manifest that
lets the next build see it has nothing to do (see unchanged.py).

- review file stamp: size, mtime, ctime, inode (unchanged.stamp_of); not trusted for a
  file changed within RACY_NS of the last look.
- review key: the file's path and a hash of its bytes (load.reviews._check).
- settings key: the settings but addresses and folders, and the build's year (settings_key).
- body key: tool versions, the Markdown, the verdict, raw_html (load.reviews._check).
- site key: tool versions, the settings, every template's path and bytes (site_key), and
  every picture pages show: each image's size and its copies' names, which hold a hash of its
  bytes and the image settings (images_key).
- image copy: the source's bytes, the image settings, the encoder's version, the width and
  format (images/variants.py); its file in the cache's images/ is trusted by its stamp.
- share card: the review's title, year and rating, the site's title, the poster's bytes and
  the font's (images/survey.py).
- image source: its stamp, or a hash of its bytes inside the racy window (images/survey.py).
- page fingerprint: the site key, the site view, the page's own context and its template
  (write.site._plan, fingerprint.py).
- static file mark: its stamp, or a hash of its bytes inside the racy window
  (write.site.static_jobs).
- output stamp: size, mtime, ctime, inode of each file written (write.site._record).
- compiled template: its source, Jinja's key and the tool versions (compiled.py).
- settings snapshot: the tool versions and site.yaml's bytes (settings_snapshot.py).
- nothing-changed manifest: every input and output stamp, site.yaml's bytes, the options,
  the tools, the due dates and the year (manifest).

Why did (or didn't) a page rebuild? It is rendered again exactly when its fingerprint or
its file's output stamp changed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import time
from dataclasses import dataclass
from pathlib import Path

from vhsheaven.incremental.store import BuildCache, content_hash
from vhsheaven.incremental.unchanged import NEVER, RACY_NS, Key, Stamp, stamp_of
from vhsheaven.incremental.versions import installed
from vhsheaven.load.publish import Selection
from vhsheaven.load.review_tree import find_reviews
from vhsheaven.load.settings import CONFIG_FILE, REVIEWS_DIR, STATIC_DIR, TEMPLATES_DIR, SiteConfig
from vhsheaven.write.staging import static_files


def settings_key(config: SiteConfig, this_year: int) -> str:
    """What checking front matter depends on besides the file: the settings and the year.

    Where the site is published or written does not change what a review says, so the dev
    server and `build` share checked reviews.
    """
    content = dataclasses.replace(config, base_url="", output_dir="", cache_dir="")
    return content_hash(repr(content), str(this_year))


def site_key(root: Path, config: SiteConfig, versions: str) -> str:
    """What every page depends on: the templates, the settings and the tools' versions."""
    folder = root / TEMPLATES_DIR
    parts = [
        f"{p.relative_to(folder).as_posix()}\0".encode() + p.read_bytes()
        for p in template_files(root)
    ]
    return content_hash(versions, repr(config), *parts)


def images_key(site: str, pictures: str) -> str:
    """The site key with the pictures pages show (images.survey.ImageSet.digest): a template
    reaches them through `poster_picture` and `with_pictures`, so they must be in every
    page's fingerprint. Images change rarely; when one does, every page is rendered again."""
    return content_hash(site, pictures)


def template_files(root: Path) -> list[Path]:
    """Every file in the templates folder, in a fixed order."""
    folder = root / TEMPLATES_DIR
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []


@dataclass(frozen=True, slots=True)
class InputStamps:
    """The stamps of a build's inputs besides review files, taken before it reads any."""

    taken_ns: int
    stamps: dict[str, Stamp]
    # Input folders the site does not have.
    absent: tuple[str, ...]
    # site.yaml, told by its bytes: it is small, and a build straight after it is edited
    # would otherwise have to parse it to know it has nothing to do.
    config: bytes


def stamp_inputs(root: Path) -> InputStamps | None:
    """The templates and static files, every folder that holds or may hold an input, stamped
    now, and site.yaml's bytes; None if one went while being looked at."""
    taken = time.time_ns()
    files = [*template_files(root), *static_files(root).values()]
    names = [path.relative_to(root).as_posix() for path in files]
    folders = {name.rpartition("/")[0] for name in names}
    # The review folders as the build walks them: through the links it follows.
    folders.update(find_reviews(root).folders)
    trees = (REVIEWS_DIR.as_posix(), TEMPLATES_DIR, STATIC_DIR)
    for tree in trees[1:]:
        for folder, _, _ in os.walk(root / tree):
            folders.add(os.path.relpath(folder, root).replace(os.sep, "/"))
    try:
        stamps = {name: stamp_of(os.stat(f"{root}/{name}")) for name in [*names, *folders]}  # noqa: PTH116
        config = (root / CONFIG_FILE).read_bytes()
    except OSError:
        return None
    absent = tuple(tree for tree in trees if not (root / tree).exists())
    return InputStamps(taken, stamps, absent, config)


def manifest(
    out: Path,
    key: Key,
    cache: BuildCache,
    inputs: InputStamps,
    selection: Selection,
    report: dict[str, object],
) -> dict[str, object] | None:
    """What a build that just wrote `out` leaves for the next one to check (see unchanged.py);
    None if some input changed too recently for its stamp to prove anything."""
    # Every stamp was taken before its file was read, so a later change shows in it.
    reviews = {name: record.stamp for name, record in cache.state.files.items()}
    if any(stamp[1] >= cache.state.scanned_ns - RACY_NS for stamp in reviews.values()) or any(
        stamp[1] >= inputs.taken_ns - RACY_NS for stamp in inputs.stamps.values()
    ):
        return None
    outputs = cache.state.outputs.get(str(out), {})
    due_from, due_until = _due_span(cache, selection)
    year = selection.this_year
    return {
        "key": key,
        "tools": installed(),
        "root": key[0],
        "inputs": _columns(reviews | inputs.stamps),
        "absent": inputs.absent,
        "contents": ((CONFIG_FILE, inputs.config),),
        "out": str(out),
        "outputs": _columns({name: stamp for name, (_, stamp) in outputs.items()}),
        "due_from": due_from,
        "due_until": due_until,
        "year_from": nanoseconds(dt.datetime(year, 1, 1).astimezone()),
        "year_until": nanoseconds(dt.datetime(year + 1, 1, 1).astimezone()),
        "report": report,
    }


def _columns(stamps: dict[str, Stamp]) -> tuple[tuple[str, ...], tuple[Stamp, ...]]:
    return tuple(stamps), tuple(stamps.values())


def _due_span(cache: BuildCache, selection: Selection) -> tuple[int, int]:
    """The span around the build's moment in which a build publishes the same reviews."""
    start, end, now = -NEVER, NEVER, nanoseconds(selection.now)
    for record in cache.state.files.values():
        if record.date is None or selection.future or (record.draft and not selection.drafts):
            continue  # published, or not, whatever the time
        when = nanoseconds(record.date)
        if when <= now:
            start = max(start, when)
        else:
            end = min(end, when)
    return start, end


def nanoseconds(moment: dt.datetime) -> int:
    """An aware datetime as nanoseconds since 1970, exactly."""
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    return (moment - epoch) // dt.timedelta(microseconds=1) * 1000
