"""The spans of review-shaped text (plain words, `*emphasis*`, `**strong**`, `[links](url)`)
as HTML, without the stock inline machinery; None for any text it is not sure of.

Python-Markdown's inline pass tries each pattern on each text node, stashes every match as an
element behind a placeholder, then rebuilds the tree from the placeholders; then smarty (here,
typography.py) educates each text node and the serializer escapes it. For the spans a review is
made of, the result is knowable from the text: a link is `[` text `](` address `)` with no other
bracket, parenthesis, quote or space in the way; each emphasis is a pair of delimiter runs that
the stock delimiter processor would pair (classified by its own boundary expressions, on the text
as it sees it, links already replaced by placeholders). Anything else (runs of three, nesting,
runs that do not pair up, stray brackets) gets None, and the whole document goes to the stock
converter. tests/unit/test_fast_route.py checks the output against stock.
"""

from __future__ import annotations

import re

from markdown.inlinepatterns import Pattern
from markdown.serializers import RE_AMP as AMPERSAND  # an "&" that starts no entity

from vhsheaven.markup.safe_url import is_unsafe_url
from vhsheaven.markup.typography import educate

# A link as the stock link processor reads it when it has nothing unusual in it: the text has
# no bracket, the address no whitespace, parenthesis, quote, bracket, "<", ">" or backslash.
LINK = re.compile(r"\[([^\[\]]+)\]\(([^\s()<>\"'\[\]\\]+)\)")
# The stock inline pass's placeholder (util.INLINE_PLACEHOLDER): the emphasis rules look at the
# characters around a run, and a link stands there as this.
PLACEHOLDER = "\x02klzzwxh:%04d\x03"
PLACEHOLDERS = re.compile("\x02klzzwxh:(\\d{4})\x03")


class Spans:
    """Inline HTML of one text node's Markdown, with a converter's emphasis rules."""

    def __init__(self, emphasis: Pattern) -> None:
        # Python-Markdown's delimiter processor (3.11 on); older versions' emphasis processors
        # have other rules, and the route is not taken with them.
        delimiters = getattr(emphasis, "delimiters", {})
        self.boundaries = {token: d.boundary for token, d in delimiters.items()}
        # Tags for a pair of runs of one and of two delimiters (tags[0] is for two).
        self.tags = {token: (d.tags[1], d.tags[0]) for token, d in delimiters.items()}
        self.usable = bool(delimiters) and all(
            d.tag_count == 2 and not d.double for d in delimiters.values()
        )

    def html(self, text: str) -> str | None:
        """The HTML stock makes of `text` (a paragraph's, item's or heading's), or None."""
        if "  \n" in text:
            return None  # a line break
        if "[" not in text and "]" not in text:
            if "*" not in text and "_" not in text:
                return _text(text)
            return self._emphasised(text, [])
        links: list[str] = []
        pieces = []
        end = 0
        for link in LINK.finditer(text):
            inner = self._emphasised(link.group(1), [])
            if inner is None:
                return None
            url = link.group(2)
            href = "" if is_unsafe_url(url) else f' href="{url}"'
            pieces.append(text[end : link.start()])
            pieces.append(PLACEHOLDER % len(links))
            links.append(f"<a{href}>{inner}</a>")
            end = link.end()
        pieces.append(text[end:])
        data = "".join(pieces)
        if "[" in data or "]" in data:
            return None
        return self._emphasised(data, links)

    def _emphasised(self, data: str, links: list[str]) -> str | None:
        """`data` (links in it as placeholders for `links`) with its emphasis, or None."""
        runs = _runs(data)
        if not runs:
            return _with_links(data, links)
        if not self.usable:
            return None
        pairable: list[tuple[str, str, int, int]] = []
        for start, end in runs:
            token = data[start]
            found = self.boundaries[token].match(data, start)
            if found is None:
                continue  # a run that can open and close nothing is text
            if found.end() != end or end - start > 2:
                return None
            pairable.append((found.lastgroup or "", token, start, end))
        if len(pairable) % 2:
            return None
        out = []
        done = 0
        for index in range(0, len(pairable), 2):
            kind, token, start, end = pairable[index]
            close_kind, close_token, close_start, close_end = pairable[index + 1]
            # An opener must be able to open ("start", "ambiguous"), its closer to close ("end",
            # "ambiguous"), both the same token and length: the stock processor pairs them then.
            if kind[0] == "e" or close_kind[0] == "s" or close_token != token:
                return None
            if close_end - close_start != end - start:
                return None
            tag = self.tags[token][end - start - 1]
            out.append(_with_links(data[done:start], links))
            out.append(f"<{tag}>{_with_links(data[end:close_start], links)}</{tag}>")
            done = close_end
        out.append(_with_links(data[done:], links))
        return "".join(out)


def _runs(data: str) -> list[tuple[int, int]]:
    """Where the runs of "*" and of "_" are, in order ("*_" is two runs, as the stock
    processor reads it). Runs are classified on the text as it is, while stock classifies a
    run right after a pair it has replaced with the placeholder's last character before it,
    where the text has the other token: to either token's boundary rules the two look alike
    (neither whitespace, a word character nor the token itself)."""
    runs = []
    for token in "*_":
        start = data.find(token)
        while start >= 0:
            end = start + 1
            while data.startswith(token, end):
                end += 1
            runs.append((start, end))
            start = data.find(token, end)
    runs.sort()
    return runs


def _with_links(data: str, links: list[str]) -> str:
    """Text with link placeholders: each piece of text educated and escaped, links put back."""
    if not links or "\x02" not in data:
        return _text(data)
    out = []
    done = 0
    for placeholder in PLACEHOLDERS.finditer(data):
        out.append(_text(data[done : placeholder.start()]))
        out.append(links[int(placeholder.group(1))])
        done = placeholder.end()
    out.append(_text(data[done:]))
    return "".join(out)


def _text(text: str) -> str:
    """One text node as the page has it: typography, then the serializer's escaping (the text
    has no "<", and no "&" but those followed by whitespace and the entities typography puts
    in, which the serializer keeps)."""
    text = educate(text)
    if "&" in text:
        text = AMPERSAND.sub("&amp;", text)
    return text.replace(">", "&gt;") if ">" in text else text
