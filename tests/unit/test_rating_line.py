"""A rating line in the body: recognised as editors write it, checked against the front matter."""

from __future__ import annotations

from pathlib import Path

import pytest

from vhsheaven.load.review_file import Rules, load_review
from vhsheaven.load.settings import SiteConfig
from vhsheaven.markup.convert import convert
from vhsheaven.markup.rating_line import rating_lines, split_at_rating

CONFIG = SiteConfig(title="Test", base_url="https://example.org/")
WHERE = Path("content/reviews/jaws.md")


@pytest.mark.parametrize(
    ("line", "value", "scale"),
    [
        ("Rating: 9/10", 9, 10),
        ("**Rating:** 9/10", 9, 10),
        ("**Rating: 7.5 / 10**", 7.5, 10),
        ("*rating* - 4,5/5", 4.5, 5),
        ("Rating: 8 out of 10", 8, 10),
        ("Rating: 8", 8, None),
    ],
)
def test_rating_lines_as_editors_write_them(line: str, value: float, scale: int | None) -> None:
    [found] = rating_lines(f"Some words.\n\n{line}\n\nThe verdict.\n")
    assert (found.line, found.value, found.scale) == (2, value, scale)


@pytest.mark.parametrize(
    "text",
    [
        "Words.\nRating: 9/10\n",  # inside a paragraph
        "```\n\nRating: 9/10\n\n```\n",  # in code
        "::: spoiler x\n\nRating: 9/10\n\n:::\n",  # in a spoiler
        "    Rating: 9/10\n",  # indented: code
        "Rating: 9/10 and more\n",
        "> Rating: 9/10\n",
    ],
)
def test_other_mentions_of_a_rating_are_text(text: str) -> None:
    assert rating_lines(text) == []
    body = convert(text, rating_line=True)
    assert split_at_rating(body.html) == (body.html, None)
    assert "9/10" in body.html


def test_the_body_is_cut_at_the_rating_line_and_footnotes_follow_the_verdict() -> None:
    body = convert("Before.[^1]\n\n**Rating:** 9/10\n\nAfter.\n\n[^1]: A note.\n", rating_line=True)
    before, after = split_at_rating(body.html)
    assert (
        before == '<p>Before.<sup id="fnref:1"><a class="footnote-ref" href="#fn:1">1</a></sup></p>'
    )
    assert after is not None and after.startswith('<p>After.</p>\n<div class="footnote">')
    assert body.words == convert("Before.[^1]\n\nAfter.\n\n[^1]: A note.\n").words
    # A body that opens with its rating takes its summary from the verdict.
    assert convert("Rating: 9/10\n\nA verdict.\n", rating_line=True).first_paragraph == "A verdict."
    # Only a body's rating line is the panel's place: a verdict field's stays text.
    assert "9/10" in convert("**Rating:** 9/10\n").html


def problems(front: str, body: str, config: SiteConfig = CONFIG) -> list[str]:
    data = f"---\ntitle: Jaws\nyear: 1975\n{front}---\n{body}".encode()
    return [str(d) for d in load_review(data, WHERE, Rules(config, 2026))[1]]


def test_a_rating_line_agreeing_with_the_front_matter_is_fine() -> None:
    assert problems("rating: 9\n", "\nBody.\n\nRating: 9/10\n\nVerdict.\n") == []
    five = SiteConfig(title="T", base_url="https://example.org/", rating_scale=5)
    assert problems("rating: 4.5\n", "\nBody.\n\n**Rating:** 4.5/5\n", five) == []


def test_a_disagreeing_rating_line_names_both_lines() -> None:
    assert problems("rating: 9\n", "\nBody.\n\nRating: 8/10\n") == [
        'content/reviews/jaws.md:9: rating: the rating line "Rating: 8/10" says 8, but '
        "rating: on line 4 says 9; make them agree"
    ]


def test_a_rating_line_on_another_scale_second_lines_and_two_verdicts_are_errors() -> None:
    five = SiteConfig(title="T", base_url="https://example.org/", rating_scale=5)
    front = "rating: 4\nverdict: Rent it.\n"
    assert set(problems(front, "\nRating: 8/10\n\nMore.\n\nRating: 4/5\n", five)) == {
        "content/reviews/jaws.md:5: verdict: the verdict is given twice: after the rating line "
        "on line 8, and in verdict:; keep one",
        'content/reviews/jaws.md:8: rating: the rating line "Rating: 8/10" rates out of 10, but '
        "this site rates out of 5 (rating_scale in site.yaml)",
        'content/reviews/jaws.md:12: rating: a second rating line "Rating: 4/5" (the first is on '
        "line 8); keep one",
    }
