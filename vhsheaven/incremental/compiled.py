"""Jinja's compiled templates, kept in the cache folder and checked before they are run."""

from __future__ import annotations

from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from vhsheaven.incremental.store import content_hash, replace_whole, tool_versions

SUFFIX = ".code"


class CheckedBytecodeCache(jinja2.BytecodeCache):
    """One file per template: a checksum, then Jinja's bytecode.

    The checksum covers the bytecode, the template's name and source, and the tools that
    compiled it (Jinja, Python, our code, which sets the environment's options). A file
    that is damaged, or was written for another source or by other tools, is compiled
    again and replaced, never run: Jinja itself would run any code that unmarshals.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._tools = content_hash(tool_versions(), jinja2.__version__)

    def load_bytecode(self, bucket: Bucket) -> None:
        """Give the bucket the stored bytecode, if its file is intact and made for it."""
        try:
            data = self._path(bucket).read_bytes()
        except OSError:
            return  # not compiled yet, or unreadable: Jinja compiles it
        checksum, _, code = data.partition(b"\n")
        if checksum == self._checksum(bucket, code):
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        """Keep a freshly compiled template, replacing whatever file it had whole."""
        code = bucket.bytecode_to_string()
        replace_whole(self._path(bucket), self._checksum(bucket, code) + b"\n" + code)

    def _path(self, bucket: Bucket) -> Path:
        return self.folder / f"{bucket.key}{SUFFIX}"

    def _checksum(self, bucket: Bucket, code: bytes) -> bytes:
        return content_hash(self._tools, bucket.key, bucket.checksum, code).encode("ascii")
