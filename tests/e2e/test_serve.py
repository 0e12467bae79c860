"""`vhsheaven serve` in a subprocess: live rebuilds, errors in the page, no traversal, Ctrl-C."""

from __future__ import annotations

import json
import re
import socket
from collections.abc import Callable
from pathlib import Path

from tests.conftest import SITE_YAML, MakeSite, review_text, run_cli, snapshot
from tests.e2e.serving import poll, save, serving

# The acceptance bar: a saved change is served within this many seconds.
CHANGE_SECONDS = 2.0


def test_edit_break_and_fix_while_serving(make_site: MakeSite) -> None:
    root = make_site({"content/reviews/jaws.md": review_text("Jaws", 1975, 9)})
    review = root / "content/reviews/jaws.md"
    with serving(root) as served:
        assert served.url.startswith("http://127.0.0.1:") and served.url.endswith("/")
        status, page = served.get("/reviews/jaws/")
        assert status == 200
        assert '<h1 class="review-title">Jaws</h1>' in page
        assert "/__vhsheaven/reload?epoch=" in page

        save(review, review_text("Jaws, Edited", 1975, 9))
        status, page = poll(
            lambda: served.get("/reviews/jaws/"), lambda r: "Jaws, Edited" in r[1], CHANGE_SECONDS
        )
        assert '<h1 class="review-title">Jaws, Edited</h1>' in page

        save(review, review_text("Jaws, Edited", 1975, 9).replace("year: 1975", "year: soon"))
        status, page = poll(
            lambda: served.get("/reviews/jaws/"), lambda r: "Build failed" in r[1], CHANGE_SECONDS
        )
        assert status == 200
        assert (
            "content/reviews/jaws.md:3: year: must be a whole number (got &quot;soon&quot;)" in page
        )
        assert '<h1 class="review-title">Jaws, Edited</h1>' in page  # the last good site

        save(review, review_text("Jaws, Fixed", 1975, 9))
        status, page = poll(
            lambda: served.get("/reviews/jaws/"), lambda r: "Jaws, Fixed" in r[1], CHANGE_SECONDS
        )
        assert "Jaws, Fixed" in page
        assert "Build failed" not in page
        assert served.stop() == 0
    assert "Traceback" not in served.stderr
    errors = served.stderr.splitlines()
    assert errors[0].startswith(
        'content/reviews/jaws.md:3: year: must be a whole number (got "soon")'
    )
    assert errors[1:] == ["Build failed: 1 error; still serving the last good build."]
    assert served.stdout.splitlines()[-1] == "Stopped."


def test_new_deleted_and_moved_in_reviews_while_serving(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """The server's rebuilds look at just the files its watcher names; a folder moved in,
    whose files it cannot name, makes it look at them all."""
    root = make_site({"content/reviews/jaws.md": review_text("Jaws", 1975, 9)})
    reviews = root / "content/reviews"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "heat.md").write_text(review_text("Heat", 1995, 9), encoding="utf-8")

    def home_has(title: str) -> Callable[[tuple[int, str]], bool]:
        return lambda r: f">{title}</a>" in r[1]

    with serving(root) as served:
        save(reviews / "alien.md", review_text("Alien", 1979, 9))
        _, home = poll(lambda: served.get("/"), home_has("Alien"), CHANGE_SECONDS)
        assert ">Alien</a>" in home and ">Jaws</a>" in home
        (reviews / "jaws.md").unlink()
        _, home = poll(lambda: served.get("/"), lambda r: ">Jaws</a>" not in r[1], CHANGE_SECONDS)
        assert ">Jaws</a>" not in home and served.get("/reviews/jaws/")[0] == 404
        elsewhere.rename(reviews / "1995")
        _, home = poll(lambda: served.get("/"), home_has("Heat"), CHANGE_SECONDS)
        assert ">Heat</a>" in home and ">Alien</a>" in home
        assert served.get("/reviews/heat/")[0] == 200
        assert served.stop() == 0
    assert "Traceback" not in served.stderr


def test_sub_path_types_404_and_no_traversal(make_site: MakeSite) -> None:
    root = make_site({"content/reviews/jaws.md": review_text("Jaws")})
    before = snapshot(root)
    with serving(root, "--base-url", "http://127.0.0.1/repo/") as served:
        assert re.fullmatch(r"http://127\.0\.0\.1:[0-9]+/repo/", served.url)
        status, page = served.get("/repo/reviews/jaws/")
        assert status == 200 and 'href="/repo/static/css/site.css"' in page
        assert served.get("/repo/static/css/site.css")[0] == 200
        status, page = served.get("/repo/reviews/nope/")
        assert status == 404 and "Page not found" in page
        for raw in (
            "/repo/../site.yaml",
            "/../site.yaml",
            "/repo/%2e%2e/site.yaml",
            "/repo/%2E%2E%2Fsite.yaml",
            "/repo/..%5csite.yaml",
            "/repo/..\\site.yaml",
            "/repo/reviews/%2e%2e/%2e%2e/%2e%2e/site.yaml",
            "/reviews/jaws/",
        ):
            status, page = served.get(raw)
            assert status == 404, raw
            assert "base_url" not in page, raw
        assert served.stop() == 0
    assert "Traceback" not in served.stderr
    assert snapshot(root) == before  # serve builds into a temporary folder, never the site's
    assert run_cli("build", "--source", root).returncode == 0
    built = snapshot(root / "_site")
    assert built and not any(b"__vhsheaven" in data for data in built.values())


def test_long_poll_reports_a_new_epoch_after_a_rebuild(make_site: MakeSite) -> None:
    root = make_site({"content/reviews/jaws.md": review_text("Jaws")})
    with serving(root) as served:
        page = served.get("/")[1]
        epoch = int(page.split("var epoch = ")[1].split(";")[0])
        (root / "site.yaml").write_text(SITE_YAML.replace("Test Heaven", "Retitled Heaven"))
        status, body = served.get(f"/__vhsheaven/reload?epoch={epoch}")
        assert status == 200
        assert json.loads(body)["epoch"] > epoch
        assert "Retitled Heaven" in served.get("/")[1]
        assert served.get("/__vhsheaven/reload?epoch=x")[0] == 400
        assert served.stop() == 0


def test_a_taken_port_is_a_clear_error(make_site: MakeSite) -> None:
    root = make_site({"content/reviews/jaws.md": review_text("Jaws")})
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = run_cli("serve", "--source", root, "--port", str(port))
    assert result.returncode == 1
    assert result.stderr.startswith(f"cannot listen on 127.0.0.1:{port}: ")
    assert result.stderr.rstrip().endswith("choose another --port")


def test_serve_previews_without_search_unless_asked(make_site: MakeSite) -> None:
    """Search's index is made whole again on every edit, seconds at a thousand reviews, so
    the edit loop leaves it out; `--search` brings the page, the field and the index in."""
    root = make_site({"content/reviews/jaws.md": review_text("Jaws", 1975, 9)})
    with serving(root) as served:
        assert served.get("/search/")[0] == 404
        assert served.get("/pagefind/pagefind.js")[0] == 404
        assert 'role="search"' not in served.get("/reviews/jaws/")[1]
    with serving(root, "--search") as served:
        status, page = served.get("/search/")
        assert status == 200 and 'role="search"' in page
        assert served.get("/pagefind/pagefind.js")[0] == 200
    built = run_cli("build", "--source", root)
    assert built.returncode == 0, built.stderr
    assert (root / "_site/search/index.html").is_file()
