"""`vhsheaven import`'s harder cases: clashes, a Letterboxd ZIP, genre mapping, a five-point
site, detection, and source files that are broken or hostile."""

from __future__ import annotations

import zipfile
from pathlib import Path

from tests.conftest import snapshot
from tests.importing.helpers import KINDS, SOURCES, front_matter, new_site, run_import, todos

CLASHING = (
    "---\ntitle: Alien\nyear: 1979\nrating: 9\n---\n\nOur own review, written before the import.\n"
)


def test_a_clash_is_reported_and_skipped_and_the_rest_written(tmp_path: Path) -> None:
    site = new_site(tmp_path / "site")
    mine = site / "content" / "reviews" / "alien.md"
    mine.parent.mkdir(parents=True)
    mine.write_text(CLASHING, encoding="utf-8")
    result = run_import(site, KINDS["letterboxd"])
    assert result.returncode == 1
    assert mine.read_text(encoding="utf-8") == CLASHING
    assert (
        "content/reviews/alien.md exists with other content; it was left as it is" in result.stdout
    )
    assert (
        "Wrote 3 review file(s) and 0 image(s); 0 already imported as they are; 1 clash(es) skipped."
        in result.stdout
    )
    assert (site / "content" / "reviews" / "solaris.md").is_file()


def test_a_letterboxd_zip_imports_as_its_reviews_csv_does(tmp_path: Path) -> None:
    archive = tmp_path / "letterboxd-someone-2026-06-01.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.write(KINDS["letterboxd"], "reviews.csv")
        zipped.writestr("diary.csv", "Date,Name,Year\n")
    from_csv, from_zip = new_site(tmp_path / "a"), new_site(tmp_path / "b")
    run_import(from_csv, KINDS["letterboxd"])
    result = run_import(from_zip, archive)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Importing a Letterboxd export" in result.stdout
    reviews = {p: d for p, d in snapshot(from_zip).items() if p.startswith("content/")}
    assert reviews == {p: d for p, d in snapshot(from_csv).items() if p.startswith("content/")}
    assert len(reviews) == 4


def test_quotes_line_breaks_and_a_comma_survive_the_csv(tmp_path: Path) -> None:
    site = new_site(tmp_path / "site")
    run_import(site, KINDS["letterboxd"])
    text = (site / "content/reviews/crouching-tiger-hidden-dragon.md").read_text(encoding="utf-8")
    assert "title: Crouching Tiger, Hidden Dragon\n" in text
    assert 'treetops.\n\nAng Lee makes the "wire work" look like breathing.\n' in text
    assert "genres: [wuxia, romance]\n" in text


def test_genre_option_renames_and_drops_categories_and_tags(tmp_path: Path) -> None:
    site = new_site(tmp_path / "site")
    result = run_import(
        site, KINDS["jekyll"], "--genre", "science fiction=Sci-Fi", "--genre", "cabin="
    )
    assert result.returncode == 1  # the fixture's broken post
    alien = (site / "content/reviews/alien-review.md").read_text(encoding="utf-8")
    assert "genres: [Horror, Sci-Fi]\n" in alien
    assert "genres: [horror]\n" in (site / "content/reviews/the-evil-dead.md").read_text(
        encoding="utf-8"
    )


def test_ratings_convert_to_a_five_point_site(tmp_path: Path) -> None:
    site = new_site(
        tmp_path / "site", "title: Five\nbase_url: https://example.org/\nrating_scale: 5\n"
    )
    result = run_import(site, KINDS["hugo"])
    assert (
        "Ratings out of 10 (detected: the highest rating given as a bare number is 9) become ratings out of 5."
        in result.stdout
    )
    thing = front_matter((site / "content/reviews/the-thing.md").read_text(encoding="utf-8"))
    assert "rating: 4.5\n" in thing
    fly = front_matter((site / "content/reviews/the-fly-1986.md").read_text(encoding="utf-8"))
    assert "rating: 4\n" in fly
    assert 'rating ← rating "7", out of 10\n' in result.stdout
    assert "rating: 3.5\n" in (site / "content/reviews/videodrome.md").read_text(encoding="utf-8")


def test_rating_scale_option_overrides_detection(tmp_path: Path) -> None:
    site = new_site(tmp_path / "site")
    result = run_import(site, KINDS["wordpress"], "--rating-scale", "10")
    assert (
        "Ratings out of 10 (given with --rating-scale) become ratings out of 10." in result.stdout
    )
    assert "rating: 4.5\n" in (site / "content/reviews/halloween.md").read_text(encoding="utf-8")
    # A rating that names its own scale keeps it: "★★★★" is out of five.
    assert "rating: 8\n" in (site / "content/reviews/jaws.md").read_text(encoding="utf-8")


def test_bad_source_files_are_reported_at_their_line_and_the_rest_imported(tmp_path: Path) -> None:
    site = new_site(tmp_path / "site")
    jekyll = run_import(site, KINDS["jekyll"])
    assert "_posts/2021-03-01-broken.md:3: front matter is not YAML" in jekyll.stdout
    hugo = run_import(site, KINDS["hugo"])
    assert "content/reviews/broken.md:1: front matter is not TOML" in hugo.stdout
    assert (jekyll.returncode, hugo.returncode) == (1, 1)
    assert (site / "content/reviews/stalker.md").is_file()
    assert (site / "content/reviews/videodrome.md").is_file()


def test_an_export_declaring_entities_is_refused_unread(tmp_path: Path) -> None:
    bomb = tmp_path / "export.xml"
    laughs = "".join(f'<!ENTITY l{n} "&l{n - 1};&l{n - 1};">' for n in range(1, 30))
    bomb.write_text(
        '<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY l0 "ha">' + laughs + "]>"
        '<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><title>&l29;</title></channel></rss>',
        encoding="utf-8",
    )
    site = new_site(tmp_path / "site")
    result = run_import(site, bomb)
    assert result.returncode == 1
    assert "export.xml:1: is not a WordPress export that can be read" in result.stdout
    assert not (site / "content").exists()


def test_the_kind_is_detected_or_named(tmp_path: Path) -> None:
    site = new_site(tmp_path / "site")
    named = run_import(site, KINDS["hugo"], "--from", "hugo", "--dry-run")
    assert named.stdout.startswith("Importing a Hugo site: ")
    unknown = run_import(site, SOURCES)
    assert unknown.returncode == 1
    assert (
        "is no source vhsheaven can import; name its kind with --from (allowed: jekyll, hugo, wordpress, letterboxd)"
        in unknown.stderr
    )
    missing = run_import(tmp_path, KINDS["hugo"])
    assert missing.returncode == 1 and "site.yaml" in missing.stderr


def test_unconverted_syntax_stays_visible_and_is_listed_at_its_line(tmp_path: Path) -> None:
    site = new_site(tmp_path / "site")
    result = run_import(site, KINDS["wordpress"])
    listed = [(p, line) for p, line, field, _ in todos(result.stdout) if field == "body"]
    assert listed == [("content/reviews/halloween.md", 23)]
    lines = (site / "content/reviews/halloween.md").read_text(encoding="utf-8").split("\n")
    assert lines[22] == '[gallery ids="11,12"]'
