"""Markdown: typography, tables, footnotes, heading ids, spoilers, summaries and word counts."""

from __future__ import annotations

import subprocess
import sys

from bs4 import BeautifulSoup

from vhsheaven.markup.body import count_words, first_paragraph, shorten, unclosed_spoilers
from vhsheaven.markup.convert import convert

SPOILER = """\
Before the spoiler.

::: spoiler the race outcome

He wins the "wrong" race.

It hurts.
:::

After the spoiler.
"""


def test_smart_typography_tables_footnotes_and_attributes() -> None:
    html = convert(
        'It\'s "quoted" -- really...[^1]\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n'
        "Styled\n{: .note }\n\n[^1]: A note.\n"
    ).html
    assert "It&rsquo;s &ldquo;quoted&rdquo; &ndash; really&hellip;" in html
    assert "<table>" in html and "<td>2</td>" in html
    assert 'href="#fn:1"' in html and 'id="fn:1"' in html
    assert '<p class="note">Styled</p>' in html


def test_heading_ids_and_list() -> None:
    body = convert("## The Burden of Lost Soles\n\ntext\n\n### Small Print\n")
    assert '<h2 id="the-burden-of-lost-soles">' in body.html
    assert [(h.level, h.id, h.text) for h in body.headings] == [
        (2, "the-burden-of-lost-soles", "The Burden of Lost Soles"),
        (3, "small-print", "Small Print"),
    ]


def test_level_one_headings_are_shifted_below_the_title() -> None:
    html = convert("# Part One\n\n## Detail\n").html
    assert "<h1" not in html
    assert '<h2 id="part-one">' in html and '<h3 id="detail">' in html


def test_heading_levels_never_skip() -> None:
    body = convert("#### Deep\n\n## Top\n\n# One\n\n#### Four\n")
    assert [h.level for h in body.headings] == [2, 3, 2, 3]


def test_spoiler_renders_a_closed_details_element() -> None:
    soup = BeautifulSoup(convert(SPOILER).html, "html.parser")
    details = soup.find("details")
    assert details is not None
    assert details.get("class") == ["spoiler"]
    assert details.get("open") is None
    summary = details.find("summary")
    assert summary is not None and summary.get_text() == "Spoiler: the race outcome"
    assert [p.get_text() for p in details.find_all("p")] == [
        "He wins the “wrong” race.",
        "It hurts.",
    ]
    outside = [p.get_text() for p in soup.find_all("p", recursive=False)]
    assert outside == ["Before the spoiler.", "After the spoiler."]


def test_spoiler_without_label_and_with_closing_in_the_same_block() -> None:
    soup = BeautifulSoup(convert("::: spoiler\nShort secret.\n:::\n").html, "html.parser")
    assert soup.summary is not None and soup.summary.get_text() == "Spoiler"
    assert soup.details is not None and soup.details.p is not None
    assert soup.details.p.get_text() == "Short secret."


def test_spoiler_label_takes_inline_markdown_like_the_body() -> None:
    html = convert("::: spoiler the *real* ending & more\n\nx\n\n:::\n").html
    assert "<summary>Spoiler: the <em>real</em> ending &amp; more</summary>" in html


def test_unclosed_spoilers_are_found_by_line() -> None:
    assert unclosed_spoilers(SPOILER) == []
    assert unclosed_spoilers("a\n\n::: spoiler x\n\nnever closed\n") == [2]
    assert unclosed_spoilers("::: spoiler a\n::: spoiler b\n:::\n") == [0]


def test_word_count_and_first_paragraph() -> None:
    body = convert("First *para* with a footnote[^n].\n\nSecond one.\n\n[^n]: Note.\n")
    assert body.first_paragraph == "First para with a footnote."
    assert count_words("<p>It&rsquo;s one-two three</p>") == 2 + 1
    assert first_paragraph("<h2>x</h2>") == ""


def test_shorten_cuts_at_a_word() -> None:
    assert shorten("short") == "short"
    cut = shorten("word " * 100, limit=30)
    assert cut.endswith("…") and len(cut) <= 30 and not cut.endswith(" …")


def test_converter_is_reset_between_documents() -> None:
    convert("Text[^a].\n\n[^a]: first note.\n")
    assert "first note" not in convert("Plain text.\n").html


def test_converting_reads_no_package_metadata() -> None:
    # Python-Markdown finds a named extension through the installed packages' entry points,
    # which a one-review edit's start-up cannot afford: convert() makes its extensions.
    code = (
        "import sys; from vhsheaven.markup.convert import convert; "
        "convert('# A\\n\\nText[^1] and *more*.\\n\\n[^1]: A note.\\n', rating_line=True); "
        "print('importlib.metadata' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
