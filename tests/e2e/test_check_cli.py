"""`vhsheaven check`: content and every internal reference, nothing written."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import MakeSite, review_text, run_cli, snapshot
from tests.e2e.test_build_cli import copy_sample_site, sample_slugs

BROKEN_BODY = """\
A fine film. See also [the sequel](../jaws-2/).

The [shark scene](../jaws/#the-sharks) is the best part.

![The poster](../../static/images/posters/missing.jpg)

Compare [Alien](../alien) too.
"""


def test_the_sample_site_passes_and_nothing_is_written(tmp_path: Path) -> None:
    root = copy_sample_site(tmp_path)
    before = snapshot(root)
    result = run_cli("check", "--source", root, "--strict")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    summary = result.stdout.splitlines()[-1]
    assert snapshot(root) == before
    built = run_cli("build", "--source", root, "--output", tmp_path / "out")
    assert built.returncode == 0, built.stderr
    pages = sum(1 for _ in (tmp_path / "out").rglob("*.html"))
    assert summary.startswith(f"Checked {len(sample_slugs())} reviews, {pages} pages and ")
    assert summary.endswith(" links: 0 errors, 0 warnings.")


def test_each_broken_reference_is_reported_at_its_line_in_the_review(
    make_site: MakeSite,
) -> None:
    root = make_site(
        {
            "content/reviews/jaws.md": review_text("Jaws", body="## The Shark\n\nBig."),
            "content/reviews/alien.md": review_text("Alien"),
            "content/reviews/orca.md": review_text("Orca", body=BROKEN_BODY),
        }
    )
    result = run_cli("check", "--source", root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        'content/reviews/orca.md:9: link "../jaws-2/" points to nothing: '
        "no page reviews/jaws-2/ in the site",
        'content/reviews/orca.md:11: link "../jaws/#the-sharks" has no target: reviews/jaws/ '
        'has no id "the-sharks"; did you mean #the-shark?',
        'content/reviews/orca.md:13: image "../../static/images/posters/missing.jpg" points '
        "to nothing: no file static/images/posters/missing.jpg in the site",
        'content/reviews/orca.md:15: warning: link "../alien" needs a trailing slash '
        "(reviews/alien/); some hosts do not add it",
    ]
    assert result.stdout.splitlines()[-1].endswith(": 3 errors, 1 warning.")
    assert not (root / "_site").exists()


def test_warnings_fail_only_with_strict(make_site: MakeSite) -> None:
    root = make_site(
        {"content/reviews/a.md": review_text("A", extra="ratng: 5\n", body="[B](../b)")}
    )
    (root / "content/reviews/b.md").write_text(review_text("B"))
    relaxed = run_cli("check", "--source", root)
    assert relaxed.returncode == 0
    assert len(relaxed.stderr.splitlines()) == 2
    assert relaxed.stderr.startswith("content/reviews/a.md:5: warning: ratng: unknown field")
    strict = run_cli("check", "--source", root, "--strict")
    assert (strict.returncode, strict.stderr) == (1, relaxed.stderr)


def test_links_must_stay_under_a_sub_path_base_url(make_site: MakeSite) -> None:
    root = make_site(
        {"content/reviews/a.md": review_text("A", body="[Home](/) and [B](/reviews/b/)")}
    )
    (root / "content/reviews/b.md").write_text(review_text("B"))
    assert run_cli("check", "--source", root).returncode == 0
    result = run_cli("check", "--source", root, "--base-url", "https://u.github.io/repo/")
    assert result.returncode == 1
    assert [line.split(": link ")[0] for line in result.stderr.splitlines()] == [
        "content/reviews/a.md:9",
        "content/reviews/a.md:9",
    ]
    assert "is outside the site's base path /repo/" in result.stderr


def test_content_errors_stop_the_check_like_a_build(make_site: MakeSite) -> None:
    root = make_site({"content/reviews/a.md": review_text("A", rating=11)})
    result = run_cli("check", "--source", root)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/reviews/a.md:4: rating: is out of range (got 11) "
        "(allowed: a number from 0 to 10 in steps of 0.5)",
        "Build failed: 1 error; links were not checked.",
    ]


def test_drafts_are_checked_only_when_asked_for(make_site: MakeSite) -> None:
    root = make_site(
        {"content/reviews/d.md": review_text("D", extra="draft: true\n", body="[x](../x/)")}
    )
    assert run_cli("check", "--source", root).returncode == 0
    drafts = run_cli("check", "--source", root, "--drafts")
    assert drafts.returncode == 1
    assert drafts.stderr.startswith('content/reviews/d.md:10: link "../x/" points to nothing')
