"""What a body hides until the reader asks: spoilers (and any <details>), kept out of
summaries and feeds.

A summary, a description or a feed is read where no click opens a box: feed readers drop
<summary> and show <details> open. So the text inside never reaches them.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterator

# Spoilers cannot nest, but raw HTML inside one may hold its own <details>.
DETAILS_TAG = re.compile(r"<(/?)details\b[^>]*>", re.IGNORECASE)


def hidden_spans(fragment: str) -> Iterator[tuple[int, int]]:
    """Start and end of every outermost <details>…</details> in an HTML fragment; an
    unclosed one runs to the end."""
    depth, start = 0, 0
    for tag in DETAILS_TAG.finditer(fragment):
        if not tag.group(1):
            if depth == 0:
                start = tag.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                yield start, tag.end()
    if depth:
        yield start, len(fragment)


def _replace_hidden(fragment: str, replacement: Callable[[], str]) -> str:
    parts: list[str] = []
    done = 0
    for start, end in hidden_spans(fragment):
        parts += (fragment[done:start], replacement())
        done = end
    if not parts:
        return fragment
    return "".join(parts) + fragment[done:]


def without_hidden(fragment: str) -> str:
    """The fragment with every spoiler box taken out, for summaries and descriptions."""
    return _replace_hidden(fragment, str)


def hidden_as_links(fragment: str, url: str, note: str) -> str:
    """The fragment with each spoiler box replaced by a note linking to the page (`url`)
    that shows it, for feeds; `note` is the note's text in the site's language."""
    link = f'<p class="spoiler-note"><a href="{html.escape(url)}">{html.escape(note)}</a></p>'
    return _replace_hidden(fragment, lambda: link)
