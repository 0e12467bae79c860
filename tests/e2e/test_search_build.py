"""The search bundle in real builds: what is written, `search: false`, a missing binary, and
when the index is made again (never for a build that changed no indexed review)."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tests.conftest import SITE_YAML, MakeSite, review_text, run_cli, snapshot
from tests.e2e.test_cache_cli import age
from tests.tools import require
from vhsheaven.build import build
from vhsheaven.options import BuildOptions
from vhsheaven.search import bundle
from vhsheaven.search.pagefind import PagefindMissing, find_binary

SUB_PATH_YAML = SITE_YAML.replace("https://example.org/", "https://example.org/vhs-heaven/")
SPOILER = "\n\n::: spoiler the end\n\nThe quokkabridge collapses at midnight.\n\n:::\n"


def needs_pagefind() -> None:
    try:
        find_binary()
    except PagefindMissing:
        require(False, "the Pagefind binary is not installed (pip install 'pagefind[bin]')")


def search_site(make_site: MakeSite, settings: str = "") -> Path:
    return make_site(
        {
            "site.yaml": SUB_PATH_YAML + settings,
            "content/reviews/jaws.md": review_text(
                "Jaws", 1975, 9, "director: Steven Spielberg\ncast: [Roy Scheider]\n"
            ),
            "content/reviews/alien.md": review_text(
                "Alien", 1979, 9.5, "director: Ridley Scott\n", "A crew wakes. " * 20 + SPOILER
            ),
        }
    )


def words_of(files: dict[str, bytes]) -> bytes:
    """Every fragment's and index chunk's bytes, decompressed: all the index knows."""
    return b"".join(
        gzip.decompress(data)
        for name, data in files.items()
        if name.startswith(("pagefind/fragment/", "pagefind/index/"))
    )


def test_a_build_writes_the_bundle_the_search_page_and_a_field_on_every_page(
    make_site: MakeSite, tmp_path: Path
) -> None:
    needs_pagefind()
    root = search_site(make_site)
    report = build(root, tmp_path / "out")
    assert report.warnings == ()
    files = snapshot(tmp_path / "out")
    assert {"pagefind/pagefind.js", "pagefind/pagefind-entry.json"} <= files.keys()
    known = words_of(files)
    assert b"Spielberg" in known and b"Roy Scheider" in known and b"crew wakes" in known
    assert b"<details" in files["reviews/alien/index.html"]
    assert b"quokkabridge" in files["reviews/alien/index.html"]  # on the page, in its spoiler
    assert b"quokkabridge" not in known and b"midnight" not in known
    page = BeautifulSoup(files["search/index.html"], "html.parser")
    search = page.find(id="search")
    assert search is not None
    assert search["data-bundle"] == "/vhs-heaven/pagefind/pagefind.js"
    assert search["data-site"] == "/vhs-heaven/"
    fallback = page.find(id="search-fallback")
    assert fallback is not None and "needs JavaScript" in fallback.get_text()
    assert {a["href"] for a in fallback.find_all("a")} >= {"/vhs-heaven/genres/"}
    for name in (n for n in files if n.endswith(".html")):
        form = BeautifulSoup(files[name], "html.parser").find("form", class_="site-search")
        assert form is not None and form["action"] == "/vhs-heaven/search/", name
        assert form.find("input", attrs={"name": "q"}) is not None
    # Feeds, the sitemap and listing pages are not indexed: only the two reviews are.
    entry = files["pagefind/pagefind-entry.json"].decode()
    assert '"page_count":2' in entry


def test_search_false_builds_without_search(make_site: MakeSite, tmp_path: Path) -> None:
    root = search_site(make_site, "search: false\n")
    build(root, tmp_path / "out")
    files = snapshot(tmp_path / "out")
    assert not [name for name in files if name.startswith(("pagefind/", "search/"))]
    home = files["index.html"].decode()
    assert "site-search" not in home and "search.css" not in home


def test_a_missing_binary_is_said_once_and_the_rest_is_built(
    make_site: MakeSite, tmp_path: Path
) -> None:
    root = search_site(make_site)
    env = {**os.environ, "PAGEFIND_BINARY_PATH": str(tmp_path / "no-such-pagefind")}
    result = run_cli("build", "--source", root, env=env)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if "Pagefind" in line]
    assert len(lines) == 1 and lines[0].startswith("site.yaml: warning: search: "), lines
    out = snapshot(root / "_site")
    assert "reviews/jaws/index.html" in out and "search/index.html" in out
    assert not [name for name in out if name.startswith("pagefind/")]


def test_only_a_change_to_an_indexed_review_makes_the_index_again(
    make_site: MakeSite, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    needs_pagefind()
    root = search_site(make_site)
    out = tmp_path / "out"
    build(root, out)
    made = []
    real = bundle.index
    monkeypatch.setattr(bundle, "index", lambda *a: made.append(1) or real(*a))
    template = root / "templates" / "review.html"
    template.write_text(template.read_text() + "{# edited #}\n")
    build(root, out)
    assert made == []  # every review page was rendered again, the index was not
    jaws = root / "content" / "reviews" / "jaws.md"
    jaws.write_text(jaws.read_text().replace("Words about", "Sharks about"))
    build(root, out)
    assert made == [1]
    assert b"Sharks" in words_of(snapshot(out))
    clean = tmp_path / "clean"
    build(root, clean, BuildOptions(cache=False))
    assert snapshot(out) == snapshot(clean)


def test_a_nothing_changed_build_loads_nothing_for_search(make_site: MakeSite) -> None:
    needs_pagefind()
    root = search_site(make_site)
    age(root)
    assert run_cli("build", "--source", root).returncode == 0
    probe = (
        "import sys; from vhsheaven.cli import main; code = main(['build', '--quiet', "
        f"'--source', {str(root)!r}]); "
        "print(code, sorted(m for m in sys.modules if 'search' in m or 'subprocess' == m))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.split(None, 1) == ["0", "[]\n"]
