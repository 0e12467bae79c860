"""Pagefind's bundle made deterministic: the same records give the same bytes, every run.

Pagefind writes each filter's values, and the list of filters and sorts in its meta file, in
the order of a hash map seeded at random each run, and names those files by a hash of their
bytes: the bundle's names and bytes change from run to run for the same reviews. Incremental
output must equal a clean build's byte for byte, so the filter and meta files are decoded
(gzip around CBOR), put in name order, and written again under the names their new bytes
give, the way Pagefind names files.

The first query loads the meta file whole, and most of it is one fragment name per review:
those names are made shorter (FRAGMENT_NAME), still from a hash of each file's bytes. The
WebAssembly of languages the site does not use is left out.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from dataclasses import dataclass
from typing import Any

# What Pagefind puts before the CBOR of each compressed file, to tell it was decompressed.
SIGNATURE = b"pagefind_dcd"
ENTRY = "pagefind-entry.json"
FILTER_HASH, META_HASH = 7, 10
# Fragment names: the shortest prefix, of at least this many characters, of the base-36
# SHA-1 of the file's bytes that no other fragment of the bundle shares. Lower case only, so
# no two names differ only in case (a case-insensitive disk would take them for one file).
FRAGMENT_NAME = 5
DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


@dataclass(frozen=True, slots=True)
class Bundle:
    """A canonical bundle: its files, and each page's fragment name in the order added."""

    files: dict[str, bytes]
    pages: tuple[str, ...]


def canonical(files: dict[str, bytes]) -> Bundle:
    """The bundle with its filter values, filters and sorts in name order, renamed to match,
    and short fragment names."""
    entry = json.loads(files[ENTRY])
    wasm = {f"wasm.{about['wasm']}.pagefind" for about in entry["languages"].values()}
    out = {n: d for n, d in files.items() if not n.startswith("wasm.") or n in wasm}
    pages: list[str] = []
    for language, about in entry["languages"].items():
        meta_name = f"pagefind.{about['hash']}.pf_meta"
        meta = _read(out.pop(meta_name))
        _rename_fragments(meta[1], out)
        pages.extend(page[0] for page in meta[1])
        renamed = {}
        for filter_entry in meta[3]:
            old = filter_entry[1]
            values = _read(out.pop(f"filter/{old}.pf_filter"))
            values[1] = sorted(values[1], key=lambda value: value[0])
            data = _encode(values)
            filter_entry[1] = renamed[old] = f"{language}_{_name_hash(data, FILTER_HASH)}"
            out[f"filter/{filter_entry[1]}.pf_filter"] = _write(data)
        meta[3] = sorted(meta[3], key=lambda item: item[0])
        meta[4] = sorted(meta[4], key=lambda item: item[0])
        data = _encode(meta)
        about["hash"] = f"{language}_{_name_hash(data, META_HASH)}"
        out[f"pagefind.{about['hash']}.pf_meta"] = _write(data)
    out[ENTRY] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()
    return Bundle(out, tuple(pages))


def _rename_fragments(pages: list[list[Any]], files: dict[str, bytes]) -> None:
    """Name each page's fragment file (and its entry in `pages`) by FRAGMENT_NAME's rule."""
    found: dict[str, tuple[str, bytes]] = {}
    for page in pages:
        if page[0] not in found:  # identical pages share one fragment
            data = files.pop(f"fragment/{page[0]}.pf_fragment")
            found[page[0]] = (_base36(hashlib.sha1(data).digest()), data)
    alike: dict[str, set[str]] = {}
    for digest, _ in found.values():
        alike.setdefault(digest[:FRAGMENT_NAME], set()).add(digest)
    for page in pages:
        digest, data = found[page[0]]
        short = _shortest(digest, alike[digest[:FRAGMENT_NAME]])
        files[f"fragment/{short}.pf_fragment"] = data
        page[0] = short


def _shortest(digest: str, alike: set[str]) -> str:
    """The shortest prefix of `digest`, FRAGMENT_NAME long at least, that no other shares."""
    length = FRAGMENT_NAME
    while any(other != digest and other[:length] == digest[:length] for other in alike):
        length += 1
    return digest[:length]


def _base36(digest: bytes) -> str:
    number = int.from_bytes(digest, "big")
    out = []
    for _ in range(31):  # 36**31 > 2**160: every digest has 31 digits, leading zeros kept
        number, digit = divmod(number, 36)
        out.append(DIGITS[digit])
    return "".join(reversed(out))


def _name_hash(data: bytes, length: int) -> str:
    """Pagefind's file name hash: the SHA-1's bytes in hex, each without leading zeros."""
    return "".join(f"{byte:x}" for byte in hashlib.sha1(data).digest())[:length]


def _read(compressed: bytes) -> Any:
    data = gzip.decompress(compressed)
    if not data.startswith(SIGNATURE):
        raise ValueError("not a Pagefind file")
    value, end = _decode(data, len(SIGNATURE))
    if end != len(data):
        raise ValueError("bytes after a Pagefind file's content")
    return value


def _write(data: bytes) -> bytes:
    return gzip.compress(SIGNATURE + data, mtime=0)


def _decode(data: bytes, at: int) -> tuple[Any, int]:
    """One CBOR item at `at` (the kinds Pagefind writes): the value and where it ends."""
    kind, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        number = info
    elif info <= 27:
        size = 1 << (info - 24)
        number, at = int.from_bytes(data[at : at + size], "big"), at + size
    else:
        raise ValueError(f"CBOR item of indefinite length at {at - 1}")
    if kind == 0:
        return number, at
    if kind == 1:
        return -1 - number, at
    if kind in (2, 3):
        raw = data[at : at + number]
        return (raw if kind == 2 else raw.decode("utf-8")), at + number
    if kind == 4:
        items = []
        for _ in range(number):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    if kind == 7 and info in (20, 21, 22):
        return (False, True, None)[info - 20], at
    raise ValueError(f"CBOR item of kind {kind} at {at - 1}, which Pagefind does not write")


def _encode(value: Any) -> bytes:
    """CBOR of a value _decode gives, each head in its shortest form (as Pagefind's)."""
    if value is None or isinstance(value, bool):
        return bytes([0xF6 if value is None else 0xF4 + value])
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    return _head(4, len(value)) + b"".join(map(_encode, value))


def _head(kind: int, number: int) -> bytes:
    if number < 24:
        return bytes([kind << 5 | number])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if number < 1 << (8 * size):
            return bytes([kind << 5 | info]) + number.to_bytes(size, "big")
    raise ValueError(f"{number} is too large for CBOR")
