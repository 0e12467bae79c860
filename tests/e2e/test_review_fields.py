"""Every front-matter field an editor writes is shown: the cast on the page and in JSON-LD."""

from __future__ import annotations

import json
from pathlib import Path

from bs4 import BeautifulSoup

from tests.conftest import MakeSite, review_text
from vhsheaven.build import build
from vhsheaven.options import BuildOptions


def page(out: Path, slug: str) -> BeautifulSoup:
    return BeautifulSoup((out / f"reviews/{slug}/index.html").read_text(), "html.parser")


def facts(soup: BeautifulSoup) -> dict[str, str]:
    terms = soup.select(".film-facts dt")
    return {dt.get_text(): dt.find_next_sibling("dd").get_text() for dt in terms}  # type: ignore[union-attr]


def test_cast_is_shown_linked_where_a_page_exists_and_is_json_ld_actor(
    make_site: MakeSite, tmp_path: Path
) -> None:
    root = make_site(
        {
            "content/reviews/unforgiven.md": review_text(
                "Unforgiven",
                1992,
                9,
                "director: Clint Eastwood\ncast: [Clint Eastwood, Gene Hackman]\n",
            ),
            "content/reviews/se7en.md": review_text(
                "Se7en", 1995, 8, "director: David Fincher\ncast: Morgan Freeman\n"
            ),
        }
    )
    out = tmp_path / "out"
    build(root, out, BuildOptions())
    unforgiven, se7en = page(out, "unforgiven"), page(out, "se7en")
    assert facts(unforgiven)["Cast"] == "Clint Eastwood, Gene Hackman"
    assert facts(se7en)["Cast"] == "Morgan Freeman"
    cast = unforgiven.select(".film-facts dt:-soup-contains('Cast') + dd a")
    assert [(a.get_text(), a["href"]) for a in cast] == [
        ("Clint Eastwood", "/directors/clint-eastwood/")
    ]
    movie = json.loads(unforgiven.select_one("script[type='application/ld+json']").get_text())  # type: ignore[union-attr]
    assert movie["itemReviewed"]["actor"] == [
        {"@type": "Person", "name": "Clint Eastwood"},
        {"@type": "Person", "name": "Gene Hackman"},
    ]
    single = json.loads(se7en.select_one("script[type='application/ld+json']").get_text())  # type: ignore[union-attr]
    assert single["itemReviewed"]["actor"] == {"@type": "Person", "name": "Morgan Freeman"}
