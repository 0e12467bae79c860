"""Leaving out block processors a document cannot use gives byte-identical output."""

from __future__ import annotations

import xml.etree.ElementTree as etree
from pathlib import Path

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension

from tests.unit import test_quickinline as quickinline_tests
from tests.unit.test_quickinline import INLINE_TRICKY, with_stock
from tests.unit.test_typography import TRICKY
from vhsheaven.markup.convert import EXTENSIONS, convert
from vhsheaven.markup.quick_block import NEEDS, REFUSE_LETTER_LINES, QuickBlockExtension

BLOCK_TRICKY = [
    "| a | b |\n|---|:-:|\n| 1 | `|` |",
    "a | b\n--|--\n1 | 2",
    "|single|\n|---|\n|cell|",
    "Term\n: Definition",
    "Term\n:\tTabbed definition",
    "> Quoted term\n> : quoted definition",
    "- item\n\n    Term\n    :   indented definition",
    "Text[^n].\n\n[^n]: Note\n    with a second paragraph.",
    "*[VHS]: Video Home System\n\nA VHS tape.",
    "[a][b] and [b]\n\n[b]: http://x.org/ 'Title'\n[c]: <http://y.org/>",
    '<div markdown="1">\n*em* | not | a table\n\nTerm\n: def\n</div>',
    "<div>\n| raw | html |\n</div>\n\n::: spoiler Who\n| x | y |\n|---|---|\n| 1 | 2 |\n:::",
    "```\n| fenced | code |\n: not a definition\n```",
    "Colons: plenty, as in http://x.org and a:b, but no definition.",
]

ALPHABET = st.sampled_from(
    [
        *"abc xyz",
        *"|:-*[]^<>`\n\t",
        ": ",
        ":\t",
        "|---|",
        "[^1]: ",
        "[^1]",
        "*[A]: ",
        "[r]: /x",
        '<div markdown="1">',
        "</div>",
        "\n\n",
        "    ",
        "> ",
        "- ",
        "```",
    ]
)


def stock_converter() -> markdown.Markdown:
    """Our extensions, every block processor asked about every block."""
    return quickinline_tests.stock_converter(QuickBlockExtension)


def test_every_listed_processor_is_one_the_converter_has() -> None:
    md = markdown.Markdown(extensions=list(EXTENSIONS))
    assert sorted(name for name in NEEDS if name in md.parser.blockprocessors) == sorted(NEEDS)


def test_tricky_cases_match_stock() -> None:
    md = stock_converter()
    texts = [*TRICKY, *INLINE_TRICKY, *BLOCK_TRICKY]
    mismatched = [text for text in texts if convert(text).html != with_stock(md, text)]
    assert mismatched == []
    # The cases do reach the processors that can be left out.
    html = "".join(convert(text).html for text in BLOCK_TRICKY)
    for tag in ("<table>", "<dl>", 'class="footnote"', "<abbr", 'href="http://x.org/"'):
        assert tag in html


def test_sample_site_and_generated_corpus_match_stock(tmp_path: Path) -> None:
    assert quickinline_tests.corpus_mismatches(tmp_path, stock_converter()) == []


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=60).map("".join))
def test_random_markdown_with_block_syntax_matches_stock(text: str) -> None:
    quickinline_tests.assert_converts_as_stock(text, stock_converter())


@settings(max_examples=200, deadline=None)
@given(st.lists(ALPHABET, max_size=40).map("".join))
def test_a_processor_never_takes_a_block_without_what_it_needs(block: str) -> None:
    md = stock_converter()
    md.reset()
    for name, needs in NEEDS.items():
        if any(needed in block for needed in needs):
            continue
        processor = md.parser.blockprocessors[name]
        parent = etree.Element("div")
        # Some processors say yes to every block and decline in run() instead.
        taken = processor.test(parent, block) and processor.run(parent, [block])
        assert not taken, (name, block)


LETTER_TRICKY = [
    "Title\n=====\n\nSub\n---",
    "Line one\n# heading inside\nline three",
    "Text\n> quoted\n\nText\n    indented\nText\n- item",
    "- item\nlazy line\n\n1. one\ntwo\n\n    Still item\nand lazy",
    "- tight\n- list\nWith letters\n\nAfter",
    "Word | word |\n|---|---|\n\nword |\nWord |",
    "Term\nAnother: definition-ish\n\n::: spoiler x\nInside\n\nAnd more\n:::",
    "Text[^n]\n\n[^n]: Note\nlazy Note line\n\nAbbr *[x]: no\n\nRef [a]\n\n[a]: /x",
    '<div markdown="1">\nInside html\n\nAnd more\n</div>\nAfter it',
]


def test_blocks_of_letter_lines_match_stock() -> None:
    md = stock_converter()
    assert [text for text in LETTER_TRICKY if convert(text).html != with_stock(md, text)] == []


def test_every_processor_known_to_refuse_letter_lines_is_one_the_converter_has() -> None:
    md = markdown.Markdown(extensions=list(EXTENSIONS))
    found = sorted(name for name in REFUSE_LETTER_LINES if name in md.parser.blockprocessors)
    assert found == sorted(REFUSE_LETTER_LINES)


class RatingLine(BlockProcessor):
    """A processor of the kind an extension adds for a line that starts with a letter."""

    def test(self, parent: etree.Element, block: str) -> bool:
        return block.startswith("Rating: ")

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        etree.SubElement(parent, "aside").text = blocks.pop(0)
        return True


class RatingExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.parser.blockprocessors.register(RatingLine(md.parser), "rating", 55)


def test_a_processor_an_extension_adds_is_asked_about_letter_lines() -> None:
    md = markdown.Markdown(extensions=[*EXTENSIONS, RatingExtension()])
    assert md.convert("Intro.\n\nRating: 9/10\n\nOutro.") == (
        "<p>Intro.</p>\n<aside>Rating: 9/10</aside>\n<p>Outro.</p>"
    )


RAW_HTML_TRICKY = [
    "Plain text only.\n\nMore plain text.",
    "Ampersands: &amp &copy and &#65 without semicolons; AT&T.",
    "A <b>tag</b> and\n\n<div>\na block\n</div>",
    "An &amp; entity and a <!-- comment --> here.",
]


def test_text_without_html_skips_the_raw_html_pass_to_the_same_output() -> None:
    md = stock_converter()
    mismatched = [text for text in RAW_HTML_TRICKY if convert(text).html != with_stock(md, text)]
    assert mismatched == []
