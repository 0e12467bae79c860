"""Drafts and scheduled reviews, judged against one injected clock in the site's time zone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.conftest import SITE_YAML, MakeSite, review_text
from vhsheaven.build import build, load
from vhsheaven.options import BuildOptions

UTC = dt.timezone.utc


def published(root: Path, now: dt.datetime, **options: bool) -> tuple[list[str], list[str]]:
    """Slugs published at `now`, and the left-out lines."""
    loaded = load(root, BuildOptions(now=now, **options))
    return [r.slug for r in loaded.site.reviews], [str(x) for x in loaded.left_out]


def tokyo_site(make_site: MakeSite, date: str) -> Path:
    return make_site(
        {
            "site.yaml": SITE_YAML + "timezone: Asia/Tokyo\n",
            "content/reviews/ring.md": review_text("Ring", 1998, 8, f"date: {date}\n"),
        }
    )


def test_a_date_only_review_appears_at_midnight_in_the_site_time_zone(
    make_site: MakeSite,
) -> None:
    root = tokyo_site(make_site, "2026-03-01")
    # 08:00 on 1 March in Tokyo is still 28 February in UTC, where CI runs: it must not vanish.
    assert published(root, dt.datetime(2026, 2, 28, 23, 0, tzinfo=UTC)) == (["ring"], [])
    assert published(root, dt.datetime(2026, 2, 28, 15, 0, tzinfo=UTC)) == (["ring"], [])
    one_minute_early = dt.datetime(2026, 2, 28, 14, 59, tzinfo=UTC)
    assert published(root, one_minute_early) == (
        [],
        [
            "left out content/reviews/ring.md: scheduled for 2026-03-01 00:00 (Asia/Tokyo); "
            "it appears in the first build from then on (build with --future to include it now)"
        ],
    )
    assert published(root, one_minute_early, future=True) == (["ring"], [])


def test_a_date_time_with_an_offset_is_taken_as_written(make_site: MakeSite) -> None:
    root = tokyo_site(make_site, "2026-03-01T20:30:00-05:00")  # 2 March 01:30 UTC, 10:30 Tokyo
    before = dt.datetime(2026, 3, 2, 1, 29, tzinfo=UTC)
    assert published(root, before)[1] == [
        "left out content/reviews/ring.md: scheduled for 2026-03-02 10:30 (Asia/Tokyo); "
        "it appears in the first build from then on (build with --future to include it now)"
    ]
    assert published(root, before + dt.timedelta(minutes=1))[0] == ["ring"]


def test_a_date_time_without_an_offset_is_in_the_site_time_zone(make_site: MakeSite) -> None:
    root = tokyo_site(make_site, "2026-03-01 09:00:00")  # 00:00 UTC
    assert published(root, dt.datetime(2026, 2, 28, 23, 59, tzinfo=UTC))[0] == []
    assert published(root, dt.datetime(2026, 3, 1, 0, 0, tzinfo=UTC))[0] == ["ring"]


def test_drafts_are_named_and_a_scheduled_draft_is_left_out_as_a_draft(
    make_site: MakeSite,
) -> None:
    root = make_site(
        {
            "content/reviews/d.md": review_text("D", extra="draft: true\ndate: 2030-01-01\n"),
            "content/reviews/p.md": review_text("P", extra="date: 2020-01-01\n"),
        }
    )
    now = dt.datetime(2026, 1, 1, tzinfo=UTC)
    assert published(root, now) == (
        ["p"],
        ["left out content/reviews/d.md: draft: true (build with --drafts to include it)"],
    )
    assert published(root, now, drafts=True)[0] == ["p"]
    assert published(root, now, drafts=True, future=True)[0] == ["d", "p"]


def test_build_reports_what_it_left_out(make_site: MakeSite) -> None:
    root = make_site({"content/reviews/d.md": review_text("D", extra="draft: true\n")})
    report = build(root, None, BuildOptions(now=dt.datetime(2026, 1, 1, tzinfo=UTC)))
    assert [str(x) for x in report.left_out] == [
        "left out content/reviews/d.md: draft: true (build with --drafts to include it)"
    ]
    assert report.reviews == 0
