"""Leaving the table of contents out of documents without its marker changes no page."""

from __future__ import annotations

import markdown

from tests.unit import test_quickinline as quickinline_tests
from tests.unit.test_quickinline import with_stock
from vhsheaven.markup.convert import EXTENSIONS, convert
from vhsheaven.markup.quick_toc import QuickTocExtension

MARKERS = [
    "# One\n\n[TOC]\n\n## Two",
    "[TOC]",
    "# A\n\n> [TOC]\n\n- [TOC]\n\n::: spoiler x\n[TOC]\n:::",
    '<div markdown="1">\n[TOC]\n</div>\n\n# B',
    "# C\n\n[T\x02OC]\n\n[TO\x03C]",  # normalising the whitespace drops these characters
    "# D\n\n  [TOC]  \n\n[TOC] and more\n\n\\[TOC]",
    "# E\n\n```\n[TOC]\n```",
]
WITHOUT = ["# One\n\n## Two *em*\n\nText [TO C] [toc]", "No headings at all."]


def stock_converter() -> markdown.Markdown:
    return quickinline_tests.stock_converter(QuickTocExtension)


def test_documents_with_and_without_a_marker_match_stock() -> None:
    md = stock_converter()
    texts = MARKERS + WITHOUT
    assert [text for text in texts if convert(text).html != with_stock(md, text)] == []
    # Headings too, which the table of contents is made from.
    for text in texts:
        with_stock(md, text)
        assert [h.id for h in convert(text).headings] == _ids(md.toc_tokens)


def _ids(tokens: list[dict[str, object]]) -> list[object]:
    return [found for t in tokens for found in [t["id"], *_ids(t["children"])]]  # type: ignore[arg-type]


def test_a_marker_still_becomes_the_table_of_contents() -> None:
    html = convert("# One\n\n[TOC]\n\n## Two").html
    assert '<div class="toc">' in html and '<a href="#two">Two</a>' in html


def test_the_converter_has_the_quick_table_of_contents() -> None:
    md = markdown.Markdown(extensions=list(EXTENSIONS))
    assert "see_toc_marker" in md.preprocessors
