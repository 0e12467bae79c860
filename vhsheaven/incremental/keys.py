"""Every key the cache files results under, and what changes each; and the manifest that
lets the next build see it has nothing to do (see unchanged.py).

- review file stamp: size, mtime, ctime, inode (unchanged.stamp_of); not trusted for a
  file changed after the mark its look began with (racy.py).
- review key: the file's path and a hash of its bytes (load.reviews._check).
- settings key: the settings but addresses and folders, and the build's year (settings_key).
- body key: tool versions, the Markdown, the verdict, raw_html and the title (which names
  trailers' play buttons) (load.reviews._check).
- site key: tool versions, the settings, every template's name and bytes, the blog's own
  and the bundled theme's it falls back on, and whether static/css/custom.css exists
  (templates see it as `custom_css`) (site_key), and every picture pages show: each image's
  size and its copies' names, which hold a hash of its bytes and the image settings
  (images_key).
- image copy: the source's bytes, the image settings, the encoder's version, the width and
  format (images/variants.py); its file in the cache's images/ is trusted while a listing
  of that folder gives the inode it was written with (images/index.py).
- share card: the review's title, year and rating, the site's title, the name of the
  poster's copy it is drawn from (else the poster's bytes), the font's bytes and the
  drawing's version (images/card_tasks.py).
- image source: its stamp, or a hash of its bytes inside the racy window (images/survey.py).
- page fingerprint: the site key, the site view, the page's own context and its template
  (write.page_plan.plan_site, fingerprint.py).
- static file mark: its stamp, or a hash of its bytes if changed after the last look's
  mark (write.site.static_jobs).
- output stamp: size, mtime, ctime, inode of each file written (write.site._record); in
  unchanged.WHOLE_FOLDERS, checked against the inode a listing of the folder gives.
- compiled template: its source, Jinja's key and the tool versions (compiled.py).
- settings snapshot: the tool versions and site.yaml's bytes (settings_snapshot.py).
- search key: the tool versions, the Pagefind binary (path, size, mtime), the settings but
  addresses and folders, and each published review's key in site order (search_key); the
  search bundle is kept under it in the cache folder (search/bundle.py).
- nothing-changed manifest: every input and output stamp (the bundled theme's files and
  folders among the inputs; pages, author bios and stray Markdown files under content/ and
  their folders too; for unchanged.WHOLE_FOLDERS, the folder's stamp and its names and
  inodes instead), site.yaml's bytes, the options, the tools, the due dates and the year
  (manifest).

Why did (or didn't) a page rebuild? It is rendered again exactly when its fingerprint or
its file's output stamp changed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from vhsheaven.incremental import racy
from vhsheaven.incremental.store import BuildCache, content_hash
from vhsheaven.incremental.unchanged import (
    CACHE_DIR,
    NEVER,
    Key,
    Stamp,
    in_whole_folder,
    list_whole_folders,
    stamp_of,
)
from vhsheaven.incremental.versions import installed
from vhsheaven.load import theme
from vhsheaven.load.content_tree import CONTENT_DIR, find_content
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


def search_key(config: SiteConfig, versions: str, binary: Path, review_keys: list[str]) -> str:
    """What the search bundle is made from: a review's key stands for its file, and the
    settings and tools for everything else its record holds (see search/records.py)."""
    content = dataclasses.replace(config, base_url="", output_dir="", cache_dir="")
    found = binary.stat()
    tool = f"{binary}:{found.st_size}:{found.st_mtime_ns}"
    return content_hash(versions, tool, repr(content), "\0".join(review_keys))


def site_key(root: Path, config: SiteConfig, versions: str) -> str:
    """What every page depends on: the templates, the settings and the tools' versions."""
    parts = [f"{name}\0".encode() + p.read_bytes() for name, p in template_files(root).items()]
    custom_css = f"custom_css={theme.has_custom_css(root)}"
    return content_hash(versions, repr(config), custom_css, *parts)


def images_key(site: str, pictures: str) -> str:
    """The site key with the pictures pages show (images.survey.ImageSet.digest): a template
    reaches them through `poster_picture` and `with_pictures`, so they must be in every
    page's fingerprint. Images change rarely; when one does, every page is rendered again."""
    return content_hash(site, pictures)


