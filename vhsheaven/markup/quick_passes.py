"""Python-Markdown's whole-document passes, not run on documents they can only leave as is.

Three stock passes look over every review for syntax most reviews never use, and cost about
a tenth of a conversion between them: fenced code blocks (a regular expression over the whole
text), attribute lists (every element's text, for a "{"), and the restoring of backslash
escapes (every element's text, tail and attributes, for the placeholders the escape pattern
leaves). Each is skipped for a document whose text lacks what its syntax needs: a fence of
three backticks or tildes; a "{"; a backslash (the only source of those placeholders, as
normalising the text removes the characters they are made of). tests/unit/test_quickpasses.py
and test_markdown_corpus.py (on the CommonMark spec's examples) check that the output is
identical.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from collections.abc import Callable

import markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

# A tree processor (by its registered name) → strings of which the document's text holds at
# least one if the processor can change anything.
TREE_NEEDS: dict[str, tuple[str, ...]] = {"attr_list": ("{",), "unescape": ("\\",)}
FENCES = ("```", "~~~")


class DocumentText(Preprocessor):
    """Runs first on each document and notes which listed tree processors it could use."""

    def __init__(self, md: markdown.Markdown, usable: set[str]) -> None:
        super().__init__(md)
        self.usable = usable

    def run(self, lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        self.usable.clear()
        self.usable.update(
            name for name, needs in TREE_NEEDS.items() if any(needed in text for needed in needs)
        )
        return lines


def _run_if_usable(
    run: Callable[[etree.Element], etree.Element | None], name: str, usable: set[str]
) -> Callable[[etree.Element], etree.Element | None]:
    def quick_run(root: etree.Element) -> etree.Element | None:
        return run(root) if name in usable else None

    return quick_run


def _fences_only(run: Callable[[list[str]], list[str]]) -> Callable[[list[str]], list[str]]:
    """The fenced-code pass, on the lines it is given, only if they hold a fence (without
    one, it joins them and splits them again)."""

    def quick_run(lines: list[str]) -> list[str]:
        text = "\n".join(lines)
        return run(lines) if any(fence in text for fence in FENCES) else lines

    return quick_run


class QuickPassesExtension(Extension):
    """Wraps the listed passes; must come after the extensions that register them."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        usable: set[str] = set()
        md.preprocessors.register(DocumentText(md, usable), "document_text", 102)
        for name in TREE_NEEDS:
            if name in md.treeprocessors:
                processor = md.treeprocessors[name]
                processor.run = _run_if_usable(processor.run, name, usable)  # type: ignore[method-assign,assignment]
        if "fenced_code_block" in md.preprocessors:
            fenced = md.preprocessors["fenced_code_block"]
            fenced.run = _fences_only(fenced.run)  # type: ignore[method-assign,assignment]
