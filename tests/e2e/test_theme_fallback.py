"""The bundled theme is every blog's fallback, file by file; copies are made with `theme copy`;
a blog's static/css/custom.css is loaded after the theme's stylesheet.

The bundled theme here is a copy in a temporary folder (load.theme.bundled_root patched), so a
test can edit a "bundled" template as a checkout's editor or an upgrade would.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import REPO, SITE_YAML, review_text, run_cli, snapshot
from tests.e2e.test_cache_cli import age
from vhsheaven.build import build
from vhsheaven.check import check
from vhsheaven.load import theme
from vhsheaven.options import BuildOptions
from vhsheaven.scaffold.theme import copy_theme_files


@pytest.fixture
def bundled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the bundled theme that builds in this process fall back on."""
    folder = tmp_path / "bundled"
    for part in theme.PARTS:
        shutil.copytree(REPO / part, folder / part)
    monkeypatch.setattr(theme, "bundled_root", lambda: folder)
    return folder


def bare_blog(tmp_path: Path) -> Path:
    """A blog with settings and one review, and no templates/ or static/ of its own."""
    root = tmp_path / "blog"
    (root / "content/reviews").mkdir(parents=True)
    (root / "site.yaml").write_text(SITE_YAML)
    (root / "content/reviews/x.md").write_text(review_text("X"))
    return root


def clean_build(root: Path, tmp_path: Path, name: str) -> dict[str, bytes]:
    """The same blog built from nothing into another folder: what incremental builds must match."""
    out = tmp_path / name
    build(root, out, BuildOptions(cache=False))
    return snapshot(out)


def test_a_blog_without_a_theme_builds_with_the_bundled_one(tmp_path: Path, bundled: Path) -> None:
    root = bare_blog(tmp_path)
    build(root)
    out = snapshot(root / "_site")
    assert out["static/css/site.css"] == (bundled / "static/css/site.css").read_bytes()
    page = BeautifulSoup(out["reviews/x/index.html"], "html.parser")
    assert page.select_one("h1").get_text(strip=True) == "X"


def test_the_blogs_own_files_override_the_bundled_ones_file_by_file(
    tmp_path: Path, bundled: Path
) -> None:
    root = bare_blog(tmp_path)
    (root / "templates").mkdir()
    (root / "templates/robots.txt").write_text("User-agent: *\nDisallow: /mine/\n")
    (root / "static/css").mkdir(parents=True)
    (root / "static/css/site.css").write_text("body { color: red; }\n")
    build(root)
    out = snapshot(root / "_site")
    assert out["robots.txt"] == b"User-agent: *\nDisallow: /mine/\n"
    assert out["static/css/site.css"] == b"body { color: red; }\n"
    # Everything the blog has no copy of still comes from the bundled theme.
    assert out["static/images/favicon.svg"] == (bundled / "static/images/favicon.svg").read_bytes()
    assert b'class="review-title"' in out["reviews/x/index.html"]


@pytest.mark.parametrize("part", ["templates/base.html", "static/css/site.css"])
def test_editing_a_bundled_file_rebuilds_what_it_makes(
    tmp_path: Path, bundled: Path, part: str
) -> None:
    root = bare_blog(tmp_path)
    age(root)
    age(bundled)  # old enough for stamps to be trusted: the next build finds nothing changed
    first = build(root)
    assert first.written
    assert build(root).written == ()  # nothing changed: the manifest holds
    edited = bundled / part
    text = edited.read_text()
    if part.endswith(".html"):
        edited.write_text(text.replace("</body>", "<!-- new --></body>"))
    else:
        edited.write_text(text + "/* <!-- new --> */\n")
    again = build(root)
    assert again.written
    out = snapshot(root / "_site")
    assert out == clean_build(root, tmp_path, "clean")
    changed = out["index.html"] if part.endswith(".html") else out["static/css/site.css"]
    assert b"<!-- new -->" in changed


def test_a_file_added_to_the_bundled_theme_is_published(tmp_path: Path, bundled: Path) -> None:
    root = bare_blog(tmp_path)
    age(root)
    age(bundled)
    build(root)
    (bundled / "static/images/new.svg").write_text("<svg/>")
    build(root)
    assert (root / "_site/static/images/new.svg").read_text() == "<svg/>"


