"""The dev server against hostile clients, through a real socket on 127.0.0.1: over-long
paths, redirects that could leave the host, and connections that send nothing."""

from __future__ import annotations

import http.client
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from vhsheaven.serve.server import IDLE_SECONDS, RELOAD_PATH, DevServer

# Far beyond the server's own idle timeout: a connection still open by then was never closed.
PATIENCE = 60.0


def builder(folder: Path, origin: str) -> str:
    """A two-page site."""
    (folder / "reviews").mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text("<html><body>home</body></html>")
    (folder / "reviews" / "index.html").write_text("<html><body>reviews</body></html>")
    return "/"


@pytest.fixture
def server(tmp_path: Path) -> Iterator[DevServer]:
    """A dev server on a free port, serving in a thread, with one build done."""
    served = DevServer(("127.0.0.1", 0), builder, tmp_path)
    served.live.rebuild()
    thread = threading.Thread(target=served.serve_forever, daemon=True)
    thread.start()
    yield served
    served.shutdown()
    served.close()
    thread.join(PATIENCE)


def get(server: DevServer, path: str) -> tuple[int, str | None, bytes]:
    """GET a raw path, sent exactly as given: the status, Location header and body."""
    connection = http.client.HTTPConnection("127.0.0.1", server.server_port, timeout=PATIENCE)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        return response.status, response.getheader("Location"), response.read()
    finally:
        connection.close()


@pytest.mark.parametrize(
    "path",
    ["/" + "a" * 2000, "/reviews/" + "%C3%A9" * 128, "/reviews/" + "a/" * 2100],
    ids=["a 2,000-character segment", "a 256-byte segment", "a 4,200-byte path"],
)
def test_over_long_paths_get_414_and_the_server_keeps_serving(server: DevServer, path: str) -> None:
    assert get(server, path)[0] == 414
    assert get(server, "/reviews/")[0] == 200


@pytest.mark.parametrize("path", ["/%2Freviews", "/%2F%2Freviews", "/%2F/reviews"])
def test_no_redirect_ever_leaves_the_host(server: DevServer, path: str) -> None:
    assert get(server, path)[:2] == (302, "/reviews/")


def test_idle_connections_are_closed_but_long_polls_are_not(
    server: DevServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("vhsheaven.serve.server.POLL_SECONDS", IDLE_SECONDS + 1)
    epoch = server.live.snapshot().epoch
    polled: list[tuple[int, str | None, bytes]] = []
    poll = threading.Thread(
        target=lambda: polled.append(get(server, f"{RELOAD_PATH}?epoch={epoch}"))
    )
    poll.start()
    idle = socket.create_connection(("127.0.0.1", server.server_port), timeout=PATIENCE)
    half = socket.create_connection(("127.0.0.1", server.server_port), timeout=PATIENCE)
    half.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # no blank line: never finished
    with idle, half:
        assert idle.recv(1) == b""  # closed by the server, not by our patience running out
        assert half.recv(1) == b""
    poll.join(PATIENCE)
    # The poll waited longer than the idle timeout, for a rebuild rather than for the client.
    assert [(status, json.loads(body)) for status, _, body in polled] == [(200, {"epoch": epoch})]
    assert get(server, "/")[0] == 200
