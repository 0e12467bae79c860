"""Browse and share, end to end: a 46-review site under a sub-path, crawled and parsed."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import xml.etree.ElementTree as ET
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup

from tests.conftest import REPO, SITE_YAML, review_text, run_cli
from tests.images import jpeg
from vhsheaven.markup.body import shorten

BASE = "https://user.github.io/vhs-heaven/"
BASE_PATH = "/vhs-heaven/"
GENRES = ("Horror", "Comedy", "Science Fiction", "Drama", "Film Noir")
DIRECTORS = ("Akira Kurosawa", "John Carpenter", "Agnès Varda", "Spike Lee", "Jane Campion")
AUTHORS = ("Dana Reyes", "Marcus Webb", "VHS Heaven Team")
HOSTILE = "</script><script>alert(1)</script> \"double\" 'single' & <!--"
PER_PAGE = 5
SUMMARY = shorten(" ".join(("Words about the film. " * 20).split()))
SITEMAP_NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@dataclass(frozen=True)
class Tape:
    """What the test wrote into one generated review, to check the output against."""

    slug: str
    title: str
    year: int
    rating: float
    date: dt.date | None
    genres: tuple[str, ...]
    directors: tuple[str, ...]
    author: str

    def front_matter(self) -> str:
        lines = [f"author: {self.author}", f"genres: [{', '.join(self.genres)}]"]
        lines.append(f"director: [{', '.join(self.directors)}]")
        if self.date:
            lines.append(f"date: {self.date.isoformat()}")
        if self.slug == "tape-00":
            lines.append("poster: images/posters/tape.jpg")
        return "".join(line + "\n" for line in lines)


def make_tapes() -> list[Tape]:
    tapes = []
    for i in range(46):
        genres = (GENRES[i % 5],) + ((GENRES[(i + 2) % 5],) if i % 3 else ())
        directors = (DIRECTORS[i % 5],) + ((DIRECTORS[(i + 1) % 5],) if i % 11 == 0 else ())
        tapes.append(
            Tape(
                slug=f"tape-{i:02d}",
                title=HOSTILE if i == 13 else f"Tape {i:02d}",
                year=1950 + (i * 7) % 60,
                rating=(i * 7) % 21 / 2,
                # Every tenth review is undated; the rest come in pairs sharing a date.
                date=None if i % 10 == 9 else dt.date(2024, 1, 1) + dt.timedelta(days=i // 2),
                genres=genres,
                directors=directors,
                author=AUTHORS[i % 3],
            )
        )
    return tapes


TAPES = make_tapes()


def site_order(tapes: list[Tape]) -> list[str]:
    """Newest first, undated last, ties by slug."""
    return [
        t.slug for t in sorted(tapes, key=lambda t: (t.date is None, -(t.date or dt.date.min).toordinal(), t.slug))
    ]  # fmt: skip


def yaml_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built site (built once for the module)."""
    root = tmp_path_factory.mktemp("browse")
    for name in ("templates", "static"):
        shutil.copytree(REPO / name, root / name)
    (root / "static/images/posters").mkdir(parents=True)
    (root / "static/images/posters/tape.jpg").write_bytes(jpeg(60, 90))
    (root / "site.yaml").write_text(SITE_YAML + f"reviews_per_page: {PER_PAGE}\n")
    reviews = root / "content" / "reviews"
    reviews.mkdir(parents=True)
    for tape in TAPES:
        text = review_text(yaml_quoted(tape.title), tape.year, tape.rating, tape.front_matter())
        (reviews / f"{tape.slug}.md").write_text(text, encoding="utf-8")
    result = run_cli("build", "--source", root, "--base-url", BASE)
    assert result.returncode == 0, result.stderr
    return root / "_site"


