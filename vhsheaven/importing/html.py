"""WordPress post HTML → Markdown, with markdownify; its shortcodes first become our blocks.

WordPress keeps posts as HTML without paragraph tags (it adds them when it shows a page), and
its shortcodes wrap HTML (`[caption]<img …> text[/caption]`), so both are dealt with on the
HTML, before the converter; our blocks are held as placeholders the converter cannot escape.
"""

from __future__ import annotations

import html
import re

from markdownify import markdownify

from vhsheaven.importing.shortcodes import image, parse_tag, spoiler, trailer, youtube_url

BLOCK_START = re.compile(
    r"^<(?:p|div|h[1-6]|ul|ol|li|blockquote|figure|table|pre|iframe|hr|details|!--)\b", re.I
)
CAPTION = re.compile(r"\[caption(?P<attrs>[^\]]*)\](?P<inner>.*?)\[/caption\]", re.S | re.I)
IMG = re.compile(r"<img\b(?P<attrs>[^>]*)>", re.I)
ATTR = re.compile(r"(?P<name>[a-z-]+)\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)')", re.I)
EMBED = re.compile(r"\[embed[^\]]*\](?P<url>[^\[]*)\[/embed\]", re.I)
IFRAME = re.compile(r"<iframe\b(?P<attrs>[^>]*)>\s*</iframe>", re.I)
# Embeds the converter would drop without a trace: kept as HTML, for the editor to see.
RAW_EMBED = re.compile(
    r"<(?P<tag>iframe|video|audio|object)\b.*?</(?P=tag)>|<embed\b[^>]*>", re.I | re.S
)
BARE_URL = re.compile(r"^\s*(?P<url>https?://\S+)\s*$", re.M)
SHORTCODE = re.compile(r"\[(?P<body>/?(?:youtube|spoiler|spoilers|details|reveal)\b[^\]]*)\]", re.I)
PLACEHOLDER = "VHSHEAVENBLOCK{}END"


def attributes(text: str) -> dict[str, str]:
    """An HTML tag's quoted attributes, entities decoded."""
    return {
        m["name"].lower(): html.unescape(m["dq"] if m["dq"] is not None else m["sq"])
        for m in ATTR.finditer(text)
    }


class _Blocks:
    """Our blocks, held as placeholder paragraphs while the converter runs."""

    def __init__(self) -> None:
        self.held: list[str] = []

    def hold(self, markdown: str) -> str:
        """A placeholder paragraph standing for `markdown`."""
        self.held.append(markdown)
        return f"\n\n<p>{PLACEHOLDER.format(len(self.held) - 1)}</p>\n\n"

    def put_back(self, text: str) -> str:
        """The converted text with every placeholder replaced by what it stands for."""
        for number, markdown in enumerate(self.held):
            text = text.replace(PLACEHOLDER.format(number), markdown)
        return text


def to_markdown(source: str) -> str:
    """A WordPress post body as Markdown."""
    blocks = _Blocks()
    text = CAPTION.sub(lambda m: blocks.hold(_caption(m)), source)
    text = EMBED.sub(lambda m: _video(m["url"], m[0], blocks), text)
    text = IFRAME.sub(lambda m: _video(attributes(m["attrs"]).get("src", ""), m[0], blocks), text)
    text = BARE_URL.sub(lambda m: _video(m["url"], m[0], blocks), text)
    text = SHORTCODE.sub(lambda m: _shortcode(m, blocks), text)
    text = RAW_EMBED.sub(lambda m: blocks.hold(" ".join(m[0].split())), text)
    converted = markdownify(
        _paragraphs(text), heading_style="ATX", bullets="-", strip=["script", "style"]
    )
    return blocks.put_back(converted)


def _caption(match: re.Match[str]) -> str:
    inner = match["inner"]
    found = IMG.search(inner)
    if found is None:
        return match[0]
    img = attributes(found["attrs"])
    words = re.sub(r"<[^>]+>", "", inner[found.end() :]).strip()
    caption = html.unescape(words) or attributes(match["attrs"]).get("caption", "")
    return image(img.get("src", ""), img.get("alt", ""), caption)


def _video(url: str, original: str, blocks: _Blocks) -> str:
    found = youtube_url(url.strip())
    return original if found is None else blocks.hold(f"::: trailer {found}")


def _shortcode(match: re.Match[str], blocks: _Blocks) -> str:
    tag = parse_tag(match["body"])
    if tag is None:
        return match[0]
    found = trailer(tag) or spoiler(tag)
    return match[0] if found is None else blocks.hold(found)


def _paragraphs(text: str) -> str:
    """What WordPress does when it shows a post: text between blank lines is a paragraph."""
    chunks = [c.strip() for c in re.split(r"\n\s*\n", text.replace("\r\n", "\n"))]
    return "\n".join(
        c if BLOCK_START.match(c) else f"<p>{c.replace(chr(10), '<br>')}</p>" for c in chunks if c
    )
