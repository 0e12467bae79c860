"""Tables in a box of their own that scrolls sideways, so a wide one never pushes the page
wider than a phone's screen nor breaks its words mid-word."""

from __future__ import annotations

import xml.etree.ElementTree as etree

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor


class TableScroll(Treeprocessor):
    """Wraps each table in `<div class="table-scroll" tabindex="0">`: a box that can scroll
    must take keyboard focus, so keyboard users can scroll it too."""

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for index, child in enumerate(parent):
                if child.tag == "table":
                    box = etree.Element("div", {"class": "table-scroll", "tabindex": "0"})
                    box.text, box.tail, child.tail = "\n", child.tail, "\n"
                    box.append(child)
                    parent[index] = box


class TableScrollExtension(Extension):
    """Registers the wrapper, after the tables are made."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(TableScroll(md), "table_scroll", 5)
