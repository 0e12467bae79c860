"""The body's raw-HTML policy: no unsafe URL is ever emitted, and raw HTML may be escaped.

Markdown makes links and images as tree elements, and keeps raw HTML (blocks and single
tags) as strings in its stash until the end; both are looked at. An attribute holding a URL
whose scheme runs or embeds code (see safeurl.py) is dropped: `[x](javascript:...)` becomes a
link to nowhere, `<img src="data:...">` an image of nothing.
"""

from __future__ import annotations

import html
import xml.etree.ElementTree as etree
from html.parser import HTMLParser

import markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from vhsheaven.load.settings import RawHtml
from vhsheaven.markup.safe_url import URL_ATTRIBUTES, is_unsafe_url


class Document:
    """What the policy's processors know of the document being converted."""

    def __init__(self) -> None:
        self.has_tags = False


class SeeTags(Preprocessor):
    """Notes whether the text has a < at all: without one it has no raw HTML to look at."""

    def __init__(self, md: markdown.Markdown, document: Document) -> None:
        super().__init__(md)
        self.document = document

    def run(self, lines: list[str]) -> list[str]:
        self.document.has_tags = any("<" in line for line in lines)
        return lines


class SafeUrlTree(Treeprocessor):
    """Drops unsafe URL attributes from the elements Markdown made."""

    def __init__(self, md: markdown.Markdown, document: Document) -> None:
        super().__init__(md)
        self.document = document

    def run(self, root: etree.Element) -> None:
        # Without raw HTML (whose markdown="1" elements are in the tree), only links and
        # images have URLs; ElementTree finds those without a Python loop over the rest.
        found = [root.iter()] if self.document.has_tags else [root.iter("a"), root.iter("img")]
        for elements in found:
            for element in elements:
                attributes = element.attrib
                if attributes and not URL_ATTRIBUTES.isdisjoint(attributes):
                    for name in URL_ATTRIBUTES.intersection(attributes):
                        if is_unsafe_url(attributes[name]):
                            del attributes[name]


class SafeUrlStash(Postprocessor):
    """Drops unsafe URL attributes from raw HTML, before it goes back into the page."""

    def __init__(self, md: markdown.Markdown, document: Document) -> None:
        super().__init__(md)
        self.document = document

    def run(self, text: str) -> str:
        if not self.document.has_tags:
            return text  # the stash holds entities and footnote markers, no raw HTML
        blocks = self.md.htmlStash.rawHtmlBlocks
        for index, block in enumerate(blocks):
            if isinstance(block, str) and "=" in block:
                blocks[index] = safe_html(block)
        return text


class _Tags(HTMLParser):
    """Finds the start tags with an unsafe URL attribute, and where each one is."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.unsafe: list[tuple[tuple[int, int], str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._look(tag, attrs, ">")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._look(tag, attrs, " />")

    def _look(self, tag: str, attrs: list[tuple[str, str | None]], end: str) -> None:
        kept = [(n, v) for n, v in attrs if not (n in URL_ATTRIBUTES and is_unsafe_url(v or ""))]
        if len(kept) < len(attrs):
            text = self.get_starttag_text() or ""
            self.unsafe.append((self.getpos(), text, _start_tag(tag, kept, end)))


def _start_tag(tag: str, attrs: list[tuple[str, str | None]], end: str) -> str:
    written = "".join(
        f" {name}" if value is None else f' {name}="{html.escape(value)}"' for name, value in attrs
    )
    return f"<{tag}{written}{end}"


def safe_html(block: str) -> str:
    """Raw HTML with each unsafe URL attribute dropped; a tag left open at the end, which
    would take in what follows it, is escaped."""
    if ":" not in block and "&" not in block:
        return block  # no URL has a scheme, however spelt
    parser = _Tags()
    parser.feed(block)
    left = parser.rawdata  # what the parser could not finish: an unclosed tag or comment
    done = block[: len(block) - len(left)]
    if parser.unsafe:
        starts = [0, *(i + 1 for i, c in enumerate(done) if c == "\n")]
        # From the last one back, so earlier offsets stay right.
        for (line, column), written, safe in reversed(parser.unsafe):
            at = starts[line - 1] + column
            done = done[:at] + safe + done[at + len(written) :]
    return done + html.escape(left, quote=False)


class RawHtmlExtension(Extension):
    """Registers the URL checks; with "escape", raw HTML is not recognised and so shows as
    text, as Python-Markdown's documentation suggests in place of the old safe mode."""

    def __init__(self, mode: RawHtml) -> None:
        super().__init__()
        self.mode = mode

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        if self.mode == "escape":
            md.preprocessors.deregister("html_block")
            md.inlinePatterns.deregister("html")
        document = Document()
        md.preprocessors.register(SeeTags(md, document), "see_tags", 101)
        md.treeprocessors.register(SafeUrlTree(md, document), "safe_urls", 1)
        md.postprocessors.register(SafeUrlStash(md, document), "safe_raw_html", 35)
