"""Records → Pagefind's search bundle, in memory: the Pagefind binary run as a service.

The binary comes from the `pagefind[bin]` package and is found the way that package finds
it (`PAGEFIND_BINARY_PATH`, then the `pagefind_bin` package, then the PATH). We speak its
service protocol (base64 JSON messages, each ended by a comma) over pipes ourselves: the
package's asyncio client reads one reply per 100 ms poll, which is 100 s for 1,000 reviews
(measured), while the binary answers them in a fraction of a second.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

from vhsheaven.search.canonical import canonical
from vhsheaven.search.records import Record
from vhsheaven.search.sidecar import sidecar

# Pagefind's browser files our search page loads: the search API and its WebAssembly, and
# the index itself. Its worker (the page searches on its own thread) and its ready-made
# interfaces (pagefind-ui.js and the like) are left out.
BUNDLE_FILES = ("pagefind.js", "pagefind-entry.json")
BUNDLE_FOLDERS = ("index/", "fragment/", "filter/")
BUNDLE_SUFFIXES = (".pagefind", ".pf_meta")


class PagefindMissing(Exception):
    """No Pagefind binary for this machine (the package or its binary is not installed)."""


class PagefindFailed(Exception):
    """The binary refused a request, or stopped; the message says what it said."""


def find_binary() -> Path:
    """The Pagefind executable, found as the `pagefind` package finds it; or PagefindMissing."""
    named = os.environ.get("PAGEFIND_BINARY_PATH")
    if named:
        return Path(named)
    import importlib.util

    for package in ("pagefind_bin_extended", "pagefind_bin"):
        spec = importlib.util.find_spec(package)
        if spec is not None and spec.origin:
            for name in ("pagefind_extended", "pagefind", "pagefind.exe"):
                candidate = Path(spec.origin).parent / name
                if candidate.is_file():
                    return candidate
    found = shutil.which("pagefind_extended") or shutil.which("pagefind")
    if found is None:
        raise PagefindMissing("no Pagefind binary found")
    return Path(found)


def index(records: Sequence[Record], language: str) -> dict[str, bytes]:
    """The search bundle for `records`: file path under `pagefind/` → bytes."""
    try:
        process = subprocess.Popen(
            [str(find_binary()), "--service"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
    except OSError as exc:  # not executable here: another platform's binary
        raise PagefindMissing(str(exc)) from exc
    assert process.stdin is not None and process.stdout is not None
    try:
        return _run(process.stdin, process.stdout, records, language)
    finally:
        process.kill()
        process.wait()


def _run(
    send: IO[bytes], receive: IO[bytes], records: Sequence[Record], language: str
) -> dict[str, bytes]:
    """Make an index, add every record, and take its files, over one service's pipes."""
    replies = _Replies(receive)
    config = {"force_language": language}
    (made,) = _exchange(send, replies, [{"type": "NewIndex", "config": config}])
    index_id = made["index_id"]
    _exchange(send, replies, [_add(index_id, record, language) for record in records])
    (files,) = _exchange(send, replies, [{"type": "GetFiles", "index_id": index_id}])
    bundle = {
        item["path"]: base64.b64decode(item["content"])
        for item in files["files"]
        if _wanted(item["path"])
    }
    try:
        tidy = canonical(bundle)
    except (ValueError, KeyError, IndexError, TypeError) as exc:
        raise PagefindFailed(f"its bundle is not in the form vhsheaven knows: {exc}") from exc
    return tidy.files | sidecar(records, tidy.pages)


def _wanted(path: str) -> bool:
    """Whether a bundle file is one our search page loads."""
    return (
        path in BUNDLE_FILES
        or path.startswith(BUNDLE_FOLDERS)
        or (path.startswith(("wasm.", "pagefind.")) and path.endswith(BUNDLE_SUFFIXES))
    )


def _add(index_id: int, record: Record, language: str) -> dict[str, Any]:
    return {
        "type": "AddRecord",
        "index_id": index_id,
        "url": record.url,
        "content": record.content,
        "language": language,
        "meta": dict(record.meta),
        "filters": {name: list(values) for name, values in record.filters},
        # No sort: the page sorts results by sidecar.py's file, kept out of the meta file.
    }


def _exchange(
    send: IO[bytes], replies: _Replies, payloads: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Send every payload (from a thread, so a full pipe of replies cannot stall us both)
    and return the replies in order; PagefindFailed on an error reply or a closed pipe."""
    messages = [
        base64.b64encode(json.dumps({"message_id": n, "payload": p}).encode()) + b","
        for n, p in enumerate(payloads)
    ]
    writer = threading.Thread(target=_write_all, args=(send, messages), daemon=True)
    writer.start()
    try:
        return [replies.next() for _ in payloads]
    finally:
        writer.join()


def _write_all(send: IO[bytes], messages: list[bytes]) -> None:
    try:
        send.write(b"".join(messages))
        send.flush()
    except OSError:
        pass  # the binary stopped: the reader sees its pipe close and says so


class _Replies:
    """The service's replies, one message at a time, from its output pipe."""

    def __init__(self, receive: IO[bytes]) -> None:
        self.receive = receive
        self.buffer = b""

    def next(self) -> dict[str, Any]:
        """The next reply's payload; PagefindFailed if it is an error or never comes."""
        end = self.buffer.find(b",")
        parts = [self.buffer]
        while end < 0:
            chunk = os.read(self.receive.fileno(), 1 << 20)
            if not chunk:
                raise PagefindFailed("the Pagefind binary stopped before it answered")
            end = chunk.find(b",")
            parts.append(chunk)
            if end >= 0:
                end += sum(map(len, parts)) - len(chunk)
        data = b"".join(parts)
        message, self.buffer = data[:end], data[end + 1 :]
        payload: dict[str, Any] = json.loads(base64.b64decode(message))["payload"]
        if payload.get("type") == "Error":
            raise PagefindFailed(str(payload.get("message", "an error")))
        return payload
