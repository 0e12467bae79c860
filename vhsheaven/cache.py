"""The persistent build cache: what earlier builds learnt, so the next one redoes only new work.

It lives in `cache_dir` (default `.vhsheaven-cache/` beside site.yaml) and holds:

- `state.pickle`: per review file its size, mtime, content hash and checked result; per output
  file the fingerprint of the inputs it was rendered from and its size and mtime;
- `bodies.pack`: converted Markdown bodies, one after another (one file, not thousands: file
  creation is what costs most on many disks);
- `jinja/`: Jinja's compiled templates.

The cache is an optimisation only: a missing, damaged, old-format or foreign cache is ignored
and rebuilt, never trusted, and deleting it at any time is safe.
"""

from __future__ import annotations

import copyreg
import dataclasses
import datetime as dt
import hashlib
import io
import os
import pickle
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, BinaryIO, NamedTuple

from vhsheaven import __version__

FORMAT = 1
STATE_FILE = "state.pickle"
PACK = "bodies.pack"
# Dropped bodies may waste this much of the pack before it is rewritten.
COMPACT_SLACK = 1 << 20
JINJA = "jinja"
MAGIC = b"vhsheaven-cache\n"
# Files changed this close to the previous scan may share its timestamp tick: hash them again.
RACY_NS = 2_000_000_000

Stamp = tuple[int, int, int, int]  # (size, mtime_ns, ctime_ns, inode)


def stamp_of(stat: os.stat_result) -> Stamp:
    """What says a file has not changed since we last read it.

    The change time and inode are there, as in git's index, because `cp -p`, `rsync -t` or
    `touch -r` can give an edited file its old size and mtime back, but not its ctime.
    """
    return (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino)


