"""Pages that are not reviews (content/pages/), the header's menu, and stray Markdown files."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import SITE_YAML, MakeSite, review_text, run_cli, snapshot
from vhsheaven.build import build
from vhsheaven.errors import BuildFailed
from vhsheaven.options import BuildOptions
from vhsheaven.reports import BuildReport

ABOUT = """\
---
title: About us
menu: About
aliases: [/about-us/]
---

We rent, we watch, we write. See [Alien](../reviews/alien/).
"""
MENU = """\
menu:
  - {label: Home, url: /}
  - {label: Who we are, page: about}
  - {label: Letterboxd, url: "https://letterboxd.com/vhsheaven/"}
"""


def built(root: Path, **options: bool) -> BuildReport:
    """The site built without the cache."""
    return build(root, options=BuildOptions(cache=False, **options))


def nav(files: dict[str, bytes], name: str) -> list[tuple[str, str, bool]]:
    """The header's links on a page: label, href, whether marked as the current page."""
    page = BeautifulSoup(files[name], "html.parser")
    links = page.select("nav.site-nav a")
    return [(a.text, a["href"], a.get("aria-current") == "page") for a in links]


def test_a_page_is_built_at_its_slug_listed_in_the_menu_and_sitemap(make_site: MakeSite) -> None:
    root = make_site(
        {
            "content/reviews/alien.md": review_text("Alien", 1979, 9),
            "content/pages/about.md": ABOUT,
        }
    )
    report = built(root)
    files = snapshot(root / "_site")
    page = BeautifulSoup(files["about/index.html"], "html.parser")
    assert page.h1.text == "About us"
    assert page.select_one(".review-body a")["href"] == "../reviews/alien/"
    assert page.title.text == "About us · Test Heaven"
    links = nav(files, "about/index.html")
    assert [label for label, _, _ in links] == [
        "Genres",
        "Decades",
        "Directors",
        "Authors",
        "Top rated",
        "About",
    ]
    assert links[-1] == ("About", "/about/", True)
    assert nav(files, "index.html")[-1] == ("About", "/about/", False)
    assert "<loc>https://example.org/about/</loc>" in files["sitemap.xml"].decode()
    assert b"/about/" in files["about-us/index.html"]
    assert report.warnings == ()


def test_site_yaml_menu_replaces_the_browse_links(make_site: MakeSite) -> None:
    root = make_site(
        {
            "site.yaml": SITE_YAML + MENU + "  - {label: Gone, page: no-such-page}\n",
            "content/reviews/alien.md": review_text("Alien", 1979, 9),
            "content/pages/about.md": ABOUT,
        }
    )
    report = built(root)
    files = snapshot(root / "_site")
    assert nav(files, "reviews/alien/index.html") == [
        ("Home", "/", False),
        ("Who we are", "/about/", False),
        ("Letterboxd", "https://letterboxd.com/vhsheaven/", False),
    ]
    assert nav(files, "index.html")[0] == ("Home", "/", True)
    assert [str(w) for w in report.warnings] == [
        'site.yaml: warning: menu: menu item "Gone" names no published page "no-such-page" '
        "(allowed: about)"
    ]


def test_a_menu_item_needs_a_label_and_one_target(make_site: MakeSite) -> None:
    root = make_site({"site.yaml": SITE_YAML + "menu:\n  - {label: About, page: a, url: /a/}\n"})
    result = run_cli("build", "--source", root)
    assert result.returncode == 1
    assert "site.yaml:6: menu: item 1 must have either a page or a url, not both" in result.stderr


def test_markdown_that_belongs_to_nothing_is_a_warning(make_site: MakeSite) -> None:
    root = make_site(
        {
            "content/reviews/alien.md": review_text("Alien", 1979, 9),
            "content/about.md": ABOUT,
            "content/notes/ideas.md": "just notes",
        }
    )
    report = built(root)
    assert [(str(w.location.path), w.severity) for w in report.warnings] == [
        ("content/about.md", "warning"),
        ("content/notes/ideas.md", "warning"),
    ]
    assert "belongs to nothing and is not published" in str(report.warnings[0])
    assert "about/index.html" not in snapshot(root / "_site")


def test_a_page_needs_only_a_title_and_its_problems_are_reported_with_reviews(
    make_site: MakeSite,
) -> None:
    root = make_site(
        {
            "content/reviews/alien.md": review_text("Alien", 1979, 11),
            "content/pages/contact.md": "---\nsummary: Write to us.\n---\nHello.\n",
            "content/pages/ok.md": "---\ntitle: Just a title\n---\nHello.\n",
            "content/pages/bad.md": "---\ntitle: Bad\ndraft: perhaps\nmenu: [1]\n---\n",
        }
    )
    with pytest.raises(BuildFailed) as failed:
        built(root)
    assert [f"{d.location.path}:{d.location.line}:{d.field}" for d in failed.value.diagnostics] == [
        "content/pages/bad.md:3:draft",
        "content/pages/bad.md:4:menu",
        "content/pages/contact.md:1:title",
        "content/reviews/alien.md:4:rating",
    ]


def test_a_draft_page_is_left_out_unless_building_drafts(make_site: MakeSite) -> None:
    page = "---\ntitle: Soon\ndraft: true\nmenu: true\n---\nComing.\n"
    root = make_site({"content/pages/soon.md": page})
    report = built(root)
    assert [str(note) for note in report.left_out] == [
        "left out content/pages/soon.md: draft: true (build with --drafts to include it)"
    ]
    assert "soon/index.html" not in snapshot(root / "_site")
    built(root, drafts=True)
    files = snapshot(root / "_site")
    assert BeautifulSoup(files["soon/index.html"], "html.parser").select_one(".draft-mark")
    assert nav(files, "soon/index.html")[-1] == ("Soon", "/soon/", True)


def test_a_page_at_an_address_the_site_uses_is_an_error(make_site: MakeSite) -> None:
    root = make_site({"content/pages/genres.md": "---\ntitle: Genres\n---\nMine.\n"})
    with pytest.raises(BuildFailed) as failed:
        built(root)
    assert [str(d) for d in failed.value.diagnostics] == [
        "content/pages/genres.md:1: slug: the address /genres/ is taken by the site's own page "
        "there (genres/index.html); give each page and alias an address of its own"
    ]


def test_check_follows_the_links_of_pages(make_site: MakeSite) -> None:
    about = "---\ntitle: About\n---\nSee [a tape](../reviews/no-such-tape/).\n"
    root = make_site({"content/pages/about.md": about})
    result = run_cli("check", "--source", root)
    assert result.returncode == 1
    assert "content/pages/about.md" in result.stderr
    assert "reviews/no-such-tape/" in result.stderr
