"""The images' part of the build cache: resized copies and cards as files, and an index of
what was learnt about each source, so a build with no image changed decodes none.

It lives in the cache folder's `images/`: one file per copy or card, named by the key of what
it is made from, and `index.pickle` (behind a checksum, like the cache's state). A copy whose
file is gone or not the one written (another inode: every file here is written whole, by
replacing, and nothing else writes this folder) is made again; one listing of the folder
tells, instead of a stat a file. A damaged index is ignored, as is all of it after an
upgrade of vhsheaven or its libraries.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from vhsheaven.images.source import SourceImage
from vhsheaven.incremental.store import read_checked, tool_versions, write_checked
from vhsheaven.incremental.unchanged import Listing, Stamp

FOLDER = "images"
INDEX = "index.pickle"


@dataclass(slots=True)
class ImageIndex:
    """What the last build learnt about the images it used."""

    versions: str
    # A source (under static/) → its stamp when read, and the hash of its bytes.
    stamps: dict[str, tuple[Stamp, str]] = field(default_factory=dict)
    # (source path, hash of its bytes) → what its header says.
    sources: dict[tuple[str, str], SourceImage] = field(default_factory=dict)
    # A hash of a body's key → the src of every <img> in it.
    bodies: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # A file of copies or cards in the folder → its stamp when written.
    made: dict[str, Stamp] = field(default_factory=dict)


def load_index(folder: Path) -> ImageIndex:
    """The index in `folder`, or an empty one if it is missing, damaged or from other tools."""
    versions = tool_versions()
    match read_checked(folder / INDEX):
        case (ImageIndex() as index, _) if index.versions == versions:
            return index
    return ImageIndex(versions)


def is_made(index: ImageIndex, entries: Listing, name: str) -> bool:
    """Whether the file `name` is the one written, by `entries` (the folder's listing)."""
    known = index.made.get(name)
    return known is not None and entries.get(name) == known[3]


def save_index(folder: Path, index: ImageIndex, wanted: set[str]) -> None:
    """Keep the index, and remove from the folder every file no longer wanted."""
    folder.mkdir(parents=True, exist_ok=True)
    dropped = index.made.keys() - wanted
    index.made = {name: stamp for name, stamp in index.made.items() if name in wanted}
    write_checked(folder / INDEX, index)
    if not dropped:
        return  # every file there is wanted (or left by a build that was killed: see below)
    for entry in os.scandir(folder):
        if entry.name != INDEX and entry.name not in index.made and entry.is_file():
            Path(entry.path).unlink(missing_ok=True)
