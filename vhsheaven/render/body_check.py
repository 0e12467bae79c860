"""`check`'s warnings about raw HTML in bodies: scripts, event handlers, third-party embeds."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

from vhsheaven.errors import Diagnostic, Location
from vhsheaven.model.site import Review

# Elements that load what their src (or an object's data) names when the page is shown.
EMBEDS = frozenset({"iframe", "script", "embed", "object", "img", "video", "audio", "source"})
# Bodies without any of these have nothing to warn about, and are not parsed.
SUSPECT = re.compile(rf"<(?:{'|'.join(EMBEDS)})\b|\son[a-z]+\s*=", re.IGNORECASE)
# Hugo's video shortcodes, which other generators turn into embeds; here they print as text.
SHORTCODE = re.compile(r"\{\{(?:<|&lt;|%)\s*(youtube|vimeo)\b", re.IGNORECASE)
SHORTCODE_HINT = (
    "{{{{< {0} … >}}}} is a Hugo shortcode, shown as text here; write ::: trailer and the "
    "video's address instead, for a trailer that loads only when the reader asks for it"
)


class _Finder(HTMLParser):
    """Each finding as (what to search the review's text for, message)."""

    def __init__(self, host: str) -> None:
        super().__init__(convert_charrefs=True)
        self.host = host
        self.found: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self.found.append(("<script", "<script> runs code on the review's page"))
        for name, value in attrs:
            if name.startswith("on"):
                message = f"event-handler attribute {name}= on <{tag}> runs code on the page"
                self.found.append((name, message))
            elif tag in EMBEDS and name in ("src", "data") and value:
                self._embed(tag, value.strip())

    def _embed(self, tag: str, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme in ("http", "https") and parts.hostname not in (None, self.host):
            message = (
                f"<{tag}> loads {url} from another site ({parts.hostname}), which sees each "
                "reader who opens the page"
            )
            self.found.append((url, message))


def body_warnings(
    reviews: Iterable[Review], base_url: str, source_text: Callable[[Path], str | None]
) -> list[Diagnostic]:
    """A warning, at its line in the review, for each script, event handler and
    third-party embed in a review's body."""
    host = urlsplit(base_url).hostname or ""
    warnings: list[Diagnostic] = []
    for review in reviews:
        # The verdict too: written after a rating line, it is the body's own raw HTML.
        body = review.body_html + (review.verdict_html or "")
        shortcodes = SHORTCODE.search(body) is not None
        if SUSPECT.search(body) is None and not shortcodes:
            continue
        finder = _Finder(host)
        finder.feed(body)
        finder.close()
        text = source_text(review.source.path) if finder.found or shortcodes else None
        found = [(_line_of(needle, text), message) for needle, message in finder.found]
        found += _shortcodes(text) if shortcodes else []
        for line, message in found:
            location = Location(review.source.path, line)
            warnings.append(Diagnostic(location, "body", message, severity="warning"))
    return warnings


def _shortcodes(text: str | None) -> list[tuple[int | None, str]]:
    """Each video shortcode in a review's text: its line and the warning."""
    if text is None:
        return []
    return [
        (text.count("\n", 0, match.start()) + 1, SHORTCODE_HINT.format(match.group(1)))
        for match in SHORTCODE.finditer(text)
    ]


def _line_of(needle: str, text: str | None) -> int | None:
    """The 1-based line where `needle` is first written in the review, if it is."""
    at = -1 if text is None else text.lower().find(needle.lower())
    return None if text is None or at < 0 else text.count("\n", 0, at) + 1
