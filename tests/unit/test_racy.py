"""Which stamps prove a file unchanged (incremental/racy.py): only files changed since the
mark a build takes first are looked at again, and those always are."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import CACHE_DIR, MakeSite, review_text
from vhsheaven.build import build
from vhsheaven.incremental import racy, unchanged
from vhsheaven.incremental.unchanged import Stamp

LONG_AGO_NS = 1_000_000_000 * 1_000_000_000  # 2001
FUTURE_NS = 4_000_000_000 * 1_000_000_000  # 2096: later than any mark


def aged_site(make_site: MakeSite) -> Path:
    """A site whose every file was last changed long ago, built once (mark file and all)."""
    root = make_site(
        {
            "content/reviews/jaws.md": review_text("Jaws", 1975, 9, body="Sharks. " * 20),
            "content/reviews/alien.md": review_text("Alien", 1979, 9, body="Space. " * 20),
        }
    )
    for path in [root, *root.rglob("*")]:
        os.utime(path, ns=(LONG_AGO_NS, LONG_AGO_NS))
    build(root)
    assert unchanged.load(str(root / CACHE_DIR)) is not None
    assert (root / CACHE_DIR / racy.MARK_FILE).exists()
    return root


def stat_at(mtime_ns: int, device: int) -> os.stat_result:
    """A stat result with just the fields the rule reads."""
    fields = [0] * 10
    fields[2], fields[8] = device, mtime_ns  # st_dev, st_mtime (whole seconds)
    return os.stat_result((*fields,), {"st_mtime_ns": mtime_ns})


def test_a_stamp_proves_nothing_from_the_marks_tick_on() -> None:
    mark = racy.Mark(device=7, fs_ns=5_000, clock_ns=10 * racy.RACY_NS)
    assert mark.settled(stat_at(4_999, 7))
    assert not mark.settled(stat_at(5_000, 7)) and not mark.settled(stat_at(9_000, 7))
    # On another file system, the wall clock with its margin: seconds, not ticks.
    assert mark.settled(stat_at(8 * racy.RACY_NS, 8))
    assert not mark.settled(stat_at(9 * racy.RACY_NS + 1, 8))
    assert not racy.NO_MARK.settled(stat_at(0, -1))


def test_a_build_right_after_an_edit_leaves_a_manifest(make_site: MakeSite) -> None:
    """The edit was made before the build's mark: its stamp proves it, though it is fresh."""
    root = aged_site(make_site)
    review = root / "content/reviews/jaws.md"
    review.write_text(review_text("Jaws", 1975, 9, body="Bigger boat. " * 20))
    report = build(root)
    assert "reviews/jaws/index.html" in report.written
    assert unchanged.load(str(root / CACHE_DIR)) is not None


@pytest.mark.parametrize("name", ["content/reviews/jaws.md", "templates/review.html"])
def test_a_file_changed_since_the_mark_leaves_no_manifest(make_site: MakeSite, name: str) -> None:
    """A change in the mark's tick (here: an mtime no mark is older than) may be followed by
    another that its stamp does not show, so the next build must look again."""
    root = aged_site(make_site)
    os.utime(root / name, ns=(FUTURE_NS, FUTURE_NS))
    build(root)
    assert unchanged.load(str(root / CACHE_DIR)) is None


def test_a_review_changed_since_the_mark_is_read_again_though_its_stamp_holds(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a file system whose stamps show only size and mtime, a same-size edit with the mtime
    put back is caught when the mtime was too recent for the stamp to prove anything."""

    def size_and_mtime(stat: os.stat_result) -> Stamp:
        return (stat.st_size, stat.st_mtime_ns, 0, 0)

    monkeypatch.setattr("vhsheaven.load.reviews.stamp_of", size_and_mtime)
    root = aged_site(make_site)
    review = root / "content/reviews/jaws.md"
    os.utime(review, ns=(FUTURE_NS, FUTURE_NS))
    build(root)  # the stamp it records has an mtime the mark is not older than
    review.write_text(review.read_text().replace("Sharks.", "Orcas!."))
    os.utime(review, ns=(FUTURE_NS, FUTURE_NS))
    build(root)
    page = (root / "_site/reviews/jaws/index.html").read_text()
    assert "Orcas!." in page and "Sharks." not in page
