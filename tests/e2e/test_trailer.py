"""Trailers without third parties: `::: trailer URL` is a click-to-load facade, and `check`
warns about embeds that would call another site, at their file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import MakeSite, review_text
from vhsheaven.build import build
from vhsheaven.check import check
from vhsheaven.options import BuildOptions

BODY = """\
The ice station, the dogs, the blood test.

::: trailer https://youtu.be/aBcDeFgHiJk

::: trailer https://vimeo.com/76979871
:::

Rating: 9/10

<iframe src="https://www.youtube.com/embed/aBcDeFgHiJk"></iframe>

{{< youtube aBcDeFgHiJk >}}
"""


@pytest.fixture
def site(make_site: MakeSite) -> Path:
    return make_site(
        {
            "content/reviews/thing.md": review_text("The Thing", 1982, 9, body=BODY),
            "content/reviews/fog.md": review_text("The Fog", 1980, 7),
        }
    )


def test_a_trailer_is_a_titled_link_that_loads_the_private_player_on_a_click(
    site: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    build(site, out, BuildOptions())
    page = BeautifulSoup((out / "reviews/thing/index.html").read_text(), "html.parser")
    youtube, vimeo = page.select(".review-body figure.trailer a.trailer-link")
    assert youtube["href"] == "https://www.youtube.com/watch?v=aBcDeFgHiJk"
    assert youtube["data-player"] == "https://www.youtube-nocookie.com/embed/aBcDeFgHiJk?autoplay=1"
    assert youtube.get_text() == "Play the trailer of The Thing"
    assert vimeo["data-player"] == "https://player.vimeo.com/video/76979871?dnt=1&autoplay=1"
    assert not page.select(".review-body iframe") and ":::" not in page.get_text()
    scripts = [s["src"] for s in page.select("script[src]")]
    assert scripts == ["/static/js/trailer.js"] and (out / "static/js/trailer.js").is_file()
    # A page without a trailer loads no script for one.
    fog = BeautifulSoup((out / "reviews/fog/index.html").read_text(), "html.parser")
    assert fog.select("script[src]") == []


def test_check_warns_about_raw_embeds_and_shortcodes_at_their_lines(site: Path) -> None:
    warnings = [str(p) for p in check(site, BuildOptions()).problems]
    where = "content/reviews/thing.md"
    assert warnings == [
        f"{where}:18: warning: body: <iframe> loads https://www.youtube.com/embed/aBcDeFgHiJk "
        "from another site (www.youtube.com), which sees each reader who opens the page",
        f"{where}:20: warning: body: {{{{< youtube … >}}}} is a Hugo shortcode, shown as text "
        "here; write ::: trailer and the video's address instead, for a trailer that loads "
        "only when the reader asks for it",
    ]
