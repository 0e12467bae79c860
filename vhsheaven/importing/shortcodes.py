"""Jekyll includes and Hugo and WordPress shortcodes → our Markdown; the rest stays visible.

Known ones become our syntax: a YouTube video the trailer block (`::: trailer URL`), a figure
an image with its caption, a spoiler-like block `::: spoiler`. Anything else of the source's
template syntax is left as written, so the reader still sees it, and listed for the editor.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
YOUTUBE_URL = re.compile(
    r"^https?://(?:www\.|m\.)?(?:youtube(?:-nocookie)?\.com/(?:watch\?v=|embed/|shorts/)|youtu\.be/)"
    r"(?P<id>[A-Za-z0-9_-]{6,20})"
)
# One tag of template syntax: {% … %}, {{< … >}}, {{% … %}}, {{ … }}, or [name …] / [/name].
LIQUID = re.compile(r"\{%-?\s*(?P<body>.*?)\s*-?%\}")
HUGO = re.compile(r"\{\{[<%]\s*(?P<body>.*?)\s*[>%]\}\}")
OUTPUT = re.compile(r"\{\{-?\s*(?P<body>[^{}]*?)\s*-?\}\}")
WORDPRESS = re.compile(r"\[(?P<body>/?[a-z_][a-z0-9_-]*(?:\s[^\]]*)?)\]", re.IGNORECASE)
# An embed a body holds as HTML: a YouTube one becomes a trailer, any other is listed.
EMBED = re.compile(r"<(?:iframe|video|audio|object|embed)\b[^>]*>", re.IGNORECASE)
SRC = re.compile(r"\bsrc\s*=\s*[\"'](?P<src>[^\"']+)[\"']", re.IGNORECASE)
SPOILER_NAMES = frozenset({"spoiler", "spoilers", "details", "hidden", "reveal", "collapse"})
URL_FILTERS = re.compile(
    r"^(?P<quote>['\"])(?P<path>[^'\"]*)(?P=quote)\s*\|\s*(?:relative|absolute)_url$"
)
SITE_ROOTS = re.compile(r"^site\.(?:baseurl|url)$")


@dataclass(frozen=True, slots=True)
class Tag:
    """One parsed tag: its name, positional arguments and named ones, and whether it closes."""

    name: str
    args: tuple[str, ...]
    named: dict[str, str]
    closing: bool


def parse_tag(body: str) -> Tag | None:
    """`youtube id="x"` → Tag; None when the text is not shaped like a tag."""
    closing = body.startswith("/") or body.lower().startswith("end")
    text = body[1:] if body.startswith("/") else body
    try:
        words = shlex.split(text, posix=True)
    except ValueError:
        return None
    if not words:
        return None
    name = words[0].lower().removesuffix(".html")
    if closing and name.startswith("end"):
        name = name[3:]
    args: list[str] = []
    named: dict[str, str] = {}
    for word in words[1:]:
        key, equals, value = word.partition("=")
        if equals and re.fullmatch(r"[A-Za-z_][\w-]*", key):
            named[key.lower()] = value
        else:
            args.append(word)
    if name == "include" and args:
        return parse_tag(" ".join([args[0], *(f'{k}="{v}"' for k, v in named.items())]))
    return Tag(name, tuple(args), named, closing)


def trailer(tag: Tag) -> str | None:
    """The trailer block for a YouTube tag (by id or URL), else None."""
    if "youtube" not in tag.name and tag.name not in ("video", "embed"):
        return None
    for value in (*tag.named.values(), *tag.args):
        url = youtube_url(value)
        if url is not None:
            return f"::: trailer {url}"
    return None


def youtube_url(value: str) -> str | None:
    """A YouTube watch address for an id or any YouTube video URL."""
    value = value.strip()
    match = YOUTUBE_URL.match(value)
    if match:
        return f"https://www.youtube.com/watch?v={match['id']}"
    if YOUTUBE_ID.match(value) and not value.isdigit():
        return f"https://www.youtube.com/watch?v={value}"
    return None


def image(src: str, alt: str, caption: str) -> str:
    """Our image: Markdown's, with the caption as an emphasised line under it."""
    shown = (alt or caption).replace("]", "\\]")
    line = f"![{shown}]({src})"
    return f"{line}\n*{caption.strip()}*" if caption.strip() else line


