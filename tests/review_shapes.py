"""A deterministic corpus of review-shaped Markdown, and the near misses around it.

The fast route (vhsheaven/markup/fast_route.py) takes the blocks and spans reviews are made of
and hands anything else to the stock converter, so what it must get right is the edge between
the two: a heading that is not quite one, emphasis that does not pair, a list that stock makes
loose, a quote with a lazy line. Each document here is built from pieces of both kinds, and
some have characters of Markdown syntax dropped in at random places.
"""

from __future__ import annotations

import random

WORDS = (  # noqa: SIM905 (a paragraph of words reads better than a long list)
    "tape rewind shelf rental neon static tracking frame cut shot scene score villain hero "
    "director camera light shadow night city road desert ocean ship station signal dream "
    "memory chase escape heist rain smoke mirror window door corridor basement attic alley "
    "Ripley Brody Quint Totoro Lola Phil Marty Nostromo Amity Orca Tokyo Berlin 1979 1985 "
    "café naïve Ångström Straße — … 80s A.I. R2-D2 C# e.g. it's don't \u2019 \u201c \u201d"
).split()
# Spans, each a format taking a word (and sometimes a second one): those reviews are made of,
# then the edge cases around them.
SPANS = (
    "*{0}*",
    "**{0} {1}**",
    "_{0}_",
    "__{0}__",
    "*{0} {1}*",
    "(*{0}*)",
    '"*{0}*"',
    "*{0}*'s",
    "{0}*{1}*{0}",
    "snake_{0}_case",
    "5 * 3",
    "_{0}_.",
    "[{0} {1}](https://example.org/{0}_{1})",
    "[*{0}*](https://example.org/*{0}*)",
    "[{0}](/{0}?q=1#x)",
    "*see [{0}](/{0}) now*",
    "*[{0}](/x)*",
    "[{0}\n{1}](/x)",
    '"{0}"',
    "'{0}'",
    "{0}'s",
    "'80s",
    "{0} -- {1}",
    "{0}---{1}",
    "{0}...",
    "{0} > {1}",
    "{0} # {1}",
    "{0}!",
    "!{0}",
    "({0})",
    "{0}: {1}",
    "{0} & {1}",
    "{0}\u00a0{1}",
)
EDGE_SPANS = (
    "{0}_{1}_{0}",
    "***{0}***",
    "*{0} **{1}** {0}*",
    "**{0}*",
    "*{0}",
    "{0}*",
    "_{0}",
    "*{0}_",
    "* {0} *",
    "**",
    "*",
    "__init__",
    "[{0}](javascript:{1})",
    "[{0}](JaVaScRiPt:{1})",
    "[{0}] (/{0})",
    "[{0}]",
    "[{0}][{1}]",
    "[[{0}]](/x)",
    '[{0}](/x "t")',
    "[{0}](</x>)",
    "[{0}](/x))",
    "[{0}](/a*b*)*{1}*",
    "[](/x)",
    "{0}....",
    "{0}&{1}",
    "&{0};",
    "{0}  \n{1}",
)
# What the near misses drop in: syntax the route refuses or must read as stock does.
INSERTS = (
    *("*", "_", "**", "[", "]", "(", ")", "`", "\\", "<", ">", "&", "#", "|", "{", "}", "~"),
    *("\n", "\n\n", "\n\n\n", "  \n", "    ", "\t", "\r\n", "- ", "* ", "1. ", "> ", "# "),
    *(": ", "::: spoiler x\n", ":::\n", "[^1]", "]: /x", "*[", "![", "---\n", "===\n", "\x02"),
)  # fmt: skip


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(3, 12))]
    for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
        spans = EDGE_SPANS if rng.random() < 0.1 else SPANS
        span = rng.choice(spans).format(rng.choice(WORDS), rng.choice(WORDS))
        words.insert(rng.randrange(len(words) + 1), span)
    return " ".join(words) + rng.choice(".....!?:")


def wrapped(rng: random.Random, text: str) -> str:
    """Text as one line or hard-wrapped (an editor's line breaks)."""
    if rng.random() < 0.6:
        return text
    words = text.split(" ")
    lines, line = [], []
    for word in words:
        line.append(word)
        if len(line) > rng.randint(4, 12):
            lines.append(" ".join(line))
            line = []
    return "\n".join([*lines, " ".join(line)]).strip("\n")


