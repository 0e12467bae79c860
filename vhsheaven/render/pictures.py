"""What templates use to show images: a review's poster as a Picture, srcset text, body
images rewritten into <picture> elements, and each review's share card address."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING
from urllib.parse import quote

from markupsafe import Markup, escape

from vhsheaven.images.variants import Candidate, Picture, card_path
from vhsheaven.load.settings import SiteConfig
from vhsheaven.markup.body_images import replace_images, static_path
from vhsheaven.model.site import Review

if TYPE_CHECKING:
    # A build that renders nothing never imports Jinja (see test_cache_cli).
    import jinja2

# How wide a body image is shown: the text column (34rem), or the screen less its margins.
BODY_SIZES = "(max-width: 38rem) calc(100vw - 2rem), 34rem"
# Attributes of a body <img> that the rewritten one sets itself.
SET_HERE = frozenset({"src", "srcset", "sizes", "width", "height", "loading", "decoding"})


def install(
    env: jinja2.Environment, config: SiteConfig, pictures: Mapping[tuple[str, str], Picture]
) -> None:
    """Give templates `poster_picture(review)`, `srcset(candidates)`, `share_card(review)`
    and the `with_pictures(page_url)` filter, showing `pictures` (the build's images)."""
    base_path = config.base_path
    env.globals["poster_picture"] = lambda review: _poster(pictures, review)
    env.globals["srcset"] = lambda candidates: srcset(base_path, candidates)
    env.globals["share_card"] = lambda review: config.base_url + card_path(review.slug)
    env.filters["with_pictures"] = lambda body, page_url: with_pictures(
        str(body), page_url, base_path, pictures
    )


def show_images(
    env: jinja2.Environment, config: SiteConfig, pictures: Mapping[tuple[str, str], Picture]
) -> jinja2.Environment:
    """The build's environment, showing the build's images (see install)."""
    install(env, config, pictures)
    return env


def _poster(pictures: Mapping[tuple[str, str], Picture], review: Review) -> Picture | None:
    poster = review.meta.poster
    return pictures.get((poster, "poster")) if poster else None


def srcset(base_path: str, candidates: tuple[Candidate, ...]) -> str:
    """A srcset attribute's text: each candidate's address and width."""
    return ", ".join(f"{address(base_path, c.path)} {c.width}w" for c in candidates)


def address(base_path: str, path: str) -> str:
    """A site-relative path's address, percent-encoded: a space or comma in a file's name
    would split a srcset."""
    return base_path + quote(path, safe="/")


def with_pictures(
    body: str, page_url: str, base_path: str, pictures: Mapping[tuple[str, str], Picture]
) -> Markup:
    """A body's HTML with each <img> of a local image made a <picture> of its copies, sized
    and loaded lazily; other images are left as they are."""

    def replacement(attributes: Mapping[str, str]) -> str | None:
        path = static_path(attributes.get("src", ""), page_url, base_path)
        found = pictures.get((path, "body")) if path is not None else None
        return None if found is None else picture_html(found, attributes, base_path)

    return Markup(replace_images(body, replacement))


def picture_html(picture: Picture, attributes: Mapping[str, str], base_path: str) -> str:
    """A <picture> of `picture`, its <img> keeping the other attributes the author gave."""
    kept = "".join(
        f' {name}="{escape(value)}"' for name, value in attributes.items() if name not in SET_HERE
    )
    src = escape(address(base_path, picture.src))
    size = f' width="{picture.width}" height="{picture.height}" loading="lazy" decoding="async">'
    if not picture.webp:  # passed through as it is: one file, no choice to offer
        return f'<img src="{src}"{kept}{size}'
    webp = escape(srcset(base_path, picture.webp))
    fallback = escape(srcset(base_path, picture.fallback))
    sizes = f'sizes="{BODY_SIZES}"'
    return (
        f'<picture><source type="image/webp" srcset="{webp}" {sizes}>'
        f'<img src="{src}" srcset="{fallback}" {sizes}{kept}{size}</picture>'
    )
