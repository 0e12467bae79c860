"""The reference page's order from a single body: "Rating: 9/10" in the text is where the
rating panel goes, and what follows it is the verdict, shown once."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from tests.golden import NOW, SITES, prepare
from vhsheaven.build import build
from vhsheaven.options import BuildOptions

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "children-of-heaven.txt"
PAGE = "reviews/children-of-heaven/index.html"


def built_page(name: str, tmp_path: Path) -> BeautifulSoup:
    root, out = prepare(SITES / name, tmp_path / name), tmp_path / name / "out"
    build(root, out, BuildOptions(now=NOW))
    return BeautifulSoup((out / PAGE).read_text(), "html.parser")


def test_a_single_body_builds_the_page_the_verdict_field_builds(tmp_path: Path) -> None:
    from_field = built_page("reference", tmp_path)
    from_body = built_page("reference-body", tmp_path)
    assert str(from_body.select_one("main")) == str(from_field.select_one("main"))


def test_the_page_follows_the_reference_order(tmp_path: Path) -> None:
    main = built_page("reference-body", tmp_path).select_one("main")
    assert main is not None
    blocks = [" ".join(el.get_text(" ").split()) for el in main.select("a.back-link, h1, p, h2")]
    order = [
        "Back to Home",
        "Children of Heaven",
        "1997 2 min read By VHS Heaven Team 14 February 2026",
        "Some films are built around an explosion.",
        "A Parcel Left on a Crate",
        "The closing image, two tired feet in a courtyard pool",
        "Rating: 9/10",
        "A small story told with complete attention",
        "Track it down, sit through the race",
    ]
    positions = [next(i for i, b in enumerate(blocks) if b.startswith(s)) for s in order]
    assert positions == sorted(positions)
    assert sum(b.startswith("Rating: 9/10") for b in blocks) == 1
    body = main.select_one(".review-body")
    assert body is not None and "A small story" not in body.get_text()
    assert "Rating:" not in body.get_text()
    assert main.select(".review-footer .verdict p")[0].get_text().startswith("A small story")
    if REFERENCE.is_file():  # the structure the order above is read from
        lines = [line for line in REFERENCE.read_text().splitlines() if line.strip()]
        assert lines[:2] == ["Back to Home", "Children of Heaven"]
        assert lines.index("Rating: 9/10") == len(lines) - 3
