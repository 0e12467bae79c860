"""Would a build make what the output folder already holds? Answered from file stamps alone.

After each build (not the dev server's), the cache folder gets a manifest: site.yaml's bytes;
the stamp of every other file the build read (review files, templates, static files, the
bundled theme's files it falls back on) and of the folders holding them, whose stamps change
when a file comes or goes; the stamp of every file it wrote, but for the folders below;
the tools it ran with, its options, the span of time in which the same reviews are due, and
what it reported. While all of that still holds, a build has nothing to do.

The output folders in WHOLE_FOLDERS (resized copies, share cards, Pagefind's fragments, index
chunks and filters: thousands of files, most of a site's) are checked a folder at a time: the
folder's own stamp and one listing of its names with each entry's inode, which a directory
read gives with no stat per file. That catches a file removed, added, renamed, or replaced by
another file (a copy moved over it, an rsync, an editor that saves by renaming: a new inode),
and the folder's stamp also catches one removed and written again at its name even when the
new file happens to reuse the freed inode (unless both happen within one tick of the file
system's clock after the build's last write there). It does not catch bytes changed in place
in the same file (`>`, `cp` onto an existing file, truncate), which keep the name and inode.
That is acceptable for these folders because nobody edits them by hand: their files' names
are a hash of what they are made from (a card's, its review's slug), the build itself never
writes into one of their files but replaces it whole, and what they hold is opaque (pixels,
compressed index chunks). Pages, feeds and static files, the files a person might open in an
editor, keep the stamp of each file.

This module imports only what the interpreter has loaded at start-up, so `vhsheaven build`
(launch.py) asks it before importing the build core: a build that finds nothing changed takes
little more than Python's own start-up.
"""

from __future__ import annotations

import marshal
import os
import zlib

# Where the cache (and so the manifest) lives unless site.yaml says otherwise.
CACHE_DIR = ".vhsheaven-cache"
MANIFEST = "unchanged.marshal"
_MAGIC = b"vhsheaven-unchanged 1\n"
# Before and after any date a review can have, in nanoseconds since 1970.
NEVER = 1 << 62

Stamp = tuple[int, int, int, int]  # (size, mtime_ns, ctime_ns, inode)
# (site folder, --output or None, --base-url or None, --drafts, --future)
Key = tuple[str, "str | None", "str | None", bool, bool]
# Names under one folder, and each one's stamp.
Stamped = tuple[tuple[str, ...], tuple[Stamp, ...]]
# A folder's entries: name → inode.
Listing = dict[str, int]
# A folder of the output (relative), its stamp, and its entries.
Listed = tuple[tuple[str, Stamp, Listing], ...]

# Output folders whose files the build only ever replaces whole and nobody edits (see above).
WHOLE_FOLDERS = frozenset(
    {"_images", "_images/cards", "pagefind/fragment", "pagefind/index", "pagefind/filter"}
)


def stamp_of(stat: os.stat_result) -> Stamp:
    """What says a file has not changed since we last read it.

    The change time and inode are there, as in git's index, because `cp -p`, `rsync -t` or
    `touch -r` can give an edited file its old size and mtime back, but not its ctime.
    """
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def build_key(
    root: str, output: str | None, base_url: str | None, drafts: bool, future: bool
) -> Key:
    """What of a build's command line decides its output, with paths resolved."""
    out = os.path.realpath(output) if output is not None else None
    return (os.path.realpath(root), out, base_url, drafts, future)


def load(folder: str) -> dict[str, object] | None:
    """The manifest kept in a cache folder; None if there is none or it is damaged."""
    try:
        with open(f"{folder}/{MANIFEST}", "rb") as file:  # noqa: PTH123 (no pathlib here)
            data = file.read()
    except OSError:
        return None
    checksum, payload = data[len(_MAGIC) : len(_MAGIC) + 9], data[len(_MAGIC) + 9 :]
    if not data.startswith(_MAGIC) or checksum != b"%08x\n" % zlib.crc32(payload):
        return None
    try:
        manifest = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    return manifest if isinstance(manifest, dict) else None


