"""Posters, body images and share cards in built sites: sizes, copies, cache and bad images."""

from __future__ import annotations

import io
import json
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from tests.conftest import MakeSite, review_text, run_cli, snapshot
from tests.images import GPS_INFO, MAKE, jpeg
from vhsheaven.build import build
from vhsheaven.errors import BuildFailed
from vhsheaven.options import BuildOptions

SUB_PATH_YAML = "title: Poster Heaven\nbase_url: https://example.org/vhs-heaven/\n"
BODY = "Words about the film.\n\n![A still from the film](../../static/images/still.jpg)\n"


def posters_site(make_site: MakeSite, **more: str | bytes) -> Path:
    """A site under a GitHub Pages sub-path: two reviews with JPEG posters (one with camera
    EXIF and a quarter-turn orientation in its still), one without a poster."""
    return make_site(
        {
            "site.yaml": SUB_PATH_YAML,
            "static/images/alien.jpg": jpeg(1000, 1500, seed=1, camera=True),
            "static/images/jaws.jpg": jpeg(1000, 1500, seed=2),
            "static/images/still.jpg": jpeg(1600, 900, seed=3, orientation=6, camera=True),
            "content/reviews/alien.md": review_text(
                "Alien", 1979, 9, "poster: images/alien.jpg\n", BODY
            ),
            "content/reviews/jaws.md": review_text("Jaws", 1975, 8.5, "poster: images/jaws.jpg\n"),
            "content/reviews/tremors.md": review_text("Tremors", 1990, 7),
            **more,
        }
    )


def built(root: Path) -> Path:
    """Build `root` into its _site in this process; return the output folder."""
    build(root, None, BuildOptions())
    return root / "_site"


