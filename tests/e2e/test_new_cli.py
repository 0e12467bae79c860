"""`vhsheaven new`: a draft with every field laid out, that our own loader reads; no overwrites."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from bs4 import BeautifulSoup

from tests.conftest import SITE_YAML, MakeSite, review_text, run_cli, snapshot
from vhsheaven.load.review_file import FIELDS


def test_new_writes_a_draft_with_every_field_that_builds_with_drafts(make_site: MakeSite) -> None:
    root = make_site({"site.yaml": SITE_YAML + "timezone: Pacific/Kiritimati\n"})
    days = {dt.datetime.now(ZoneInfo("Pacific/Kiritimati")).date().isoformat()}
    result = run_cli(
        "new", "2001: A Space \"Odyssey\"", "--year", "1968", "--rating", "9.5",
        "--author", "Dana Reyes", "--director", "Stanley Kubrick", "--source", root,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout == "content/reviews/2001-a-space-odyssey.md\n"
    text = (root / "content/reviews/2001-a-space-odyssey.md").read_text(encoding="utf-8")
    days.add(dt.datetime.now(ZoneInfo("Pacific/Kiritimati")).date().isoformat())  # midnight
    header = text.split("---\n")[1].splitlines()
    assert header[3] in {f"date: {day}" for day in days}
    assert header[:8] == [
        'title: "2001: A Space \\"Odyssey\\""',
        "year: 1968",
        "rating: 9.5",
        header[3],
        "draft: true                # set to false (or delete this line) to publish",
        'author: "Dana Reyes"',
        'director: "Stanley Kubrick"',
        "# original_title:          # text, shown under the byline",
    ]
    laid_out = {line.lstrip("# ").split(":")[0] for line in header}
    assert laid_out >= set(FIELDS) - {"tags"}  # tags is another name for genres
    assert "::: spoiler" in text and "\n## " in text

    assert run_cli("build", "--source", root).stdout.startswith(
        "left out content/reviews/2001-a-space-odyssey.md: draft: true"
    )
    assert run_cli("build", "--source", root, "--drafts").returncode == 0
    page = root / "_site/reviews/2001-a-space-odyssey/index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert soup.h1.get_text() == '2001: A Space "Odyssey"'
    assert [h.get_text() for h in soup.select(".review-body h2")] == [
        "What It Is About", "What Works", "What Does Not",
    ]  # fmt: skip
    assert soup.select_one(".review-body details") is None  # the example stays a comment
    assert soup.select_one(".rating").get_text() == "Rating: 9.5/10"
    assert "Director Stanley Kubrick" in " ".join(soup.select_one(".film-facts").stripped_strings)


def test_new_without_year_and_rating_says_what_to_fill_in(make_site: MakeSite) -> None:
    root = make_site()
    result = run_cli("new", "Jaws", "--source", root)
    assert result.returncode == 0
    assert result.stdout.splitlines() == [
        "content/reviews/jaws.md",
        "Fill in year and rating in that file before publishing it (drafts build without them).",
    ]
    text = (root / "content/reviews/jaws.md").read_text()
    assert "# year: 1985               # required to publish: the film's release year" in text
    assert "# author: A Name           # who wrote it (default: VHS Heaven Team)" in text
    # A draft: it builds, left out; published, its gaps are errors (test_unfinished_drafts).
    build = run_cli("build", "--source", root)
    assert build.returncode == 0, build.stderr
    assert "left out content/reviews/jaws.md: draft: true" in build.stdout


def test_new_refuses_an_existing_file_or_slug_and_writes_nothing(make_site: MakeSite) -> None:
    root = make_site(
        {
            "content/reviews/jaws.md": "my own words\n",
            "content/reviews/alien-1979.md": review_text("Alien", 1979, 9, "slug: alien\n"),
        }
    )
    before = snapshot(root)
    taken = run_cli("new", "Jaws", "--year", "1975", "--source", root)
    assert (taken.returncode, taken.stdout) == (1, "")
    assert taken.stderr.splitlines() == [
        "content/reviews/jaws.md: already exists; edit that file, or choose another title",
        "Nothing was written.",
    ]
    slug = run_cli("new", "Alien", "--source", root)
    assert slug.returncode == 1
    assert slug.stderr.splitlines()[0] == (
        'content/reviews/alien-1979.md:1: slug: the slug "alien" is already taken by this '
        "review; choose another title"
    )
    assert snapshot(root) == before


def test_new_checks_values_like_the_loader_does(make_site: MakeSite) -> None:
    root = make_site()
    result = run_cli("new", "Metropolis", "--year", "1700", "--rating", "11", "--source", root)
    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [
        f"--year: is out of range (got 1700) (allowed: a whole number from 1888 to "
        f"{dt.date.today().year + 1})",
        "--rating: is out of range (got 11.0) (allowed: a number from 0 to 10 in steps of 0.5)",
    ]
    assert run_cli("new", "!!!", "--source", root).stderr.startswith(
        "title: gives no file name; use a title with letters or digits"
    )
    assert run_cli("new", "X", "--year", "soon", "--source", root).returncode == 2
    assert not (root / "content").exists()


def test_a_title_too_long_for_a_file_name_is_refused(make_site: MakeSite) -> None:
    root = make_site()
    result = run_cli("new", "The Night " * 40, "--source", root)
    assert result.returncode == 1
    assert "title: " in result.stderr and "longer than file systems allow" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (root / "content" / "reviews").exists() or not any(
        (root / "content" / "reviews").iterdir()
    )
