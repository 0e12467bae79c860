"""The persistent build cache: what earlier builds learnt, so the next one redoes only new work.

It lives in `cache_dir` (default `.vhsheaven-cache/` beside site.yaml) and holds:

- `state.pickle`: per review file its stamp and content hash; per output file the fingerprint
  of the inputs it was rendered from and its stamp; what the last build's pages showed;
- `blobs.pack`: everything bulky, one blob after another, each with its checksum in the state:
  each review file's checked result, converted bodies and what was derived from them (one
  file, not thousands: file creation is what costs most on many disks; and a build that finds
  nothing changed reads only the small state); the placed site model too (kept_model.py);
- `unchanged.marshal`: the last build's manifest, which tells the next whether it has anything
  to do (see unchanged.py);
- `jinja/`: Jinja's compiled templates, each behind a checksum (see compiled.py);
- `config.pickle`: site.yaml's checked settings, with a hash of the bytes they were read from,
  so a build whose site.yaml is unchanged need not parse it (kept in the default folder only).

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
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType, MemberDescriptorType
from typing import Any, NamedTuple

from vhsheaven.incremental.memory import Memory
from vhsheaven.incremental.racy import NO_MARK, Mark
from vhsheaven.incremental.unchanged import Stamp, stamp_of
from vhsheaven.incremental.versions import installed

FORMAT = 5
STATE_FILE = "state.pickle"
PACK = "blobs.pack"
# Dropped blobs may waste this much of the pack before it is rewritten.
COMPACT_SLACK = 1 << 20
JINJA = "jinja"
MAGIC = b"vhsheaven-cache\n"

Ref = tuple[int, int, str]  # a blob in the pack: (offset, length, checksum)


def content_hash(*parts: bytes | str) -> str:
    """A hex digest of some bytes and text, for cache keys."""
    digest = hashlib.blake2b(digest_size=20)
    for part in parts:
        digest.update(part.encode("utf-8") if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()


def tool_versions() -> str:
    """Everything besides the input that can change what the cache holds: its format, our
    code and our libraries'."""
    return f"format={FORMAT};{installed()}"


class FileRecord(NamedTuple):
    """One review file as last read: its stamp, the settings it was checked under, the result.

    The result is pickled in the pack, and read only by builds that need it: a build that
    finds nothing changed reads just the stamps and the few fields that decide publication.
    A named tuple, as ten thousand of these must load fast.
    """

    stamp: Stamp
    settings: str
    key: str
    body_key: str
    draft: bool
    date: dt.datetime | None
    result: Ref


def dumps(value: Any) -> bytes:
    """Pickle a value the cache keeps (read-only mappings included)."""
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buffer.getvalue()


@dataclass(slots=True)
class CacheState:
    """What one successful build leaves for the next."""

    versions: str
    # Taken when the build began stamping review files (see racy.py).
    scanned: Mark = NO_MARK
    # Review file (site-relative) → what reading it found.
    files: dict[str, FileRecord] = field(default_factory=dict)
    # Body key → (the facts derived from the converted body, pickled; its HTML), in the pack.
    bodies: dict[str, tuple[Ref, Ref]] = field(default_factory=dict)
    # Output folder → output file → (fingerprint of what it was made from, stamp after writing).
    outputs: dict[str, dict[str, tuple[str, Stamp]]] = field(default_factory=dict)
    # Results the site model saves for its next build (see model.link_reviews).
    memo: dict[str, Any] = field(default_factory=dict)
    # What the last build's pages showed, so the next can tell which pages an edit reaches
    # (output.Plan, pickled in the pack: a build that finds nothing changed never reads it).
    plan: Ref | None = None
    # The placed site model: a base, then patches (see kept_model.py).
    model: tuple[Ref, ...] = ()


class CacheDamaged(Exception):
    """Something the cache promised is not there; the build starts again without it."""


def read_only(mapping: dict[str, Any]) -> MappingProxyType[str, Any]:
    """Unpickles a read-only mapping (front matter's `extra`)."""
    return MappingProxyType(mapping)


def rebuild(kind: type, values: tuple[Any, ...]) -> Any:
    """Unpickles a dataclass from its field values, in the order of `_field_names`."""
    made: Any = object.__new__(kind)
    for set_field, value in zip(_SETTERS.get(kind) or _setters(kind), values, strict=True):
        set_field(made, value)
    return made


_NAMES: dict[type, tuple[str, ...]] = {}
_SETTERS: dict[type, tuple[Callable[[Any, Any], None], ...]] = {}


