"""The Markdown fast paths against an outside corpus: the CommonMark spec and its examples.

Our converter (the fast route, the quick passes, the typography pass) promises the bytes that
stock Python-Markdown gives with the same extensions, smarty in the typography pass's place.
The spec's 652 examples are small documents written to reach every corner of Markdown syntax
(escapes, entities, raw HTML, link titles, nesting), far beyond what reviews hold; what HTML
CommonMark expects of them does not matter here, only that both converters agree. They come
from the `commonmark-spec` npm package, installed by `npm ci` (the text is CC-BY-SA, so it is
read from there, not copied into this repository).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Any

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.tools import REPO, require
from vhsheaven.load.settings import RAW_HTML_MODES, RawHtml
from vhsheaven.markup.convert import EXTENSIONS, convert
from vhsheaven.markup.quick_block import QuickBlockExtension
from vhsheaven.markup.quick_inline import QuickInlineExtension
from vhsheaven.markup.quick_passes import QuickPassesExtension
from vhsheaven.markup.quick_toc import QuickTocExtension
from vhsheaven.markup.raw_html import RawHtmlExtension
from vhsheaven.markup.typography import TypographyExtension

SPEC = REPO / "node_modules/commonmark-spec/spec.txt"
# An example is a fence of 32 backticks: its Markdown, a line holding ".", the expected HTML.
# Headings outside the fences name the sections (as the package's own index.js reads them).
EXAMPLE_OR_HEADING = re.compile(
    r"^`{32} example\n(?P<markdown>.*?)^\.\n.*?^`{32}$|^#{1,6} *(?P<heading>[^\n]*)$",
    re.MULTILINE | re.DOTALL,
)
# The spec shows a tab as an arrow; its own test runner feeds a tab.
TAB = "\u2192"


@dataclass(frozen=True, slots=True)
class Example:
    """One of the spec's examples: its number (from 1, as the spec counts), section, text."""

    number: int
    section: str
    markdown: str


@cache
def spec_text() -> str:
    """The spec, or a skip (a failure when strict) when the npm package is not installed."""
    require(
        SPEC.is_file(),
        f"the CommonMark spec (npm package commonmark-spec) is not at {SPEC}; "
        "run `npm ci` in the repository",
    )
    return SPEC.read_text(encoding="utf-8").replace(TAB, "\t")


@cache
def spec_examples() -> tuple[Example, ...]:
    """Every example before the spec's end-of-tests marker."""
    tests = spec_text().split("\n<!-- END TESTS -->", 1)[0]
    examples: list[Example] = []
    section = ""
    for match in EXAMPLE_OR_HEADING.finditer(tests):
        if match["heading"] is not None:
            section = match["heading"]
        else:
            examples.append(Example(len(examples) + 1, section, match["markdown"]))
    return tuple(examples)


def stock_extensions() -> list[Any]:
    """Our extensions with Python-Markdown's own ways in our stand-ins' places."""
    quick = (QuickInlineExtension, QuickBlockExtension, QuickPassesExtension, QuickTocExtension)
    return [
        "smarty" if isinstance(extension, TypographyExtension) else extension
        for extension in EXTENSIONS
        if not isinstance(extension, quick)
    ]


@cache
def stock_converter(raw_html: RawHtml) -> markdown.Markdown:
    """Stock Python-Markdown configured as convert() is for `raw_html`."""
    extensions = [*stock_extensions(), RawHtmlExtension(raw_html)]
    return markdown.Markdown(extensions=extensions, output_format="html")


def with_stock(text: str, raw_html: RawHtml) -> str:
    md = stock_converter(raw_html)
    md.reset()
    return md.convert(text)


def mismatches(documents: Iterable[tuple[str, str]], raw_html: RawHtml) -> list[str]:
    """The names of the documents that convert() turns into other bytes than stock does,
    each with the first lines that differ."""
    found = []
    for name, text in documents:
        ours, stock = convert(text, raw_html).html, with_stock(text, raw_html)
        if ours != stock:
            diff = difflib.unified_diff(stock.splitlines(), ours.splitlines(), n=0, lineterm="")
            found.append(f"{name}: {list(diff)[2:6]}")
    return found


def test_the_corpus_is_the_whole_spec() -> None:
    examples = spec_examples()
    assert len(examples) >= 600
    assert examples[0].section == "Tabs" and examples[0].markdown.startswith("\t")
    assert len({example.section for example in examples}) >= 20
    # The cases the fast paths once got wrong: a backslash before a quote keeps it straight.
    assert sum('\\"' in example.markdown for example in examples) >= 3


@pytest.mark.parametrize("raw_html", RAW_HTML_MODES)
def test_every_example_converts_as_stock(raw_html: RawHtml) -> None:
    documents = [(f"example {e.number} ({e.section})", e.markdown) for e in spec_examples()]
    assert mismatches(documents, raw_html) == []


@pytest.mark.parametrize("raw_html", RAW_HTML_MODES)
def test_each_section_as_one_document_converts_as_stock(raw_html: RawHtml) -> None:
    # Together, examples meet: references defined in one are used in others, quotes and
    # emphasis open in one block and close in the next, and more processors run on a text.
    sections: dict[str, list[str]] = {}
    for example in spec_examples():
        sections.setdefault(example.section, []).append(example.markdown)
    documents = [(section, "\n\n".join(texts)) for section, texts in sections.items()]
    assert mismatches(documents, raw_html) == []


def test_the_spec_itself_converts_as_stock() -> None:
    # 200 kB of prose with quotes, dashes and code: the kind of text reviews are, at length.
    assert mismatches([("spec.txt", spec_text())], "allow") == []


# What the spliced documents below put in at random: the typography pass's characters, escapes,
# and what starts the inline patterns and the block processors the quick passes may skip.
INSERTS = [
    *("'", '"', "\\'", '\\"', "--", "---", "...", "\\", "`", "*", "_", "[", "]", "<", "&"),
    *("|", ": ", ":\t", "[^1]", "[^1]: ", "]:", "*[", "\n", "\n\n", "  \n", "    ", "> ", "- "),
]


@st.composite
def spliced_examples(draw: st.DrawFn) -> str:
    """Pieces of one to four examples, joined, with a few inserts anywhere."""
    examples = spec_examples()
    pieces = []
    for _ in range(draw(st.integers(1, 4))):
        text = draw(st.sampled_from(examples)).markdown
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        pieces.append(text[start:end] if draw(st.booleans()) else text)
        pieces.append(draw(st.sampled_from(["", "\n", "\n\n", " ", *INSERTS])))
    text = "".join(pieces)
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(INSERTS)) + text[at:]
    return text


@settings(max_examples=300, deadline=None)
@given(spliced_examples(), st.sampled_from(RAW_HTML_MODES))
def test_spliced_examples_convert_as_stock(text: str, raw_html: RawHtml) -> None:
    assert convert(text, raw_html).html == with_stock(text, raw_html), text
