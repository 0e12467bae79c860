"""Front matter: every error case an editor can hit, with the exact message they see."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from vhsheaven.load.review_file import ReviewSource, Rules, load_all, load_review, slugify
from vhsheaven.load.settings import SiteConfig

CONFIG = SiteConfig(title="Test", base_url="https://example.org/")
WHERE = Path("content/reviews/jaws.md")
# The year it is at the build's moment: an input to checking, never the machine's clock.
THIS_YEAR = 2026
NEXT_YEAR = THIS_YEAR + 1
RATING_ALLOWED = "(allowed: a number from 0 to 10 in steps of 0.5)"


def load(text: str | bytes, config: SiteConfig = CONFIG) -> tuple[ReviewSource | None, list[str]]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    source, diagnostics = load_review(data, WHERE, Rules(config, THIS_YEAR))
    return source, [str(d) for d in diagnostics]


def test_valid_review_is_typed() -> None:
    source, problems = load(
        "---\ntitle: Jaws\nyear: 1975\nrating: 9.5\ndirector: Steven Spielberg\n"
        "genres: [Thriller, Adventure]\ncast: [Roy Scheider]\ndraft: false\n---\n\nBody text.\n"
    )
    assert problems == []
    assert source is not None
    meta = source.meta
    assert (meta.title, meta.year, meta.rating, meta.slug) == ("Jaws", 1975, 9.5, "jaws")
    assert meta.directors == ("Steven Spielberg",)
    assert meta.genres == ("Thriller", "Adventure")
    assert meta.author == "VHS Heaven Team"
    assert source.markdown == "\nBody text.\n"
    assert source.body_line == 10


def test_yaml_syntax_error_names_its_line() -> None:
    source, problems = load("---\ntitle: Jaws\nyear: [1975\nrating: 9\n---\nbody\n")
    assert source is None
    assert problems == [
        "content/reviews/jaws.md:4: YAML syntax error: expected ',' or ']', but got ':'"
    ]


def test_missing_front_matter_asks_about_the_dashes() -> None:
    assert load("title: Jaws\n\nJust a body.\n")[1] == [
        "content/reviews/jaws.md:1: no front matter found (did you forget the --- lines at the top?)"
    ]


def test_unclosed_front_matter() -> None:
    assert load("---\ntitle: Jaws\nyear: 1975\n")[1] == [
        "content/reviews/jaws.md:1: front matter is never closed; "
        "add a line with --- after the last field"
    ]


def test_missing_required_fields_are_all_reported() -> None:
    assert load("---\ntitle: Jaws\n---\nbody\n")[1] == [
        "content/reviews/jaws.md:1: year: missing required field "
        f"(allowed: a whole number from 1888 to {NEXT_YEAR})",
        f"content/reviews/jaws.md:1: rating: missing required field {RATING_ALLOWED}",
    ]


def test_wrong_types_and_ranges_show_the_value() -> None:
    source, problems = load(
        "---\ntitle: Jaws\nyear: 1700\nrating: eleven\ndraft: maybe\ngenres: [[a]]\n---\nbody\n"
    )
    assert source is None
    assert problems == [
        "content/reviews/jaws.md:3: year: is out of range (got 1700) "
        f"(allowed: a whole number from 1888 to {NEXT_YEAR})",
        f'content/reviews/jaws.md:4: rating: must be a number (got "eleven") {RATING_ALLOWED}',
        'content/reviews/jaws.md:5: draft: must be true or false (got "maybe") '
        "(allowed: true, false)",
        "content/reviews/jaws.md:6: genres: every item must be text (got ['a']) "
        "(allowed: a list of texts, e.g. [Drama, Horror])",
    ]


@pytest.mark.parametrize(
    ("rating", "message"),
    [
        ("11", "is out of range (got 11)"),
        ("-1", "is out of range (got -1)"),
        ("7.3", "is not a step of 0.5 (got 7.3); did you mean 7 or 7.5?"),
        ("9.9", "is not a step of 0.5 (got 9.9); did you mean 9.5 or 10?"),
        ('"9"', 'must be a number (got "9")'),
    ],
)
def test_rating_must_be_a_half_step_within_the_scale(rating: str, message: str) -> None:
    problems = load(f"---\ntitle: Jaws\nyear: 1975\nrating: {rating}\n---\n")[1]
    assert problems == [f"content/reviews/jaws.md:4: rating: {message} {RATING_ALLOWED}"]


def test_rating_follows_a_five_point_scale() -> None:
    five = SiteConfig(title="T", base_url="https://e.org/", rating_scale=5)
    assert load("---\ntitle: J\nyear: 1975\nrating: 3.5\n---\n", five)[1] == []
    assert load("---\ntitle: J\nyear: 1975\nrating: 6\n---\n", five)[1] == [
        "content/reviews/jaws.md:4: rating: is out of range (got 6) "
        "(allowed: a number from 0 to 5 in steps of 0.5)"
    ]


def test_year_cannot_be_after_next_year() -> None:
    problems = load(f"---\ntitle: J\nyear: {NEXT_YEAR + 1}\nrating: 5\n---\n")[1]
    assert problems == [
        f"content/reviews/jaws.md:3: year: is out of range (got {NEXT_YEAR + 1}) "
        f"(allowed: a whole number from 1888 to {NEXT_YEAR})"
    ]


def test_unknown_field_is_a_warning_with_a_suggestion() -> None:
    source, problems = load("---\ntitle: Jaws\nyear: 1975\nratng: 9\nrating: 9\n---\n")
    assert source is not None
    assert len(problems) == 1
    assert problems[0].startswith(
        "content/reviews/jaws.md:4: warning: ratng: unknown field, ignored; did you mean rating? "
        "(allowed: aliases, author, cast, date, director"
    )


def test_key_given_twice_is_an_error() -> None:
    assert load("---\ntitle: A\ntitle: B\nyear: 1975\nrating: 9\n---\n")[1] == [
        "content/reviews/jaws.md:3: title: listed twice (first on line 2); keep one"
    ]


@pytest.mark.parametrize("text", ["", "  \n\n"])
def test_empty_file(text: str) -> None:
    assert load(text)[1] == [
        "content/reviews/jaws.md:1: file is empty; "
        "a review needs front matter between --- lines and a body"
    ]


def test_bytes_that_are_not_utf8_name_line_and_byte() -> None:
    assert load(b"---\ntitle: Am\xe9lie\nyear: 2001\nrating: 9\n---\n")[1] == [
        "content/reviews/jaws.md:2: is not UTF-8 text (byte 0xE9 at column 10); "
        "save the file as UTF-8"
    ]


def test_bom_and_crlf_are_accepted_and_lines_still_count() -> None:
    text = "\ufeff---\r\ntitle: Jaws\r\nyear: 1975\r\nrating: 99\r\n---\r\nBody.\r\n"
    assert load(text)[1] == [
        f"content/reviews/jaws.md:4: rating: is out of range (got 99) {RATING_ALLOWED}"
    ]
    source, problems = load(text.replace("99", "9"))
    assert problems == []
    assert source is not None
    assert source.markdown == "\nBody.\n"


def test_leading_blank_lines_before_front_matter() -> None:
    assert load("\n\n---\ntitle: Jaws\n---\n")[1] == [
        "content/reviews/jaws.md:1: no front matter found (did you forget the --- lines at the top?)"
    ]


def test_blank_lines_inside_front_matter_keep_line_numbers() -> None:
    problems = load("---\n\n\ntitle: Jaws\nyear: 1975\nrating: 12\n---\n")[1]
    assert problems == [
        f"content/reviews/jaws.md:6: rating: is out of range (got 12) {RATING_ALLOWED}"
    ]


@pytest.mark.parametrize(("raw", "title"), [("1984", "1984"), ("1.10", "1.10"), ("yes", "yes")])
def test_titles_yaml_reads_as_other_types_stay_text(raw: str, title: str) -> None:
    source, problems = load(f"---\ntitle: {raw}\nyear: 1984\nrating: 6\n---\n")
    assert problems == []
    assert source is not None
    assert source.meta.title == title


def test_unquoted_colon_in_title_says_to_quote_it() -> None:
    assert load("---\ntitle: 2001: A Space Odyssey\nyear: 1968\nrating: 10\n---\n")[1] == [
        "content/reviews/jaws.md:2: title: YAML syntax error: mapping values are not allowed "
        'here; put the value in quotes: title: "2001: A Space Odyssey"'
    ]


def test_empty_title_is_an_error() -> None:
    assert load("---\ntitle:\nyear: 1968\nrating: 10\n---\n")[1] == [
        "content/reviews/jaws.md:2: title: must be text (got nothing) (allowed: text)"
    ]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("2026-02-3", dt.datetime(2026, 2, 3, tzinfo=dt.timezone.utc)),
        ("2026-02-03", dt.datetime(2026, 2, 3, tzinfo=dt.timezone.utc)),
        ('"2026-2-3"', dt.datetime(2026, 2, 3, tzinfo=dt.timezone.utc)),
        ("2026-02-03T20:30:00+01:00", dt.datetime(2026, 2, 3, 19, 30, tzinfo=dt.timezone.utc)),
    ],
)
def test_dates_are_read_as_an_editor_means_them(written: str, expected: dt.datetime) -> None:
    source, problems = load(f"---\ntitle: J\nyear: 1975\nrating: 5\ndate: {written}\n---\n")
    assert problems == []
    assert source is not None and source.meta.date == expected


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2026-02-31", 'is not a real date (got "2026-02-31": day is out of range for month)'),
        ("next week", 'is not a date (got "next week") (allowed: a date like 2026-02-03, '
         "or a date and time like 2026-02-03T20:30:00+01:00)"),
        ("2026-13-1", 'is not a real date (got "2026-13-1": month must be in 1..12) '
         "(allowed: a date like 2026-02-03, or a date and time like 2026-02-03T20:30:00+01:00)"),
    ],
)  # fmt: skip
def test_impossible_dates(written: str, message: str) -> None:
    problems = load(f"---\ntitle: J\nyear: 1975\nrating: 5\ndate: {written}\n---\n")[1]
    assert problems == [f"content/reviews/jaws.md:5: date: {message}"]


def test_an_impossible_date_hides_no_other_problem_of_the_file() -> None:
    text = "---\ntitle: J\nyear: 3000\ndate: 2026-02-30\nrating: 7.3\ngenres: [a, [b]]\n---\n"
    assert load(text)[1] == [
        "content/reviews/jaws.md:3: year: is out of range (got 3000) (allowed: a whole number from 1888 to 2027)",
        'content/reviews/jaws.md:4: date: is not a real date (got "2026-02-30": day is out of range for month)',
        f"content/reviews/jaws.md:5: rating: is not a step of 0.5 (got 7.3); did you mean 7 or 7.5? {RATING_ALLOWED}",
        "content/reviews/jaws.md:6: genres: every item must be text (got ['b']) (allowed: a list of texts, e.g. [Drama, Horror])",
    ]
    # A required field YAML refused is reported once, as refused, not as missing too.
    assert load("---\ntitle: J\nyear: 1975\nrating: 2026-02-30\n---\n")[1] == [
        'content/reviews/jaws.md:4: rating: is not a real date (got "2026-02-30": day is out of range for month)'
    ]
    assert load("---\ntitle: J\nyear: 1975\ndate: 2026-02-30\n---\n")[1][0] == (
        f"content/reviews/jaws.md:1: rating: missing required field {RATING_ALLOWED}"
    )


def test_a_single_cast_name_is_one_item() -> None:
    source = load("---\ntitle: J\nyear: 1975\nrating: 5\ncast: Bob Hoskins\n---\n")[0]
    assert source is not None and source.meta.cast == ("Bob Hoskins",)


@pytest.mark.parametrize(
    ("written", "minutes"), [("6", 6), ("6 min read", 6), ('"12 minutes"', 12), ("3 min", 3)]
)
def test_read_time_as_number_or_text(written: str, minutes: int) -> None:
    source, problems = load(f"---\ntitle: J\nyear: 1975\nrating: 5\nread_time: {written}\n---\n")
    assert problems == []
    assert source is not None and source.meta.read_time == minutes


def test_read_time_that_is_not_a_time() -> None:
    problems = load("---\ntitle: J\nyear: 1975\nrating: 5\nread_time: soon\n---\n")[1]
    assert problems == [
        'content/reviews/jaws.md:5: read_time: is not a read time (got "soon") '
        '(allowed: minutes as a whole number, or text like "6 min read")'
    ]


@pytest.mark.parametrize("slug", ["../../x", "a/b", "a\\b", ".."])
def test_slug_with_path_characters_is_an_error(slug: str) -> None:
    problems = load(f"---\ntitle: J\nyear: 1975\nrating: 5\nslug: '{slug}'\n---\n")[1]
    assert len(problems) == 1
    assert problems[0].startswith("content/reviews/jaws.md:5: slug: must not contain /, \\ or ..")


def test_slug_that_is_not_lowercase_words() -> None:
    assert load("---\ntitle: J\nyear: 1975\nrating: 5\nslug: Big Fish\n---\n")[1] == [
        'content/reviews/jaws.md:5: slug: is not a valid slug (got "Big Fish") '
        "(allowed: lower-case letters, digits and single hyphens, e.g. back-to-the-future)"
    ]


def test_poster_must_be_https_or_a_static_path() -> None:
    problems = load("---\ntitle: J\nyear: 1975\nrating: 5\nposter: http://a.example/p.jpg\n---\n")
    assert problems[1] == [
        'content/reviews/jaws.md:5: poster: must be an https URL or a path (got "http://a.example/'
        'p.jpg") (allowed: a path under static/ such as images/posters/alien.jpg, or an https:// URL)'
    ]
    source, _ = load("---\ntitle: J\nyear: 1975\nrating: 5\nposter: static/images/j.jpg\n---\n")
    assert source is not None and source.meta.poster == "images/j.jpg"


def test_genres_and_tags_are_one_field() -> None:
    source, _ = load("---\ntitle: J\nyear: 1975\nrating: 5\ntags: [Horror]\n---\n")
    assert source is not None and source.meta.genres == ("Horror",)
    assert load("---\ntitle: J\nyear: 1975\nrating: 5\ngenres: [A]\ntags: [B]\n---\n")[1] == [
        "content/reviews/jaws.md:6: tags: genres and tags are the same field; give only one"
    ]


def test_director_may_be_text_or_list() -> None:
    source, _ = load("---\ntitle: J\nyear: 1975\nrating: 5\ndirector: [A, B]\n---\n")
    assert source is not None and source.meta.directors == ("A", "B")


@pytest.mark.parametrize(
    ("name", "slug"),
    [("Amélie", "amelie"), ("Back to the Future", "back-to-the-future"),
     ("  Léon: The Professional!! ", "leon-the-professional")],
)  # fmt: skip
def test_slugify(name: str, slug: str) -> None:
    assert slugify(name) == slug


def test_load_all_reports_every_file_and_duplicate_slugs(tmp_path: Path) -> None:
    reviews = tmp_path / "content" / "reviews"
    reviews.mkdir(parents=True)
    (reviews / "amélie.md").write_text("---\ntitle: A\nyear: 2001\nrating: 9\n---\n")
    (reviews / "b.md").write_text("---\ntitle: B\nyear: 2001\nrating: 9\nslug: amelie\n---\n")
    (reviews / "c.md").write_text("no front matter")
    (reviews / "d.md").write_text("---\ntitle: D\nyear: 2001\nrating: 90\n---\n")
    sources, problems = load_all(tmp_path, Rules(CONFIG, THIS_YEAR))
    assert [s.meta.slug for s in sources] == ["amelie", "amelie"]
    assert sorted(str(p) for p in problems) == [
        'content/reviews/b.md:1: slug: duplicate slug "amelie": content/reviews/amélie.md has '
        "it too; give one of them another slug",
        "content/reviews/c.md:1: no front matter found (did you forget the --- lines at the top?)",
        f"content/reviews/d.md:4: rating: is out of range (got 90) {RATING_ALLOWED}",
    ]
