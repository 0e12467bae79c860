"""Our typography gives byte-identical output to Python-Markdown's smarty extension."""

from __future__ import annotations

from pathlib import Path

import frontmatter
import markdown
import pytest

from benchmarks.corpus import write_corpus
from tests.conftest import REPO
from vhsheaven.markup.convert import ReviewExtension, convert
from vhsheaven.markup.tables import TableScrollExtension

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
