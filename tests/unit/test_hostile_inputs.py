"""Hostile input: unreadable and linked content, deep nesting, over-long names, control
characters. Each is an error naming the file (and the line and field where there is one)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SITE_YAML, review_text
from vhsheaven.build import load
from vhsheaven.errors import BuildFailed
from vhsheaven.incremental.store import BuildCache
from vhsheaven.load.fields import Invalid
from vhsheaven.load.review_file import Rules, load_review
from vhsheaven.load.reviews import prepare_all
from vhsheaven.load.settings import SiteConfig, parse_config
from vhsheaven.options import BuildOptions

CONFIG = SiteConfig(title="T", base_url="https://example.org/")
RULES = Rules(CONFIG, 2026)


def make(root: Path, files: dict[str, str]) -> Path:
    """A site of `files` (site-relative path → text) with the test site.yaml."""
    for name, text in {"site.yaml": SITE_YAML, **files}.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def problems(root: Path) -> list[str]:
    """Every error loading the site reports; fails if it loads."""
    with pytest.raises(BuildFailed) as failed:
        load(root, BuildOptions())
    return [str(p) for p in failed.value.diagnostics if p.is_error]


def titles(root: Path) -> list[str]:
    """The titles of the reviews the site loads with."""
    return sorted(review.meta.title for review in load(root, BuildOptions()).site.reviews)


@pytest.fixture
def denied(monkeypatch: pytest.MonkeyPatch) -> Iterator[set[str]]:
    """Paths (ending so) that os.scandir and Path.read_bytes refuse, as for chmod 000: the
    tests run as root, whom permissions do not stop."""
    refused: set[str] = set()
    real_scandir, real_read = os.scandir, Path.read_bytes

    def check(path: object) -> None:
        if any(str(path).rstrip("/").endswith(end) for end in refused):
            raise PermissionError(13, "Permission denied", str(path))

    def scandir(path: str = ".") -> Iterator[os.DirEntry[str]]:
        check(path)
        return real_scandir(path)

    def read_bytes(self: Path) -> bytes:
        check(self)
        return real_read(self)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    yield refused


REVIEWS = {
    "content/reviews/jaws.md": review_text("Jaws"),
    "content/reviews/1980s/alien.md": review_text("Alien"),
}


def test_an_unreadable_reviews_folder_is_an_error_not_an_empty_site(
    tmp_path: Path, denied: set[str]
) -> None:
    root = make(tmp_path, REVIEWS)
    denied.add("content/reviews")
    assert problems(root) == [
        "content/reviews: cannot be read (Permission denied); "
        "make it readable by the user running vhsheaven"
    ]


def test_an_unreadable_sub_folder_or_file_is_an_error(tmp_path: Path, denied: set[str]) -> None:
    root = make(tmp_path, {**REVIEWS, "content/reviews/x.md": review_text("X")})
    denied.update({"content/reviews/1980s", "content/reviews/x.md"})
    assert [p.partition(" (")[0] for p in problems(root)] == [
        "content/reviews/1980s: cannot be read",
        "content/reviews/x.md: cannot be read",
    ]
    denied.clear()
    assert titles(root) == ["Alien", "Jaws", "X"]  # an unreadable file was not cached as such


def test_no_reviews_folder_is_a_new_site_but_a_file_there_is_an_error(tmp_path: Path) -> None:
    root = make(tmp_path, {})
    assert titles(root) == []
    (root / "content").mkdir()
    (root / "content" / "reviews").write_text("oops")
    assert problems(root) == [
        "content/reviews: is not a folder; reviews go in the folder content/reviews"
    ]


def test_a_pipe_named_like_a_review_is_an_error(tmp_path: Path) -> None:
    root = make(tmp_path, REVIEWS)
    os.mkfifo(root / "content/reviews/pipe.md")
    assert problems(root) == [
        "content/reviews/pipe.md: is not a regular file (a pipe or device, say); "
        "a review must be a file"
    ]


def test_links_out_of_the_site_are_errors_naming_the_link(tmp_path: Path) -> None:
    outside = make(tmp_path / "elsewhere", {"film.md": review_text("Outside")})
    root = make(tmp_path / "site", REVIEWS)
    reviews = root / "content" / "reviews"
    (reviews / "film.md").symlink_to(outside / "film.md")
    (reviews / "more").symlink_to(outside)
    assert problems(root) == [
        f"content/reviews/film.md: is a link to {outside / 'film.md'}, outside the site folder; "
        "links under content/ must stay inside the site (copy the file in instead)",
        f"content/reviews/more: is a link to {outside}, outside the site folder; "
        "links under content/ must stay inside the site (copy the file in instead)",
    ]


def test_a_content_folder_linked_from_outside_is_an_error(tmp_path: Path) -> None:
    outside = make(tmp_path / "elsewhere", {"reviews/film.md": review_text("Outside")})
    root = make(tmp_path / "site", {})
    (root / "content").symlink_to(outside)
    assert [p.partition(",")[0] for p in problems(root)] == [f"content: is a link to {outside}"]


def test_links_inside_the_site_are_followed(tmp_path: Path) -> None:
    root = make(tmp_path, {**REVIEWS, "drafts/ripley.md": review_text("Ripley"), "old/a.md": ""})
    (root / "old" / "a.md").write_text(review_text("Archived"))
    reviews = root / "content" / "reviews"
    (reviews / "ripley.md").symlink_to("../../drafts/ripley.md")
    (reviews / "archive").symlink_to(root / "old")
    (reviews / ".#jaws.md").symlink_to("root@host.1234:1700000000")  # an Emacs lock
    assert titles(root) == ["Alien", "Archived", "Jaws", "Ripley"]


def test_dangling_and_looping_links_are_errors(tmp_path: Path) -> None:
    root = make(tmp_path, REVIEWS)
    reviews = root / "content" / "reviews"
    (reviews / "gone.md").symlink_to("nowhere.md")
    (reviews / "1980s" / "again").symlink_to("..")
    (reviews / "site").symlink_to(root)
    assert problems(root) == [
        "content/reviews/1980s/again: is a link to .., a folder that holds it; remove it",
        "content/reviews/gone.md: is a link to nowhere.md, which does not exist; remove it",
        f"content/reviews/site: is a link to {root}, a folder that holds it; remove it",
    ]


DEEP = {
    "flow lists": "[" * 10_000 + "]" * 10_000,
    "flow mappings": "{a: " * 10_000 + "1" + "}" * 10_000,
    "block lists": "\n    " + "- " * 10_000 + "x",
}


@pytest.mark.parametrize("value", DEEP.values(), ids=DEEP.keys())
def test_front_matter_nested_too_deep_is_an_error_naming_file_line_and_field(value: str) -> None:
    text = review_text(extra=f"extra:\n  x: {value}\n")
    source, found = load_review(text.encode(), Path("content/reviews/deep.md"), RULES)
    assert source is None
    assert [str(p) for p in found] == [
        "content/reviews/deep.md:5: extra: is nested more than 50 levels deep "
        "(allowed: lists and mappings nested up to 50 levels deep)"
    ]


def test_fifty_levels_are_fine_and_fifty_one_are_not() -> None:
    for inner, problems in ((49, 0), (50, 1)):  # inside extra's own mapping
        text = review_text(extra="extra:\n  x: " + "[" * inner + "]" * inner + "\n")
        source, found = load_review(text.encode(), Path("content/reviews/deep.md"), RULES)
        assert (source is None, len(found)) == (problems == 1, problems)


def test_site_yaml_nested_too_deep_is_an_error() -> None:
    config, found = parse_config(f"{SITE_YAML}extra: {DEEP['flow lists']}\n".encode())
    assert config is None
    assert [str(p).partition(" (")[0] for p in found] == [
        "site.yaml:6: extra: is nested more than 50 levels deep"
    ]


def test_aliases_that_expand_beyond_bounds_or_loop_are_errors() -> None:
    levels = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for name, inner in zip("bcde", "abcd", strict=True):
        levels.append(f"{name}: &{name} [{', '.join([f'*{inner}'] * 10)}]")
    text = "\n".join([*levels, ""])
    config, found = parse_config(
        f"{SITE_YAML}extra:\n  {text.replace(chr(10), chr(10) + '  ')}".encode()
    )
    assert config is None
    assert [str(p) for p in found] == [
        "site.yaml:6: extra: holds 123462 items once its aliases are expanded "
        "(allowed: up to 100000 items, aliases (*name) counted as what they stand for)"
    ]
    _, found = load_review(review_text(extra="extra: &x {a: *x}\n").encode(), Path("r.md"), RULES)
    assert [str(p) for p in found] == [
        "r.md:5: extra: refers to itself through an alias (*name) "
        "(allowed: values without alias loops)"
    ]


LONG = "b" * 256
BE = "\N{CYRILLIC SMALL LETTER BE}"
TOO_LONG = (
    "makes a folder name of 256 bytes, longer than file systems allow "
    "(allowed: a name whose URL name is at most 255 bytes)"
)


@pytest.mark.parametrize(
    ("extra", "line", "field", "shown"),
    [
        (f"slug: {LONG}\n", 5, "slug", LONG[:40]),
        (f"genres: [Horror, {LONG}]\n", 5, "genres", LONG[:40]),
        (f"director: {LONG}\n", 5, "director", LONG[:40]),
        (f"author: {LONG}\n", 5, "author", LONG[:40]),
        # No Latin letters: the URL name spells each character as u0431, six bytes each.
        (f"tags: [{BE * 43}]\n", 5, "tags", BE * 40),
    ],
)
def test_a_name_too_long_for_a_folder_is_an_error(
    extra: str, line: int, field: str, shown: str
) -> None:
    text = review_text(extra=extra)
    source, found = load_review(text.encode(), Path("content/reviews/x.md"), RULES)
    assert source is None
    message = f'"{shown}…" ' + TOO_LONG.replace("256", "257" if field == "tags" else "256")
    assert [str(p) for p in found] == [f"content/reviews/x.md:{line}: {field}: {message}"]


def test_the_longest_names_are_fine() -> None:
    text = review_text(extra=f"slug: {'a' * 255}\ngenres: [{'b' * 255}]\n")
    source, found = load_review(text.encode(), Path("content/reviews/x.md"), RULES)
    assert source is not None and found == []
    # A file name can make a longer slug than itself: "㎯" (3 bytes) is "rads2".
    name = "㎯" * 60
    source, found = load_review(review_text().encode(), Path(f"{name}.md"), RULES)
    assert [str(p) for p in found] == [
        f'{name}.md:1: slug: the file name "{name[:40]}…" makes a folder name of 300 bytes, '
        "longer than file systems allow; set a shorter slug: in the front matter"
    ]


def test_a_long_name_fails_check_and_build_alike(tmp_path: Path) -> None:
    root = make(tmp_path, {"content/reviews/x.md": review_text(extra=f"genres: [{LONG}]\n")})
    assert problems(root) == [f'content/reviews/x.md:5: genres: "{LONG[:40]}…" {TOO_LONG}']
    config, found = parse_config(f"{SITE_YAML}".replace("VHS Heaven Team", LONG).encode())
    assert config is None
    assert [str(p) for p in found] == [f'site.yaml:5: author: "{LONG[:40]}…" {TOO_LONG}']


def settings_with(*lines: str) -> bytes:
    """The test site.yaml with some settings set anew, each on the last line."""
    keys = {line.partition(":")[0] for line in lines}
    kept = [line for line in SITE_YAML.splitlines() if line.partition(":")[0] not in keys]
    return "\n".join([*kept, *lines, ""]).encode()


@pytest.mark.parametrize(
    ("setting", "value", "found", "allowed"),
    [
        (
            "base_url",
            r'"https://example.org/\nDisallow: /"',
            "U+000A",
            "printable text on one line",
        ),
        ("output_dir", r'"_si\u0085te"', "U+0085", "printable text on one line"),
        ("cache_dir", r'"cache\u2028x"', "U+2028", "printable text on one line"),
        ("timezone", r'"UTC\x1b[2J"', "U+001B", "printable text on one line"),
        ("title", r'"Tapes\x07"', "U+0007", "printable text; tabs and line breaks are allowed"),
        (
            "extra",
            r'{footer: "a\x00b"}',
            "U+0000",
            "printable text; tabs and line breaks are allowed",
        ),
    ],
)
def test_control_characters_in_settings_are_errors(
    setting: str, value: str, found: str, allowed: str
) -> None:
    source = settings_with(f"{setting}: {value}")
    config, problems_found = parse_config(source)
    assert config is None
    line = source.count(b"\n")  # the setting's, the last
    assert [str(p) for p in problems_found] == [
        f"site.yaml:{line}: {setting}: must not contain control characters (found {found}) "
        f"(allowed: {allowed})"
    ]


def test_line_breaks_are_fine_in_free_text_and_base_url_refuses_spaces() -> None:
    source = settings_with('tagline: "Tapes\\n\\tfor testing"', 'extra: {footer: "a\\nb"}')
    config, found = parse_config(source)
    assert config is not None and found == []
    assert (config.tagline, config.extra["footer"]) == ("Tapes\n\tfor testing", "a\nb")
    with pytest.raises(Invalid, match="must not contain spaces, tabs or line breaks"):
        config.with_base_url("https://example.org/\nDisallow: /")


def test_a_link_out_made_while_serving_is_an_error_and_never_read(tmp_path: Path) -> None:
    outside = make(tmp_path / "elsewhere", {"diary.md": review_text("Private diary")})
    root = make(tmp_path / "site", REVIEWS)
    config = SiteConfig(title="T", base_url="https://example.org/")
    cache = BuildCache.open(None)
    first, _ = prepare_all(root, config, cache, lambda *_: None, 2026)
    (root / "content/reviews/diary.md").symlink_to(outside / "diary.md")
    changed = {"content/reviews/diary.md"}
    prepared, found = prepare_all(root, config, cache, lambda *_: None, 2026, changed)
    assert [str(p).partition(",")[0] for p in found] == [
        f"content/reviews/diary.md: is a link to {outside / 'diary.md'}"
    ]
    assert len(prepared) == len(first) == 2
