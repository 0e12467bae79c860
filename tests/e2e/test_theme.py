"""The theme's markup and CSS: landmarks, headings, ratings, posters, size; no browser needed."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from bs4 import BeautifulSoup, Tag

from tests.conftest import REPO, MakeSite, review_text
from tests.e2e.test_build_cli import copy_sample_site, sample_slugs, soup_of
from vhsheaven.build import build

CSS = REPO / "static" / "css" / "site.css"
POSTER = "images/posters/night-shift.svg"
POSTER_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="300" viewBox="0 0 200 300">'
    '<rect width="200" height="300" fill="#1b2a6b"/><circle cx="100" cy="115" r="58" '
    'fill="#ff5fb0"/><rect x="24" y="222" width="152" height="44" fill="#f4e8cb"/></svg>'
)
# Dated after every sample review, so it is the first tape on the home page.
FEATURE_FRONT = (
    f"poster: {POSTER}\ndate: 2026-01-01\nauthor: Dana Reyes\noriginal_title: Nachtschicht\n"
    "director: [Ann Lee, Bo Park]\ngenres: [Thriller]\nverdict: |\n  Rent it *tonight*.\n"
)
FEATURE_BODY = """\
A paragraph with a footnote[^1] and a long address:
https://example.org/an-address-far-too-long-to-fit-on-any-narrow-phone-screen-at-all/ok

### A smaller heading

| Tape | Year | Format | Shelf | Rented | Returned | Late fee |
|------|------|--------|-------|--------|----------|----------|
| Night Shift Special | 1987 | VHS | Thrillers | 1,204 times | 1,203 times | $3.00 |

::: spoiler who runs the night shift

The projectionist did it.

:::

> A quotation from the tape box.

::: trailer https://www.youtube.com/watch?v=aBcDeFgHiJk

    code on a tape label

[^1]: The note.
"""


def theme_site(tmp_path: Path) -> Path:
    """The sample site plus one review using every feature the theme styles, poster included."""
    root = copy_sample_site(tmp_path)
    (root / "static" / POSTER).parent.mkdir(parents=True)
    (root / "static" / POSTER).write_text(POSTER_SVG, encoding="utf-8")
    review = review_text("Night Shift Special", 1987, 8.5, FEATURE_FRONT, FEATURE_BODY)
    (root / "content" / "reviews" / "night-shift-special.md").write_text(review, encoding="utf-8")
    return root


def heading_levels(soup: BeautifulSoup) -> list[int]:
    return [int(h.name[1]) for h in soup.find_all(re.compile(r"^h[1-6]$"))]


def test_css_is_small_and_requests_nothing_from_elsewhere() -> None:
    css = CSS.read_text(encoding="utf-8")
    assert len(css.encode("utf-8")) < 30 * 1024
    assert "@import" not in css and "@font-face" not in css
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", css)
    assert "prefers-reduced-motion" in css and "@media print" in css and ":focus-visible" in css


def test_every_page_has_landmarks_one_h1_and_ordered_headings(tmp_path: Path) -> None:
    root = theme_site(tmp_path)
    build(root)
    pages = sorted((root / "_site").rglob("*.html"))
    # Home, 404 and every review (the sample's and the feature review), plus listing pages.
    assert len(pages) >= 2 + len(sample_slugs()) + 1
    for page in pages:
        soup, name = soup_of(page), page.relative_to(root).as_posix()
        assert soup.html is not None and soup.html["lang"] == "en", name
        body = soup.body
        assert body is not None
        assert [t.name for t in body.find_all(recursive=False)] == ["a", "header", "main", "footer"]
        skip = body.find("a")
        assert isinstance(skip, Tag) and skip["href"] == "#main" and soup.select("main#main")
        levels = heading_levels(soup)
        assert levels.count(1) == 1 and levels[0] == 1, name
        assert all(b <= a + 1 for a, b in itertools.pairwise(levels)), f"{name} skips: {levels}"
        for script in soup.find_all("script"):
            blocking = not (script.get("defer") or script.get("async"))
            assert script.get("type") in ("application/ld+json", "module") or not blocking, name


def test_rating_is_text_with_a_hidden_meter(make_site: MakeSite) -> None:
    root = make_site({"content/reviews/a.md": review_text("A", rating=3.5)})
    (root / "site.yaml").write_text(
        (root / "site.yaml").read_text() + "rating_scale: 5\n", encoding="utf-8"
    )
    build(root)
    for page in ("index.html", "reviews/a/index.html"):
        soup = soup_of(root / "_site" / page)
        meter = soup.select_one(".meter")
        assert meter is not None and meter["aria-hidden"] == "true" and meter.get_text() == ""
        assert meter["style"] == "--fill: 70.0%; --segments: 5"
        rating = soup.select_one(".rating-chip, .rating")
        assert rating is not None and " ".join(rating.get_text(" ").split()) == "Rating: 3.5/5"


def test_posters_have_alt_size_and_lazy_loading_in_lists(make_site: MakeSite) -> None:
    remote = "https://img.example/remote.jpg"
    # Four newer reviews fill the home page's first screen, whose posters load at once.
    newer = {
        f"content/reviews/new-{n}.md": review_text(f"New {n}", 1980, extra=f"date: 2020-0{n}-01\n")
        for n in range(1, 5)
    }
    root = make_site(
        {
            f"static/{POSTER}": POSTER_SVG,
            "content/reviews/local.md": review_text("Local", 1987, extra=f"poster: {POSTER}\n"),
            "content/reviews/remote.md": review_text("Remote", 1990, extra=f"poster: {remote}\n"),
            "content/reviews/none.md": review_text("None", 1991),
            **newer,
        }
    )
    build(root)
    home = soup_of(root / "_site" / "index.html")
    posters = {img["alt"]: img for img in home.select(".review-list img.poster")}
    assert set(posters) == {"Poster of Local (1987)", "Poster of Remote (1990)"}
    assert posters["Poster of Local (1987)"]["src"] == f"/static/{POSTER}"
    assert posters["Poster of Remote (1990)"]["src"] == remote
    # The SVG's own size, read from the file; the remote poster's, the theme's box.
    sizes = {alt: (img["width"], img["height"], img["loading"]) for alt, img in posters.items()}
    assert sizes == {
        "Poster of Local (1987)": ("200", "300", "lazy"),
        "Poster of Remote (1990)": ("120", "180", "lazy"),
    }
    review = soup_of(root / "_site" / "reviews" / "local" / "index.html").select_one("img.poster")
    assert review is not None and (review["width"], review["height"]) == ("200", "300")
    assert review.get("loading") is None  # the review's own poster is above the fold
    none = soup_of(root / "_site" / "reviews" / "none" / "index.html")
    header = none.select_one(".review-header")
    assert header is not None and header.select("img") == []
    assert "has-poster" not in header["class"]
