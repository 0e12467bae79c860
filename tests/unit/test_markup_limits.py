"""Bounded work per review: Markdown past the parser's limits is an error at its line."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO
from vhsheaven.markup import convert as markup
from vhsheaven.markup import limits
from vhsheaven.markup.convert import convert
from vhsheaven.markup.limits import MAX_DEPTH, TooComplex, check_limits, too_complex

INTRO = "A fine film.\n\nAbout it.\n\n"  # the pathological part starts on line 4 (0-based)


def brackets_and_emphasis() -> str:
    """The issue's review: 150 KB of nested brackets and emphasis (9 minutes, then a crash)."""
    return "[" * 50_000 + "*_" * 25_000 + "x" + "_*" * 25_000 + "]" * 50_000


PATHOLOGICAL: dict[str, Callable[[], str]] = {
    "brackets and emphasis": brackets_and_emphasis,
    "unclosed brackets": lambda: "[" * 100_000,
    "emphasis runs": lambda: "*_" * 100_000,
    "unclosed tags": lambda: "<a " * 60_000,
    "code-span ticks": lambda: "`a``" * 60_000,
    "quotes in quotes": lambda: ">" * 5_000 + " x",
    "lists in lists": lambda: "- " * 2_000 + "x",
    "indented lists": lambda: "".join("    " * i + "- x\n" for i in range(MAX_DEPTH + 2)),
    "spoilers in spoilers": lambda: "::: spoiler a\n\n" * (MAX_DEPTH + 1) + "x\n\n:::\n",
    "markdown in HTML": lambda: '<div markdown="1">\n' * 500 + "x\n" + "</div>\n" * 500,
    "headings": lambda: "# x\n\n" * 20_000,
    "line breaks": lambda: "a  \n" * 100_000,
    "abbreviations": lambda: "*[a]: an abbreviation\n\n" + "a " * 50_000,
    "footnote references": lambda: "Text[^1] " * 2_000 + "\n\n[^1]: The note.",
    "definitions": lambda: "term\n:   what it means\n" * 500,
}


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_pathological_text_is_too_complex_at_its_line(name: str) -> None:
    started = time.perf_counter()
    with pytest.raises(TooComplex) as raised:
        convert(INTRO + PATHOLOGICAL[name]())
    assert raised.value.line >= 4
    assert time.perf_counter() - started < 10  # the bound; the scan takes milliseconds


def test_the_error_names_the_file_and_the_line_in_it() -> None:
    with pytest.raises(TooComplex) as raised:
        convert(INTRO + "[" * 100_000)
    data = b"---\ntitle: X\n---\n" + (INTRO + "[" * 100_000).encode()
    problem = too_complex(raised.value, Path("content/reviews/x.md"), 4, data)
    assert str(problem).startswith("content/reviews/x.md:8: body: has a paragraph of 100,000")
    assert problem.is_error


def test_a_verdict_past_a_limit_is_reported_at_its_field() -> None:
    data = b"---\ntitle: X\nyear: 1985\nverdict: |\n  [[[[\n---\nBody.\n"
    problem = too_complex(TooComplex(0, "too deep", "verdict"), Path("r.md"), 7, data)
    assert str(problem).startswith("r.md:4: verdict: too deep")


def test_nesting_the_scan_does_not_foresee_is_an_error_not_a_recursion_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(markup, "check_limits", lambda text: None)
    with pytest.raises(TooComplex, match="too deep"):
        convert("- " * 2_000 + "x")
    assert convert("*fine*").html == "<p><em>fine</em></p>"  # the converter works again


@pytest.mark.parametrize(
    "text",
    [
        "> " * MAX_DEPTH + "quoted",
        "".join("    " * i + "- x\n" for i in range(10)),
        "[" * 40 + "x" + "](y)" * 40,
        "*_" * 5_000 + "x" + "_*" * 5_000,
        "Words [with] *some* `code` and <b>html</b>. " * 1_000,
        "# Heading\n\n" * limits.MAX_HEADINGS,
        "Text[^1] " * 200 + "\n\n[^1]: The note.",
        "*[VHS]: Video Home System\n\n" + "The VHS tape. " * 2_000,
    ],
)
def test_text_within_the_limits_converts(text: str) -> None:
    check_limits(text)
    started = time.perf_counter()
    convert(text)
    assert time.perf_counter() - started < 10


def test_every_sample_review_is_far_within_the_limits() -> None:
    for path in sorted((REPO / "content/reviews").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        check_limits(text * 20)  # twenty times as long, with twenty times the markup