def paragraph(rng: random.Random) -> str:
    return wrapped(rng, " ".join(sentence(rng) for _ in range(rng.randint(1, 4))))


def heading(rng: random.Random) -> str:
    marks = "#" * rng.choice((1, 2, 2, 2, 3, 3, 4, 5, 6, 7))
    title = sentence(rng).rstrip(".!?:")
    shape = rng.choice(("{} {}", "{} {}", "{} {}", "{}{}", "{} {} ##", "{}  {}  ", "{} {}\n"))
    text = shape.format(marks, title)
    if rng.random() < 0.15:
        text += "\n" + paragraph(rng)  # no blank line after the heading
    if rng.random() < 0.1:
        text = paragraph(rng) + "\n" + text
    return text


def quote(rng: random.Random) -> str:
    prefix = rng.choice(("> ", "> ", ">", "> > "))
    lines = wrapped(rng, sentence(rng)).split("\n")
    if rng.random() < 0.3:
        lines += [">", *wrapped(rng, sentence(rng)).split("\n")]
    text = "\n".join(prefix + line if line != ">" else line for line in lines)
    if rng.random() < 0.1:
        text += "\n" + sentence(rng)  # a lazy line
    return text


def listing(rng: random.Random) -> str:
    ordered = rng.random() < 0.3
    items = []
    for number in range(1, rng.randint(2, 6)):
        marker = f"{number}." if ordered else rng.choice(("-", "-", "*", "+"))
        item = f"{marker} {sentence(rng)}"
        if rng.random() < 0.15:
            item += "\n" + sentence(rng)  # a continuation line
        items.append(item)
    if rng.random() < 0.1:
        items.append(rng.choice(("- ", "-", "  - nested", "    - deep", "- # heading")))
    return "\n".join(items)


def spoiler(rng: random.Random) -> str:
    label = rng.choice(("the ending", "", "*who* lives", '"the twist"', "x -- y"))
    inner = "\n\n".join(rng.choice((paragraph, quote, listing))(rng) for _ in range(2))
    close = rng.choice(("\n\n:::", "\n:::", "\n\n:::\n" + sentence(rng), "", "\n\n::: "))
    return f"::: spoiler {label}\n\n{inner}{close}"


def oddity(rng: random.Random) -> str:
    """A block the route leaves to stock, or must read exactly as stock does."""
    return rng.choice(
        (
            "---",
            "***",
            "* * *",
            "Title\n=====",
            "Title\n---",
            "    code block",
            "\tcode after a tab",
            "::: trailer https://youtu.be/dQw4w9WgXcQ",
            "| a | b |\n|---|---|\n| 1 | 2 |",
            "Term\n:   Definition",
            "[^1]: A note.",
            "*[HTML]: Hyper Text",
            "[id]: /x",
            "<div>raw</div>",
            "Fish &amp; chips",
            "```\nfenced\n```",
            "[TOC]",
            "   ",
            "   leading spaces",
            "\u00a0nbsp first",
            "1984. The year.",
            "Rating: 9/10",
            "**Rating:** 4.5 / 5",
        )
    )


BLOCKS = (paragraph,) * 16 + (heading,) * 6 + (quote, quote, listing, listing, spoiler, oddity)
SEPARATORS = ("\n\n",) * 8 + ("\n", "\n\n\n", "\n   \n", "\n\n\n\n")


def document(rng: random.Random) -> str:
    """One review-shaped document: blocks, mostly paragraphs, most apart by a blank line."""
    parts = []
    if rng.random() < 0.3:
        parts.append(rng.choice(("Rating: 8/10", "*Rating: 4 out of 5*", "Rating 7")))
    for _ in range(rng.randint(1, 12)):
        parts.append(rng.choice(BLOCKS)(rng))
        parts.append(rng.choice(SEPARATORS))
    return "".join(parts[:-1]) + rng.choice(("", "\n", "\n\n"))


def near_miss(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 4)):
        at = rng.randint(0, len(text))
        text = text[:at] + rng.choice(INSERTS) + text[at:]
    return text


def review_shapes(count: int, seed: int = 22) -> list[str]:
    """`count` documents, the same for the same seed; a third of them near misses."""
    rng = random.Random(seed)
    documents = []
    for index in range(count):
        text = document(rng)
        documents.append(near_miss(rng, text) if index % 3 == 2 else text)
    return documents
