"""The fast route (fast_route.py, fast_blocks.py, fast_spans.py) gives the bytes and the headings
stock Python-Markdown gives, and takes the documents reviews are.

Stock here is our extensions without any quick stand-in, smarty in typography's place. The
documents are a generated corpus of review shapes and their near misses (tests/review_shapes.py),
the sample site's reviews, the fixture sites' reviews and the benchmark corpus. Python-Markdown's
own test texts and the CommonMark spec's examples go through the same convert() in
test_markdown_corpus.py; the larger corpora are run by hand (see benchmarks/README.md).
"""

from __future__ import annotations

import difflib
import random
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.inlinepatterns import SimpleTagInlineProcessor

from benchmarks.corpus import write_corpus
from tests.conftest import REPO
from tests.review_shapes import document, near_miss, review_shapes
from tests.unit.test_markdown_corpus import stock_extensions
from vhsheaven.load.settings import RawHtml
from vhsheaven.markup.body import Heading
from vhsheaven.markup.convert import EXTENSIONS, RatingLineExtension, _converter, _flatten, convert
from vhsheaven.markup.fast_route import FastRoute
from vhsheaven.markup.fast_spans import Spans
from vhsheaven.markup.raw_html import RawHtmlExtension
from vhsheaven.markup.trailer import TrailerExtension

# (raw-HTML mode, rating line): a review's body as most blogs have it, and the other settings.
SETTINGS: list[tuple[RawHtml, bool]] = [("allow", True), ("escape", False)]


@cache
def stock_converter(raw_html: RawHtml, rating_line: bool) -> markdown.Markdown:
    extensions = [*stock_extensions(), RawHtmlExtension(raw_html), TrailerExtension([""])]
    if rating_line:
        extensions.append(RatingLineExtension())
    return markdown.Markdown(extensions=extensions, output_format="html")


def with_stock(text: str, raw_html: RawHtml, rating_line: bool) -> tuple[str, tuple[Heading, ...]]:
    md = stock_converter(raw_html, rating_line)
    md.reset()
    html = md.convert(text)
    return html, tuple(_flatten(md.toc_tokens))


def mismatches(texts: Iterable[str], raw_html: RawHtml, rating_line: bool) -> list[str]:
    """The texts convert() turns into other HTML or headings than stock, with the first
    lines that differ."""
    found = []
    for text in texts:
        body = convert(text, raw_html, rating_line)
        html, headings = with_stock(text, raw_html, rating_line)
        if body.html != html:
            diff = difflib.unified_diff(html.splitlines(), body.html.splitlines(), lineterm="")
            found.append(f"{text!r}: {list(diff)[2:6]}")
        elif body.headings != headings:
            found.append(f"{text!r}: headings {body.headings} != {headings}")
    return found


def taken(text: str, raw_html: RawHtml = "allow", rating_line: bool = True) -> bool:
    return _converter(raw_html, rating_line)[2].convert(text) is not None


