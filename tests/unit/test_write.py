"""Writing: staged, swapped in only on success, nothing outside the output folder."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import pytest

from tests.conftest import snapshot
from vhsheaven.model import UnsafePath
from vhsheaven.render import RenderedPage
from vhsheaven.write import STAGING, safe_join, write_site


def pages(*names: str, data: bytes = b"<p>hi</p>") -> list[RenderedPage]:
    return [RenderedPage(PurePosixPath(name), data) for name in names]


def test_safe_join_refuses_escapes(tmp_path: Path) -> None:
    assert safe_join(tmp_path, PurePosixPath("a/b.html")) == tmp_path / "a" / "b.html"
    for bad in ("../x.html", "a/../../x.html", "/etc/passwd", "."):
        with pytest.raises(UnsafePath):
            safe_join(tmp_path, PurePosixPath(bad))


def test_writes_pages_and_static(tmp_path: Path) -> None:
    static = tmp_path / "static"
    (static / "css").mkdir(parents=True)
    (static / "css" / "a.css").write_text("body{}")
    out = tmp_path / "out"
    written = write_site(pages("index.html", "reviews/x/index.html"), static, out)
    assert written == [
        PurePosixPath("index.html"), PurePosixPath("reviews/x/index.html"),
        PurePosixPath("static/css/a.css"),
    ]  # fmt: skip
    assert snapshot(out) == {
        "index.html": b"<p>hi</p>",
        "reviews/x/index.html": b"<p>hi</p>",
        "static/css/a.css": b"body{}",
    }


def test_failure_mid_render_leaves_previous_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_site(pages("index.html", "old/index.html"), tmp_path / "none", out)
    before = snapshot(out)

    def failing() -> Iterator[RenderedPage]:
        yield RenderedPage(PurePosixPath("index.html"), b"new")
        raise RuntimeError("template blew up")

    with pytest.raises(RuntimeError):
        write_site(failing(), tmp_path / "none", out)
    assert snapshot(out) == before
    assert not (out / STAGING).exists()


def test_failure_on_first_build_leaves_no_output(tmp_path: Path) -> None:
    def failing() -> Iterator[RenderedPage]:
        raise RuntimeError("no")
        yield  # pragma: no cover

    with pytest.raises(RuntimeError):
        write_site(failing(), tmp_path / "none", tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_unchanged_files_keep_their_mtime_and_stale_ones_go(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_site(pages("index.html", "gone/index.html"), tmp_path / "none", out)
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref")
    os.utime(out / "index.html", (1_000_000, 1_000_000))
    write_site(pages("index.html", "new/index.html"), tmp_path / "none", out)
    assert (out / "index.html").stat().st_mtime == 1_000_000
    assert not (out / "gone").exists()
    assert (out / "new" / "index.html").is_file()
    assert (out / ".git" / "HEAD").read_text() == "ref"
    write_site(pages("index.html", data=b"changed"), tmp_path / "none", out)
    assert (out / "index.html").read_bytes() == b"changed"


def test_a_page_replacing_a_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_site(pages("x/index.html"), tmp_path / "none", out)
    write_site(pages("x"), tmp_path / "none", out)
    assert (out / "x").read_bytes() == b"<p>hi</p>"
