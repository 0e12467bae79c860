"""The dev server's pure parts: request paths, responses, injection, and the live site."""

from __future__ import annotations

from http import HTTPStatus
from pathlib import Path

import pytest

from vhsheaven.errors import BuildFailed, Diagnostic, Location
from vhsheaven.serve.server import (
    RELOAD_PATH,
    LiveSite,
    Redirect,
    Snapshot,
    content_type,
    resolve_request,
    respond,
)

PAGE = b"<!DOCTYPE html><html><body><p>hi</p></body></html>"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A built site in tmp_path/site, with a secret beside it that must never be served."""
    root = tmp_path / "site"
    (root / "reviews" / "jaws").mkdir(parents=True)
    (root / "index.html").write_bytes(PAGE)
    (root / "404.html").write_bytes(b"<html><body>not here</body></html>")
    (root / "reviews" / "jaws" / "index.html").write_bytes(PAGE.replace(b"hi", b"jaws"))
    (root / "style.css").write_text("p{}")
    (tmp_path / "site.yaml").write_text("secret")
    (root / "escape").symlink_to(tmp_path)
    (root / ".vhsheaven").mkdir()
    (root / ".vhsheaven" / "owned").write_text("index.html")
    return root


@pytest.mark.parametrize(
    "raw",
    [
        "/../site.yaml",
        "/%2e%2e/site.yaml",
        "/%2E%2E%2Fsite.yaml",
        "/..%2fsite.yaml",
        "/..\\site.yaml",
        "/%5c..%5csite.yaml",
        "/reviews/../../site.yaml",
        "/reviews/%2e%2e/%2e%2e/site.yaml",
        "/./index.html",
        "/escape/site.yaml",
        "/index.html%00.css",
        "/nope.html",
        "/.vhsheaven/owned",
        "/%2Evhsheaven/owned",
    ],
)
def test_nothing_outside_the_site_is_ever_resolved(site: Path, raw: str) -> None:
    assert resolve_request(site, "/", raw) is None
    assert respond(Snapshot(site, "/", (), 1), raw).status == HTTPStatus.NOT_FOUND


def test_files_folders_and_redirects(site: Path) -> None:
    assert resolve_request(site, "/", "/") == site.resolve() / "index.html"
    assert (
        resolve_request(site, "/", "/reviews/jaws/?x=1")
        == site.resolve() / "reviews/jaws/index.html"
    )
    assert resolve_request(site, "/", "/reviews/jaws") == Redirect("/reviews/jaws/")
    assert resolve_request(site, "/", "/style.css") == site.resolve() / "style.css"


def test_a_sub_path_base_url_is_served_at_its_path(site: Path) -> None:
    assert resolve_request(site, "/repo/", "/repo/reviews/jaws/") == (
        site.resolve() / "reviews/jaws/index.html"
    )
    assert resolve_request(site, "/repo/", "/") == Redirect("/repo/")
    assert resolve_request(site, "/repo/", "/repo") == Redirect("/repo/")
    assert resolve_request(site, "/repo/", "/reviews/jaws/") is None
    assert resolve_request(site, "/repo/", "/repo/../site.yaml") is None


def test_html_gets_the_reload_script_and_other_files_are_untouched(site: Path) -> None:
    page = respond(Snapshot(site, "/", (), 41), "/reviews/jaws/")
    assert page.status == HTTPStatus.OK
    assert ("Content-Type", "text/html; charset=utf-8") in page.headers
    assert page.body.startswith(b"<!DOCTYPE html><html><body><p>jaws</p><script>")
    assert f'fetch("{RELOAD_PATH}?epoch=" + epoch'.encode() in page.body
    assert b"var epoch = 41;" in page.body
    assert page.body.endswith(b"</script>\n</body></html>")
    css = respond(Snapshot(site, "/", (), 41), "/style.css")
    assert (css.body, css.headers) == (b"p{}", (("Content-Type", "text/css; charset=utf-8"),))


def test_misses_get_the_site_404_page_with_status_404(site: Path) -> None:
    missing = respond(Snapshot(site, "/", (), 1), "/reviews/nope/")
    assert missing.status == HTTPStatus.NOT_FOUND
    assert missing.body.startswith(b"<html><body>not here<script>")


def test_build_errors_show_over_every_page_escaped(site: Path) -> None:
    problem = Diagnostic(Location(Path("content/reviews/x.md"), 3), "year", 'bad <b>"x"</b>')
    page = respond(Snapshot(site, "/", (problem,), 2), "/")
    text = page.body.decode()
    assert page.status == HTTPStatus.OK
    assert '<div id="vhsheaven-build-errors" role="alert"' in text
    assert "<h2>Build failed: 1 error</h2>" in text
    assert "<li>content/reviews/x.md:3: year: bad &lt;b&gt;&quot;x&quot;&lt;/b&gt;</li>" in text
    assert text.index("<p>hi</p>") < text.index("vhsheaven-build-errors")


def test_content_types() -> None:
    assert content_type(Path("a.html")) == "text/html; charset=utf-8"
    assert content_type(Path("a.svg")) == "image/svg+xml; charset=utf-8"
    assert content_type(Path("a.png")) == "image/png"
    assert content_type(Path("a.unknown-kind")) == "application/octet-stream"


def test_live_site_swaps_folders_and_keeps_the_last_good_build(tmp_path: Path) -> None:
    outcomes: list[str] = ["ok", "broken", "ok"]

    def builder(folder: Path, origin: str) -> str:
        if outcomes.pop(0) == "broken":
            raise BuildFailed([Diagnostic(Location(Path("site.yaml"), 1), None, "broken")])
        folder.mkdir(exist_ok=True)
        (folder / "index.html").write_text(origin)
        return "/repo/"

    live = LiveSite(builder, tmp_path, "http://127.0.0.1:9")
    first = live.snapshot()
    assert first.site is None
    assert respond(first, "/").status == HTTPStatus.INTERNAL_SERVER_ERROR
    assert live.rebuild() == ()
    good = live.snapshot()
    assert (good.site, good.base_path, good.epoch) == (tmp_path / "a", "/repo/", first.epoch + 1)
    assert [str(p) for p in live.rebuild()] == ["site.yaml:1: broken"]
    failed = live.snapshot()
    assert (failed.site, failed.epoch) == (good.site, good.epoch + 1)
    assert live.wait_for_change(good.epoch, timeout=0) == failed.epoch
    assert live.rebuild() == ()
    fixed = live.snapshot()
    assert (fixed.site, fixed.problems, fixed.epoch) == (tmp_path / "b", (), failed.epoch + 1)
    live.close()
    assert live.wait_for_change(fixed.epoch, timeout=60) == fixed.epoch  # returns at once


def test_fill_idle_builds_the_other_folder_once_and_never_serves_it(tmp_path: Path) -> None:
    built: list[Path] = []

    def builder(folder: Path, origin: str) -> str:
        built.append(folder)
        folder.mkdir(exist_ok=True)
        (folder / "index.html").write_text(origin)
        return "/"

    def failing(folder: Path, origin: str) -> str:
        folder.mkdir(exist_ok=True)
        raise BuildFailed([Diagnostic(Location(Path("site.yaml"), 1), None, "broken")])

    live = LiveSite(builder, tmp_path, "http://127.0.0.1:9")
    live.fill_idle(builder)
    assert built == []  # nothing served yet: nothing to fill beside
    live.rebuild()
    served = live.snapshot()
    live.fill_idle(failing)
    assert not (tmp_path / "b").exists()  # a failed fill leaves no half-built folder
    live.fill_idle(builder)
    live.fill_idle(builder)
    assert built == [tmp_path / "a", tmp_path / "b"]
    assert live.snapshot() == served
    live.rebuild()
    assert live.snapshot().site == tmp_path / "b"
