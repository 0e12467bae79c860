"""`vhsheaven new --poster PATH`: the poster copied into static/ and the field filled in."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from tests.conftest import MakeSite, run_cli, snapshot
from tests.images import jpeg


def test_new_copies_the_poster_in_and_fills_the_field(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site()
    poster = tmp_path / "Downloads" / "ALIEN poster.JPEG"
    poster.parent.mkdir()
    poster.write_bytes(jpeg(600, 900))
    result = run_cli(
        "new", "Alien", "--year", "1979", "--rating", "9", "--poster", poster, "--source", root
    )
    assert result.returncode == 0, result.stderr
    copied = root / "static/images/posters/alien.jpg"
    assert copied.read_bytes() == poster.read_bytes()
    text = (root / "content/reviews/alien.md").read_text(encoding="utf-8")
    assert "\nposter: images/posters/alien.jpg\n" in text
    assert run_cli("build", "--source", root, "--drafts").returncode == 0
    page = BeautifulSoup((root / "_site/reviews/alien/index.html").read_text(), "html.parser")
    img = page.select_one(".review-header img.poster")
    assert img is not None and (img["width"], img["height"]) == ("384", "576")


def test_new_without_a_poster_leaves_the_field_as_a_comment(make_site: MakeSite) -> None:
    root = make_site()
    assert run_cli("new", "Jaws", "--source", root).returncode == 0
    text = (root / "content/reviews/jaws.md").read_text(encoding="utf-8")
    assert "\n# poster: images/posters/jaws.jpg   # a path under static/" in text


def test_new_refuses_a_bad_poster_or_a_taken_place_and_writes_nothing(
    make_site: MakeSite, tmp_path: Path
) -> None:
    root = make_site({"static/images/posters/alien.jpg": b"someone else's file"})
    before = snapshot(root)
    text = tmp_path / "notes.jpg"
    text.write_text("not a picture")
    result = run_cli("new", "Jaws", "--poster", text, "--source", root)
    assert result.returncode == 1
    assert f"{text}: --poster: is not an image that can be read" in result.stderr
    poster = tmp_path / "alien.jpg"
    poster.write_bytes(jpeg(60, 90))
    result = run_cli("new", "Alien", "--poster", poster, "--source", root)
    assert result.returncode == 1
    assert "static/images/posters/alien.jpg: is taken by another file" in result.stderr
    missing = run_cli("new", "Alien", "--poster", tmp_path / "gone.jpg", "--source", root)
    assert "gone.jpg: --poster: cannot be read (No such file or directory)" in missing.stderr
    assert snapshot(root) == before
