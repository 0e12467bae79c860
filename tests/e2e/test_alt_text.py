"""`check` warns about images without alt text in reviews and pages, at file and line."""

from __future__ import annotations

from tests.conftest import MakeSite, review_text, run_cli

BODY = """\
A still from the film: ![](https://example.org/still.png)

![The poster: an egg cracking open](https://example.org/poster.png)

<img src="https://example.org/raw.png" alt=" ">
"""


def test_check_names_each_image_without_alt_text(make_site: MakeSite) -> None:
    root = make_site(
        {
            "content/reviews/alien.md": review_text("Alien", 1979, 9, body=BODY),
            "content/pages/about.md": "---\ntitle: About\n---\n\n![](https://example.org/us.png)\n",
        }
    )
    result = run_cli("check", "--source", root)
    warnings = [line for line in result.stderr.splitlines() if "has no alt text" in line]
    assert [w.split(" has no alt text")[0] for w in warnings] == [
        "content/pages/about.md:5: warning: body: image https://example.org/us.png",
        "content/reviews/alien.md:9: warning: body: image https://example.org/still.png",
        "content/reviews/alien.md:13: warning: body: image https://example.org/raw.png",
    ]
    assert warnings[1].endswith("see it: ![what the image shows](https://example.org/still.png)")
    assert run_cli("check", "--strict", "--source", root).returncode == 1
    assert run_cli("build", "--source", root).returncode == 0
