"""The build remembers the addresses it published and warns when one disappears."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import MakeSite, review_text, run_cli
from vhsheaven.build import build
from vhsheaven.options import BuildOptions

REVIEWS = Path("content/reviews")


def warnings(root: Path, out: Path | None = None) -> list[str]:
    """The warnings of a build (into the site's own output folder unless `out`)."""
    report = build(root, out, BuildOptions(cache=False))
    return [str(w) for w in report.warnings]


def check_warnings(root: Path) -> list[str]:
    """The warning lines `vhsheaven check` prints."""
    result = run_cli("check", "--source", root)
    return [line for line in result.stderr.splitlines() if ": warning: " in line]


def test_a_renamed_review_warns_with_the_alias_line_until_it_is_added(
    make_site: MakeSite, tmp_path: Path
) -> None:
    root = make_site(
        {
            "content/reviews/jaws.md": review_text("Jaws", 1975, 8),
            "content/reviews/alien.md": review_text("Alien", 1979, 9),
        }
    )
    assert warnings(root) == []
    (root / REVIEWS / "jaws.md").rename(root / REVIEWS / "jaws-1975.md")
    expected = [
        "content/reviews/jaws-1975.md:1: warning: aliases: the address /reviews/jaws/ of this "
        "review was published before and is gone; add it to its aliases to keep links to it "
        "working: aliases: [/reviews/jaws/]"
    ]
    assert warnings(root) == expected
    assert warnings(root) == expected, "warned again until the alias is added"
    assert check_warnings(root) == expected
    assert warnings(root, tmp_path / "fresh") == [], "a fresh folder remembers nothing"
    text = review_text("Jaws", 1975, 8, "aliases: [/reviews/jaws/]\n")
    (root / REVIEWS / "jaws-1975.md").write_text(text, encoding="utf-8")
    assert warnings(root) == []
    assert (root / "_site/reviews/jaws/index.html").is_file()
    assert check_warnings(root) == []


def test_a_changed_slug_names_the_same_file_and_its_aliases(make_site: MakeSite) -> None:
    old = "aliases: [/2019/05/04/alien/]\n"
    root = make_site({"content/reviews/alien.md": review_text("Alien", 1979, 9, old)})
    assert warnings(root) == []
    moved = review_text("Alien (director's cut)", 1979, 9, old + "slug: alien-1979\n")
    (root / REVIEWS / "alien.md").write_text(moved, encoding="utf-8")
    assert warnings(root) == [
        "content/reviews/alien.md:5: warning: aliases: the address /reviews/alien/ of this "
        "review was published before and is gone; add it to its aliases to keep links to it "
        "working: aliases: [/2019/05/04/alien/, /reviews/alien/]"
    ]


def test_a_deleted_review_warns_at_its_old_file(make_site: MakeSite) -> None:
    root = make_site(
        {
            "content/reviews/jaws.md": review_text("Jaws", 1975, 8, "aliases: [/old/jaws/]\n"),
            "content/reviews/alien.md": review_text("Alien", 1979, 9),
        }
    )
    assert warnings(root) == []
    (root / REVIEWS / "jaws.md").unlink()
    found = warnings(root)
    assert [w.split(" was published")[0] for w in found] == [
        "content/reviews/jaws.md: warning: aliases: the address /old/jaws/",
        "content/reviews/jaws.md: warning: aliases: the address /reviews/jaws/",
    ]
    assert all('(was "Jaws" deleted?)' in w for w in found)
