"""`check`'s warning for images without alt text in reviews and pages, at their lines."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from vhsheaven.errors import Diagnostic, Location
from vhsheaven.model.site import Site


@dataclass(frozen=True, slots=True)
class Body:
    """A body to look at: the file it came from and its HTML."""

    source: Path
    html: str


class _Images(HTMLParser):
    """The src of each <img> whose alt text is missing or blank."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.bare: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            values = dict(attrs)
            if not (values.get("alt") or "").strip():
                self.bare.append(values.get("src") or "")


def bodies(site: Site) -> Iterable[Body]:
    """Every review's and page's body."""
    for review in site.reviews:
        yield Body(review.source.path, review.body_html)
    for page in site.pages:
        yield Body(page.source.path, page.body_html)


def alt_warnings(site: Site, source_text: Callable[[Path], str | None]) -> list[Diagnostic]:
    """A warning for each image in a body without alt text, naming its file and line."""
    warnings = []
    for body in bodies(site):
        if "<img" not in body.html:
            continue
        finder = _Images()
        finder.feed(body.html)
        finder.close()
        text = source_text(body.source) if finder.bare else None
        for src in finder.bare:
            where = Location(body.source, _line_of(src, text))
            message = (
                f"image {src} has no alt text; say what it shows for readers who cannot "
                f"see it: ![what the image shows]({src})"
            )
            warnings.append(Diagnostic(where, "body", message, severity="warning"))
    return warnings


def _line_of(src: str, text: str | None) -> int | None:
    """The 1-based line where the image's address is first written, if it is."""
    at = -1 if text is None or not src else text.find(src)
    return None if text is None or at < 0 else text.count("\n", 0, at) + 1
