"""A theme author's edits: whatever a template shows, a cached build shows it as a clean one."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import MakeSite, review_text, snapshot
from vhsheaven.build import build
from vhsheaven.errors import BuildFailed
from vhsheaven.options import BuildOptions


def sci_fi(title: str, year: int, day: int) -> str:
    return review_text(title, year, extra=f"genres: [Science Fiction]\ndate: 2020-01-{day:02d}\n")


@pytest.fixture
def site(make_site: MakeSite) -> Path:
    root = make_site(
        {f"content/reviews/film-{n}.md": sci_fi(f"Film {n}", 1980 + n, 10 + n) for n in range(4)}
    )
    (root / "content/reviews/alien.md").write_text(sci_fi("Alien", 1979, 20))
    return root


def edit_template(root: Path, name: str, anchor: str, line: str) -> None:
    path = root / "templates" / name
    text = path.read_text()
    assert anchor in text
    path.write_text(text.replace(anchor, anchor + line, 1))


def test_a_term_count_on_an_index_page_follows_a_new_review(site: Path, tmp_path: Path) -> None:
    line = '{% for term in taxonomy.terms %}<p class="count">{{ term.name }} has {{ term.count }} reviews</p>{% endfor %}'
    edit_template(site, "terms.html", "{% block main %}", line)
    build(site)
    # Older than every other: no neighbour or related list of alien's changes.
    (site / "content/reviews/metropolis.md").write_text(sci_fi("Metropolis", 1927, 1))
    build(site)
    build(site, tmp_path / "clean", BuildOptions(cache=False))
    assert snapshot(site / "_site") == snapshot(tmp_path / "clean")
    page = (site / "_site/genres/index.html").read_text()
    assert "Science Fiction has 6 reviews" in page


@pytest.mark.parametrize(
    ("name", "anchor", "line", "missing"),
    [
        ("review.html", "{% block main %}", "{{ links.genres[0].reviews | length }}", "reviews"),
        ("review.html", "{% block main %}", "{{ links.genres[0].count }}", "count"),
        ("base.html", "</footer>", "{{ site.reviews | length }} reviews", "reviews"),
    ],
)
def test_what_a_template_cannot_reach_is_an_error_not_a_stale_page(
    site: Path, name: str, anchor: str, line: str, missing: str
) -> None:
    build(site)
    before = snapshot(site / "_site")
    edit_template(site, name, anchor, line)
    for options in (BuildOptions(), BuildOptions(cache=False)):
        with pytest.raises(BuildFailed) as failed:
            build(site, options=options)
        [problem] = failed.value.diagnostics
        assert str(problem).startswith(f"templates/{name}:")
        assert f"has no attribute '{missing}'" in str(problem)
    assert snapshot(site / "_site") == before
