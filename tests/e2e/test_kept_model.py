"""The placed site model kept in the cache (incremental/kept_model.py): a new process after an
edit patches it instead of placing every review again, and its output equals a clean
build's, whatever became of the kept model (damaged, made under other settings, by other
tools)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import CACHE_DIR, snapshot
from tests.e2e.test_incremental import (
    REVIEWS,
    Choices,
    assert_same_output,
    cached_build,
    copy_sample_site,
    options,
    reference,
)
from vhsheaven.build import build
from vhsheaven.incremental import kept_model
from vhsheaven.incremental.session import Session
from vhsheaven.incremental.store import BuildCache


def kept_refs(root: Path) -> tuple[tuple[int, int, str], ...]:
    """The kept model's blobs in the cache's state: the base's, then each patch's."""
    return BuildCache.open(root / CACHE_DIR).state.model


def add_line(root: Path, stem: str, line: str) -> None:
    """An edit to a review's body that moves nothing in the site."""
    review = root / REVIEWS / f"{stem}.md"
    review.write_text(review.read_text(encoding="utf-8") + f"\n{line}\n", "utf-8")


def no_placing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make building the site model or placing a review fail: the kept model must serve."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the site model was built again")

    monkeypatch.setattr("vhsheaven.model.place.build_site", refuse)


def test_a_new_process_after_an_edit_patches_the_kept_model(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each edit adds a patch; the next process loads base and patches, places only the
    edited review, and publishes what a clean build does."""
    root, out = copy_sample_site(tmp_path), tmp_path / "out"
    cached_build(root, out)
    assert len(kept_refs(root)) == 1
    for number, stem in enumerate(("jaws", "alien", "jaws"), 1):
        add_line(root, stem, f"Edit number {number}.")
        want = reference(root, tmp_path / f"clean-{number}")
        with monkeypatch.context() as patched:
            no_placing(patched)
            cached_build(root, out)
        assert_same_output(snapshot(out), want)
        assert len(kept_refs(root)) == 1 + number


def test_many_patches_make_a_new_base(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Once patches hold more reviews than allowed, the next build writes the model whole."""
    monkeypatch.setattr(kept_model, "PATCHED_REVIEWS", 2)
    monkeypatch.setattr(kept_model, "PATCHED_SHARE", 0.0)
    root, out = copy_sample_site(tmp_path), tmp_path / "out"
    cached_build(root, out)
    counts = []
    for number, stem in enumerate(("jaws", "alien", "ring", "aliens"), 1):
        add_line(root, stem, f"Edit number {number}.")
        cached_build(root, out)
        counts.append(len(kept_refs(root)))
        assert_same_output(snapshot(out), reference(root, tmp_path / f"clean-{number}"))
    assert counts == [2, 3, 1, 2]


def test_a_reshaping_edit_makes_a_new_base(tmp_path: Path) -> None:
    """A new date moves the review in every list: the site is built anew and kept whole."""
    root, out = copy_sample_site(tmp_path), tmp_path / "out"
    cached_build(root, out)
    add_line(root, "jaws", "A patch first.")
    cached_build(root, out)
    assert len(kept_refs(root)) == 2
    review = root / REVIEWS / "alien.md"
    text = review.read_text(encoding="utf-8")
    assert "\ndate: 2025-10-11\n" in text
    review.write_text(text.replace("\ndate: 2025-10-11\n", "\ndate: 2001-01-01\n", 1), "utf-8")
    want = reference(root, tmp_path / "clean")
    cached_build(root, out)
    assert_same_output(snapshot(out), want)
    assert len(kept_refs(root)) == 1


def test_a_damaged_kept_model_means_a_full_build(tmp_path: Path) -> None:
    """A bit flipped in the kept model's blob: the build starts again from nothing, and
    publishes what a clean build does."""
    root, out = copy_sample_site(tmp_path), tmp_path / "out"
    cached_build(root, out)
    offset, length, _ = kept_refs(root)[0]
    pack = root / CACHE_DIR / "blobs.pack"
    with pack.open("r+b") as file:
        file.seek(offset + length // 2)
        byte = file.read(1)
        file.seek(offset + length // 2)
        file.write(bytes([byte[0] ^ 1]))
    add_line(root, "jaws", "After the damage.")
    want = reference(root, tmp_path / "clean")
    cached_build(root, out)
    assert_same_output(snapshot(out), want)
    assert len(kept_refs(root)) == 1


@pytest.mark.parametrize(
    ("old", "new"),
    [("reviews_per_page: 12", "reviews_per_page: 2"), ("title: ", "title: Another ")],
)
def test_a_model_kept_under_other_settings_is_not_used(tmp_path: Path, old: str, new: str) -> None:
    """Settings that change placing: the kept model is made again, never patched."""
    root, out = copy_sample_site(tmp_path), tmp_path / "out"
    cached_build(root, out)
    settings = root / "site.yaml"
    text = settings.read_text(encoding="utf-8")
    assert old in text
    settings.write_text(text.replace(old, new, 1), encoding="utf-8")
    add_line(root, "jaws", "Under new settings.")
    want = reference(root, tmp_path / "clean")
    cached_build(root, out)
    assert_same_output(snapshot(out), want)
    assert len(kept_refs(root)) == 1


def test_a_model_kept_by_other_tools_is_not_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """After an upgrade (another tool version), the state and its model are left behind."""
    root, out = copy_sample_site(tmp_path), tmp_path / "out"
    cached_build(root, out)
    monkeypatch.setattr("vhsheaven.incremental.store.installed", lambda: "another version")
    add_line(root, "jaws", "After an upgrade.")
    want = reference(root, tmp_path / "clean")
    loaded: list[int] = []
    recall = kept_model.recall_model

    def counting(cache: BuildCache) -> None:
        loaded.append(len(cache.state.model))
        recall(cache)

    monkeypatch.setattr(kept_model, "recall_model", counting)
    cached_build(root, out)
    assert_same_output(snapshot(out), want)
    assert loaded == [0]
    assert len(kept_refs(root)) == 1


def test_serve_and_a_new_process_take_turns(tmp_path: Path) -> None:
    """A dev server's builds keep the model too: a command line build after them patches
    what the server left, and the server's next build after that goes on correctly."""
    root, out, served = copy_sample_site(tmp_path), tmp_path / "out", tmp_path / "served"
    session = Session()
    build(root, served, options(Choices()), session=session)
    session.save()
    add_line(root, "jaws", "Seen by the server.")
    build(root, served, options(Choices()), session=session)
    session.save()
    assert len(kept_refs(root)) == 2
    add_line(root, "alien", "Seen by a new process.")
    cached_build(root, out)
    want = reference(root, tmp_path / "clean")
    assert_same_output(snapshot(out), want)
    add_line(root, "ring", "Seen by the server again.")
    build(root, served, options(Choices()), session=session)
    session.save()
    assert_same_output(snapshot(served), reference(root, tmp_path / "clean-2"))
