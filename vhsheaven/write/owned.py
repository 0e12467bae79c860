"""The record of the files vhsheaven wrote in an output folder, kept in the folder itself.

It lives in a hidden control folder inside the output folder (GitHub's Pages upload leaves
hidden files out), beside the lock and a running build's staging folder and journal. A file
the record does not name was not written by vhsheaven: it is never deleted or overwritten.
The record stays with the folder, so deleting the cache never makes a user's file look ours.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable
from pathlib import Path

CONTROL = ".vhsheaven"
OWNED = f"{CONTROL}/owned"
_MAGIC = b"vhsheaven-owned 1\n"


def read_owned(out: Path) -> frozenset[str] | None:
    """The files the record says vhsheaven wrote in `out`; None if there is no record or it
    is damaged (then nothing in the folder is known to be ours)."""
    try:
        data = (out / OWNED).read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None
    checksum, payload = data[len(_MAGIC) : len(_MAGIC) + 9], data[len(_MAGIC) + 9 :]
    if not data.startswith(_MAGIC) or checksum != b"%08x\n" % zlib.crc32(payload):
        return None
    text = payload.decode("utf-8", "surrogateescape")
    return frozenset(text.split("\n")) if text else frozenset()


def owned_record(names: Iterable[str]) -> bytes:
    """The record's bytes for these file names (read_owned's input)."""
    payload = "\n".join(sorted(names)).encode("utf-8", "surrogateescape")
    return _MAGIC + b"%08x\n" % zlib.crc32(payload) + payload
