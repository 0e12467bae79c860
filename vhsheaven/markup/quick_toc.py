"""The toc extension, minus the table of contents no page shows.

toc reads every heading (its id, its name: what vhsheaven keeps, as `toc_tokens`), then builds
the table of contents as elements, prettifies and serializes it as `md.toc`, and puts it in
place of any paragraph that is just its marker ("[TOC]"). A marker paragraph can only come
from a text that holds the marker, so in any other document the table is left empty and no
marker is looked for: the page and the headings are the same, and `md.toc`, which nothing
here reads, is an empty table. tests/unit/test_markdown_corpus.py and test_quickblock.py check
the output against stock, markers included.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from dataclasses import dataclass
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.extensions.toc import TocTreeprocessor
from markdown.preprocessors import Preprocessor


@dataclass(slots=True)
class Marker:
    """Whether the document being converted holds the table of contents' marker."""

    held: bool = True


class SeeMarker(Preprocessor):
    """Notes whether the text holds the marker; runs after the whitespace is normalised (which
    drops characters that could stand inside a marker)."""

    def __init__(self, md: markdown.Markdown, marker: Marker, text: str) -> None:
        super().__init__(md)
        self.marker = marker
        self.text = text

    def run(self, lines: list[str]) -> list[str]:
        self.marker.held = bool(self.text) and any(self.text in line for line in lines)
        return lines


class QuickTocExtension(Extension):
    """Wraps the toc tree processor's table building; must come after "toc"."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        toc = md.treeprocessors["toc"]
        assert isinstance(toc, TocTreeprocessor)
        marker = Marker()
        # Between normalize_whitespace (30) and the passes that stash parts of the text.
        md.preprocessors.register(SeeMarker(md, marker, toc.marker), "see_toc_marker", 29)
        build, replace = toc.build_toc_div, toc.replace_marker

        def build_toc_div(tokens: Any) -> etree.Element:
            return build(tokens) if marker.held else etree.Element("div", {"class": "toc"})

        def replace_marker(root: etree.Element, element: etree.Element) -> None:
            if marker.held:
                replace(root, element)

        toc.build_toc_div = build_toc_div  # type: ignore[method-assign,assignment]
        toc.replace_marker = replace_marker  # type: ignore[method-assign,assignment]