def template_files(root: Path) -> dict[str, Path]:
    """Every template a build may load by its name: the blog's own, and the bundled theme's
    where the blog has none of that name; in name order."""
    found = theme.files_in(root / TEMPLATES_DIR) | theme.fallback_files(root, TEMPLATES_DIR)
    return dict(sorted(found.items()))


@dataclass(frozen=True, slots=True)
class InputStamps:
    """The stamps of a build's inputs besides review files, taken before it reads any."""

    stamps: dict[str, Stamp]
    # Those whose stamps prove nothing: changed since the mark taken first (racy.py).
    unsettled: tuple[str, ...]
    # Input folders the site does not have.
    absent: tuple[str, ...]
    # site.yaml, told by its bytes: it is small, and a build straight after it is edited
    # would otherwise have to parse it to know it has nothing to do.
    config: bytes
    # The bundled theme's folder and the stamps of its files and folders, by name under it:
    # editing a bundled template (in a checkout) or upgrading vhsheaven changes them.
    theme_root: str = ""
    theme: dict[str, Stamp] = dataclasses.field(default_factory=dict)


def stamp_inputs(root: Path) -> InputStamps | None:
    """The templates and static files, every folder that holds or may hold an input, stamped
    now (after a mark in the default cache folder), and site.yaml's bytes; None if one went
    while being looked at."""
    mark = racy.take(root / CACHE_DIR)
    bundled = theme.bundled_root()
    files = [*template_files(root).values(), *static_files(root).values()]
    content = find_content(root)
    names = [path.relative_to(root).as_posix() for path in files if path.is_relative_to(root)]
    folders = {name.rpartition("/")[0] for name in names}
    # Pages, author bios and stray Markdown files: a new one is a page or a warning.
    names += [*content.pages, *content.authors, *content.strays]
    folders.update(content.folders)
    # The review folders as the build walks them: through the links it follows.
    folders.update(find_reviews(root).folders)
    trees = (REVIEWS_DIR.as_posix(), TEMPLATES_DIR, STATIC_DIR)
    for tree in trees[1:]:
        for folder, _, _ in os.walk(root / tree):
            folders.add(os.path.relpath(folder, root).replace(os.sep, "/"))
    try:
        stats = {name: os.stat(f"{root}/{name}") for name in [*names, *folders]}  # noqa: PTH116
        config = (root / CONFIG_FILE).read_bytes()
        fallback = _theme_stats(root, bundled)
    except OSError:
        return None
    # content/ too: a site without it that gains a page must build again.
    absent = tuple(t for t in (*trees, CONTENT_DIR.as_posix()) if not (root / t).exists())
    stamps = {name: stamp_of(stat) for name, stat in stats.items()}
    unsettled = tuple(
        name for name, stat in [*stats.items(), *fallback.items()] if not mark.settled(stat)
    )
    theme_stamps = {name: stamp_of(stat) for name, stat in fallback.items()}
    return InputStamps(stamps, unsettled, absent, config, str(bundled), theme_stamps)


def _theme_stats(root: Path, bundled: Path) -> dict[str, os.stat_result]:
    """Every file and folder of the bundled theme a blog falls back on, looked at."""
    stats: dict[str, os.stat_result] = {}
    for part in theme.PARTS:
        if theme.fallback_folder(root, part) is None:
            continue
        for folder, _, names in os.walk(bundled / part):
            for path in [folder, *(os.path.join(folder, name) for name in names)]:  # noqa: PTH118
                relative = os.path.relpath(path, bundled).replace(os.sep, "/")
                stats[relative] = os.stat(path)  # noqa: PTH116
    return stats


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
    if cache.unsettled or inputs.unsettled:
        return None
    reviews = {name: record.stamp for name, record in cache.state.files.items()}
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
        "theme": inputs.theme_root,
        "theme_inputs": _columns(inputs.theme),
        "out": str(out),
        "outputs": _columns(
            {name: stamp for name, (_, stamp) in outputs.items() if not in_whole_folder(name)}
        ),
        "listed": list_whole_folders(str(out), list(outputs)),
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
