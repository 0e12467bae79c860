"""Spoiler boxes taken out of HTML, for summaries and feeds."""

from __future__ import annotations

from vhsheaven.markup.hidden import hidden_as_links, without_hidden


def test_nested_details_inside_a_spoiler_go_with_it() -> None:
    html = "<p>a</p><details class=spoiler><details><p>x</p></details><p>y</p></details><p>b</p>"
    assert without_hidden(html) == "<p>a</p><p>b</p>"


def test_an_unclosed_box_hides_the_rest() -> None:
    assert without_hidden("<p>a</p><DETAILS><p>x</p>") == "<p>a</p>"


def test_feed_note_escapes_its_url_and_text() -> None:
    html = hidden_as_links("<details><p>x</p></details>", "https://e.org/?a=1&b=2", "<Hidden>")
    assert html == (
        '<p class="spoiler-note"><a href="https://e.org/?a=1&amp;b=2">&lt;Hidden&gt;</a></p>'
    )
