"""`::: trailer URL`: a click-to-load facade for a YouTube or Vimeo trailer.

A raw <iframe> makes the reader's browser call the video host as the page loads. The facade
is a plain link to the video, styled as a 16:9 play button with the film's title; it asks
nothing of anyone until it is pressed, when static/js/trailer.js puts the host's
privacy-enhanced player in its place. Without JavaScript it stays a link.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

import markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.util import AtomicString

TRAILER_LINE = re.compile(r"^:::[ \t]*trailer[ \t]+(?P<url>\S+)[ \t]*$", re.IGNORECASE)
CLOSE = re.compile(r"^:::[ \t]*$")
YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VIMEO_ID = re.compile(r"^\d{1,12}$")
YOUTUBE_HOSTS = frozenset({"youtube.com", "www.youtube.com", "m.youtube.com"})


@dataclass(frozen=True, slots=True)
class Video:
    """A trailer: the page to link to, and the privacy-enhanced player to load on a click."""

    page: str
    player: str


def video(url: str) -> Video | None:
    """The video a YouTube or Vimeo address names, or None for any other address."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    path = parts.path.strip("/").split("/")
    if parts.scheme not in ("http", "https"):
        return None
    found: str | None = None
    if host in YOUTUBE_HOSTS:
        if path == ["watch"]:
            found = parse_qs(parts.query).get("v", [""])[0]
        elif len(path) == 2 and path[0] in ("embed", "shorts", "live"):
            found = path[1]
    elif host == "youtu.be" and len(path) == 1:
        found = path[0]
    if found is not None and YOUTUBE_ID.match(found):
        return Video(
            f"https://www.youtube.com/watch?v={found}",
            f"https://www.youtube-nocookie.com/embed/{found}?autoplay=1",
        )
    if host in ("vimeo.com", "www.vimeo.com") and len(path) == 1 and VIMEO_ID.match(path[0]):
        return Video(
            f"https://vimeo.com/{path[0]}",
            f"https://player.vimeo.com/video/{path[0]}?dnt=1&autoplay=1",
        )
    return None


class TrailerProcessor(BlockProcessor):
    """`::: trailer URL` (with or without a closing `:::` line) becomes the facade; an
    address of another host becomes a plain link."""

    def __init__(self, parser: markdown.blockparser.BlockParser, film: list[str]) -> None:
        super().__init__(parser)
        self.film = film

    def test(self, parent: etree.Element, block: str) -> bool:
        return TRAILER_LINE.match(block.split("\n", 1)[0]) is not None

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        head, _, rest = blocks.pop(0).partition("\n")
        if rest and CLOSE.match(rest.split("\n", 1)[0]):
            rest = rest.partition("\n")[2]
        if rest.strip():
            blocks.insert(0, rest)
        match = TRAILER_LINE.match(head)
        assert match is not None  # test() matched this line
        url = match.group("url")
        title = self.film[0]
        label = f"Play the trailer of {title}" if title else "Play the trailer"
        found = video(url)
        figure = etree.SubElement(parent, "figure", {"class": "trailer"})
        if found is None:
            link = etree.SubElement(figure, "a", {"href": url})
            link.text = AtomicString("Watch the trailer")
            return True
        attributes = {"class": "trailer-link", "href": found.page, "data-player": found.player}
        link = etree.SubElement(figure, "a", {**attributes, "data-title": label})
        etree.SubElement(link, "span", {"class": "trailer-play", "aria-hidden": "true"})
        etree.SubElement(link, "span", {"class": "trailer-label"}).text = AtomicString(label)
        return True


class TrailerExtension(Extension):
    """Registers the trailer block; `film` holds the title of the film being converted."""

    def __init__(self, film: list[str]) -> None:
        super().__init__()
        self.film = film

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        processor = TrailerProcessor(md.parser, self.film)
        md.parser.blockprocessors.register(processor, "trailer", 106)