def soup(out: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((out / page).read_text(encoding="utf-8"), "html.parser")


def candidates(out: Path, srcset: str) -> Iterator[tuple[Path, int]]:
    """Each srcset candidate's output file and stated width."""
    for item in srcset.split(","):
        address, width = item.split()
        assert address.startswith("/vhs-heaven/")
        yield out / address.removeprefix("/vhs-heaven/"), int(width.removesuffix("w"))


def test_every_img_has_a_size_and_alt_and_every_candidate_its_width(make_site: MakeSite) -> None:
    out = built(posters_site(make_site))
    checked = 0
    for page in ("index.html", "reviews/alien/index.html", "reviews/jaws/index.html"):
        for img in soup(out, page).find_all("img"):
            assert img.get("width") and img.get("height") and img.get("alt"), img
            assert img.get("decoding") == "async"
        for tag in soup(out, page).select("picture source, picture img"):
            for file, width in candidates(out, tag["srcset"]):
                with Image.open(file) as copy:
                    assert copy.width == width
                    assert copy.format == ("WEBP" if tag.name == "source" else "JPEG")
                checked += 1
    assert checked >= 3 * 2 * 3 + 3 * 2


def test_copies_are_smaller_upright_without_metadata_and_never_upscaled(
    make_site: MakeSite,
) -> None:
    out = built(posters_site(make_site, **{"static/images/tiny.jpg": jpeg(100, 150, seed=4)}))
    page = soup(out, "reviews/alien/index.html")
    still = page.select_one(".review-body picture img")
    assert still is not None and (still["width"], still["height"]) == ("900", "1600")
    assert still["loading"] == "lazy"
    for file, _ in candidates(out, still["srcset"]):
        with Image.open(file) as copy:
            assert copy.height > copy.width  # the quarter turn is applied
            exif = copy.getexif()
            assert MAKE not in exif and GPS_INFO not in exif and not copy.info.get("exif")
    poster = page.select_one(".review-header img.poster")
    assert poster is not None and poster.get("loading") is None  # on the first screen
    assert (poster["width"], poster["height"]) == ("384", "576")
    tremors = review_text("Tremors", 1990, 7, "poster: images/tiny.jpg\n")
    tiny = make_site({"site.yaml": SUB_PATH_YAML, "content/reviews/tremors.md": tremors})
    img = soup(built(tiny), "reviews/tremors/index.html").select_one("img.poster")
    assert img is not None and (img["width"], img["height"]) == ("100", "150")
    assert [w for _, w in candidates(out, img["srcset"])] == [100]


def test_each_review_has_a_share_card_under_the_sub_path(make_site: MakeSite) -> None:
    out = built(posters_site(make_site))
    for slug in ("alien", "tremors"):
        page = soup(out, f"reviews/{slug}/index.html")
        card = f"https://example.org/vhs-heaven/_images/cards/{slug}.jpg"
        og = page.select_one('meta[property="og:image"]')
        assert og is not None and og["content"] == card
        twitter = page.select_one('meta[name="twitter:card"]')
        assert twitter is not None and twitter["content"] == "summary_large_image"
        script = page.select_one('script[type="application/ld+json"]')
        assert script is not None and json.loads(script.string or "")["image"] == card
        with Image.open(out / f"_images/cards/{slug}.jpg") as image:
            assert image.size == (1200, 630) and image.format == "JPEG"
    # The poster sits on the label where a card without one shows the label's cream.
    label = (0xF4, 0xE8, 0xCB)
    with Image.open(out / "_images/cards/tremors.jpg") as plain:
        assert all(abs(a - b) < 6 for a, b in zip(plain.getpixel((200, 250)), label, strict=True))
    with Image.open(out / "_images/cards/alien.jpg") as shown:
        assert any(abs(a - b) > 30 for a, b in zip(shown.getpixel((200, 250)), label, strict=True))


def test_animated_gifs_and_svgs_are_published_as_they_are_with_their_sizes(
    make_site: MakeSite,
) -> None:
    frames = [Image.new("RGB", (40, 30), colour) for colour in ("red", "blue")]
    gif = io.BytesIO()
    frames[0].save(gif, "GIF", save_all=True, append_images=frames[1:], duration=100)
    svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 300"><rect width="9" height="9"/></svg>'
    body = "![A loop](../../static/images/loop.gif)\n\n![Art](/vhs-heaven/static/images/art.svg)\n"
    root = posters_site(
        make_site,
        **{
            "static/images/loop.gif": gif.getvalue(),
            "static/images/art.svg": svg,
            "content/reviews/tremors.md": review_text("Tremors", 1990, 7, "", body),
        },
    )
    out = built(root)
    images = soup(out, "reviews/tremors/index.html").select(".review-body img")
    found = [(img["src"], img["width"], img["height"]) for img in images]
    assert found == [
        ("/vhs-heaven/static/images/loop.gif", "40", "30"),
        ("/vhs-heaven/static/images/art.svg", "200", "300"),
    ]
    assert (out / "static/images/loop.gif").read_bytes() == gif.getvalue()


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every image Pillow opens in this process (to read a header or decode pixels)."""
    seen: list[str] = []
    original = Image.open

    def counting(file: object, *args: object, **kwargs: object) -> Image.Image:
        seen.append(repr(file))
        return original(file, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Image, "open", counting)
    return seen


def test_a_rebuild_with_no_image_changed_opens_no_image(
    make_site: MakeSite, opened: list[str]
) -> None:
    root = posters_site(make_site)
    built(root)
    assert len(opened) >= 3 + 3 + 2  # three sources read, three copied, two cards' posters
    opened.clear()
    review = root / "content/reviews/jaws.md"
    review.write_text(review.read_text() + "\nOne more line.\n", encoding="utf-8")
    out = built(root)
    assert "One more line." in (out / "reviews/jaws/index.html").read_text()
    assert opened == []
    built(root)
    assert opened == []


def test_a_changed_poster_is_the_only_image_made_again(
    make_site: MakeSite, opened: list[str]
) -> None:
    root = posters_site(make_site)
    out = built(root)
    before = snapshot(out)
    opened.clear()
    (root / "static/images/jaws.jpg").write_bytes(jpeg(1000, 1500, seed=9))
    built(root)
    # Read once for its header, decoded for its copies, and again for its card.
    assert len(opened) == 3
    after = snapshot(out)
    changed = sorted(name for name in after if before.get(name) != after[name])
    made = sorted(n for n in after if n.startswith("_images/jaws-"))
    assert [n for n in changed if n.startswith("_images/")] == ["_images/cards/jaws.jpg", *made]
    assert len(made) == 6
    assert not any(name.startswith("_images/jaws-") for name in before.keys() & after.keys())


def test_a_card_is_drawn_from_its_posters_copy_and_follows_it(
    make_site: MakeSite, tmp_path: Path
) -> None:
    root = posters_site(make_site)
    out = built(root)
    before = snapshot(out)
    # The copies change with the quality; so does the card drawn from one, and only that.
    (root / "site.yaml").write_text(SUB_PATH_YAML + "images:\n  quality: 40\n")
    after = snapshot(built(root))
    cards = sorted(name for name in after if name.startswith("_images/cards/"))
    changed = [name for name in cards if before[name] != after[name]]
    assert changed == ["_images/cards/alien.jpg", "_images/cards/jaws.jpg"]
    build(root, tmp_path / "clean", BuildOptions(cache=False))
    clean = snapshot(tmp_path / "clean")
    assert [name for name in cards if clean[name] != after[name]] == []


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares a size and holds almost nothing: a decompression bomb's shape."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + header
    ihdr = struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk))
    end = struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND"))
    return b"\x89PNG\r\n\x1a\n" + ihdr + end


def bmp() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (20, 30), "green").save(out, "BMP")
    return out.getvalue()


BAD = {
    "truncated": (lambda: jpeg(1000, 1500, seed=5)[:20000], "is damaged or cut short"),
    "text": (lambda: b"this is not a picture\n", "is not an image that can be read"),
    "bomb": (lambda: png_header(40000, 40000), "is too large to decode safely"),
    "huge": (lambda: png_header(8000, 7500), "is 8000x7500 pixels, too large to decode safely"),
    "format": (bmp, "is in a format the site does not publish (BMP)"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_poster_fails_the_build_naming_it_and_the_review(
    make_site: MakeSite, case: str
) -> None:
    root = posters_site(make_site)
    assert run_cli("build", "--source", root).returncode == 0
    before = snapshot(root / "_site")
    make, message = BAD[case]
    (root / "static/images/jaws.jpg").write_bytes(make())
    result = run_cli("build", "--source", root)
    assert result.returncode == 1
    assert f"content/reviews/jaws.md:1: poster: static/images/jaws.jpg {message}" in result.stderr
    assert snapshot(root / "_site") == before


def test_a_bad_body_image_names_the_review_showing_it(make_site: MakeSite) -> None:
    root = posters_site(make_site, **{"static/images/still.jpg": b"GIF89a not really"})
    with pytest.raises(BuildFailed) as failed:
        built(root)
    assert [str(d) for d in failed.value.diagnostics] == [
        "content/reviews/alien.md:1: body: static/images/still.jpg is not an image that can "
        "be read (damaged, or not an image) (allowed: a JPEG, PNG, WebP, GIF or SVG image)"
    ]


def test_site_yaml_sets_the_widths_and_quality(make_site: MakeSite) -> None:
    settings = "images:\n  poster_widths: [100, 200]\n  quality: 40\n"
    root = posters_site(make_site, **{"site.yaml": SUB_PATH_YAML + settings})
    out = built(root)
    img = soup(out, "index.html").select("img.poster")[0]
    low = sorted(candidates(out, img["srcset"]))
    assert [width for _, width in low] == [100, 200]
    low_size = low[1][0].stat().st_size
    plain = built(
        posters_site(
            make_site, **{"site.yaml": SUB_PATH_YAML + "images:\n  poster_widths: [100, 200]\n"}
        )
    )
    img = soup(plain, "index.html").select("img.poster")[0]
    high = sorted(candidates(plain, img["srcset"]))
    assert low_size < high[1][0].stat().st_size


def test_check_knows_the_copies_and_reports_bad_images(make_site: MakeSite) -> None:
    root = posters_site(make_site)
    assert run_cli("build", "--source", root).returncode == 0
    result = run_cli("check", "--source", root)
    assert result.returncode == 0, result.stderr
    (root / "static/images/alien.jpg").write_bytes(b"nope")
    result = run_cli("check", "--source", root)
    assert result.returncode == 1
    assert (
        "content/reviews/alien.md:1: poster: static/images/alien.jpg is not an image"
        in result.stderr
    )