def test_custom_css_is_loaded_after_the_theme_stylesheet(tmp_path: Path, bundled: Path) -> None:
    root = bare_blog(tmp_path)
    build(root)
    page = BeautifulSoup((root / "_site/reviews/x/index.html").read_text(), "html.parser")
    sheets = [link["href"] for link in page.select('link[rel="stylesheet"]')]
    assert sheets == ["/static/css/site.css", "/static/css/search.css"]
    (root / "static/css").mkdir(parents=True)
    (root / "static/css/custom.css").write_text(":root { --neon: #ff00aa; }\n")
    build(root)  # incremental: every page must take the new link
    out = snapshot(root / "_site")
    assert out == clean_build(root, tmp_path, "clean")
    for name in ("index.html", "reviews/x/index.html", "404.html"):
        page = BeautifulSoup(out[name], "html.parser")
        sheets = [link["href"] for link in page.select('link[rel="stylesheet"]')]
        theme = ["/static/css/site.css", "/static/css/search.css"]
        assert sheets == [*theme, "/static/css/custom.css"], name
    assert out["static/css/custom.css"] == b":root { --neon: #ff00aa; }\n"


def test_theme_copy_changes_nothing_until_the_copy_is_edited(tmp_path: Path, bundled: Path) -> None:
    root = bare_blog(tmp_path)
    build(root)
    before = snapshot(root / "_site")
    copied = copy_theme_files(root, ["review.html", "static/css"])
    assert copied == ["static/css/search.css", "static/css/site.css", "templates/review.html"]
    first_line = (root / "templates/review.html").read_text().splitlines()[0]
    assert first_line.startswith("{# vhsheaven theme copy of review.html from vhsheaven ")
    build(root)
    assert snapshot(root / "_site") == before  # the copy mark renders as nothing


def test_check_warns_of_a_copy_older_than_the_bundled_template(
    tmp_path: Path, bundled: Path
) -> None:
    root = bare_blog(tmp_path)
    copy_theme_files(root, ["templates/review.html"])
    assert check(root, BuildOptions()).problems == ()
    bundled_review = bundled / "templates/review.html"
    bundled_review.write_text(bundled_review.read_text() + "{# changed upstream #}\n")
    (warning,) = check(root, BuildOptions()).problems
    assert not warning.is_error
    assert str(warning).startswith(
        "templates/review.html:1: warning: copied from the theme of vhsheaven "
    )
    assert "older than the bundled review.html it overrides" in str(warning)


def test_theme_copy_on_the_command_line_refuses_to_overwrite(tmp_path: Path) -> None:
    root = bare_blog(tmp_path)
    result = run_cli("theme", "copy", "templates/review.html", "--source", root)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "templates/review.html"
    mine = root / "templates/review.html"
    mine.write_text("{% extends 'base.html' %}\n")
    again = run_cli("theme", "copy", "review.html", "base.html", "--source", root)
    assert again.returncode == 1
    assert again.stderr.splitlines() == [
        "templates/review.html: already in the blog; delete it first to copy the bundled one again",
        "Nothing was copied.",
    ]
    assert mine.read_text() == "{% extends 'base.html' %}\n"
    assert not (root / "templates/base.html").exists()  # nothing, not some


def test_theme_copy_names_what_it_does_not_know(tmp_path: Path) -> None:
    root = bare_blog(tmp_path)
    result = run_cli("theme", "copy", "templates/nope.html", "--source", root)
    assert result.returncode == 1
    assert result.stderr.startswith(
        "templates/nope.html: not a file or folder of the bundled theme"
    )
    listed = run_cli("theme", "list", "--source", root).stdout.splitlines()
    assert "templates/review.html" in listed and "static/css/site.css" in listed


def test_every_custom_property_of_the_theme_is_documented() -> None:
    css = (REPO / "static/css/site.css").read_text()
    root_rule = css[css.index(":root {") : css.index("}", css.index(":root {"))]
    declared = set(re.findall(r"(--[a-z-]+):", root_rule))
    readme = (REPO / "README.md").read_text()
    documented = set(re.findall(r"`(--[a-z-]+)`", readme[readme.index("**Your own colours") :]))
    assert len(declared) > 10
    assert declared - documented == set()