def soup_at(out: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup(file_for(out, url).read_text(encoding="utf-8"), "html.parser")


def file_for(out: Path, url: str) -> Path:
    """The output file a same-site URL (absolute, or a path under the sub-path) serves."""
    path = urlsplit(urljoin(BASE, url)).path
    assert path.startswith(BASE_PATH), f"{url} is outside {BASE_PATH}"
    target = out / path[len(BASE_PATH) :]
    return target / "index.html" if path.endswith("/") or target.is_dir() else target


def page_url(out: Path, page: Path) -> str:
    """The absolute URL an output HTML file is served at."""
    relative = page.relative_to(out).as_posix()
    return BASE + relative.removesuffix("index.html")


def crawl(out: Path) -> tuple[set[str], list[str]]:
    """Every page reached from the home page, and every same-site reference that is broken."""
    seen, broken = {BASE}, []
    queue = deque([BASE])
    while queue:
        url = queue.popleft()
        soup = soup_at(out, url)
        # A form's action too: the header's search field is how readers reach search/.
        for tag in soup.find_all(["a", "link", "img", "script", "form"]):
            ref = tag.get("href") or tag.get("src") or tag.get("action")
            if not ref or ref.startswith("#"):
                continue
            absolute = urljoin(url, ref).split("#")[0]
            if not absolute.startswith(BASE):
                assert not absolute.startswith("https://user.github.io/"), f"{url}: {ref}"
                continue
            if not file_for(out, absolute).is_file():
                broken.append(f"{url} -> {ref}")
            elif absolute.endswith("/") and absolute not in seen:
                seen.add(absolute)
                queue.append(absolute)
    return seen, broken


def listed(out: Path, url: str) -> list[str]:
    """Review slugs a paginated listing shows, following its rel=next links to the end."""
    slugs: list[str] = []
    next_url: str | None = url
    while next_url:
        soup = soup_at(out, next_url)
        for link in soup.select("main .review-list .tape-title a"):
            slugs.append(link["href"].rstrip("/").rsplit("/", 1)[-1])
        step = soup.select_one('nav.pagination a[rel="next"]')
        next_url = step["href"] if step else None
    return slugs


def test_crawl_from_home_reaches_every_page_and_no_link_is_broken(out: Path) -> None:
    seen, broken = crawl(out)
    assert broken == []
    pages = {page_url(out, p) for p in out.rglob("*.html") if p.name != "404.html"}
    assert seen == pages
    assert {f"{BASE}reviews/{t.slug}/" for t in TAPES} <= seen
    assert len(pages) > 46 + 10
    for url in pages - {BASE}:
        back = soup_at(out, url).select_one("main a.back-link")
        assert back is not None and back.get_text() == "Back to Home", url
        assert back["href"] == BASE_PATH


def test_every_review_is_reachable_from_home_pages_alone(out: Path) -> None:
    assert listed(out, BASE) == site_order(TAPES)
    assert (out / "page/10/index.html").is_file() and not (out / "page/11").exists()
    assert not (out / "page/1").exists()


def test_pagination_links_and_numbers(out: Path) -> None:
    page = soup_at(out, BASE + "page/5/")
    nav = page.select_one("nav.pagination")
    assert nav["aria-label"] == "Latest reviews: pages"
    assert nav.select_one('a[rel="prev"]')["href"] == BASE_PATH + "page/4/"
    assert nav.select_one('a[rel="next"]')["href"] == BASE_PATH + "page/6/"
    numbers = [li.get_text(strip=True) for li in nav.select(".pagination-pages li")]
    assert numbers == ["1", "…", "3", "4", "5", "6", "7", "…", "10"]
    assert nav.select_one('[aria-current="page"]').get_text() == "5"
    assert nav.select_one(".pagination-pages a")["href"] == BASE_PATH
    assert soup_at(out, BASE + "page/2/").select_one('a[rel="prev"]')["href"] == BASE_PATH
    last = soup_at(out, BASE + "page/10/")
    assert last.select_one('a[rel="next"]') is None
    assert last.select_one("a.back-link")["href"] == BASE_PATH
    assert soup_at(out, BASE).select_one('a[rel="prev"]') is None


def test_decade_genre_director_and_author_pages_list_the_right_reviews_in_order(
    out: Path,
) -> None:
    nineties = [t for t in TAPES if 1990 <= t.year < 2000]
    assert listed(out, BASE + "decades/1990s/") == site_order(nineties)
    horror = [t for t in TAPES if "Horror" in t.genres]
    assert listed(out, BASE + "genres/horror/") == site_order(horror)
    noir = [t for t in TAPES if "Film Noir" in t.genres]
    assert listed(out, BASE + "genres/film-noir/") == site_order(noir)
    varda = [t for t in TAPES if "Agnès Varda" in t.directors]
    assert listed(out, BASE + "directors/agnes-varda/") == site_order(varda)
    dana = [t for t in TAPES if t.author == "Dana Reyes"]
    assert listed(out, BASE + "authors/dana-reyes/") == site_order(dana)
    assert len(horror) > PER_PAGE and (out / "genres/horror/page/2/index.html").is_file()


def test_top_rated_is_by_rating_then_year_then_title(out: Path) -> None:
    order = sorted(TAPES, key=lambda t: (-t.rating, t.year, t.title.casefold(), t.slug))
    assert listed(out, BASE + "top-rated/") == [t.slug for t in order]


def test_index_pages_list_terms_with_counts(out: Path) -> None:
    genres = soup_at(out, BASE + "genres/")
    rows = [" ".join(li.get_text(" ", strip=True).split()) for li in genres.select(".term-list li")]
    counts = {g: sum(g in t.genres for t in TAPES) for g in GENRES}
    assert rows == [f"{g} {counts[g]} reviews" for g in sorted(GENRES)]
    decades = soup_at(out, BASE + "decades/")
    names = [a.get_text() for a in decades.select(".term-list a")]
    assert names == ["1950s", "1960s", "1970s", "1980s", "1990s", "2000s"]
    assert decades.select_one(".term-list a")["href"] == BASE_PATH + "decades/1950s/"
    directors = [a.get_text() for a in soup_at(out, BASE + "directors/").select(".term-list a")]
    assert directors == sorted(DIRECTORS)
    authors = soup_at(out, BASE + "authors/").select(".term-list a")
    assert [a["href"] for a in authors][-1] == BASE_PATH + "authors/vhs-heaven-team/"
    for url in ("genres/", "decades/", "directors/", "authors/", "top-rated/", "genres/drama/"):
        assert soup_at(out, BASE + url).select_one("a.back-link").get_text() == "Back to Home"


def test_review_page_links_its_terms_and_neighbours(out: Path) -> None:
    tape = TAPES[22]
    assert (tape.year, tape.genres) == (1984, ("Science Fiction", "Film Noir"))
    assert (tape.directors, tape.author) == (("Agnès Varda", "Spike Lee"), "Marcus Webb")
    page = soup_at(out, f"{BASE}reviews/tape-22/")
    facts = {a.get_text(): a["href"] for a in page.select(".film-facts a")}
    assert facts == {
        "Agnès Varda": BASE_PATH + "directors/agnes-varda/",
        "Spike Lee": BASE_PATH + "directors/spike-lee/",
        "1980s": BASE_PATH + "decades/1980s/",
        "Science Fiction": BASE_PATH + "genres/science-fiction/",
        "Film Noir": BASE_PATH + "genres/film-noir/",
    }
    assert page.select_one(".byline a")["href"] == BASE_PATH + "authors/marcus-webb/"
    order = site_order(TAPES)
    at = order.index("tape-22")
    assert page.select_one(".review-nav-newer")["href"] == f"{BASE_PATH}reviews/{order[at - 1]}/"
    assert page.select_one(".review-nav-older")["href"] == f"{BASE_PATH}reviews/{order[at + 1]}/"


def related_oracle(tape: Tape) -> list[str]:
    """Every other review scored by the issue's rule, best three first."""
    order = site_order(TAPES)

    def rank(other: Tape) -> tuple[int, bool, bool, int]:
        shared = len(set(tape.genres) & set(other.genres))
        same_director = bool(set(tape.directors) & set(other.directors))
        same_decade = tape.year // 10 == other.year // 10
        return (-shared, not same_director, not same_decade, order.index(other.slug))

    others = [t for t in TAPES if t != tape]
    related = [t for t in sorted(others, key=rank) if rank(t)[:3] != (0, True, True)]
    return [t.slug for t in related[:3]]


def test_every_review_shows_the_three_most_related_reviews(out: Path) -> None:
    for tape in TAPES:
        page = soup_at(out, f"{BASE}reviews/{tape.slug}/")
        shown = [a["href"].split("/")[-2] for a in page.select(".related .tape-title a")]
        assert shown == related_oracle(tape), tape.slug


def test_first_and_last_reviews_have_one_neighbour(out: Path) -> None:
    order = site_order(TAPES)
    first = soup_at(out, f"{BASE}reviews/{order[0]}/")
    assert first.select_one(".review-nav-newer") is None
    assert first.select_one(".review-nav-older")["href"].endswith(f"/{order[1]}/")
    last = soup_at(out, f"{BASE}reviews/{order[-1]}/")
    assert last.select_one(".review-nav-older") is None


def test_main_feed_parses_cleanly_with_absolute_urls_and_ids(out: Path) -> None:
    feed = feedparser.parse((out / "feed.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {"self": BASE + "feed.xml", "alternate": BASE}
    assert feed.feed.id == BASE + "feed.xml"
    newest = site_order(TAPES)[:20]
    assert [e.id for e in feed.entries] == [f"{BASE}reviews/{s}/" for s in newest]
    assert [e.link for e in feed.entries] == [e.id for e in feed.entries]
    newest_date = max(t.date for t in TAPES if t.date)
    assert feed.feed.updated == f"{newest_date.isoformat()}T00:00:00+00:00"
    entry = feed.entries[0]
    tape = next(t for t in TAPES if t.slug == newest[0])
    assert entry.title == f"{tape.title} ({tape.year})"
    assert entry.author == tape.author
    assert entry.published == entry.updated == f"{tape.date}T00:00:00+00:00"
    assert entry.summary.startswith("Words about the film.")
    assert entry.content[0].type == "text/html"
    assert "<h2" in entry.content[0].value and "Rating: " in entry.content[0].value
    assert sorted(tag.term for tag in entry.tags) == sorted(tape.genres)


def test_genre_feed_lists_the_genre_and_gives_undated_reviews_a_derived_time(out: Path) -> None:
    feed = feedparser.parse((out / "genres/film-noir/feed.xml").read_bytes())
    assert feed.bozo == 0, feed.get("bozo_exception")
    links = {link.rel: link.href for link in feed.feed.links}
    assert links == {
        "self": BASE + "genres/film-noir/feed.xml",
        "alternate": BASE + "genres/film-noir/",
    }
    noir = site_order([t for t in TAPES if "Film Noir" in t.genres])
    assert [e.id for e in feed.entries] == [f"{BASE}reviews/{s}/" for s in noir]
    undated = [e for e in feed.entries if "published" not in e]
    assert len(undated) == 4 and all(e.updated == feed.feed.updated for e in undated)
    page = soup_at(out, BASE + "genres/film-noir/")
    alternates = [link["href"] for link in page.select('link[rel="alternate"]')]
    assert alternates == [BASE_PATH + "feed.xml", BASE_PATH + "genres/film-noir/feed.xml"]
    assert page.select_one(".listing-meta a")["href"] == BASE_PATH + "genres/film-noir/feed.xml"


def test_sitemap_lists_every_page_with_lastmod_for_dated_reviews(out: Path) -> None:
    root = ET.parse(out / "sitemap.xml").getroot()
    assert root.tag == SITEMAP_NS + "urlset"
    entries = {
        u.findtext(SITEMAP_NS + "loc"): u.findtext(SITEMAP_NS + "lastmod")
        for u in root.findall(SITEMAP_NS + "url")
    }
    pages = {page_url(out, p) for p in out.rglob("*.html") if p.name != "404.html"}
    assert set(entries) == pages
    for tape in TAPES:
        lastmod = entries[f"{BASE}reviews/{tape.slug}/"]
        assert lastmod == (tape.date.isoformat() if tape.date else None)
    assert entries[BASE + "genres/"] is None
    robots = (out / "robots.txt").read_text().splitlines()
    assert f"Sitemap: {BASE}sitemap.xml" in robots


def json_ld(out: Path, slug: str) -> dict[str, object]:
    page = soup_at(out, f"{BASE}reviews/{slug}/")
    scripts = page.find_all("script")
    assert [s["type"] for s in scripts] == ["application/ld+json"]
    data: dict[str, object] = json.loads(scripts[0].string)
    return data


def test_json_ld_of_a_review_has_every_field(out: Path) -> None:
    tape = TAPES[0]
    assert tape.date and tape.author == "Dana Reyes" and len(tape.directors) == 2
    assert json_ld(out, "tape-00") == {
        "@context": "https://schema.org",
        "@type": "Review",
        "url": BASE + "reviews/tape-00/",
        "itemReviewed": {
            "@type": "Movie",
            "name": "Tape 00",
            "dateCreated": "1950",
            "director": [
                {"@type": "Person", "name": "Akira Kurosawa"},
                {"@type": "Person", "name": "John Carpenter"},
            ],
            "image": BASE + "static/images/posters/tape.jpg",
        },
        "reviewRating": {"@type": "Rating", "ratingValue": 0, "bestRating": 10, "worstRating": 0},
        "author": {"@type": "Person", "name": "Dana Reyes", "url": BASE + "authors/dana-reyes/"},
        "publisher": {"@type": "Organization", "name": "Test Heaven", "url": BASE},
        "image": BASE + "_images/cards/tape-00.jpg",
        "description": SUMMARY,
        "datePublished": "2024-01-01T00:00:00+00:00",
    }


def test_json_ld_of_the_team_author_and_an_undated_review(out: Path) -> None:
    tape = TAPES[29]
    assert (tape.date, tape.author, tape.rating, tape.year) == (None, "VHS Heaven Team", 7, 1973)
    data = json_ld(out, "tape-29")
    assert data["author"] == {
        "@type": "Organization",
        "name": "VHS Heaven Team",
        "url": BASE + "authors/vhs-heaven-team/",
    }
    assert "datePublished" not in data
    assert data["reviewRating"] == {
        "@type": "Rating",
        "ratingValue": 7,
        "bestRating": 10,
        "worstRating": 0,
    }
    assert data["itemReviewed"] == {
        "@type": "Movie",
        "name": "Tape 29",
        "dateCreated": "1973",
        "director": {"@type": "Person", "name": "Jane Campion"},
    }


def test_hostile_title_stays_inside_valid_json_ld(out: Path) -> None:
    html = file_for(out, f"{BASE}reviews/tape-13/").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "</script><script>" not in html
    movie = json_ld(out, "tape-13")["itemReviewed"]
    assert isinstance(movie, dict) and movie["name"] == HOSTILE
    soup = soup_at(out, f"{BASE}reviews/tape-13/")
    assert meta(soup, "og:title") == f"{HOSTILE} ({TAPES[13].year})"
    assert soup.h1.get_text() == HOSTILE


def meta(soup: BeautifulSoup, key: str) -> str:
    tag = soup.find("meta", property=key) or soup.find("meta", attrs={"name": key})
    assert tag is not None, key
    return str(tag["content"])


@pytest.mark.parametrize(
    "url", ["", "page/3/", "reviews/tape-00/", "reviews/tape-01/", "genres/", "decades/1970s/"]
)
def test_every_page_head_has_search_and_social_metadata(out: Path, url: str) -> None:
    soup = soup_at(out, BASE + url)
    assert soup.title and soup.title.get_text().endswith("Test Heaven")
    assert meta(soup, "description")
    assert soup.select_one('link[rel="canonical"]')["href"] == BASE + url
    assert meta(soup, "og:url") == BASE + url
    assert meta(soup, "og:description") == meta(soup, "description")
    assert meta(soup, "og:title")
    feed = soup.select_one('link[rel="alternate"][type="application/atom+xml"]')
    assert feed["href"] == BASE_PATH + "feed.xml"
    is_review = url.startswith("reviews/")
    assert meta(soup, "og:type") == ("article" if is_review else "website")
    # Every review has a share card (see test_images.py); other pages have no image.
    assert meta(soup, "twitter:card") == ("summary_large_image" if is_review else "summary")
    if is_review:
        assert meta(soup, "og:image") == BASE + f"_images/cards/{url.split('/')[1]}.jpg"
        assert file_for(out, meta(soup, "og:image")).is_file()
    else:
        assert soup.find("meta", property="og:image") is None


def test_review_description_is_its_summary(out: Path) -> None:
    soup = soup_at(out, BASE + "reviews/tape-01/")
    assert meta(soup, "description") == SUMMARY
    assert meta(soup, "og:title") == "Tape 01 (1957)"


def test_every_genre_feed_parses_and_keeps_a_hostile_title_as_text(out: Path) -> None:
    feeds = sorted(out.glob("genres/*/feed.xml"))
    assert len(feeds) == len(GENRES)
    for path in feeds:
        feed = feedparser.parse(path.read_bytes())
        assert feed.bozo == 0, (path, feed.get("bozo_exception"))
    horror = feedparser.parse((out / "genres/horror/feed.xml").read_bytes())
    titles = [e.title for e in horror.entries]
    assert f"{HOSTILE} ({TAPES[13].year})" in titles
