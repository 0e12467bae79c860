"""The importer's pieces on their own: ratings, front matter, shortcodes, WordPress HTML."""

from __future__ import annotations

from pathlib import Path

import pytest

from vhsheaven.errors import Diagnostic
from vhsheaven.importing import ratings
from vhsheaven.importing.html import to_markdown
from vhsheaven.importing.jekyll import address
from vhsheaven.importing.post import split_front_matter
from vhsheaven.importing.shortcodes import HUGO_TAGS, JEKYLL, convert_tags


@pytest.mark.parametrize(
    ("line", "value", "scale"),
    [
        ("Rating: 4/5", 4, 5),
        ("**Rating:** 8.5/10", 8.5, 10),
        ("8 out of 10", 8, 10),
        ("★★★½", 3.5, 5),
        ("Score: ★★", 2, 5),
        ("_My rating: 3,5/5_", 3.5, 5),
    ],
)
def test_a_rating_line_in_the_body_is_read(line: str, value: float, scale: int) -> None:
    found = ratings.from_body(f"Some words.\n\n{line}\n\nMore words.")
    assert found is not None
    assert (found.value, found.scale, found.body_line) == (value, scale, 2)


@pytest.mark.parametrize(
    "line", ["I give it 4/5 stars and a hug", "Rating:", "", "★★★ is what others said"]
)
def test_a_line_that_is_not_only_a_rating_is_left(line: str) -> None:
    assert ratings.from_body(line) is None


def test_ratings_convert_to_the_nearest_half_and_say_so() -> None:
    assert ratings.convert(4, 5, 10) == ratings.Converted(8, False)
    assert ratings.convert(7, 10, 5) == ratings.Converted(3.5, False)
    assert ratings.convert(73, 100, 10) == ratings.Converted(7.5, True)
    assert ratings.convert(6, 5, 10) is None
    assert ratings.guess_scale([3, 4.5]) == 5
    assert ratings.guess_scale([3, 8]) == 10


@pytest.mark.parametrize(
    "text",
    [
        '---\ntitle: "Alien"\nyear: 1979\n---\nBody\n',
        '+++\ntitle = "Alien"\nyear = 1979\n+++\nBody\n',
        '{\n  "title": "Alien",\n  "year": 1979\n}\nBody\n',
    ],
)
def test_front_matter_in_yaml_toml_and_json(text: str) -> None:
    assert split_front_matter(text, Path("x.md")) == ({"title": "Alien", "year": 1979}, "Body\n", 5)


def test_front_matter_problems_name_the_line() -> None:
    problem = split_front_matter("---\ntitle: ok\nyear: [1979\n---\nBody\n", Path("x.md"))
    assert isinstance(problem, Diagnostic)
    assert str(problem).startswith("x.md:4: front matter is not YAML")
    never_closed = split_front_matter("+++\ntitle = 'x'\n", Path("x.md"))
    assert str(never_closed) == "x.md:1: front matter opened by +++ never closes"


def test_jekyll_includes_become_our_blocks_and_others_are_listed() -> None:
    body = (
        'Before.\n{% include youtube.html id="abcDEF12345" %}\n'
        "{% spoiler The end %}\nShe lives.\n{% endspoiler %}\n"
        "![x]({{ site.baseurl }}/assets/x.png)\n{% include ad.html %}\n"
        "```\n{% include inside-code.html %}\n```\n"
    )
    converted = convert_tags(body, JEKYLL)
    assert converted.text == (
        "Before.\n\n::: trailer https://www.youtube.com/watch?v=abcDEF12345\n\n"
        "::: spoiler The end\n\nShe lives.\n\n:::\n\n"
        "![x](/assets/x.png)\n{% include ad.html %}\n```\n{% include inside-code.html %}\n```\n"
    )
    assert converted.left == ("{% include ad.html %}",)


def test_hugo_shortcodes_become_our_blocks() -> None:
    body = '{{< figure src="a.png" caption="The kennel" >}}\n\n{{< youtube id="abcDEF12345" >}}\n\n{{% details summary="Ending" %}}\nGone.\n{{% /details %}}\n'
    converted = convert_tags(body, HUGO_TAGS)
    assert converted.text == (
        "![The kennel](a.png)\n*The kennel*\n\n::: trailer https://www.youtube.com/watch?v=abcDEF12345\n\n"
        "::: spoiler Ending\n\nGone.\n\n:::\n"
    )
    assert converted.left == ()


def test_wordpress_html_becomes_markdown_with_its_shortcodes_as_blocks() -> None:
    html = (
        "First <em>line</em>.\n\n"
        '[caption id="attachment_1" width="300"]<img src="/up/a_b.png" alt="A poster" /> Its caption[/caption]\n\n'
        '<p><iframe src="https://www.youtube-nocookie.com/embed/abc_DEF1234"></iframe></p>\n'
        '[spoiler title="Ending"]It was a dream.[/spoiler]\n\n'
        "<ul><li>one</li><li>two</li></ul>"
    )
    assert to_markdown(html).strip() == (
        "First *line*.\n\n![A poster](/up/a_b.png)\n*Its caption*\n\n"
        "::: trailer https://www.youtube.com/watch?v=abc_DEF1234\n\n"
        "::: spoiler Ending\n\nIt was a dream.\n\n:::\n\n- one\n- two"
    )


def test_jekyll_permalink_patterns() -> None:
    import datetime as dt

    date = dt.date(2019, 5, 4)
    fields = {"categories": ["Horror", "Space"]}
    assert (
        address(
            "/:categories/:year/:month/:day/:title:output_ext",
            fields,
            "alien",
            date,
            "posts",
            "x",
            ".md",
        )
        == "/horror/space/2019/05/04/alien.html"
    )
    assert (
        address(
            "/:year/:i_month/:slug/", {"slug": "alien-1979"}, "alien", date, "posts", "x", ".md"
        )
        == "/2019/5/alien-1979/"
    )
    assert (
        address("/films/:path/", {}, "stalker", None, "reviews", "sub/stalker", ".md")
        == "/films/sub/stalker/"
    )


def test_links_to_imported_posts_become_relative_and_others_stay() -> None:
    from vhsheaven.importing.links import links_of, relink, resolve_references
    from vhsheaven.importing.post import Post

    alien = Post(
        Path("_posts/2019-05-04-alien.md"), 1, {}, "", 1, "alien", addresses=("/2019/05/04/alien/",)
    )
    links = links_of([(alien, "alien-1979")], ["old.example.com"])
    body = (
        "[a](/2019/05/04/alien/) [b](https://old.example.com/2019/05/04/alien/#end) "
        "[c](https://other.example.org/2019/05/04/alien/) [d](/2019/05/04/alien/index.html) "
        '<a href="/2019/05/04/alien">e</a> [f]({% post_url 2019-05-04-alien %}) '
        "[g]({% post_url 2001-01-01-gone %})"
    )
    assert relink(resolve_references(body, links), links) == (
        "[a](../alien-1979/) [b](../alien-1979/#end) "
        "[c](https://other.example.org/2019/05/04/alien/) [d](../alien-1979/) "
        '<a href="../alien-1979/">e</a> [f](../alien-1979/) '
        "[g]({% post_url 2001-01-01-gone %})"
    )
