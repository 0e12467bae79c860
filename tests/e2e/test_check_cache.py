"""`check` goes through the build's own load and cache: right after a build it converts nothing."""

from __future__ import annotations

import pytest

from tests.conftest import MakeSite, review_text
from vhsheaven.build import build
from vhsheaven.check import check
from vhsheaven.options import BuildOptions


def test_check_after_a_build_converts_nothing(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    reviews = {f"content/reviews/film-{n}.md": review_text(f"Film {n}", 1980 + n) for n in range(5)}
    root = make_site(reviews)
    build(root)
    monkeypatch.setattr("vhsheaven.markup.convert.convert", None)  # converting would fail
    report = check(root, BuildOptions())
    assert report.reviews == 5 and report.problems == ()


def test_check_keeps_what_it_converted_for_the_build(
    make_site: MakeSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_site({"content/reviews/alien.md": review_text("Alien", 1979)})
    assert check(root, BuildOptions()).reviews == 1
    monkeypatch.setattr("vhsheaven.markup.convert.convert", None)
    assert build(root).reviews == 1