def figure(tag: Tag) -> str | None:
    """An image for a figure-like tag; None when it names no image."""
    if tag.name not in ("figure", "image", "img", "picture"):
        return None
    named = tag.named
    src = named.get("src") or named.get("image_path") or named.get("url") or named.get("image")
    src = src or (tag.args[0] if tag.args else "")
    if not src:
        return None
    return image(src, named.get("alt", ""), named.get("caption") or named.get("title", ""))


def spoiler(tag: Tag) -> str | None:
    """`::: spoiler LABEL` or `:::` for a spoiler-like block's opening or closing tag."""
    if tag.name not in SPOILER_NAMES:
        return None
    if tag.closing:
        return ":::"
    label = tag.named.get("title") or tag.named.get("summary") or " ".join(tag.args)
    return f"::: spoiler {label}".rstrip()


def known(tag: Tag) -> str | None:
    """Our syntax for a tag we know, else None."""
    for convert in (trailer, figure, spoiler):
        found = convert(tag)
        if found is not None:
            return found
    if tag.name == "raw" or (tag.name == "highlight" and tag.closing):
        return "```" if tag.name == "highlight" else ""
    if tag.name == "highlight":
        return "```" + (tag.args[0] if tag.args else "")
    return None


def liquid_output(body: str) -> str | None:
    """`{{ site.baseurl }}` → "" and `{{ '/x.jpg' | relative_url }}` → "/x.jpg"; else None."""
    if SITE_ROOTS.match(body):
        return ""
    match = URL_FILTERS.match(body)
    return match["path"] if match else None


@dataclass(frozen=True, slots=True)
class Converted:
    """A body in our syntax, and the tags left as written, in order."""

    text: str
    left: tuple[str, ...]


Replacer = Callable[[re.Match[str]], str | None]


def convert_tags(text: str, patterns: tuple[tuple[re.Pattern[str], Replacer], ...]) -> Converted:
    """Replace every tag the patterns know; keep and list the others, outside code."""
    left: list[str] = []
    lines: list[str] = []
    fenced = False
    for line in text.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        if fenced or line.startswith(("    ", "\t")):
            lines.append(line)
            continue
        for pattern, replace in patterns:
            line = pattern.sub(lambda m, r=replace: _replace(m, r, left), line)  # type: ignore[misc]
        lines.append(line)
    return Converted(_blank_around_blocks("\n".join(lines)), tuple(left))


def _replace(match: re.Match[str], replace: Replacer, left: list[str]) -> str:
    found = replace(match)
    if found is None:
        left.append(match[0])
        return match[0]
    # A block of ours on a line of its own needs blank lines round it; see _blank_around_blocks.
    return f"\n\n{found}\n\n" if found.startswith(("::: ", ":::", "```")) and found else found


def _blank_around_blocks(text: str) -> str:
    """At most one blank line between blocks, and none at either end."""
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n") + "\n"


def liquid_tag(match: re.Match[str]) -> str | None:
    """One `{% … %}` Jekyll tag in our syntax, or None."""
    tag = parse_tag(match["body"])
    return None if tag is None else known(tag)


def liquid_value(match: re.Match[str]) -> str | None:
    """One `{{ … }}` Jekyll output in our syntax, or None."""
    return liquid_output(match["body"])


def wordpress_tag(match: re.Match[str]) -> str | None:
    """A WordPress shortcode left in a body, or None; a bracketed word that is no tag stays."""
    tag = parse_tag(match["body"])
    if tag is None:
        return match[0]
    found = known(tag)
    if found is None and not (tag.named or tag.closing or tag.name in WORDPRESS_NAMES):
        return match[0]  # "[sic]" or a footnote-like bracket, not a shortcode
    return found


def embed(match: re.Match[str]) -> str | None:
    """A YouTube <iframe> as the trailer block; None (listed) for any other embed."""
    src = SRC.search(match[0])
    url = youtube_url(src["src"]) if src and "youtu" in src["src"] else None
    return f"::: trailer {url}" if url else None


WORDPRESS_NAMES = frozenset({"caption", "gallery", "audio", "playlist", "embed", "video"})
JEKYLL = ((LIQUID, liquid_tag), (OUTPUT, liquid_value), (EMBED, embed))
HUGO_TAGS = ((HUGO, liquid_tag), (EMBED, embed))
WORDPRESS_TAGS = ((WORDPRESS, wordpress_tag), (EMBED, embed))
