"""Which URLs a body may not hold: those that run code or smuggle a document in.

A browser decodes character references in an attribute, drops tabs and newlines anywhere in
a URL and spaces and control characters around it, and reads the scheme without regard to
case; `jav&#x09;ascript:` and ` JaVaScRiPt:` are `javascript:` to it, so they are here too.
"""

from __future__ import annotations

import html
import re

UNSAFE_SCHEMES = frozenset({"javascript", "vbscript", "data"})
# Attributes whose value a browser loads or follows as a URL.
URL_ATTRIBUTES = frozenset(
    {
        "href",
        "src",
        "action",
        "formaction",
        "poster",
        "background",
        "cite",
        "data",
        "codebase",
        "xlink:href",
        "srcset",
        "lowsrc",
        "dynsrc",
        "ping",
        "manifest",
        "icon",
    }
)
IGNORED = re.compile(r"[\x00-\x20\x7f]+")
SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):")


def is_unsafe_url(value: str) -> bool:
    """Whether a URL, as written in an HTML attribute, has a scheme that runs or embeds code."""
    if ":" not in value and "&" not in value:
        return False  # no scheme, even one spelt with character references
    # Spaces and controls go everywhere, not only where a browser drops them: more is refused.
    decoded = IGNORED.sub("", html.unescape(value)).lower()
    scheme = SCHEME.match(decoded)
    return scheme is not None and scheme.group(1) in UNSAFE_SCHEMES