def holds(manifest: dict[str, object], key: Key, tools: str, now_ns: int, clock_ns: int) -> bool:
    """Whether a build with `key`, at `now_ns` (its idea of now) and `clock_ns` (the real
    clock), would make exactly what the build that wrote `manifest` made."""
    try:
        return (
            manifest["key"] == key
            and manifest["tools"] == tools
            and manifest["due_from"] <= now_ns < manifest["due_until"]  # type: ignore[operator]
            and manifest["year_from"] <= clock_ns < manifest["year_until"]  # type: ignore[operator]
            and _absent(manifest["root"], manifest["absent"])  # type: ignore[arg-type]
            and _same_bytes(manifest["root"], manifest["contents"])  # type: ignore[arg-type]
            and _intact(manifest["root"], manifest["inputs"])  # type: ignore[arg-type]
            and _intact(manifest["theme"], manifest["theme_inputs"])  # type: ignore[arg-type]
            and _intact(manifest["out"], manifest["outputs"])  # type: ignore[arg-type]
            and _listed(manifest["out"], manifest["listed"])  # type: ignore[arg-type]
        )
    except (KeyError, TypeError, ValueError):  # a manifest from another version, say
        return False


def _intact(folder: str, stamped: Stamped) -> bool:
    names, stamps = stamped
    try:
        return all(
            stamp_of(os.stat(f"{folder}/{name}")) == stamp  # noqa: PTH116 (thousands: no Path)
            for name, stamp in zip(names, stamps, strict=True)
        )
    except OSError:
        return False


def in_whole_folder(name: str) -> bool:
    """Whether an output file ("/"-separated, relative) sits in one of WHOLE_FOLDERS."""
    return name.rpartition("/")[0] in WHOLE_FOLDERS


def listing(folder: str) -> Listing | None:
    """Each entry of `folder` and its inode (from the directory read: no stat per entry on
    Linux); None if it cannot be read."""
    try:
        with os.scandir(folder) as entries:
            return {entry.name: entry.inode() for entry in entries}
    except OSError:
        return None


def list_whole_folders(out: str, names: list[str]) -> Listed:
    """What the manifest keeps of each of WHOLE_FOLDERS that holds one of `names`."""
    listed = []
    for folder in sorted({name.rpartition("/")[0] for name in names} & WHOLE_FOLDERS):
        path = f"{out}/{folder}"
        entries = listing(path)
        if entries is not None:
            listed.append((folder, stamp_of(os.stat(path)), entries))  # noqa: PTH116
    return tuple(listed)


def _listed(out: str, listed: Listed) -> bool:
    for folder, stamp, entries in listed:
        path = f"{out}/{folder}"
        try:
            if stamp_of(os.stat(path)) != stamp:  # noqa: PTH116
                return False
        except OSError:
            return False
        if listing(path) != entries:
            return False
    return True


def _same_bytes(folder: str, contents: tuple[tuple[str, bytes], ...]) -> bool:
    for name, data in contents:
        try:
            with open(f"{folder}/{name}", "rb") as file:  # noqa: PTH123
                if file.read() != data:
                    return False
        except OSError:
            return False
    return True


def _absent(folder: str, names: tuple[str, ...]) -> bool:
    return not any(os.path.lexists(f"{folder}/{name}") for name in names)


def save(folder: str, manifest: dict[str, object]) -> None:
    """Keep a manifest in the cache folder, replacing any other whole."""
    payload = marshal.dumps(manifest)
    partial = f"{folder}/{MANIFEST}.{os.getpid()}.part"
    with open(partial, "wb") as file:  # noqa: PTH123
        file.write(_MAGIC + b"%08x\n" % zlib.crc32(payload) + payload)
    os.replace(partial, f"{folder}/{MANIFEST}")  # noqa: PTH105


def forget(folder: str) -> None:
    """Remove the cache folder's manifest: a build is about to change what it describes."""
    try:  # noqa: SIM105 (contextlib would be this module's one costly import)
        os.unlink(f"{folder}/{MANIFEST}")  # noqa: PTH108
    except FileNotFoundError:
        pass
