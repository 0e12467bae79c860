"""Python-Markdown's block parser, minus the block processors a document cannot use, and
its raw-HTML preprocessor on text without HTML.

The block parser asks every block processor about every block of every document, and several
can only ever match text holding certain characters: a table needs a "|", a footnote
definition "[^", a link reference "]:". Reviews seldom have them; asking those processors
anyway was a tenth of a review's conversion. Per document, a processor whose characters the
text lacks is answered "no" without being asked.

Most blocks of a review are paragraphs, and the parser asks a dozen processors about each
before the paragraph processor takes it. Every stock processor but that one needs a block, or
one of its lines, to start with something other than a letter (a "#", a ">", a list marker,
spaces, a colon, a bracket, a placeholder, a table's second row of pipes and dashes), so a
block each of whose lines starts with an ASCII letter goes to the processors not known to
refuse it: the paragraph processor and any an extension adds. And the raw-HTML preprocessor,
which parses the whole text as HTML, is not run on a text with no "<" and no "&".
tests/unit/test_quickblock.py and test_markdown_corpus.py (on the CommonMark spec's examples)
check that the output is identical.
"""

from __future__ import annotations

import re
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


# Block processors (by registered name) whose test, or whose run when the test lets every
# block through, refuses any block matching LETTER_LINES.
REFUSE_LETTER_LINES = frozenset(
    {
        *NEEDS,
        *("empty", "indent", "defindent", "code", "hashheader", "setextheader", "hr"),
        *("olist", "ulist", "quote", "spoiler"),
    }
)
LETTER_LINES = re.compile(r"[A-Za-z][^\n]*(?:\n[A-Za-z][^\n]*)*")


class DocumentNeeds(Preprocessor):
    """Runs first on each document: notes which listed processors its text could use, and
    which processors a block of letter lines goes to (extensions may have added some)."""

    def __init__(self, md: markdown.Markdown, usable: set[str], letters: list[BlockProcessor]):
        super().__init__(md)
        self.usable = usable
        self.letters = letters
        # The processors `letters` was chosen from.
        self.everyone: list[BlockProcessor] = []

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        self.usable.clear()
        self.usable.update(
            name for name, needs in NEEDS.items() if any(needed in text for needed in needs)
        )
        registry = self.md.parser.blockprocessors
        everyone = list(registry)
        if everyone != self.everyone:
            self.everyone = everyone
            refusing = {id(registry[name]) for name in REFUSE_LETTER_LINES if name in registry}
            self.letters[:] = [item for item in everyone if id(item) not in refusing]
        return lines


def _parse_blocks(
    parser: markdown.blockparser.BlockParser, letters: list[BlockProcessor]
) -> Callable[[etree.Element, list[str]], None]:
    """The stock BlockParser.parseBlocks, asking only `letters` about a block of letter lines."""
    everyone = parser.blockprocessors

    def parse_blocks(parent: etree.Element, blocks: list[str]) -> None:
        while blocks:
            asked = letters if LETTER_LINES.fullmatch(blocks[0]) else everyone
            for processor in asked:
                if processor.test(parent, blocks[0]) and processor.run(parent, blocks) is not False:
                    break

    return parse_blocks


def _asked_only_if_usable(
    processor: BlockProcessor, name: str, usable: set[str]
) -> Callable[[etree.Element, str], bool]:
    test = processor.test

    def quick_test(parent: etree.Element, block: str) -> bool:
        return name in usable and test(parent, block)

    return quick_test


def _only_with_markup(run: Callable[[list[str]], list[str]]) -> Callable[[list[str]], list[str]]:
    """The raw-HTML preprocessor, not run on a text it hands back as it is: one without a "<"
    (no tag) or an "&" (which it may end with a ";")."""

    def quick_run(lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        return run(lines) if "<" in text or "&" in text else lines

    return quick_run


class QuickBlockExtension(Extension):
    """Wraps the listed block processors' tests; must come after the extensions that
    register them."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        usable: set[str] = set()
        letters: list[BlockProcessor] = []
        md.preprocessors.register(DocumentNeeds(md, usable, letters), "document_needs", 100)
        md.parser.parseBlocks = _parse_blocks(md.parser, letters)  # type: ignore[method-assign,assignment]
        if "html_block" in md.preprocessors:
            raw_html = md.preprocessors["html_block"]
            raw_html.run = _only_with_markup(raw_html.run)  # type: ignore[method-assign,assignment]
        for name in NEEDS:
            if name in md.parser.blockprocessors:
                processor = md.parser.blockprocessors[name]
                processor.test = _asked_only_if_usable(processor, name, usable)  # type: ignore[method-assign,assignment]
