"""Leaving out whole-document passes a document cannot use gives byte-identical output."""

from __future__ import annotations

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.unit import test_quickinline as quickinline_tests
from tests.unit.test_quickinline import with_stock
from vhsheaven.markup.convert import EXTENSIONS, convert
from vhsheaven.markup.quick_passes import TREE_NEEDS, QuickPassesExtension

PASSES_TRICKY = [
    "```\ncode *not em*\n```\n\n~~~ {.lang #id}\ntilde\n~~~\n\n````\nfour\n````",
    "``\x02`\nmade by normalising\n``\x03`",  # a fence once the control characters go
    "Text ``not a fence`` and `code`, ~~ and ~.",
    "# Heading {: #custom .c }\n\nPara\n{: .p }\n\n- item\n{: .li }\n\n*em*{: .e } and [a](/x){: .l }",
    "Braces { alone } and {: not an attr list, and {}",
    r"Escapes \*not em\* \_ \\ \` \[x\] [a](/x\_y 'T \*') and \"quote\" and C:\path",
    "Nothing special here at all.\n\n> Quoted.\n\n1. List",
    "&#123;: .x } and &#92;* from entities",
    '<div markdown="1">\n{: .x }\n\\*y\\*\n</div>',
]
ALPHABET = st.sampled_from(
    [*"abc xyz", *"{}:.#\\*`~\n", "```", "~~~", "{: .c }", "\n\n", "# ", "- ", "    ", "\\*"]
)


def stock_converter() -> markdown.Markdown:
    return quickinline_tests.stock_converter(QuickPassesExtension)


def test_tricky_cases_match_stock() -> None:
    md = stock_converter()
    assert [text for text in PASSES_TRICKY if convert(text).html != with_stock(md, text)] == []
    # The cases reach the passes that can be left out.
    html = "".join(convert(text).html for text in PASSES_TRICKY)
    for found in ('<code class="language-lang">', 'id="custom"', 'class="e"', "*not em*"):
        assert found in html


def test_every_listed_pass_is_one_the_converter_has() -> None:
    md = markdown.Markdown(extensions=list(EXTENSIONS))
    assert sorted(name for name in TREE_NEEDS if name in md.treeprocessors) == sorted(TREE_NEEDS)
    assert "fenced_code_block" in md.preprocessors


@settings(max_examples=300, deadline=None)
@given(st.lists(ALPHABET, max_size=50).map("".join))
def test_random_markdown_matches_stock(text: str) -> None:
    assert convert(text).html == with_stock(stock_converter(), text), text
