"""Old addresses (`aliases:`) get redirect pages; addresses two files would share are errors."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import SITE_YAML, MakeSite, review_text, snapshot
from vhsheaven.build import build
from vhsheaven.errors import BuildFailed
from vhsheaven.options import BuildOptions

SUB_PATH = SITE_YAML.replace("https://example.org/", "https://example.org/blog/")


def built(root: Path) -> dict[str, bytes]:
    """The site built without the cache; its output files."""
    build(root, options=BuildOptions(cache=False))
    return snapshot(root / "_site")


def failure(root: Path) -> list[str]:
    """The diagnostics of a build that must fail."""
    with pytest.raises(BuildFailed) as failed:
        build(root, options=BuildOptions(cache=False))
    return [str(d) for d in failed.value.diagnostics]


def test_each_alias_gets_a_redirect_page_outside_the_sitemap(make_site: MakeSite) -> None:
    aliases = "aliases: [/2019/05/04/alien/, /old/alien, /caf%C3%A9.html]\n"
    root = make_site(
        {
            "site.yaml": SUB_PATH,
            "content/reviews/alien.md": review_text("Alien", 1979, 9, aliases),
        }
    )
    files = built(root)
    for name in ("2019/05/04/alien/index.html", "old/alien/index.html", "café.html"):
        page = BeautifulSoup(files[name], "html.parser")
        target = "https://example.org/blog/reviews/alien/"
        assert page.find("link", rel="canonical")["href"] == target
        assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
        refresh = page.find("meta", attrs={"http-equiv": "refresh"})["content"]
        assert refresh == "0; url=/blog/reviews/alien/"
        assert page.find("a")["href"] == "/blog/reviews/alien/"
        assert "Alien" in page.h1.text
    sitemap = files["sitemap.xml"].decode()
    assert "reviews/alien/" in sitemap and "2019" not in sitemap and "old/alien" not in sitemap


def test_aliases_that_collide_are_errors_naming_both_files(make_site: MakeSite) -> None:
    root = make_site(
        {
            "content/reviews/alien.md": review_text(
                "Alien", 1979, 9, "aliases: [/genres/, /reviews/jaws/, /x/]\n"
            ),
            "content/reviews/jaws.md": review_text("Jaws", 1975, 8, "aliases:\n  - /x/\n"),
        }
    )
    taken = "give each page and alias an address of its own"
    assert failure(root) == [
        "content/reviews/alien.md:5: aliases: the address /genres/ is taken by the site's own "
        f"page there (genres/index.html); {taken}",
        "content/reviews/alien.md:5: aliases: the address /reviews/jaws/ is taken by the "
        f"review page of content/reviews/jaws.md; {taken}",
        "content/reviews/jaws.md:5: aliases: the address /x/ is taken by an alias of "
        f"content/reviews/alien.md; {taken}",
    ]
    assert not (root / "_site").exists()


@pytest.mark.parametrize(
    ("value", "complaint"),
    [
        ("https://old.example.org/alien/", "not a full URL"),
        ("old/alien/", "is not an address starting with /"),
        ("/a/../../etc/", "must not hold empty, . or .. parts"),
        ("/a/%2e%2e/b/", "must not hold empty, . or .. parts"),
        ("/a b/", "is not an address starting with /"),
        ("/a/?p=1", "is not an address starting with /"),
    ],
)
def test_an_alias_must_be_an_address_inside_the_site(
    make_site: MakeSite, value: str, complaint: str
) -> None:
    root = make_site(
        {"content/reviews/alien.md": review_text("Alien", 1979, 9, f"aliases: ['{value}']\n")}
    )
    (problem,) = failure(root)
    assert problem.startswith("content/reviews/alien.md:5: aliases: ")
    assert complaint in problem and "(allowed: a list of addresses on this site" in problem