def _setters(kind: type) -> tuple[Callable[[Any, Any], None], ...]:
    """Each field's setter despite frozen=True: its slot's, half object.__setattr__'s cost."""
    slots = [(name, getattr(kind, name, None)) for name in _field_names(kind)]
    _SETTERS[kind] = setters = tuple(
        slot.__set__ if isinstance(slot, MemberDescriptorType) else _plain(name)
        for name, slot in slots
    )
    return setters


def _plain(name: str) -> Callable[[Any, Any], None]:
    return lambda made, value: object.__setattr__(made, name, value)


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
    """The cache folder, or an in-memory stand-in when caching is off.

    A long-running process (the dev server) keeps one open from build to build: `memory` then
    holds what its builds worked out (memory.Memory), which is never saved and goes when the
    cache object does.
    """

    def __init__(self, folder: Path | None, state: CacheState, saved: Stamp | None = None) -> None:
        self.folder = folder
        self.state = state
        self.memory = Memory()
        self._saved = saved
        # A new state refers to nothing in the pack: the first blob starts it again.
        self._fresh = saved is None
        self._memory: list[bytes] = []
        self._appending: io.FileIO | None = None
        self._end = 0  # the pack's length while appending
        self._plan_unsaved = False
        self._read_fd: tuple[int, int] | None = None
        self.last_scan = NO_MARK
        self.unsettled: set[str] = set()
        self.renew()

    @classmethod
    def open(cls, folder: Path | None, *, clean: bool = False) -> BuildCache:
        """The cache in `folder` (None: memory only); `clean` starts from nothing."""
        versions = tool_versions()
        found = None if folder is None or clean else _read_state(folder / STATE_FILE, versions)
        if found is None:
            return cls(folder, CacheState(versions))
        return cls(folder, *found)

    def renew(self) -> None:
        """Start a build: a stamp the last scan took proves only what its mark lets it
        (racy.py); `unsettled` is to name the review files whose stamps this build's scan
        proves nothing by."""
        self.last_scan = self.state.scanned
        self.unsettled = set()

    def is_current(self) -> bool:
        """Whether the folder still holds what this object last read or saved (no other
        process has saved since), so a build may go on from it."""
        if self.folder is None:
            return True
        try:
            return stamp_of((self.folder / STATE_FILE).stat()) == self._saved
        except OSError:
            return False

    @property
    def jinja_folder(self) -> Path | None:
        """Where Jinja keeps compiled templates, or None without a cache."""
        if self.folder is None:
            return None
        path = self.folder / JINJA
        path.mkdir(parents=True, exist_ok=True)
        return path

    def put(self, data: bytes) -> Ref:
        """Store a blob: appended to the pack file, found again by offset."""
        if self.folder is None:
            self._memory.append(data)
            return (len(self._memory) - 1, len(data), "")
        if self._appending is None:
            self.folder.mkdir(parents=True, exist_ok=True)
            # Unbuffered: a forked worker must not inherit bytes still to be written (it would
            # write them again), and each blob is one write anyway.
            self._appending = (self.folder / PACK).open("wb" if self._fresh else "ab", buffering=0)
            self._fresh = False
            self._end = self._appending.seek(0, os.SEEK_END)
        offset = self._end
        written = 0
        while written < len(data):
            written += self._appending.write(memoryview(data)[written:])
        self._end += written
        return (offset, len(data), content_hash(data))

    def get(self, ref: Ref) -> bytes:
        """A stored blob; raises CacheDamaged unless it reads back exactly as stored."""
        offset, length, checksum = ref
        if self.folder is None:
            return self._memory[offset]
        try:
            # pread: no shared file position, so forked workers can read at once.
            data = os.pread(self._reader(), length, offset)
        except OSError as exc:
            raise CacheDamaged(f"cannot read {PACK}: {exc}") from exc
        if len(data) != length or content_hash(data) != checksum:
            raise CacheDamaged(f"blob at {offset} in {PACK} is damaged")
        return data

    def result(self, record: FileRecord) -> Any:
        """A review file's checked result, unpickled once per process."""
        memo = self.memory.results
        found = memo.get(record.result)
        if found is None:
            found = memo[record.result] = pickle.loads(self.get(record.result))
        return found

    def keep_plan(self, plan: Any) -> None:
        """Hold the page plan for the next build: in memory now, pickled into the pack when
        the cache is saved (which the dev server does after serving the new site)."""
        self.memory.plan, self.memory.plan_known = plan, True
        self._plan_unsaved = True

    def last_plan(self) -> Any:
        """The page plan kept by this process, else the one saved, unpickled once; or None."""
        if not self.memory.plan_known:
            ref = self.state.plan
            self.memory.plan = None if ref is None else pickle.loads(self.get(ref))
            self.memory.plan_known = True
        return self.memory.plan

    def has_body(self, key: str) -> bool:
        """Whether a converted body with this key is stored."""
        return key in self.state.bodies

    def put_body(self, key: str, html: bytes, facts: bytes) -> None:
        """Store a converted body (UTF-8) and the facts derived from it (pickled by dumps(),
        in the worker that converted it)."""
        # Pickled on their own, so builds that convert nothing never unpickle them.
        self.state.bodies[key] = (self.put(facts), self.put(html))

    def facts(self, key: str) -> Any:
        """What was derived from a stored body when it was converted."""
        return pickle.loads(self.get(self.state.bodies[key][0]))

    def body(self, key: str) -> str:
        """A stored body's HTML."""
        return self.get(self.state.bodies[key][1]).decode("utf-8")

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

    def save(self) -> None:
        """Write the state for the next build; blobs nothing refers to any more are dropped."""
        if self.folder is None:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        if self._plan_unsaved:
            self.state.plan = self.put(dumps(self.memory.plan))
            self._plan_unsaved = False
        if self._appending is not None:
            self._appending.close()
            self._appending = None
        if self._read_fd is not None and self._read_fd[0] == os.getpid():
            os.close(self._read_fd[1])
        self._read_fd = None
        self._compact()
        write_checked(self.folder / STATE_FILE, self.state)
        # Renaming changes the file's ctime on some systems: stamp the file in its place.
        self._saved = stamp_of((self.folder / STATE_FILE).stat())

    def _compact(self) -> None:
        """Rewrite the pack with live blobs only, once dropped ones take more room."""
        assert self.folder is not None
        pack = self.folder / PACK
        state = self.state
        refs = [ref for pair in state.bodies.values() for ref in pair]
        refs += [record.result for record in state.files.values()]
        refs += [state.plan] if state.plan is not None else []
        refs += state.model
        live = sum(ref[1] for ref in refs)
        if not pack.exists() or pack.stat().st_size <= 2 * live + COMPACT_SLACK:
            return
        moved: dict[Ref, Ref] = {}
        partial = self.folder / f"{PACK}.{os.getpid()}.part"
        with pack.open("rb") as old, partial.open("wb") as new:
            for ref in dict.fromkeys(refs):
                old.seek(ref[0])
                moved[ref] = (new.tell(), ref[1], ref[2])
                new.write(old.read(ref[1]))
        partial.replace(pack)
        state.bodies = {key: (moved[a], moved[b]) for key, (a, b) in state.bodies.items()}
        state.files = {
            path: record._replace(result=moved[record.result])
            for path, record in state.files.items()
        }
        state.plan = moved[state.plan] if state.plan is not None else None
        state.model = tuple(moved[ref] for ref in state.model)
        self.memory.results = {}


