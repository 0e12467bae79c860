"""Change classification and debouncing (pure, no clock), then one real watchdog observer."""

from __future__ import annotations

import queue
from pathlib import Path, PurePosixPath

import pytest

from vhsheaven.serve.watch import (
    Burst,
    ChangeKind,
    Debouncer,
    Watcher,
    classify_change,
    is_scratch,
)


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("content/reviews/jaws.md", ChangeKind.CONTENT),
        ("content/reviews", ChangeKind.CONTENT),
        ("content", ChangeKind.CONTENT),
        ("templates/review.html", ChangeKind.TEMPLATES),
        ("templates/partials/card.html", ChangeKind.TEMPLATES),
        ("static/css/site.css", ChangeKind.STATIC),
        ("static/images/posters/alien.jpg", ChangeKind.STATIC),
        ("site.yaml", ChangeKind.CONFIG),
        ("README.md", ChangeKind.IGNORED),
        ("_site/index.html", ChangeKind.IGNORED),
        (".git/index", ChangeKind.IGNORED),
        ("content/site.yaml", ChangeKind.CONTENT),
        ("", ChangeKind.IGNORED),
        # Editors' scratch files never trigger a build on their own.
        ("content/reviews/.jaws.md.swp", ChangeKind.IGNORED),
        ("content/reviews/.jaws.md.swx", ChangeKind.IGNORED),
        ("content/reviews/jaws.md~", ChangeKind.IGNORED),
        ("content/reviews/4913", ChangeKind.IGNORED),
        ("content/reviews/.#jaws.md", ChangeKind.IGNORED),
        ("content/reviews/#jaws.md#", ChangeKind.IGNORED),
        ("content/reviews/jaws.md___jb_tmp___", ChangeKind.IGNORED),
        ("content/reviews/.goutputstream-ABC123", ChangeKind.IGNORED),
        ("content/reviews/.jaws.md.tmp", ChangeKind.IGNORED),
        ("templates/.review.html.swp", ChangeKind.IGNORED),
        ("site.yaml~", ChangeKind.IGNORED),
    ],
)
def test_classify_change(path: str, kind: ChangeKind) -> None:
    assert classify_change(PurePosixPath(path)) is kind


def test_real_names_that_look_odd_are_not_scratch() -> None:
    assert not any(map(is_scratch, ["2001.md", "#1-fan.md", "tmp.md", "swp.css", "4913.md"]))


def test_a_burst_of_saves_becomes_one_rebuild_after_a_quiet_period() -> None:
    debouncer = Debouncer(quiet=0.1)
    assert debouncer.wait(0.0) is None
    # An editor's atomic save: temp file written, renamed over the review, swap file touched.
    debouncer.add(ChangeKind.IGNORED, 1.00)
    debouncer.add(ChangeKind.CONTENT, 1.01)
    debouncer.add(ChangeKind.CONTENT, 1.05)
    debouncer.add(ChangeKind.TEMPLATES, 1.08)
    assert debouncer.take(1.15) is None  # only 70 ms since the last change
    assert debouncer.wait(1.15) == pytest.approx(0.03)
    burst = debouncer.take(1.19)
    assert burst is not None and burst.kinds == {ChangeKind.CONTENT, ChangeKind.TEMPLATES}
    assert debouncer.take(5.0) is None
    assert debouncer.wait(5.0) is None


def test_a_burst_names_its_files_unless_a_folder_changed() -> None:
    debouncer = Debouncer(quiet=0.1)
    debouncer.add(ChangeKind.IGNORED, 1.0, "content/reviews/.jaws.md.swp")
    debouncer.add(ChangeKind.CONTENT, 1.0, "content/reviews/jaws.md")
    debouncer.add(ChangeKind.CONTENT, 1.0, "content/reviews/jaws.md")
    burst = debouncer.take(2.0)
    assert burst is not None
    assert burst.paths == {"content/reviews/.jaws.md.swp", "content/reviews/jaws.md"}
    debouncer.add(ChangeKind.CONTENT, 3.0, "content/reviews/alien.md")
    debouncer.add(ChangeKind.CONTENT, 3.0, None)  # a folder moved in: its files go unnamed
    debouncer.add(ChangeKind.CONTENT, 3.0, "content/reviews/heat.md")
    burst = debouncer.take(4.0)
    assert burst is not None and burst.paths is None
    debouncer.add(ChangeKind.STATIC, 5.0, "static/site.css")
    burst = debouncer.take(6.0)
    assert burst is not None and burst.paths == {"static/site.css"}


def test_ignored_changes_never_schedule_or_delay_a_rebuild() -> None:
    debouncer = Debouncer(quiet=0.1)
    debouncer.add(ChangeKind.IGNORED, 1.0)
    assert debouncer.wait(1.0) is None
    debouncer.add(ChangeKind.STATIC, 2.0)
    debouncer.add(ChangeKind.IGNORED, 2.09)
    burst = debouncer.take(2.1)
    assert burst is not None and burst.kinds == {ChangeKind.STATIC}


def test_a_real_watcher_ignores_scratch_files_and_reports_the_real_save(tmp_path: Path) -> None:
    for folder in ("content/reviews", "templates"):
        (tmp_path / folder).mkdir(parents=True)
    moved = tmp_path / "elsewhere"  # made before watching starts
    moved.mkdir()
    (moved / "heat.md").write_text("review")
    bursts: queue.Queue[Burst] = queue.Queue()
    watcher = Watcher(tmp_path, bursts.put)
    watcher.start()
    try:
        reviews = tmp_path / "content/reviews"
        (reviews / ".jaws.md.swp").write_text("swap")  # vim's swap file, and its probe file
        (reviews / "4913").write_text("")
        (reviews / "4913").unlink()
        scratch = tmp_path / "templates/.review.html.tmp"  # an atomic save of a template
        scratch.write_text("{{ x }}")
        scratch.replace(tmp_path / "templates/review.html")
        burst = bursts.get(timeout=30)
        assert burst.kinds == {ChangeKind.TEMPLATES}
        assert burst.paths is not None and "templates/review.html" in burst.paths
        assert "content/reviews/.jaws.md.swp" in burst.paths
        # A folder of reviews moved in: the watcher cannot name its files.
        moved.rename(reviews / "1995")
        burst = bursts.get(timeout=30)
        assert burst.kinds == {ChangeKind.CONTENT} and burst.paths is None
    finally:
        watcher.stop()
