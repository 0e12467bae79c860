"""Run `vhsheaven serve` in a subprocess on a free port, and talk to it over HTTP."""

from __future__ import annotations

import http.client
import os
import selectors
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

T = TypeVar("T")
STARTUP_SECONDS = 60.0


@dataclass
class Served:
    """A running server: its process, the URL it printed, and its output once stopped."""

    process: subprocess.Popen[str]
    url: str
    stdout: str = ""
    stderr: str = ""

    def get(self, path: str) -> tuple[int, str]:
        """GET a raw path (sent exactly as given, never normalised); status and body."""
        parts = urlsplit(self.url)
        connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, response.read().decode("utf-8", errors="replace")
        finally:
            connection.close()

    def stop(self) -> int:
        """Press Ctrl-C (SIGINT) and return the exit status."""
        self.process.send_signal(signal.SIGINT)
        try:
            self.stdout, self.stderr = self.process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.stdout, self.stderr = self.process.communicate()
        return self.process.returncode


@contextmanager
def serving(root: Path, *args: str) -> Iterator[Served]:
    """`vhsheaven serve --port 0` on a site; stopped with SIGINT (if still running) at the end."""
    process = subprocess.Popen(
        [sys.executable, "-m", "vhsheaven", "serve", "--source", str(root), "--port", "0", *args],
        cwd=root,  # messages name paths from the folder the command runs in
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        served = Served(process, _wait_for_url(process))
        yield served
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            process.communicate(timeout=30)


def _wait_for_url(process: subprocess.Popen[str]) -> str:
    """Read the server's stdout until it prints the address it serves."""
    assert process.stdout is not None
    # os.read, not readline: a buffered reader could swallow the line and leave select waiting.
    descriptor = process.stdout.fileno()
    selector = selectors.DefaultSelector()
    selector.register(descriptor, selectors.EVENT_READ)
    deadline = time.monotonic() + STARTUP_SECONDS
    seen = b""
    while time.monotonic() < deadline and selector.select(deadline - time.monotonic()):
        chunk = os.read(descriptor, 4096)
        if not chunk:
            break
        seen += chunk
        for line in seen.decode().splitlines():
            if line.startswith("Serving "):
                return line.split()[1]
    process.kill()
    _, stderr = process.communicate()
    raise AssertionError(f"serve did not start: {seen.decode()}{stderr}")


def poll(fetch: Callable[[], T], done: Callable[[T], bool], seconds: float) -> T:
    """Call fetch() until done(result) or the deadline passes; returns the last result."""
    deadline = time.monotonic() + seconds
    while True:
        result = fetch()
        if done(result) or time.monotonic() > deadline:
            return result
        time.sleep(0.05)


def save(path: Path, text: str) -> None:
    """Save as careful editors do: write a temporary file beside it, then rename it over."""
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(path)
