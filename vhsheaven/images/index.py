"""The images' part of the build cache: resized copies and cards as files, and an index of
what was learnt about each source, so a build with no image changed decodes none.

It lives in the cache folder's `images/`: one file per copy or card, named by the key of what
it is made from, and `index.pickle` (behind a checksum, like the cache's state). A copy whose
file is not as it was written is made again; a damaged index is ignored, as is all of it
after an upgrade of vhsheaven or its libraries.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from vhsheaven.images.source import SourceImage
from vhsheaven.incremental.store import read_checked, tool_versions, write_checked
from vhsheaven.incremental.unchanged import Stamp, stamp_of

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


def is_made(folder: Path, index: ImageIndex, name: str) -> bool:
    """Whether the file `name` is in `folder` as it was written."""
    known = index.made.get(name)
    if known is None:
        return False
    try:
        return stamp_of(os.stat(f"{folder}/{name}")) == known  # noqa: PTH116 (thousands)
    except OSError:
        return False


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