def content_hash(*parts: bytes | str) -> str:
    """A hex digest of some bytes and text, for cache keys."""
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        digest.update(part.encode("utf-8") if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()


def tool_versions() -> str:
    """Everything besides the input that can change the output: our code and our libraries'.

    Each is identified by where its code is installed and when that was written, which any
    upgrade changes, without importing (or asking package metadata about) any of them.
    """
    import importlib.util

    found = [f"format={FORMAT}", f"vhsheaven={__version__}", f"python={sys.version}"]
    for name in ("vhsheaven", "markdown", "jinja2", "yaml", "frontmatter"):
        spec = importlib.util.find_spec(name)
        origin = spec.origin if spec and spec.origin else ""
        folder = Path(origin).parent
        newest = max((p.stat().st_mtime_ns for p in folder.glob("*.py")), default=0)
        found.append(f"{name}={origin}@{newest}")
    return ";".join(found)


class FileRecord(NamedTuple):
    """One review file as last read: its stamp, the settings it was checked under, the result.

    The result is kept pickled, and unpickled only by builds that need it: a build that finds
    nothing changed reads just the stamps and the few fields that decide publication. A
    named tuple, as ten thousand of these must load fast.
    """

    stamp: Stamp
    settings: str
    key: str
    body_key: str
    draft: bool
    date: dt.datetime | None
    blob: bytes

    def load(self) -> Any:
        """The pickled result."""
        return pickle.loads(self.blob)


def dumps(value: Any) -> bytes:
    """Pickle a value the cache keeps (read-only mappings included)."""
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


@dataclass(slots=True)
class CacheState:
    """What one successful build leaves for the next."""

    versions: str
    # Wall clock when the previous build began reading; see RACY_NS.
    scanned_ns: int = 0
    # Review file (site-relative) → what reading it found.
    files: dict[str, FileRecord] = field(default_factory=dict)
    # Body key → (facts of the converted body, pickled; offset, length and hash of its HTML in
    # the pack).
    bodies: dict[str, tuple[bytes, int, int, str]] = field(default_factory=dict)
    # Output folder → output file → (fingerprint of what it was made from, stamp after writing).
    outputs: dict[str, dict[str, tuple[str, Stamp]]] = field(default_factory=dict)
    # The whole build's input signature and summary, for the nothing-changed path.
    last: Any = None
    # Results the site model saves for its next build (see model.link_reviews).
    memo: dict[str, Any] = field(default_factory=dict)


class CacheDamaged(Exception):
    """Something the cache promised is not there; the build starts again without it."""


def read_only(mapping: dict[str, Any]) -> MappingProxyType[str, Any]:
    """Unpickles a read-only mapping (front matter's `extra`)."""
    return MappingProxyType(mapping)


def rebuild(kind: type, values: tuple[Any, ...]) -> Any:
    """Unpickles a dataclass from its field values, in the order of `_field_names`."""
    made: Any = object.__new__(kind)
    for name, value in zip(_field_names(kind), values, strict=True):
        object.__setattr__(made, name, value)
    return made


_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(kind: type) -> tuple[str, ...]:
    # dataclasses.fields() on every object is most of what pickling a dataclass costs.
    if kind not in _NAMES:
        _NAMES[kind] = tuple(f.name for f in dataclasses.fields(kind))
    return _NAMES[kind]


class _Pickler(pickle.Pickler):
    """Pickles read-only mappings as the dicts they wrap (pickle cannot name their type) and
    dataclasses as their field values, which loads several times faster than pickle's way."""

    dispatch_table = copyreg.dispatch_table.copy()
    dispatch_table[MappingProxyType] = lambda m: (read_only, (dict(m),))

    def reducer_override(self, obj: Any) -> Any:
        kind = type(obj)
        if kind in _NAMES or dataclasses.is_dataclass(kind):
            return (rebuild, (kind, tuple(getattr(obj, n) for n in _field_names(kind))))
        return NotImplemented


class BuildCache:
    """The cache folder, or an in-memory stand-in when caching is off."""

    def __init__(self, folder: Path | None, state: CacheState) -> None:
        self.folder = folder
        self.state = state
        # Files modified since this moment may look unchanged by their stamp alone.
        self.racy_from = state.scanned_ns - RACY_NS
        self._memory_bodies: dict[str, str] = {}
        self._appending: BinaryIO | None = None
        self._read_fd: tuple[int, int] | None = None

    @classmethod
    def open(cls, folder: Path | None, *, clean: bool = False) -> BuildCache:
        """The cache in `folder` (None: memory only); `clean` starts from nothing."""
        versions = tool_versions()
        state = None if folder is None or clean else _read_state(folder / STATE_FILE, versions)
        return cls(folder, state or CacheState(versions))

    @property
    def jinja_folder(self) -> Path | None:
        """Where Jinja keeps compiled templates, or None without a cache."""
        if self.folder is None:
            return None
        path = self.folder / JINJA
        path.mkdir(parents=True, exist_ok=True)
        return path

    def has_body(self, key: str) -> bool:
        """Whether a converted body with this key is stored."""
        return key in self.state.bodies

    def put_body(self, key: str, html: str, facts: Any) -> None:
        """Store a converted body: appended to the pack file, found again by offset."""
        data = html.encode("utf-8")
        # Pickled on their own, so builds that convert nothing never unpickle them.
        facts_blob = dumps(facts)
        if self.folder is None:
            self._memory_bodies[key] = html
            self.state.bodies[key] = (facts_blob, 0, len(data), "")
            return
        if self._appending is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._appending = (self.folder / PACK).open("ab")
        offset = self._appending.seek(0, os.SEEK_END)
        self._appending.write(data)
        self.state.bodies[key] = (facts_blob, offset, len(data), content_hash(data))

    def facts(self, key: str) -> Any:
        """What was derived from a stored body when it was converted."""
        return pickle.loads(self.state.bodies[key][0])

    def body(self, key: str) -> str:
        """A stored body's HTML; raises CacheDamaged unless it reads back exactly as stored."""
        if self.folder is None:
            return self._memory_bodies[key]
        if self._appending is not None:
            self._appending.flush()
        _, offset, length, checksum = self.state.bodies[key]
        try:
            # pread: no shared file position, so forked workers can read at once.
            data = os.pread(self._reader(), length, offset)
        except OSError as exc:
            raise CacheDamaged(f"cannot read {PACK}: {exc}") from exc
        if len(data) != length or content_hash(data) != checksum:
            raise CacheDamaged(f"body {key} in {PACK} is damaged")
        return data.decode("utf-8")

    def _reader(self) -> int:
        """This process's descriptor of the pack, opened on first use."""
        assert self.folder is not None
        if self._read_fd is None or self._read_fd[0] != os.getpid():
            self._read_fd = (os.getpid(), os.open(self.folder / PACK, os.O_RDONLY))
        return self._read_fd[1]

    def drop_bodies(self, keys: Iterable[str]) -> None:
        """Forget bodies that no review refers to any more (save() reclaims their space)."""
        for key in keys:
            self.state.bodies.pop(key, None)
            self._memory_bodies.pop(key, None)

    def save(self) -> None:
        """Write the state for the next build; bodies no review uses any more are dropped."""
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        if self._appending is not None:
            self._appending.close()
            self._appending = None
        if self._read_fd is not None and self._read_fd[0] == os.getpid():
            os.close(self._read_fd[1])
        self._read_fd = None
        self._compact()
        payload = dumps(self.state)
        partial = self.folder / f"{STATE_FILE}.{os.getpid()}.part"
        partial.write_bytes(MAGIC + content_hash(payload).encode("ascii") + b"\n" + payload)
        partial.replace(self.folder / STATE_FILE)

    def _compact(self) -> None:
        """Rewrite the pack without dropped bodies once they take more room than live ones."""
        assert self.folder is not None
        pack = self.folder / PACK
        live = sum(entry[2] for entry in self.state.bodies.values())
        if not pack.exists() or pack.stat().st_size <= 2 * live + COMPACT_SLACK:
            return
        moved: dict[str, Any] = {}
        partial = self.folder / f"{PACK}.{os.getpid()}.part"
        with pack.open("rb") as old, partial.open("wb") as new:
            for key, (facts, offset, length, checksum) in self.state.bodies.items():
                old.seek(offset)
                moved[key] = (facts, new.tell(), length, checksum)
                new.write(old.read(length))
        partial.replace(pack)
        self.state.bodies = moved


def _read_state(path: Path, versions: str) -> CacheState | None:
    """The saved state, or None if it is missing, damaged, or from another version."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    header, _, rest = data.partition(b"\n")
    checksum, _, payload = rest.partition(b"\n")
    if header + b"\n" != MAGIC or checksum != content_hash(payload).encode("ascii"):
        return None
    try:
        state = pickle.loads(payload)
    except Exception:
        return None
    if not isinstance(state, CacheState) or state.versions != versions:
        return None
    return state
