"""Python-Markdown's inline pass, minus the patterns that cannot match.

The stock inline processor tries every inline pattern (links, code, emphasis, HTML…) on every
text node, and most of a review's text holds none of the characters those patterns need: at
about 700 words a review, those failed tries were a quarter of its conversion. This processor
is the stock one, except that it passes over a pattern whose text lacks every string the
pattern's regular expression needs to match. tests/unit/test_quickinline.py and
test_markdown_corpus.py (on the CommonMark spec's examples) check that the output is identical.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from typing import Any

import markdown
from markdown import inlinepatterns as patterns
from markdown.extensions import Extension
from markdown.treeprocessors import InlineProcessor
from markdown.util import AtomicString

# An inline pattern's regular expression → strings of which each of its matches contains at
# least one (true of these expressions in every version since 3.8); a pattern not listed is
# always tried. The library's constants are looked up by name, as versions differ in which
# they have.
_LIBRARY_NEEDS = {
    "BACKTICK_RE": ("`",),
    "ESCAPE_RE": ("\\",),
    "LINK_RE": ("[",),
    "IMAGE_LINK_RE": ("![",),
    "AUTOLINK_RE": ("://",),
    "AUTOMAIL_RE": ("@",),
    "LINE_BREAK_RE": ("  \n",),
    "HTML_RE": ("<",),
    "ENTITY_RE": ("&",),
    "NOT_STRONG_RE": ("*", "_"),
}
NEEDS: dict[str, tuple[str, ...]] = {
    getattr(patterns, name): needs
    for name, needs in _LIBRARY_NEEDS.items()
    if hasattr(patterns, name)
} | {
    r"\[\^([^\]]*)\]": ("[^",),  # the footnotes extension's reference
    # Emphasis: one processor per delimiter up to 3.10, one for both since 3.11.
    r"\*": ("*",),
    "_": ("_",),
    r"\*|_": ("*", "_"),
}


def needs_of(pattern: Any, references: dict[str, Any]) -> tuple[str, ...] | None:
    """What a registered inline pattern needs in a text to match it; None: unknown, and ()
    for one that cannot change any text of the document.

    A reference link (`[text][id]`, `[id]`, and their images) whose id the document does not
    define is left as text: with no definitions, those patterns' matches change nothing, and
    the stock loop goes on to the next pattern with the text as it was.
    """
    if isinstance(pattern, patterns.ReferenceInlineProcessor) and not references:
        return ()
    compiled = getattr(pattern, "compiled_re", None)
    return NEEDS.get(compiled.pattern) if compiled is not None else None


class QuickInlineProcessor(InlineProcessor):
    """The stock InlineProcessor, with a cheap substring test before each pattern."""

    def __init__(self, md: markdown.Markdown) -> None:
        super().__init__(md)
        self._needs: list[tuple[str, ...] | None] = []
        self._patterns: list[Any] = []

    def run(self, tree: etree.Element, ancestors: list[str] | None = None) -> etree.Element:
        self._patterns = list(self.inlinePatterns)
        self._needs = [needs_of(pattern, self.md.references) for pattern in self._patterns]
        return super().run(tree, ancestors)

    def _InlineProcessor__handleInline(self, data: str, index: int = 0) -> str:
        """Overrides the stock loop (by its name-mangled name): the same steps, in the same
        order, less the tries that cannot match. A skipped try is one the stock loop makes
        and fails, which moves it to the next pattern from the start of the text."""
        if isinstance(data, AtomicString):
            return data
        # The stock step, one pattern on one text (private, hence unknown to the type checker).
        apply = self._InlineProcessor__applyPattern  # type: ignore[attr-defined]
        start, count = 0, len(self._patterns)
        while index < count:
            needs = self._needs[index]
            if needs is not None:
                # A loop, not any(): this runs for every pattern on every text node.
                for needed in needs:
                    if needed in data:
                        break
                else:
                    index += 1
                    start = 0
                    continue
            data, matched, start = apply(self._patterns[index], data, index, start)
            if not matched:
                index += 1
        return data


class QuickInlineExtension(Extension):
    """Puts the quick processor in the stock one's place (tree processor "inline", 20)."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(QuickInlineProcessor(md), "inline", 20)
