"""Curly quotes, dashes and ellipses: the smarty extension's output at a fraction of its cost.

Python-Markdown's smarty runs a second inline-pattern pass (about half of a review's
conversion time). This tree processor applies the same rules, in the same order, to the same
text nodes, with the same "hide each replacement from later rules" behaviour, but without the
generic inline machinery; and, as smarty does, it lets a backslash escape a quote.

Smarty stashes each entity it inserts and puts a placeholder in the text, which the last
pass swaps back. The entities are put in the text here: the serializer leaves an "&" that
starts an entity as it is, so the page is the same, without a stash entry and a swap for
every quote and dash. A rule is tried only on text holding what every one of its matches
holds. tests/unit/test_typography.py and test_markdown_corpus.py (on the CommonMark spec's
examples) check the output is identical.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

import markdown
from markdown.extensions import Extension
from markdown.extensions.smarty import (
    closingDoubleQuotesRegex,
    closingDoubleQuotesRegex2,
    closingSingleQuotesRegex,
    closingSingleQuotesRegex2,
    decadeAbbrRe,
    doubleQuoteSetsRe,
    doubleQuoteSetsRe2,
    doubleQuoteStartRe,
    openingDoubleQuotesRegex,
    openingSingleQuotesRegex,
    remainingDoubleQuotesRegex,
    remainingSingleQuotesRegex,
    singleQuoteSetsRe,
    singleQuoteSetsRe2,
    singleQuoteStartRe,
)
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

LSQUO, RSQUO, LDQUO, RDQUO = "&lsquo;", "&rsquo;", "&ldquo;", "&rdquo;"
# A replacement is one of: a group of the match to keep, or an entity to insert.
Part = int | str
# A regular expression, the character each of its matches holds, what replaces a match.
Rule = tuple[re.Pattern[str], str, tuple[Part, ...]]


def _rules(patterns: list[tuple[str, str, tuple[Part, ...]]]) -> tuple[Rule, ...]:
    return tuple((re.compile(p), held, parts) for p, held, parts in patterns)


# smarty's order: inline-pattern priorities 50 and 45 (dashes), 30 down (quotes), 10 (ellipses).
# Each rule with the text every one of its matches holds (the quote it replaces, say).
DASHES = _rules([(r"(?<!-)---(?!-)", "---", ("&mdash;",)), (r"(?<!-)--(?!-)", "--", ("&ndash;",))])
QUOTES = _rules(
    [
        (singleQuoteStartRe, "'", (RSQUO,)),
        (doubleQuoteStartRe, '"', (RDQUO,)),
        (doubleQuoteSetsRe, "\"'", (LDQUO + LSQUO,)),
        (singleQuoteSetsRe, "'\"", (LSQUO + LDQUO,)),
        (doubleQuoteSetsRe2, "'\"", (RSQUO + RDQUO,)),
        (singleQuoteSetsRe2, "\"'", (RDQUO + RSQUO,)),
        (decadeAbbrRe, "'", (RSQUO,)),
        (openingSingleQuotesRegex, "'", (1, LSQUO)),
        (closingSingleQuotesRegex, "'", (RSQUO,)),
        (closingSingleQuotesRegex2, "'", (RSQUO, 1)),
        (remainingSingleQuotesRegex, "'", (LSQUO,)),
        (openingDoubleQuotesRegex, '"', (1, LDQUO)),
        (closingDoubleQuotesRegex, '"', (RDQUO,)),
        (closingDoubleQuotesRegex2, '"', (RDQUO,)),
        (remainingDoubleQuotesRegex, '"', (LDQUO,)),
    ]
)
ELLIPSES = _rules([(r"(?<!\.)\.{3}(?!\.)", "...", ("&hellip;",))])
HIDDEN = re.compile("\x02vh(\\d+)\x03")


# The quotes of most prose, whose rule is plain: an apostrophe between letters closes (whether
# closingSingleQuotesRegex or its "'s" variant takes it); a double quote after whitespace or at
# the start, before a letter, opens (openingDoubleQuotesRegex, or for lack of a character before
# it the last rule); one after a letter or a stop, before whitespace, a stop or the end, closes,
# unless the letter is the s of "'s" (the single quotes' rules replace "'s" as one, and a
# double quote after a replacement is an opening one to them). No earlier rule can take one of
# them, as none of their neighbours is a quote, a dash, an entity or a replacement already
# made, so each becomes its entity whatever its neighbours do.
QUOTE = re.compile("['\"]")
LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
BEFORE_CLOSING = LETTERS | frozenset(".,!?;:")
AFTER_CLOSING = frozenset(".,;:!?)")


def educate(text: str) -> str:
    """Apply every rule to one text node."""
    hidden: list[str] = []
    if "--" in text:
        text = _apply(DASHES, text, hidden)
    if "'" in text or '"' in text:
        text = _educate_quotes(text, hidden)
    if "..." in text:
        text = _apply(ELLIPSES, text, hidden)
    if not hidden:
        return text
    return HIDDEN.sub(lambda m: hidden[int(m.group(1))], text)


def _educate_quotes(text: str, hidden: list[str]) -> str:
    """The quote rules' result: at once when every quote is a plain one, else rule by rule."""
    pieces = []
    done = 0
    for quote in QUOTE.finditer(text):
        at = quote.start()
        before, after = text[at - 1 : at], text[at + 1 : at + 2]
        if text[at] == "'":
            if before not in LETTERS or after not in LETTERS or not before or not after:
                return _apply(QUOTES, text, hidden)
            entity = RSQUO
        elif (not before or before.isspace()) and after and after in LETTERS:
            entity = LDQUO
        elif (
            before
            and before in BEFORE_CLOSING
            and (not after or after.isspace() or after in AFTER_CLOSING)
            and not text.startswith("'s", at - 2)
        ):
            entity = RDQUO
        else:
            return _apply(QUOTES, text, hidden)
        pieces.append(text[done:at])
        pieces.append(entity)
        done = at + 1
    pieces.append(text[done:])
    return "".join(pieces)


def _apply(rules: tuple[Rule, ...], text: str, hidden: list[str]) -> str:
    """Each rule replaces matches left to right; what it inserts is hidden from later matches."""
    for regex, held, parts in rules:
        if held not in text:
            continue
        start = 0
        while (match := regex.search(text, start)) is not None:
            result = "".join(match.group(p) if isinstance(p, int) else p for p in parts)
            token = f"\x02vh{len(hidden)}\x03"
            hidden.append(result)
            text = text[: match.start()] + token + text[match.end() :]
            start = match.start() + len(token)
    return text


class TypographyProcessor(Treeprocessor):
    """Educates the text and tail of every element below the root, as smarty does."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            if element is root:
                continue
            if element.text and not isinstance(element.text, AtomicString):
                element.text = educate(element.text)
            if element.tail and not isinstance(element.tail, AtomicString):
                element.tail = educate(element.tail)


class TypographyExtension(Extension):
    """Registers the processor where smarty would run (tree processor priority 6)."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(TypographyProcessor(md), "typography", 6)
        # As smarty does: a backslash before a quote keeps it straight (the escape pass hides the
        # quote from the rules above); without this, the backslash stays and the quote curls.
        md.ESCAPED_CHARS.extend(['"', "'"])
