"""The blocks of review-shaped Markdown (paragraphs, `#` headings, `>` quotes, tight lists, the
rating line), read as the stock block parser reads them; Unusual for anything else.

The stock parser offers each block to a score of processors in priority order, and each of
them but the paragraph one needs the block, or one of its lines, to start with something
particular: spaces (code, indented list parts), "#" (a heading, on any line), "=" or "-" (a
setext heading's second line, a rule), "*", "_" or "-" and spaces only (a rule), a list marker,
">" (a quote, on any line), ":" (definitions, spoilers, trailers), "|" (tables), "~" or "`"
(fences), "<" (raw HTML). A line that starts otherwise is a *plain line*. This reader takes a
block of plain lines as a paragraph; splits a block at its first "#" line as the heading
processor does; reads a block of ">" lines as the quote processor does (merging it into a quote
just before it) and a block of list items each holding plain lines as a tight list; and raises
Unusual for any other block, or for a list right after a list (which stock makes loose).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown.blockprocessors import BlockProcessor
from markdown.util import Registry

from vhsheaven.markup.body import SPOILER_CLOSE, SPOILER_OPEN
from vhsheaven.markup.rating_line import RATING_LINE

# What a plain line may not start with (whitespace, tested apart, is also refused: a paragraph's
# text is its block with the start stripped, of any whitespace).
NOT_PLAIN = frozenset(" #>-+=:|~`<\\{")
QUOTE_LINE = re.compile(r">[ ]?(.*)")


class Unusual(Exception):
    """A block the reader leaves to the stock parser (with the rest of the document)."""


@dataclass(frozen=True, slots=True)
class Block:
    """A block element: its tag ("p", "h1"…"h6", "ul", "ol", "li", "blockquote", "details"
    for a spoiler, or "marker" for the rating line's), its Markdown text (for p, li, headings,
    and a spoiler's summary) and its children."""

    tag: str
    text: str = ""
    children: list[Block] = field(default_factory=list)


class BlockReader:
    """Reads one normalised document's blocks, with a converter's block processors' patterns."""

    def __init__(self, processors: Registry[BlockProcessor], rating_line: bool) -> None:
        olist, ulist = processors["olist"], processors["ulist"]
        self.ordered: re.Pattern[str] = olist.RE  # type: ignore[attr-defined]
        self.unordered: re.Pattern[str] = ulist.RE  # type: ignore[attr-defined]
        self.item: re.Pattern[str] = olist.CHILD_RE  # type: ignore[attr-defined]
        self.indented_item: re.Pattern[str] = olist.INDENT_RE  # type: ignore[attr-defined]
        self.heading: re.Pattern[str] = processors["hashheader"].RE  # type: ignore[attr-defined]
        self.rating_line = rating_line

    def read(self, source: str) -> list[Block]:
        """The document's blocks; raises Unusual."""
        root: list[Block] = []
        self._blocks(root, source.split("\n\n"), top=True)
        return root

    def _blocks(self, parent: list[Block], blocks: list[str], top: bool) -> None:
        """BlockParser.parseBlocks: each block in turn, a processor putting back what it
        leaves of one (here on a stack, the next block last)."""
        pending = blocks[::-1]
        while pending:
            block = pending.pop()
            if block[:1] == ":":
                self._spoiler(parent, block, pending)
                continue
            if (
                top
                and self.rating_line
                and RATING_LINE.fullmatch(block)
                and not any(child.tag == "marker" for child in parent)
            ):
                parent.append(Block("marker"))
                continue
            if not block or block[0] == "\n":
                if block[1:]:
                    pending.append(block[1:])
                continue
            if (block[0] in NOT_PLAIN and block[0] not in "#>-+") or block[0].isspace():
                raise Unusual
            heading = self.heading.search(block) if "#" in block else None
            if heading is not None:
                before, after = block[: heading.start()], block[heading.end() :]
                if before:
                    self._blocks(parent, [before], top)
                text = heading.group("header").strip()
                if not text:
                    raise Unusual
                parent.append(Block(f"h{len(heading.group('level'))}", text))
                if after:
                    pending.append(after)
            elif block[0] == ">":
                self._quote(parent, block)
            elif self.ordered.match(block) or self.unordered.match(block):
                self._list(parent, block)
            else:
                self._plain(block)
                parent.append(Block("p", block))

    def _spoiler(self, parent: list[Block], block: str, pending: list[str]) -> None:
        """SpoilerProcessor (a trailer's block, which also starts with ":::", is Unusual)."""
        head, _, rest = block.partition("\n")
        opening = SPOILER_OPEN.match(head)
        if opening is None:
            raise Unusual
        following = pending[::-1]
        inner = spoiler_blocks(rest, following)
        pending[:] = following[::-1]
        label = opening.group("label").strip()
        spoiler = Block("details", f"Spoiler: {label}" if label else "Spoiler")
        parent.append(spoiler)
        self._blocks(spoiler.children, inner, top=False)

    def _plain(self, block: str) -> None:
        for line in block.split("\n"):
            if not self._plain_line(line):
                raise Unusual

    def _plain_line(self, line: str) -> bool:
        first = line[:1]
        if not first or first in NOT_PLAIN or first.isspace():
            return False
        if first in "*_":
            # Not a rule (delimiters and spaces only), a list item ("* ") nor an abbreviation's
            # definition ("*[HTML]: ..."); emphasis.
            rest = line.lstrip("*_")
            return bool(rest) and not rest[0].isspace() and not line.startswith("*[")
        return not self.ordered.match(line)

    def _quote(self, parent: list[Block], block: str) -> None:
        """BlockQuoteProcessor, for a block each of whose lines is quoted."""
        lines = []
        for line in block.split("\n"):
            quoted = QUOTE_LINE.match(line)
            if quoted is None:
                raise Unusual
            lines.append("" if line.strip() == ">" else quoted.group(1))
        if parent and parent[-1].tag == "blockquote":
            quote = parent[-1]
        else:
            quote = Block("blockquote")
            parent.append(quote)
        self._blocks(quote.children, "\n".join(lines).split("\n\n"), top=False)
        if not quote.children:
            raise Unusual

    def _list(self, parent: list[Block], block: str) -> None:
        """OListProcessor and UListProcessor, for a tight list of plain items."""
        if parent and parent[-1].tag in ("ul", "ol"):
            raise Unusual  # stock makes both lists one loose list
        items: list[str] = []
        for line in block.split("\n"):
            item = self.item.match(line)
            if item is not None:
                items.append(item.group(3))
            elif items and not self.indented_item.match(line):
                items[-1] = f"{items[-1]}\n{line}"
            else:
                raise Unusual
        tag = "ol" if self.ordered.match(block) else "ul"
        for item_text in items:
            self._plain(item_text)
        parent.append(Block(tag, children=[Block("li", text) for text in items]))


def spoiler_blocks(rest: str, blocks: list[str]) -> list[str]:
    """A spoiler's blocks: `rest` (what follows its opening line) and the blocks after it, up
    to the closing `:::`; what follows the closing line goes back at the head of `blocks`."""
    inner: list[str] = []
    current: str | None = rest
    while current is not None:
        close = SPOILER_CLOSE.search(current)
        if close is not None:
            inner.append(current[: close.start()].rstrip("\n"))
            after = current[close.end() :].strip("\n")
            if after:
                blocks.insert(0, after)
            break
        inner.append(current)
        current = blocks.pop(0) if blocks else None
    return [block for block in inner if block.strip()]