def _read_state(path: Path, versions: str) -> tuple[CacheState, Stamp] | None:
    """The saved state and the stamp it was read at, or None if it is missing, damaged, or
    from another version."""
    match read_checked(path):
        case (CacheState() as state, stamp) if state.versions == versions:
            return state, stamp
    return None


def write_checked(path: Path, value: Any) -> None:
    """Pickle a value into `path` behind a checksum; the file is replaced whole, never torn."""
    payload = dumps(value)
    replace_whole(path, MAGIC + content_hash(payload).encode("ascii") + b"\n" + payload)


def replace_whole(path: Path, data: bytes) -> None:
    """Write `data` into `path` through a file of its own, so a reader never sees it torn."""
    partial = path.with_name(f"{path.name}.{os.getpid()}.part")
    partial.write_bytes(data)
    partial.replace(path)


def read_checked(path: Path) -> tuple[Any, Stamp] | None:
    """What write_checked saved in `path`, and the file's stamp when read; None if the file
    is missing or damaged."""
    try:
        with path.open("rb") as file:
            stamp = stamp_of(os.fstat(file.fileno()))
            data = file.read()
    except OSError:
        return None
    header, _, rest = data.partition(b"\n")
    checksum, _, payload = rest.partition(b"\n")
    if header + b"\n" != MAGIC or checksum != content_hash(payload).encode("ascii"):
        return None
    try:
        return pickle.loads(payload), stamp
    except Exception:
        return None
