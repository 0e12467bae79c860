"""The quick inline processor gives byte-identical output to Python-Markdown's own."""

from __future__ import annotations

import re
from pathlib import Path

import frontmatter
import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.corpus import write_corpus
from tests.conftest import REPO
from tests.unit.test_typography import TRICKY
from vhsheaven.markup.convert import EXTENSIONS, convert
from vhsheaven.markup.quick_inline import QuickInlineExtension, QuickInlineProcessor, needs_of

INLINE_TRICKY = [
    "`code` and ``double `tick` code`` and \\`escaped\\` and \\\\`after backslashes`",
    "[link](http://x.org/) ![img](a.png) [ref][r] ![iref][r] [r] ![r]\n\n[r]: http://y.org/",
    "<http://auto.link/> <me@example.com> <b>bold</b> <!-- comment --> &amp; &#169; &#xA9;",
    "line  \nbreak, *em*, **strong**, ***both***, _u_, __uu__, * not * and _ not _, a*b*c",
    "Footnote[^1] and [^missing] and [not a footnote].\n\n[^1]: The note, with `code`.",
    "{: .attr } text *[HTML]: Hyper Text\n\nThe HTML abbr.",
    "> quoted *em* [link](/x)\n>\n> - list `code`\n> - item <i>i</i>",
    "Term\n:   Definition with **strong** and <span markdown>*md*</span>",
    # Reference links with no definition in the document stay text.
    "[a][b] [b] [c][] ![d][e] ![e] [*em* [nested]][f] [g] (h) [i](/j) [k]\n[l]",
    "[undefined] then [defined] and [Defined][]\n\n[defined]: /x 'T'",
]
# Definitions, so every pattern is tried as it is in a document that has some.
DEFINED = {"r": ("http://y.org/", None)}

ALPHABET = st.sampled_from(
    [
        *"abc xyz",
        *"*_`[]()!<>&#:;/\\^@.-'\"\n",
        "  \n",
        "http://",
        "<b>",
        "</b>",
        "&amp;",
        "[^1]",
        "\n\n",
        "    ",
        "- ",
        "1. ",
        "> ",
        "# ",
    ]
)


def stock_converter(leave_out: type = QuickInlineExtension) -> markdown.Markdown:
    """Our extensions less one of our stand-ins, Python-Markdown's own way in its place."""
    extensions = [e for e in EXTENSIONS if not isinstance(e, leave_out)]
    return markdown.Markdown(extensions=extensions, output_format="html")


def with_stock(md: markdown.Markdown, text: str) -> str:
    md.reset()
    return md.convert(text)


def corpus_mismatches(tmp_path: Path, stock: markdown.Markdown) -> list[int]:
    """The sample site's reviews and 120 generated ones that convert otherwise than `stock`
    converts them."""
    write_corpus(tmp_path, 120)
    files = sorted((REPO / "content/reviews").glob("*.md")) + sorted(
        tmp_path.glob("content/**/*.md")
    )
    texts = [frontmatter.load(path).content for path in files]
    assert len(texts) == len(files) > 120
    return [i for i, text in enumerate(texts) if convert(text).html != with_stock(stock, text)]


def test_converter_uses_the_quick_processor_and_knows_every_pattern() -> None:
    md = markdown.Markdown(extensions=list(EXTENSIONS))
    assert isinstance(md.treeprocessors["inline"], QuickInlineProcessor)
    unknown = [type(p).__name__ for p in md.inlinePatterns if needs_of(p, DEFINED) is None]
    assert unknown == []


def test_tricky_cases_match_stock() -> None:
    md = stock_converter()
    mismatched = [t for t in [*TRICKY, *INLINE_TRICKY] if convert(t).html != with_stock(md, t)]
    assert mismatched == []


def test_sample_site_and_generated_corpus_match_stock(tmp_path: Path) -> None:
    assert corpus_mismatches(tmp_path, stock_converter()) == []


def assert_converts_as_stock(text: str, stock: markdown.Markdown) -> None:
    assert convert(text).html == with_stock(stock, text), text


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=60).map("".join))
def test_random_markdown_matches_stock(text: str) -> None:
    assert_converts_as_stock(text, stock_converter())


@settings(max_examples=200, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_a_pattern_never_matches_a_text_without_what_it_needs(text: str) -> None:
    md = markdown.Markdown(extensions=list(EXTENSIONS))
    for pattern in md.inlinePatterns:
        needs = needs_of(pattern, DEFINED)
        assert needs is not None
        if not any(n in text for n in needs):
            assert re.search(pattern.compiled_re, text) is None, (type(pattern).__name__, text)


def test_reference_patterns_are_left_out_of_documents_without_definitions() -> None:
    md = markdown.Markdown(extensions=list(EXTENSIONS))
    left_out = [type(p).__name__ for p in md.inlinePatterns if needs_of(p, {}) == ()]
    assert sorted(left_out) == sorted(
        [
            "ReferenceInlineProcessor",
            "ShortReferenceInlineProcessor",
            "ImageReferenceInlineProcessor",
            "ShortImageReferenceInlineProcessor",
        ]
    )
