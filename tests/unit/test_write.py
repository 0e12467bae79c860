"""Writing: staged, swapped in only on success, nothing outside the output folder."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

import pytest

from tests.conftest import snapshot
from vhsheaven.errors import UnsafePath
from vhsheaven.incremental.store import BuildCache
from vhsheaven.model.pages import RenderedPage
from vhsheaven.write.folder import claim
from vhsheaven.write.site import _in_order
from vhsheaven.write.staging import STAGING, Staging, safe_join, stage_page


def write_site(pages: Iterable[RenderedPage], out: Path) -> list[PurePosixPath]:
    """What a build does with its pages: stage, then commit, or abort on any failure."""
    created = not out.exists()
    out.mkdir(parents=True, exist_ok=True)
    claimed = claim(out, None, allow_nonempty=False, created=created)
    staging = Staging(claimed)
    staging.open()
    try:
        wanted, staged = set(), []
        for page in pages:
            wanted.add(page.path.as_posix())
            if stage_page(out, page, staging.direct):
                staged.append(page.path)
        stale = [PurePosixPath(name) for name in claimed.owned - wanted]
        staging.commit(staged, stale, wanted)
    except BaseException:
        staging.abort()
        raise
    return sorted(staged)


def pages(*names: str, data: bytes = b"<p>hi</p>") -> list[RenderedPage]:
    return [RenderedPage(PurePosixPath(name), data) for name in names]


def test_safe_join_refuses_escapes(tmp_path: Path) -> None:
    assert safe_join(tmp_path, PurePosixPath("a/b.html")) == tmp_path / "a" / "b.html"
    for bad in ("../x.html", "a/../../x.html", "/etc/passwd", "."):
        with pytest.raises(UnsafePath):
            safe_join(tmp_path, PurePosixPath(bad))


def test_writes_pages(tmp_path: Path) -> None:
    out = tmp_path / "out"
    written = write_site(pages("index.html", "reviews/x/index.html"), out)
    assert written == [PurePosixPath("index.html"), PurePosixPath("reviews/x/index.html")]
    assert snapshot(out) == {"index.html": b"<p>hi</p>", "reviews/x/index.html": b"<p>hi</p>"}
    again = write_site(pages("index.html", "reviews/x/index.html", data=b"new"), out)
    assert len(again) == 2 and not (out / STAGING).exists()
    assert snapshot(out) == {"index.html": b"new", "reviews/x/index.html": b"new"}


def test_failure_mid_render_leaves_previous_output(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_site(pages("index.html", "old/index.html"), out)
    before = snapshot(out)

    def failing() -> Iterator[RenderedPage]:
        yield RenderedPage(PurePosixPath("index.html"), b"new")
        raise RuntimeError("template blew up")

    with pytest.raises(RuntimeError):
        write_site(failing(), out)
    assert snapshot(out) == before
    assert not (out / STAGING).exists()


def test_failure_on_first_build_leaves_no_output(tmp_path: Path) -> None:
    def failing() -> Iterator[RenderedPage]:
        raise RuntimeError("no")
        yield  # pragma: no cover

    with pytest.raises(RuntimeError):
        write_site(failing(), tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_unchanged_files_keep_their_mtime_and_stale_ones_go(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_site(pages("index.html", "gone/index.html"), out)
    (out / "notes").mkdir()
    (out / "notes" / "todo.txt").write_text("mine")
    os.utime(out / "index.html", (1_000_000, 1_000_000))
    write_site(pages("index.html", "new/index.html"), out)
    assert (out / "index.html").stat().st_mtime == 1_000_000
    assert not (out / "gone").exists()
    assert (out / "new" / "index.html").is_file()
    assert (out / "notes" / "todo.txt").read_text() == "mine"
    write_site(pages("index.html", data=b"changed"), out)
    assert (out / "index.html").read_bytes() == b"changed"


def test_a_page_replacing_a_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_site(pages("x/index.html"), out)
    write_site(pages("x"), out)
    assert (out / "x").read_bytes() == b"<p>hi</p>"


def test_file_names_come_in_the_order_of_their_parts() -> None:
    # "-" and "." sort before "/" as text, after it part by part ("a" ends before "a-b").
    names = {"a-b/index.html", "a/index.html", "a.txt", "a/b/c.html", "a/b-c.html", "b"}
    ordered = _in_order(names, BuildCache.open(None))
    assert list(ordered) == sorted(names, key=lambda name: name.split("/"))
    assert ordered[:3] == ("a/b/c.html", "a/b-c.html", "a/index.html")
