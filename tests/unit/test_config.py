"""site.yaml: types checked, unknown keys caught with a suggestion, all problems at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from vhsheaven.load.settings import SiteConfig, load_config


def load(tmp_path: Path, text: str) -> tuple[SiteConfig | None, list[str]]:
    (tmp_path / "site.yaml").write_text(text, encoding="utf-8")
    config, problems = load_config(tmp_path)
    return config, [str(p) for p in problems]


def test_defaults_fill_what_is_not_given(tmp_path: Path) -> None:
    config, problems = load(tmp_path, "title: VHS Heaven\nbase_url: https://u.github.io/repo\n")
    assert problems == []
    assert config is not None
    assert config.base_url == "https://u.github.io/repo/"
    assert config.base_path == "/repo/"
    assert (config.author, config.words_per_minute, config.rating_scale) == (
        "VHS Heaven Team", 200, 10,
    )  # fmt: skip
    assert (config.output_dir, config.language, config.timezone) == ("_site", "en", "UTC")


def test_unknown_key_suggests_the_nearest(tmp_path: Path) -> None:
    _, problems = load(tmp_path, "titel: VHS Heaven\ntitle: X\nbase_url: https://e.org/\n")
    assert len(problems) == 1
    assert problems[0].startswith(
        "site.yaml:1: titel: unknown setting; did you mean title? (allowed: author, base_url,"
    )


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    config, problems = load(
        tmp_path,
        "title: 5\nbase_url: example.org\nwords_per_minute: fast\nrating_scale: 7\n"
        "language: English!\ntimezone: Mars/Olympus\n",
    )
    assert config is None
    assert problems == [
        'site.yaml:2: base_url: must be an absolute URL (got "example.org") '
        "(allowed: http(s) URL such as https://user.github.io/repo/)",
        'site.yaml:3: words_per_minute: must be a whole number (got "fast") '
        "(allowed: a whole number from 1 to 2000)",
        "site.yaml:4: rating_scale: is not a supported scale (got 7) (allowed: 10 or 5)",
        'site.yaml:5: language: is not a language tag (got "English!") (allowed: e.g. en, en-GB, fr)',
        'site.yaml:6: timezone: is not a known time zone (got "Mars/Olympus") '
        "(allowed: an IANA name such as UTC, Europe/London)",
    ]


def test_missing_required_settings(tmp_path: Path) -> None:
    assert load(tmp_path, "tagline: hi\n")[1] == [
        "site.yaml: title: missing required setting",
        "site.yaml: base_url: missing required setting",
    ]


def test_missing_file(tmp_path: Path) -> None:
    config, problems = load_config(tmp_path)
    assert config is None
    assert [str(p) for p in problems] == [
        "site.yaml: not found; a site needs a site.yaml with at least title and base_url"
    ]


def test_yaml_error_has_a_line(tmp_path: Path) -> None:
    assert load(tmp_path, "title: x\nbase_url: [\n")[1][0].startswith("site.yaml:3: YAML syntax")


@pytest.mark.parametrize("value", ["5", "10"])
def test_rating_scale_five_or_ten(tmp_path: Path, value: str) -> None:
    config, _ = load(tmp_path, f"title: T\nbase_url: https://e.org/\nrating_scale: {value}\n")
    assert config is not None and config.rating_scale == int(value)


def test_base_url_override_keeps_the_rest(tmp_path: Path) -> None:
    config, _ = load(tmp_path, "title: T\nbase_url: https://e.org/\n")
    assert config is not None
    moved = config.with_base_url("https://user.github.io/vhs-heaven")
    assert moved.base_url == "https://user.github.io/vhs-heaven/"
    assert moved.base_path == "/vhs-heaven/"
    assert moved.title == "T"


def test_reviews_per_page_defaults_to_twelve_and_must_be_positive(tmp_path: Path) -> None:
    config, _ = load(tmp_path, "title: T\nbase_url: https://e.org/\n")
    assert config is not None and config.reviews_per_page == 12
    config, _ = load(tmp_path, "title: T\nbase_url: https://e.org/\nreviews_per_page: 3\n")
    assert config is not None and config.reviews_per_page == 3
    _, problems = load(tmp_path, "title: T\nbase_url: https://e.org/\nreviews_per_page: 0\n")
    assert problems == [
        "site.yaml:3: reviews_per_page: is out of range (got 0) (allowed: a whole number of 1 or more)"
    ]


def test_cname_is_a_bare_host_name(tmp_path: Path) -> None:
    base = "title: T\nbase_url: https://e.org/\n"
    config, problems = load(tmp_path, base + "cname: Reviews.Example.COM\n")
    assert problems == [] and config is not None
    assert config.cname == "reviews.example.com"
    config, _ = load(tmp_path, base)
    assert config is not None and config.cname is None


@pytest.mark.parametrize(
    "value",
    ["https://reviews.example.com/", "reviews.example.com/blog", "localhost", "a b.com",
     "-bad.example.com", "example..com", "reviews.example.com:8080", "[x]"],
)  # fmt: skip
def test_cname_rejects_what_is_not_a_host_name(tmp_path: Path, value: str) -> None:
    _, problems = load(tmp_path, f"title: T\nbase_url: https://e.org/\ncname: '{value}'\n")
    assert problems == [
        f'site.yaml:3: cname: is not a bare host name (got "{value}") '
        "(allowed: a host name such as reviews.example.com, without https:// or a path)"
    ]
