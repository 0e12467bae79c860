"""A damaged cache is never trusted: a bit flipped in any cache file, or in an output file,
changes nothing the next build publishes, and the build still succeeds."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import CACHE_DIR, MakeSite, review_text, snapshot
from vhsheaven.entry import main
from vhsheaven.incremental import unchanged

# Where in a file a bit is flipped: the start (a magic header), inside the checksum line,
# the middle of what it holds, its last byte.
Offset = Callable[[bytes], int]
OFFSETS: dict[str, Offset] = {
    "start": lambda data: 0,
    "header": lambda data: 20,
    "middle": lambda data: len(data) // 2,
    "end": lambda data: len(data) - 1,
}
# The base layout's compiled code holds this text as it is, and so does every page.
LAYOUT_TEXT = b"</html>"


def cache_file(kind: str) -> Callable[[Path], Path]:
    """The cache file of one kind in a cache folder."""
    if kind != "jinja":
        return lambda folder: folder / kind
    # The compiled base layout: every page is rendered through it.
    return lambda folder: next(
        path for path in sorted((folder / "jinja").iterdir()) if LAYOUT_TEXT in path.read_bytes()
    )


KINDS = ("state.pickle", "config.pickle", "blobs.pack", "unchanged.marshal", "jinja")


def flip(path: Path, offset: int) -> None:
    """Flip the lowest bit of one byte, in place, as a failing disk or memory would."""
    with path.open("r+b") as file:
        file.seek(offset)
        byte = file.read(1)
        assert byte, f"{path} has no byte at {offset}"
        file.seek(offset)
        file.write(bytes([byte[0] ^ 1]))


def backdated(site: Path) -> Path:
    """The site with every input written long enough ago that its stamp proves it unchanged
    (see racy.RACY_NS), so a build leaves a nothing-changed manifest."""
    past = site.stat().st_mtime - 60
    for path in [site, *site.rglob("*")]:
        os.utime(path, (past, past))
    return site


def vhsheaven(*args: str | Path) -> int:
    """The `vhsheaven` command, fast no-change path included; its exit code."""
    return main([str(arg) for arg in args])


@pytest.fixture
def site(make_site: MakeSite) -> Path:
    """A small site, built once with its cache (and a nothing-changed manifest)."""
    reviews = {
        f"content/reviews/film-{n}.md": review_text(f"Film {n}", 1980 + n, n, body=f"Words {n}. ")
        for n in range(3)
    }
    root = backdated(make_site(reviews))
    assert vhsheaven("build", "--quiet", "--source", root, "--output", root.parent / "out") == 0
    assert unchanged.load(str(root / CACHE_DIR)) is not None
    return root


def edit(site: Path) -> None:
    """Changes that make the next build read the whole cache: reviews read from it, one with
    new front matter over a stored body, a new one; every page rendered again (a template
    changed) from stored bodies."""
    reviews = site / "content/reviews"
    rated = review_text("Film 0", 1980, 9, body="Words 0. ")
    (reviews / "film-0.md").write_text(rated, encoding="utf-8")
    added = review_text("Film New", 1990, 7, body="New words.")
    (reviews / "film-new.md").write_text(added, encoding="utf-8")
    with (site / "templates/review.html").open("a", encoding="utf-8") as file:
        file.write("{# edited #}\n")


def no_cache_build(site: Path) -> dict[str, bytes]:
    """What a build that uses no cache at all makes of the site."""
    reference = site.parent / "reference"
    assert vhsheaven("build", "--quiet", "--no-cache", "--source", site, "--output", reference) == 0
    return snapshot(reference)


@pytest.mark.parametrize("where", OFFSETS)
@pytest.mark.parametrize("kind", KINDS)
def test_a_flipped_bit_in_any_cache_file_is_rebuilt_not_trusted(
    site: Path, kind: str, where: str
) -> None:
    damaged = cache_file(kind)(site / CACHE_DIR)
    flip(damaged, OFFSETS[where](damaged.read_bytes()))
    edit(site)
    assert vhsheaven("build", "--quiet", "--source", site, "--output", site.parent / "out") == 0
    assert snapshot(site.parent / "out") == no_cache_build(site)


@pytest.mark.parametrize("options", [(), ("--clean",)])
def test_a_flipped_bit_in_compiled_template_text_is_never_published(
    site: Path, options: tuple[str, ...]
) -> None:
    compiled = cache_file("jinja")(site / CACHE_DIR)
    flip(compiled, compiled.read_bytes().index(LAYOUT_TEXT) + 2)  # </html> → </iml>
    edit(site)
    out = site.parent / "out"
    assert vhsheaven("build", "--quiet", *options, "--source", site, "--output", out) == 0
    assert snapshot(out) == no_cache_build(site)
    assert b"</iml>" not in compiled.read_bytes()  # compiled again and replaced


@pytest.mark.parametrize("where", OFFSETS)
def test_a_damaged_manifest_never_answers_nothing_changed(site: Path, where: str) -> None:
    manifest = site / CACHE_DIR / unchanged.MANIFEST
    flip(manifest, OFFSETS[where](manifest.read_bytes()))
    review = site / "content/reviews/film-1.md"
    review.write_text(review_text("Film 1", 1981, 2, body="New words."), encoding="utf-8")
    assert vhsheaven("build", "--quiet", "--source", site, "--output", site.parent / "out") == 0
    assert snapshot(site.parent / "out") == no_cache_build(site)


@pytest.mark.parametrize("keep_time", [False, True])
@pytest.mark.parametrize("page", ["index.html", "reviews/film-1/index.html"])
def test_a_flipped_bit_in_an_output_file_is_repaired_by_the_next_build(
    site: Path, page: str, keep_time: bool
) -> None:
    out = site.parent / "out"
    built = snapshot(out)
    path = out / page
    before = path.stat()
    flip(path, len(built[page]) // 2)
    if keep_time:  # as `touch -r` or `rsync -t` would: only the change time tells
        os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert vhsheaven("build", "--quiet", "--source", site, "--output", out) == 0
    assert snapshot(out) == built
