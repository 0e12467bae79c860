"""`build` leaves out drafts and reviews dated later than now, and says so (not as errors)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SITE_YAML, MakeSite, review_text, run_cli


def html_pages(root: Path) -> int:
    return sum(1 for _ in (root / "_site").rglob("*.html"))


def test_build_names_what_it_left_out_and_future_brings_it_in(make_site: MakeSite) -> None:
    root = make_site(
        {
            "site.yaml": SITE_YAML + "timezone: Europe/London\n",
            "content/reviews/old.md": review_text("Old", extra="date: 2001-01-01\n"),
            "content/reviews/later.md": review_text("Later", extra="date: 2999-06-01\n"),
            "content/reviews/wip.md": review_text("WIP", extra="draft: true\n"),
        }
    )
    result = run_cli("build", "--source", root)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines()[:2] == [
        "left out content/reviews/later.md: scheduled for 2999-06-01 00:00 (Europe/London); "
        "it appears in the first build from then on (build with --future to include it now)",
        "left out content/reviews/wip.md: draft: true (build with --drafts to include it)",
    ]
    assert result.stdout.splitlines()[2].startswith(f"Built 1 review: {html_pages(root)} pages,")
    assert not (root / "_site/reviews/later").exists()

    assert run_cli("build", "--source", root, "--quiet").stdout == ""
    both = run_cli("build", "--source", root, "--future", "--drafts")
    assert both.stdout.startswith(f"Built 3 reviews: {html_pages(root)} pages,")
    assert (root / "_site/reviews/later/index.html").is_file()