def body_of(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    return text.split("---\n", 2)[2] if text.startswith("---\n") else text


def sample_reviews() -> list[str]:
    paths = sorted((REPO / "content").glob("**/*.md"))
    assert len(paths) >= 10
    return [body_of(path) for path in paths]


def fixture_reviews() -> list[str]:
    paths = sorted((REPO / "tests/sites").glob("**/content/**/*.md"))
    assert len(paths) >= 40
    return [body_of(path) for path in paths]


@pytest.mark.parametrize(("raw_html", "rating_line"), SETTINGS)
def test_generated_review_shapes_convert_as_stock(raw_html: RawHtml, rating_line: bool) -> None:
    documents = review_shapes(450)
    assert mismatches(documents, raw_html, rating_line) == []
    # Enough of them take the route for the comparison to be about it.
    assert sum(taken(text, raw_html, rating_line) for text in documents) > 80


@pytest.mark.parametrize(("raw_html", "rating_line"), SETTINGS)
def test_sample_and_fixture_reviews_convert_as_stock(raw_html: RawHtml, rating_line: bool) -> None:
    assert mismatches(sample_reviews() + fixture_reviews(), raw_html, rating_line) == []


def test_the_route_takes_every_sample_and_benchmark_review(tmp_path: Path) -> None:
    write_corpus(tmp_path, 60)
    benchmark = [body_of(path) for path in sorted(tmp_path.glob("content/**/*.md"))]
    assert len(benchmark) == 60
    assert mismatches(benchmark, "allow", True) == []
    assert [text for text in sample_reviews() + benchmark if not taken(text)] == []


def test_most_fixture_reviews_take_the_route() -> None:
    reviews = fixture_reviews()
    assert sum(map(taken, reviews)) > len(reviews) * 0.6


@settings(max_examples=150, deadline=None)
@given(st.randoms(use_true_random=False), st.booleans(), st.sampled_from(SETTINGS))
def test_random_review_shapes_convert_as_stock(
    rng: random.Random, miss: bool, setting: tuple[RawHtml, bool]
) -> None:
    text = document(rng)
    if miss:
        text = near_miss(rng, text)
    assert mismatches([text], *setting) == []


TAKEN = [
    "Plain words.\n\nTwo lines\nof one paragraph.",
    '## It\'s "The End" -- or is it...\n\nText *em* **strong** _em_ __strong__ a*b*c snake_case.',
    "# One\n\n## Two\n\n###### Six\n\n## Two\n\n## two!",  # shifted levels, repeated ids
    "Text\n## Heading with no blank line\nMore text",
    "> Quoted\n> lines\n>\n> and another\n\n> merged into the same quote\n\n> > nested",
    "- one\n- two *em*\ncontinued\n\nBetween.\n\n1. first\n2. second",
    "- one\n* two\n+ three\n\nAfter.\n\n1. one\n- mixed",
    "[link *em*](https://example.org/a_b_*c*) and *[em link](/x)* and [bad](javascript:x)",
    "Rating: 8/10\n\nVerdict.\n\nRating: 9/10",
    "::: spoiler the *end*\n\nHidden.\n\n## Inside\n\n:::\nAfter.\n\n::: spoiler\nOpen to the end",
    "Fish & chips; 5 * 3 > 2; C# 1999. Café\u00a0naïve — “curly” it's 'single' \"double\".",
    "Trailing spaces  \n\nat a block's end  ",
]
UNUSUAL = [
    "<b>raw</b>",
    "AT&T",
    "&amp;",
    "`code`",
    "\\*escaped\\*",
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "Text{: .class }",
    "~~~\nfence\n~~~",
    "Footnote[^1].\n\n[^1]: Note.",
    "[id]: /x",
    "*[HTML]: Hyper Text",
    "![image](/a.png)",
    "Line  \nbreak",
    "Term\n: Definition",
    "::: trailer https://youtu.be/dQw4w9WgXcQ",
    "    code",
    "\tcode",
    "Title\n=====",
    "Rule\n\n---",
    "* * *",
    "- one\n\n- two (loose)",
    "Text\n> lazy quote",
    "> quote\nlazy line",
    "***strong em***",
    "*em **strong** em*",
    "**odd*",
    "[unlinked]",
    '[link](/x "title")',
    "[link](</x>)",
    "1. one\n\n- two",
    "- # heading in an item",
    "- item\n  indented continuation",
    "\u00a0starts with a space",
    "[TOC]\n\n## Heading",
]


@pytest.mark.parametrize("text", TAKEN)
def test_review_shapes_take_the_route_and_convert_as_stock(text: str) -> None:
    assert taken(text)
    for setting in SETTINGS:
        assert mismatches([text], *setting) == []


@pytest.mark.parametrize("text", UNUSUAL)
def test_anything_unusual_goes_to_stock(text: str) -> None:
    assert not taken(text)
    for setting in SETTINGS:
        assert mismatches([text], *setting) == []


def test_a_converter_with_an_extension_the_route_does_not_know_has_no_route() -> None:
    md = markdown.Markdown(extensions=[*EXTENSIONS, "nl2br"], output_format="html")
    route = FastRoute(md, rating_line=False)
    assert not route.usable
    assert route.convert("Plain words.") is None
    assert _converter("allow", False)[2].usable


def test_emphasis_without_the_delimiter_processor_has_no_route() -> None:
    # Python-Markdown before 3.11 pairs emphasis with other rules (test_minimum_versions.py
    # builds with 3.8, where the converter takes the stock way for every document).
    assert not Spans(SimpleTagInlineProcessor(r"(\*)([^*]+)\1", "em")).usable
    assert Spans(_converter("allow", True)[0].inlinePatterns["em_strong"]).usable
