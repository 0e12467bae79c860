"""Python-Markdown's block parser, minus the block processors a document cannot use.

The block parser asks every block processor about every block of every document, and several
can only ever match text holding certain characters: a table needs a "|", a footnote
definition "[^", a link reference "]:". Reviews seldom have them; asking those processors
anyway was a tenth of a review's conversion. Per document, a processor whose characters the
text lacks is answered "no" without being asked. tests/unit/test_quickblock.py and
test_markdown_corpus.py (on the CommonMark spec's examples) check that the output is identical.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable

import markdown
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

# A block processor (by its registered name) → strings of which any block it matches holds at
# least one. Everything the block parser reads comes from the document's text, or from the
# placeholders Python-Markdown puts in for stashed HTML ("\x02wzxhzdk:7\x03"), which hold
# none of these where a match could start. Processors not listed are always asked.
NEEDS: dict[str, tuple[str, ...]] = {
    "table": ("|",),
    # A definition starts with a colon and spaces, or a tab, which becomes spaces.
    "deflist": (": ", ":\t"),
    "footnote": ("[^",),
    "abbr": ("*[",),
    "reference": ("]:",),
    # Handles HTML blocks with markdown="1", which only raw HTML in the text can make.
    "markdown_block": ("<",),
}


class DocumentNeeds(Preprocessor):
    """Runs first on each document and notes which listed processors its text could use."""

    def __init__(self, md: markdown.Markdown, usable: set[str]) -> None:
        super().__init__(md)
        self.usable = usable

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        self.usable.clear()
        self.usable.update(
            name for name, needs in NEEDS.items() if any(needed in text for needed in needs)
        )
        return lines


def _asked_only_if_usable(
    processor: BlockProcessor, name: str, usable: set[str]
) -> Callable[[etree.Element, str], bool]:
    test = processor.test

    def quick_test(parent: etree.Element, block: str) -> bool:
        return name in usable and test(parent, block)

    return quick_test


class QuickBlockExtension(Extension):
    """Wraps the listed block processors' tests; must come after the extensions that
    register them."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        usable: set[str] = set()
        md.preprocessors.register(DocumentNeeds(md, usable), "document_needs", 100)
        for name in NEEDS:
            if name in md.parser.blockprocessors:
                processor = md.parser.blockprocessors[name]
                processor.test = _asked_only_if_usable(processor, name, usable)  # type: ignore[method-assign,assignment]
