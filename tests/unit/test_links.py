"""Link checks over rendered pages: links, #fragments, assets, base path, lines in the source."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from vhsheaven.errors import Location
from vhsheaven.model.pages import RenderedPage
from vhsheaven.render.links import check_links, page_url

BASE = "https://u.github.io/repo/"
REVIEW_MD = Path("content/reviews/x.md")
SOURCE = """\
---
title: X
---

See [the sequel](../nope/) and [the shark](../jaws/#the-shark).

![poster](../../static/missing.png)

[ref]: ../jaws
"""
TEMPLATE_PART = '<link rel="stylesheet" href="/repo/static/site.css"><a href="/repo/">Home</a>'


def page(path: str, body: str, source: Path | None = None) -> RenderedPage:
    html = f"<!DOCTYPE html><html><body>{TEMPLATE_PART}{body}</body></html>"
    return RenderedPage(PurePosixPath(path), html.encode(), Location(source, 1) if source else None)


def run(*pages: RenderedPage, assets: tuple[str, ...] = ("static/site.css",)) -> list[str]:
    report = check_links(pages, [PurePosixPath(a) for a in assets], BASE, {REVIEW_MD: SOURCE}.get)
    return [str(problem) for problem in report.problems]


HOME = page("index.html", '<a href="reviews/jaws/">Jaws</a>')
JAWS = page("reviews/jaws/index.html", '<h2 id="the-shark-attacks">The shark</h2>')


def test_page_urls() -> None:
    assert page_url(PurePosixPath("index.html")) == ""
    assert page_url(PurePosixPath("reviews/x/index.html")) == "reviews/x/"
    assert page_url(PurePosixPath("404.html")) == "404.html"


def test_clean_pages_have_no_problems_and_links_are_counted() -> None:
    report = check_links([HOME, JAWS], [PurePosixPath("static/site.css")], BASE, lambda path: None)
    assert (report.pages, report.links, report.problems) == (2, 5, ())


def test_review_problems_name_the_file_and_line_where_they_were_written() -> None:
    body = (
        '<p>See <a href="../nope/">the sequel</a> and <a href="../jaws/#the-shark">the shark</a>.</p>'
        '<p><img alt="poster" src="../../static/missing.png"></p><a href="../jaws">ref</a>'
    )
    problems = run(HOME, JAWS, page("reviews/x/index.html", body, REVIEW_MD))
    assert problems == [
        'content/reviews/x.md:5: link "../nope/" points to nothing: no page reviews/nope/ in the site',
        'content/reviews/x.md:5: link "../jaws/#the-shark" has no target: reviews/jaws/ has no id '
        '"the-shark"; did you mean #the-shark-attacks?',
        'content/reviews/x.md:7: image "../../static/missing.png" points to nothing: '
        "no file static/missing.png in the site",
        'content/reviews/x.md:9: warning: link "../jaws" needs a trailing slash '
        "(reviews/jaws/); some hosts do not add it",
    ]


def test_a_broken_template_link_is_reported_once_for_all_pages() -> None:
    problems = run(HOME, JAWS, assets=())
    assert problems == [
        'templates: asset "/repo/static/site.css" points to nothing: no file static/site.css '
        "in the site (not in the review text, so from a template; on index.html and 1 more)"
    ]


def test_links_outside_the_base_path_are_errors_but_other_sites_are_not_checked() -> None:
    body = (
        '<a href="/reviews/jaws/">no base path</a><a href="https://u.github.io/other/">other repo</a>'
        '<a href="https://example.org/nope">external</a><a href="mailto:a@b.c">mail</a>'
        '<a href="#">top</a><a href="#top">top</a>'
    )
    problems = run(page("index.html", body), JAWS)
    assert problems == [
        'templates: link "/reviews/jaws/" is outside the site\'s base path /repo/; write it '
        "relative to the page (not in the review text, so from a template; on index.html)",
        'templates: link "https://u.github.io/other/" is outside the site\'s base path /repo/; '
        "write it relative to the page (not in the review text, so from a template; on index.html)",
    ]


def test_fragments_on_the_same_page_and_named_anchors_resolve() -> None:
    body = '<h2 id="a">A</h2><a name="old"></a><a href="#a">a</a><a href="#old">old</a>'
    broken = '<a href="#b">b</a>'
    assert run(page("index.html", body)) == []
    assert run(page("index.html", body + broken)) == [
        'templates: link "#b" has no target: / has no id "b" (not in the review text, so from '
        "a template; on index.html)"
    ]


def test_canonical_links_are_not_required_to_exist() -> None:
    body = '<link rel="canonical" href="https://u.github.io/repo/not-built-here/">'
    assert run(page("index.html", body)) == []


def test_percent_encoded_paths_and_ids_resolve() -> None:
    target = page("reviews/am\u00e9lie/index.html", '<h2 id="caf\u00e9">Caf\u00e9</h2>')
    body = '<a href="reviews/am%C3%A9lie/#caf%C3%A9">Am\u00e9lie</a>'
    assert run(page("index.html", body), target) == []
