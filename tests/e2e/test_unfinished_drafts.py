"""A draft may lack its year and rating until it is published; wrong values stay errors."""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup

from tests.conftest import MakeSite, review_text, run_cli, snapshot

JAWS = Path("content/reviews/jaws.md")


def draft_site(make_site: MakeSite) -> Path:
    """A site with one finished review and a draft written by `new` without year or rating."""
    root = make_site({"content/reviews/alien.md": review_text("Alien", 1979, 9)})
    assert run_cli("new", "Jaws", "--source", root).returncode == 0
    return root


def line_of(root: Path, text: str) -> int:
    """The 1-based line of the draft that starts with `text`."""
    lines = (root / JAWS).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(text))


def test_without_drafts_an_unfinished_draft_is_left_out_quietly(make_site: MakeSite) -> None:
    root = draft_site(make_site)
    result = run_cli("build", "--source", root)
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stdout + result.stderr
    assert "left out content/reviews/jaws.md: draft: true" in result.stdout
    assert "reviews/jaws/index.html" not in snapshot(root / "_site")
    assert run_cli("check", "--strict", "--source", root).returncode == 0


def test_with_drafts_it_renders_marked_and_warns_once_per_missing_field(
    make_site: MakeSite,
) -> None:
    root = draft_site(make_site)
    result = run_cli("build", "--drafts", "--source", root)
    assert result.returncode == 0, result.stderr
    first = line_of(root, "---")
    unset = "not set yet; the draft shows"
    assert [line for line in result.stderr.splitlines() if "warning" in line] == [
        f'content/reviews/jaws.md:{first}: warning: rating: {unset} "not rated yet" until it '
        "is; publishing the review needs it",
        f"content/reviews/jaws.md:{first}: warning: year: {unset} no year until it is; "
        "publishing the review needs it",
    ]
    files = snapshot(root / "_site")
    page = BeautifulSoup(files["reviews/jaws/index.html"], "html.parser")
    assert page.select_one(".draft-mark").text == "Draft, not published"
    assert page.select_one(".rating strong").text == "not rated yet"
    assert page.select_one(".review-meta .year") is None
    assert page.title.text == "Jaws · Test Heaven"
    assert page.select_one(".meter") is None
    home = BeautifulSoup(files["index.html"], "html.parser")
    chips = [chip.text for chip in home.select(".rating-chip strong")]
    assert sorted(chips) == ["9/10", "not rated yet"]
    assert not any(name.startswith("decades/") and "None" in name for name in files)


def test_an_empty_rating_line_warns_at_its_own_line(make_site: MakeSite) -> None:
    draft = "---\ntitle: Jaws\nyear: 1975\nrating:\ndraft: true\n---\nSoon.\n"
    root = make_site({"content/reviews/jaws.md": draft})
    result = run_cli("build", "--drafts", "--source", root)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1
    assert warnings[0].startswith("content/reviews/jaws.md:4: warning: rating: not set yet")


def test_publishing_makes_the_gaps_errors(make_site: MakeSite) -> None:
    root = draft_site(make_site)
    text = (root / JAWS).read_text(encoding="utf-8")
    (root / JAWS).write_text(text.replace("draft: true", "draft: false"), encoding="utf-8")
    result = run_cli("build", "--source", root)
    assert result.returncode == 1
    # Each at the line where `new` laid it out as a comment, where its value goes.
    year, rating = line_of(root, "# year:"), line_of(root, "# rating:")
    errors = [line for line in result.stderr.splitlines() if "missing required field" in line]
    assert [e.split(" (allowed")[0] for e in errors] == [
        f"content/reviews/jaws.md:{year}: year: missing required field",
        f"content/reviews/jaws.md:{rating}: rating: missing required field",
    ]


def test_a_wrong_value_in_a_draft_is_still_an_error(make_site: MakeSite) -> None:
    draft = "---\ntitle: Jaws\nrating: 11\ndraft: true\n---\nSoon.\n"
    root = make_site({"content/reviews/jaws.md": draft})
    for drafts in ((), ("--drafts",)):
        result = run_cli("build", *drafts, "--source", root)
        assert result.returncode == 1
        assert "content/reviews/jaws.md:3: rating: is out of range (got 11)" in result.stderr
