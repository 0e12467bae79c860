"""Change classification and debouncing: pure, so tested without a file system or a clock."""

from __future__ import annotations

from pathlib import PurePosixPath

import pytest

from vhsheaven.watch import ChangeKind, Debouncer, classify_change, is_scratch


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
    assert debouncer.take(1.15) == frozenset()  # only 70 ms since the last change
    assert debouncer.wait(1.15) == pytest.approx(0.03)
    assert debouncer.take(1.19) == {ChangeKind.CONTENT, ChangeKind.TEMPLATES}
    assert debouncer.take(5.0) == frozenset()
    assert debouncer.wait(5.0) is None


def test_ignored_changes_never_schedule_or_delay_a_rebuild() -> None:
    debouncer = Debouncer(quiet=0.1)
    debouncer.add(ChangeKind.IGNORED, 1.0)
    assert debouncer.wait(1.0) is None
    debouncer.add(ChangeKind.STATIC, 2.0)
    debouncer.add(ChangeKind.IGNORED, 2.09)
    assert debouncer.take(2.1) == {ChangeKind.STATIC}
