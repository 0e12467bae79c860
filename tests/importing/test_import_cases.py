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


def lines_of(text: str) -> list[str]:
    return text.split("\n")


def jekyll_blog(folder: Path, body: str) -> Path:
    """A one-post Jekyll blog whose post has this body."""
    post = folder / "_posts" / "2020-01-02-tremors.md"
    post.parent.mkdir(parents=True)
    post.write_text(f"---\ntitle: Tremors (1990)\nrating: 4\n---\n\n{body}", encoding="utf-8")
    return folder


def test_embeds_and_images_from_other_hosts_are_listed_and_youtube_becomes_a_trailer(
    tmp_path: Path,
) -> None:
    body = (
        "Worms under Nevada.\n\n"
        '<iframe src="https://www.youtube.com/embed/tR3m0rs1990" width="560"></iframe>\n\n'
        '<iframe src="https://player.vimeo.com/video/1234"></iframe>\n\n'
        "![Perfection](https://images.example.com/perfection.jpg)\n"
    )
    site = new_site(tmp_path / "site")
    result = run_import(site, jekyll_blog(tmp_path / "blog", body))
    text = (site / "content/reviews/tremors.md").read_text(encoding="utf-8")
    assert "::: trailer https://www.youtube.com/watch?v=tR3m0rs1990\n" in text
    listed = [(lines_of(text)[line - 1], message) for _, line, _, message in todos(result.stdout)]
    assert listed == [
        (
            '<iframe src="https://player.vimeo.com/video/1234"></iframe>',
            '<iframe src="https://player.vimeo.com/video/1234"> is an embed, left as written; rewrite it or remove it',
        ),
        (
            "![Perfection](https://images.example.com/perfection.jpg)",
            "https://images.example.com/perfection.jpg loads from another host on every page view; copy it into static/ and link it there",
        ),
    ]
    assert "loads from another host on every page view" in result.stdout


def test_a_wordpress_embed_the_converter_would_drop_is_kept_and_listed(tmp_path: Path) -> None:
    export = (KINDS["wordpress"]).read_text(encoding="utf-8")
    vimeo = '<iframe src="https://player.vimeo.com/video/98765" width="640"></iframe>'
    (tmp_path / "export.xml").write_text(
        export.replace('[gallery ids="11,12"]', vimeo), encoding="utf-8"
    )
    site = new_site(tmp_path / "site")
    result = run_import(site, tmp_path / "export.xml")
    text = (site / "content/reviews/halloween.md").read_text(encoding="utf-8")
    embeds = [line for path, line, field, _ in todos(result.stdout) if field == "body"]
    assert [lines_of(text)[line - 1] for line in embeds] == [vimeo]


def test_a_review_elsewhere_with_the_same_slug_is_a_clash(tmp_path: Path) -> None:
    site = new_site(tmp_path / "site")
    mine = site / "content" / "reviews" / "1990s" / "tremors.md"
    mine.parent.mkdir(parents=True)
    mine.write_text(CLASHING, encoding="utf-8")
    result = run_import(site, jekyll_blog(tmp_path / "blog", "Worms.\n"))
    assert result.returncode == 1
    assert "content/reviews/1990s/tremors.md has the slug tremors already" in result.stdout
    assert not (site / "content/reviews/tremors.md").exists()


def test_two_images_of_one_name_get_two_names(tmp_path: Path) -> None:
    blog = jekyll_blog(tmp_path / "blog", "![a](/one/still.png)\n\n![b](/two/still.png)\n")
    for folder, data in (("one", b"first"), ("two", b"second")):
        (blog / folder).mkdir()
        (blog / folder / "still.png").write_bytes(data)
    site = new_site(tmp_path / "site")
    run_import(site, blog)
    images = site / "static/images/imported/tremors"
    assert {p.name: p.read_bytes() for p in images.iterdir()} == {
        "still.png": b"first",
        "still-2.png": b"second",
    }
    assert "![b](../../static/images/imported/tremors/still-2.png)" in (
        site / "content/reviews/tremors.md"
    ).read_text(encoding="utf-8")


def test_an_image_reference_cannot_reach_outside_the_source(tmp_path: Path) -> None:
    (tmp_path / "secret.png").write_bytes(b"not yours")
    site = new_site(tmp_path / "site")
    result = run_import(site, jekyll_blog(tmp_path / "blog", "![x](../../secret.png)\n"))
    assert not (site / "static/images/imported").exists()
    assert "../../secret.png is not in the source folder" in result.stdout


def test_a_wordpress_page_is_named_not_imported_and_not_a_failure(tmp_path: Path) -> None:
    site = new_site(tmp_path / "site")
    result = run_import(site, KINDS["wordpress"])
    assert result.returncode == 0
    assert (
        "export.xml:88: warning: About this blog: a page, not a post; not imported" in result.stdout
    )
    assert not (site / "content/reviews/about-this-blog.md").exists()


def test_fields_nothing_reads_are_named(tmp_path: Path) -> None:
    site = new_site(tmp_path / "site")
    result = run_import(site, KINDS["jekyll"], "--dry-run")
    alien = result.stdout.split("content/reviews/alien-review.md ←", 1)[1].split("\n\n", 1)[0]
    assert "  left out: comments, layout\n" in alien


def test_nothing_is_written_through_a_link_out_of_the_site(tmp_path: Path) -> None:
    site = new_site(tmp_path / "site")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (site / "content").mkdir()
    (site / "content" / "reviews").symlink_to(elsewhere)
    result = run_import(site, KINDS["letterboxd"])
    assert result.returncode == 1
    assert (
        "content/reviews is a link out of the site; nothing is written through it" in result.stdout
    )
    assert list(elsewhere.iterdir()) == []


def test_odd_values_are_reported_never_a_crash(tmp_path: Path) -> None:
    csv = tmp_path / "reviews.csv"
    csv.write_text(
        "Date,Name,Year,Letterboxd URI,Rating,Rewatch,Review,Tags,Watched Date\n"
        "2019-02-30,Brazil,1985,,4,,Paperwork.,,\n"
        ",,,,,,A row with no film.,,\n"
        "2020-01-01,Ran,,,9.5,,Lear on horseback.,,\n",
        encoding="utf-8",
    )
    site = new_site(tmp_path / "site")
    result = run_import(site, csv)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert "reviews.csv:3: Name: the row names no film; it was skipped" in result.stdout
    assert ("content/reviews/ran.md", "rating") in {(p, f) for p, _, f, _ in todos(result.stdout)}
    assert '"9.5" is not a rating out of 5; set it' in result.stdout
    brazil = (site / "content/reviews/brazil.md").read_text(encoding="utf-8")
    assert "date: '2019-02-30'\n" in brazil  # left as written: check names it
    post = tmp_path / "blog" / "_posts" / "2020-01-02-odd.md"
    post.parent.mkdir(parents=True)
    post.write_text(
        "---\ntitle: Odd\nauthor: ','\nyear: soon\nrating: [1]\n---\nText.\n", encoding="utf-8"
    )
    odd = run_import(site, tmp_path / "blog")
    assert "Traceback" not in odd.stderr and odd.returncode == 0
