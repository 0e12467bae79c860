"""Our typography gives byte-identical output to Python-Markdown's smarty extension."""

from __future__ import annotations

import html
from itertools import product
from pathlib import Path
from typing import Any

import frontmatter
import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from benchmarks.corpus import write_corpus
from tests.conftest import REPO
from vhsheaven.markup.convert import ReviewExtension, convert
from vhsheaven.markup.tables import TableScrollExtension
from vhsheaven.markup.typography import HIDDEN, QUOTES, _apply, _educate_quotes

TRICKY = [
    "It's the '80s -- \"quoted 'inner' words\" and 'single' ones...",
    "\"'Nested' at start,\" she said. '\"Other\" way.'",
    "'Tis the season; rock 'n' roll; the dogs' bowls; 'quote.'",
    "Em---dash, en--dash, ---- four, -- spaced --, a - b, one...two.... five.....",
    '*"Emphasised quote"* and **"strong"** then "[a link](http://x.org/)" done.',
    'Code `"not \'touched\'" -- ...` stays, and so does\n\n    "indented code"\n',
    'A <b>"raw"</b> tag, an &amp; "entity" &copy; and <br>\'s here.',
    "## \"Heading\" with 'quotes' -- and...\n\nText.",
    "| \"a\" | 'b' |\n|---|---|\n| -- | ... |\n",
    "Footnote's[^n] \"end\".\n\n[^n]: It's 'noted'.",
    '::: spoiler the "big" twist\n\nIt\'s a trap -- really...\n\n:::\n',
    "\"\n'\n\"'\n'\"\n''\n\"\"",
    # A backslash keeps a quote straight, in text, in a link title and in a raw tag.
    r"""\"Straight\" and \'straight\', [a](/u "t \"q\"") and <a href="\"">x</a>.""",
    # Entities go into the text as they are: next to an ampersand and to other entities.
    'AT&"T" & "x"&amp;\'y\' &copy;"z" &#8212;"w" a&b;"c" &&\'d\'& &lt;--&gt;',
    '&\n"q"\n&amp\n\'r\'... &ldquo;"s"&rdquo; &nbsp;"t" \u2014"u" --"v"--',
    '# "Quoted" & \'so\' -- on...\n\n## It\'s "it"\n\n### &"&amp;"',
]


def smarty_converter() -> markdown.Markdown:
    return markdown.Markdown(
        extensions=["extra", "toc", "smarty", ReviewExtension(), TableScrollExtension()],
        output_format="html",
    )


def with_smarty(md: markdown.Markdown, text: str) -> str:
    md.reset()
    return md.convert(text)


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_cases_match_smarty(text: str) -> None:
    assert convert(text).html == with_smarty(smarty_converter(), text)


def test_headings_read_off_the_body_match_smarty() -> None:
    """The table of contents reads heading text through the serializer: the same names."""
    md = smarty_converter()
    for text in TRICKY:
        with_smarty(md, text)
        expected = [(token["id"], html.unescape(token["name"])) for token in _flat(md.toc_tokens)]
        assert [(heading.id, heading.text) for heading in convert(text).headings] == expected


def _flat(tokens: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [found for token in tokens for found in [token, *_flat(token["children"])]]


def test_sample_site_and_generated_corpus_match_smarty(tmp_path: Path) -> None:
    write_corpus(tmp_path, 120)
    files = sorted((REPO / "content/reviews").glob("*.md")) + sorted(
        tmp_path.glob("content/**/*.md")
    )
    texts = []
    for path in files:
        post = frontmatter.load(path)
        texts.extend([post.content, str(post.get("verdict", ""))])
    md = smarty_converter()
    mismatched = [i for i, text in enumerate(texts) if convert(text).html != with_smarty(md, text)]
    assert len(texts) == 2 * len(files) and len(files) > 120
    assert mismatched == []


def test_headings_ids_are_unchanged() -> None:
    text = '## Giger\'s "Garden" -- Part 2\n'
    md = smarty_converter()
    with_smarty(md, text)
    assert [h.id for h in convert(text).headings] == [t["id"] for t in md.toc_tokens]


# What the quotes of prose sit between, and what makes a quote not a plain one.
QUOTE_NEIGHBOURS = ["a", "s", "1", " ", ".", "(", "-", "\u2014", "&nbsp;", "\x02vh0\x03"]


def by_rules_and_quickly(text: str) -> tuple[str, str]:
    """The text's quotes educated rule by rule and the quick way, with a dash already replaced
    (as the dashes' rules leave it) in both."""
    quick = ["&ndash;"]
    by_rules = ["&ndash;"]
    return (
        HIDDEN.sub(lambda m: by_rules[int(m[1])], _apply(QUOTES, text, by_rules)),
        HIDDEN.sub(lambda m: quick[int(m[1])], _educate_quotes(text, quick)),
    )


def test_plain_quotes_become_what_the_rules_make_of_them() -> None:
    # Every text of one to four pieces, each a quote or a neighbour (22,620 of them).
    pieces = ["'", '"', *QUOTE_NEIGHBOURS]
    texts = ["".join(parts) for size in range(1, 5) for parts in product(pieces, repeat=size)]
    assert [text for text in texts if len(set(by_rules_and_quickly(text))) > 1] == []


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["'", '"', *QUOTE_NEIGHBOURS, "Ab", "'s", "80s"])).map("".join))
def test_longer_plain_quotes_become_what_the_rules_make_of_them(text: str) -> None:
    by_rules, quickly = by_rules_and_quickly(text)
    assert quickly == by_rules
