"""The raw-HTML policy: no code-running URL is emitted, and raw HTML can be escaped."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest

from vhsheaven.load.settings import parse_config
from vhsheaven.markup.convert import convert
from vhsheaven.markup.safe_url import is_unsafe_url

# Each way of writing a URL in a body, with {} for the URL.
PLACES = {
    "link": "[x]({})",
    "image": "![x]({})",
    "reference link": "[x][r]\n\n[r]: {}",
    "reference image": "![x][r]\n\n[r]: {}",
    "angle-bracket link": "[x](<{}>)",
    "raw a": '<a href="{}">x</a>',
    "raw a, unquoted": "<p><a href={}>x</a></p>",
    "inline raw img": 'An <img src="{}" alt="x"> inline.',
    "raw iframe block": '<div>\n<iframe src="{}"></iframe>\n</div>',
    "raw form action": '<form action="{}"><button formaction="{}">x</button></form>',
    "markdown in HTML": '<div markdown="1">\n[x]({})\n</div>',
}
UNSAFE = [
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "jav&#x09;ascript:alert(1)",
    "jav&#9;ascript:alert(1)",
    "javascript&colon;alert(1)",
    "java&#x0A;script:alert(1)",
    "&#106;avascript:alert(1)",
    "vbscript:msgbox(1)",
    "VBScript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "DATA:image/svg+xml,<svg onload=alert(1)>",
]
SAFE = ["https://example.org/a:b", "../jaws/", "#the-shark", "mailto:x@example.org", "/x?a=1&b=2"]


class _Urls(HTMLParser):
    """Every attribute value of the output, decoded as a browser decodes it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.values: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.values.extend(value for _, value in attrs if value is not None)


def attribute_values(fragment: str) -> list[str]:
    parser = _Urls()
    parser.feed(fragment)
    parser.close()
    return parser.values


def runs_code(value: str) -> bool:
    """Independently of safeurl: a browser drops tabs, newlines and surrounding spaces."""
    stripped = re.sub(r"[\t\n\r]", "", value).strip(" \x00\x0c").lower()
    return stripped.startswith(("javascript:", "vbscript:", "data:"))


@pytest.mark.parametrize("url", UNSAFE)
@pytest.mark.parametrize("place", PLACES)
def test_no_unsafe_url_is_emitted(place: str, url: str) -> None:
    for mode in ("allow", "escape"):
        body = convert(PLACES[place].format(url, url), mode).html
        assert not any(runs_code(v) for v in attribute_values(body)), (mode, body)


@pytest.mark.parametrize("url", SAFE)
@pytest.mark.parametrize("place", ["link", "image", "reference link", "raw a"])
def test_safe_urls_are_kept(place: str, url: str) -> None:
    body = convert(PLACES[place].format(url), "allow").html
    assert url in [html.unescape(v) for v in attribute_values(body)]


def test_a_link_to_an_unsafe_url_keeps_its_text_and_other_attributes() -> None:
    body = convert('[the text](javascript:alert(1) "a title")').html
    assert body == '<p><a title="a title">the text</a></p>'
    raw = convert('<p><a class="c" href="javascript:x" id="i">t</a></p>').html
    assert raw == '<p><a class="c" id="i">t</a></p>'


def test_a_tag_left_open_at_the_end_of_raw_html_is_escaped() -> None:
    body = convert('<div>\n<a href="javascript:x"\n</div>').html
    assert not any(runs_code(v) for v in attribute_values(body + "\n<p>after</p>"))


def test_unsafe_urls_are_told_from_safe_ones() -> None:
    assert all(is_unsafe_url(url) for url in UNSAFE)
    assert not any(is_unsafe_url(url) for url in SAFE)


def test_raw_html_is_kept_by_default_and_shown_as_text_when_escaped() -> None:
    text = 'Some <b>bold</b> words.\n\n<div class="box">\n*raw*\n</div>\n\nA [link](../x/).'
    kept = convert(text).html
    assert "<b>bold</b>" in kept and '<div class="box">' in kept
    escaped = convert(text, "escape").html
    assert "<b>" not in escaped and "<div" not in escaped
    assert "&lt;b&gt;bold&lt;/b&gt;" in escaped and "&lt;div class=" in escaped
    assert '<a href="../x/">link</a>' in escaped  # Markdown is still Markdown


def test_escaping_keeps_autolinks_entities_and_code() -> None:
    text = "See <https://example.org/> &amp; `<b>`.\n\n    <i>code</i>"
    assert convert(text, "escape").html == convert(text).html


def test_raw_html_is_a_checked_setting() -> None:
    base = b"title: T\nbase_url: https://example.org/\n"
    assert parse_config(base)[0].raw_html == "allow"  # type: ignore[union-attr]
    config, _ = parse_config(base + b"raw_html: escape\n")
    assert config is not None and config.raw_html == "escape"
    config, problems = parse_config(base + b"raw_html: strip\n")
    assert config is None
    assert [str(p) for p in problems] == [
        'site.yaml:3: raw_html: is not a raw-HTML mode (got "strip") (allowed: allow (raw HTML '
        "in review bodies is kept) or escape (it is shown as text))"
    ]
