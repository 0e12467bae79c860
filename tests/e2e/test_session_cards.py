"""The dev server's share cards: a session keeps each review's card task from build to build,
and an edit that changes what a card says draws that card again, as a clean build would."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import snapshot
from tests.e2e.test_incremental import REVIEWS, Choices, copy_sample_site, options, reference
from vhsheaven.build import build
from vhsheaven.images.variants import card_path
from vhsheaven.incremental.session import Session


def test_a_retitled_review_gets_a_new_card_in_a_session(tmp_path: Path) -> None:
    root, out = copy_sample_site(tmp_path), tmp_path / "out"
    session = Session()
    build(root, out, options(Choices()), session=session)
    session.save()
    card, other = card_path("jaws"), card_path("alien")
    before = snapshot(out)
    assert before[card] and before[other]

    review = root / REVIEWS / "jaws.md"
    review.write_text(review.read_text("utf-8").replace("title: Jaws", "title: Jaws!", 1), "utf-8")
    edited = build(root, out, options(Choices()), session=session)
    session.save()
    after = snapshot(out)
    assert card in edited.written and after[card] != before[card]
    assert other not in edited.written and after[other] == before[other]
    assert after == reference(root, tmp_path / "clean")
