"""Image settings, headers, widths and body <img> rewriting, one function at a time."""

from __future__ import annotations

import pytest

from tests.images import jpeg, png
from vhsheaven.images.source import BadImage, SourceImage, probe, svg_size
from vhsheaven.images.variants import picture, renditions, widths_for
from vhsheaven.load.fields import Invalid
from vhsheaven.load.image_settings import ImageSettings, parse_images
from vhsheaven.load.settings import parse_config
from vhsheaven.markup.body_images import image_sources, replace_images, static_path


def source(width: int, height: int, alpha: bool = False) -> SourceImage:
    return SourceImage("images/a b.jpg", "d" * 40, "jpeg", width, height, False, alpha)


def test_image_settings_default_and_set() -> None:
    assert parse_images({}, None) == ImageSettings()
    made = parse_images({"poster_widths": [300, 100, 100], "quality": 90}, None)
    assert made == ImageSettings(poster_widths=(100, 300), quality=90)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"widths": [1]}, "has an unknown key (widths)"),
        ({"body_widths": []}, "body_widths must be a list of widths (got [])"),
        ({"poster_widths": [8]}, "poster_widths: every width is out of range (got 8)"),
        ({"quality": 0}, "quality is out of range (got 0)"),
        ("big", 'must be a mapping (got "big")'),
    ],
)
def test_bad_image_settings_say_what_is_wrong(value: object, message: str) -> None:
    with pytest.raises(Invalid) as found:
        parse_images(value, None)
    assert found.value.message == message


def test_site_yaml_reports_a_bad_images_setting_with_its_line() -> None:
    config, problems = parse_config(
        b"title: T\nbase_url: https://e.org/\nimages:\n  quality: 101\n"
    )
    assert config is None
    assert [str(p) for p in problems] == [
        "site.yaml:3: images: quality is out of range (got 101) (allowed: a whole number from 1 to 100)"
    ]


def test_a_header_gives_the_upright_size_without_decoding() -> None:
    found = probe("p.jpg", jpeg(160, 90, orientation=6), "x")
    assert (found.kind, found.width, found.height, found.passed_through) == ("jpeg", 90, 160, False)
    assert probe("p.png", png(20, 10, alpha=True), "x").alpha


def test_svg_sizes_come_from_width_and_height_or_the_viewbox() -> None:
    assert svg_size(b'<svg xmlns="http://www.w3.org/2000/svg" width="120px" height="80"/>') == (
        120,
        80,
    )
    assert svg_size(b'<svg viewBox="0 0 30.4 60"/>') == (30, 60)
    with pytest.raises(BadImage, match="no size"):
        svg_size(b'<svg width="50%" height="2em"/>')
    with pytest.raises(BadImage, match="entities"):
        svg_size(b'<!DOCTYPE svg [<!ENTITY a "aaaa">]><svg width="1" height="1"/>')


def test_widths_are_never_wider_than_the_image() -> None:
    assert widths_for(source(1000, 1500), (128, 256, 384)) == (128, 256, 384)
    assert widths_for(source(200, 300), (128, 256, 384)) == (128, 200)
    assert widths_for(source(100, 150), (128, 256)) == (100,)


def test_copies_keep_the_aspect_ratio_and_a_transparent_image_falls_back_to_png() -> None:
    made = renditions(source(1000, 1500, alpha=True), "poster", ImageSettings())
    assert [(r.width, r.height, r.format) for r in made[:2]] == [
        (128, 192, "webp"),
        (128, 192, "png"),
    ]
    assert made[0].path.startswith("_images/a-b-")
    shown = picture(source(1000, 1500, alpha=True), made)
    assert (shown.width, shown.height, shown.fallback_type) == (384, 576, "image/png")
    assert [c.width for c in shown.webp] == [128, 256, 384]


def test_body_image_sources_resolve_to_files_under_static() -> None:
    body = '<p><img alt="a" src="../../static/s.jpg"><img src=\'https://x.org/r.png\'></p>'
    assert image_sources(body) == ("../../static/s.jpg", "https://x.org/r.png")
    assert static_path("../../static/s.jpg", "reviews/alien/", "/") == "s.jpg"
    assert static_path("../../static/a%20b.jpg", "reviews/alien/", "/") == "a b.jpg"
    assert static_path("/sub/static/a/b.png", "reviews/alien/", "/sub/") == "a/b.png"
    assert static_path("/static/a.png", "reviews/alien/", "/sub/") is None
    assert static_path("https://x.org/static/a.png", "reviews/alien/", "/") is None
    assert static_path("../../../static/a.png", "reviews/alien/", "/") is None


def test_replace_images_keeps_what_it_is_not_given() -> None:
    body = '<p>x <img src="a.jpg" alt="&quot;A&quot;"> y <img src="b.jpg"></p>'
    seen = []

    def swap(attributes: object) -> str | None:
        seen.append(attributes)
        return "<b>A</b>" if "a.jpg" in str(attributes) else None

    assert replace_images(body, swap) == '<p>x <b>A</b> y <img src="b.jpg"></p>'
    assert seen[0] == {"src": "a.jpg", "alt": '"A"'}
