"""Every generated page passes the Nu Html Checker with no errors."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.conftest import SITE_YAML, MakeSite, review_text, run_cli
from tests.e2e.test_build_cli import copy_sample_site, sample_slugs
from tests.tools import vnu_command

FEATURES = (
    "date: 2026-02-03\nauthor: Dana Reyes\noriginal_title: Lola rennt\nposter: images/poster.svg\n"
    "director: [Tom Tykwer, Someone Else]\ngenres: [Thriller]\n"
    'verdict: |\n  A *closing* "verdict".\n'
)
FEATURE_BODY = """\
Opening paragraph with a footnote[^1] and an ![inline image](https://example.org/a.png).

# A level-one heading the editor typed

| Film | Year |
|------|------|
| Lola | 1998 |

::: spoiler the ending

The secret.

:::

> A quotation.

Term
:   Definition.

[^1]: The note.
"""


def validate(folder: Path) -> list[str]:
    """Nu Html Checker errors for every HTML file under a folder."""
    result = subprocess.run(
        [*vnu_command(), "--errors-only", "--format", "json", "--skip-non-html", str(folder)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [f"{m.get('url', '')}:{m.get('lastLine', '?')}: {m['message']}" for m in messages]


def test_sample_and_feature_sites_are_valid_html(tmp_path: Path, make_site: MakeSite) -> None:
    sample = copy_sample_site(tmp_path)
    assert run_cli("build", "--source", sample).returncode == 0
    features = make_site(
        {
            # One review a page, so listings have page numbers, gaps and previous/next links.
            "site.yaml": SITE_YAML + "reviews_per_page: 1\n",
            "content/reviews/lola.md": review_text(
                "Run Lola Run", 1998, 7.5, FEATURES, FEATURE_BODY
            ),
            "content/reviews/other.md": review_text(
                '"<Hostile> & title"', 1980, 0, "poster: https://example.org/p.jpg\n"
            ),
            "static/images/poster.svg": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 2 3"/>',
            **{
                f"content/reviews/more-{i}.md": review_text(f"More {i}", 1990 + i, 5)
                for i in range(6)
            },
        }
    )
    assert run_cli("build", "--source", features).returncode == 0
    sample_pages = {p.relative_to(sample).as_posix() for p in sample.glob("_site/**/*.html")}
    assert {f"_site/reviews/{slug}/index.html" for slug in sample_slugs()} < sample_pages
    # Features: 8 reviews, 8 home and 8 top-rated pages, 404, search, 4 indexes, then term
    # pages: 1 genre, 1 + 7 decade, 2 director, 1 + 7 author.
    assert len(list(features.glob("_site/**/*.html"))) == 49
    assert validate(sample / "_site") + validate(features / "_site") == []


def test_pages_aliases_series_bios_and_drafts_are_valid_html(make_site: MakeSite) -> None:
    alien = 'series: Alien\nseries_order: 1\naliases: [/2019/05/04/alien/, "/old/alien.html"]\n'
    root = make_site(
        {
            "site.yaml": SITE_YAML + "menu:\n  - {label: About, page: about}\n",
            "content/reviews/alien.md": review_text(
                "Alien", 1979, 9, alien + "author: [Dana Reyes, Marcus Webb]\n"
            ),
            "content/reviews/aliens.md": review_text(
                "Aliens", 1986, 9, "series: Alien\nupdated: 2026-11-30\ndate: 2026-01-02\n"
            ),
            "content/reviews/alien-3.md": "---\ntitle: Alien 3\ndraft: true\nseries: Alien\n---\nSoon.\n",
            "content/pages/about.md": "---\ntitle: About\nupdated: 2026-10-01\n---\n\nWho we are.\n",
            "content/authors/dana-reyes.md": (
                "---\nname: Dana Reyes\nlinks:\n  Mail: mailto:d@example.org\n---\n\nA bio.\n"
            ),
        }
    )
    assert run_cli("build", "--drafts", "--source", root).returncode == 0
    out = root / "_site"
    for name in (
        "about/index.html",
        "series/alien/index.html",
        "authors/dana-reyes/index.html",
        "2019/05/04/alien/index.html",
        "old/alien.html",
        "reviews/alien-3/index.html",
    ):
        assert (out / name).is_file(), name
    assert validate(out) == []
