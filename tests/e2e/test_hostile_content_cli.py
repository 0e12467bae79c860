"""Hostile content end to end: `vhsheaven build` and `check` on what a careless user or a
hostile environment leaves under content/, and what they must never do with it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import MakeSite, review_text, run_cli, snapshot
from tests.e2e.test_cache_cli import age

# `vhsheaven` in a process whose os.scandir refuses the folder named in $DENIED, as chmod 000
# does for anyone but root (and the tests run as root).
DENYING = """
import os, sys
real = os.scandir
def scandir(path="."):
    if str(path).rstrip("/").endswith(os.environ["DENIED"]):
        raise PermissionError(13, "Permission denied", str(path))
    return real(path)
os.scandir = scandir
from vhsheaven.entry import main
sys.exit(main(sys.argv[1:]))
"""


def run_denied(denied: str, *args: str | Path) -> subprocess.CompletedProcess[str]:
    """`vhsheaven ARGS` unable to read the folder `denied`, run in the --source folder."""
    source = Path(args[list(args).index("--source") + 1])
    return subprocess.run(
        [sys.executable, "-c", DENYING, *map(str, args)],
        cwd=source,
        env={"DENIED": denied, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


REVIEWS = {f"content/reviews/film-{n}.md": review_text(f"Film {n}") for n in range(3)}


def test_an_unreadable_reviews_folder_fails_and_keeps_the_site(make_site: MakeSite) -> None:
    root = make_site(REVIEWS)
    assert run_cli("build", "--source", root).returncode == 0
    before = snapshot(root / "_site")
    (root / "content" / "reviews").chmod(0)
    try:
        for command in ("build", "check"):
            result = run_denied("content/reviews", command, "--source", root)
            assert result.returncode == 1, result.stdout + result.stderr
            assert result.stderr.startswith(
                "content/reviews: cannot be read (Permission denied); "
                "make it readable by the user running vhsheaven\n"
            )
    finally:
        (root / "content" / "reviews").chmod(0o755)
    assert snapshot(root / "_site") == before


def test_a_review_linked_from_outside_the_site_is_never_published(
    make_site: MakeSite, tmp_path: Path
) -> None:
    secret = tmp_path / "secret.md"
    secret.write_text(review_text("Private diary", body="My bank PIN is 1234."))
    root = make_site(REVIEWS)
    (root / "content" / "reviews" / "diary.md").symlink_to(secret)
    for command in ("check", "build"):
        result = run_cli(command, "--source", root)
        assert result.returncode == 1
        assert result.stderr.startswith(
            f"content/reviews/diary.md: is a link to {secret}, outside the site folder;"
        )
    assert not (root / "_site").exists()


def test_a_review_added_to_a_linked_folder_is_built(make_site: MakeSite) -> None:
    root = make_site({**REVIEWS, "archive/old.md": review_text("Old")})
    (root / "content" / "reviews" / "archive").symlink_to("../../archive")
    age(root)  # so that the build leaves a nothing-changed manifest
    assert run_cli("build", "--source", root).stdout.startswith("Built 4 reviews")
    (root / "archive" / "older.md").write_text(review_text("Older"))
    result = run_cli("build", "--source", root)
    assert result.stdout.startswith("Built 5 reviews"), result.stdout + result.stderr
    assert (root / "_site" / "reviews" / "older" / "index.html").is_file()


def test_a_genre_too_long_for_a_folder_fails_check_and_build(make_site: MakeSite) -> None:
    genre = "Giallo " * 40
    root = make_site({**REVIEWS, "content/reviews/x.md": review_text(extra=f"genres: [{genre}]\n")})
    for command in ("check", "build"):
        result = run_cli(command, "--source", root)
        assert (result.returncode, result.stderr.splitlines()[0]) == (
            1,
            f'content/reviews/x.md:5: genres: "{genre[:40]}…" makes a folder name of 279 '
            "bytes, longer than file systems allow "
            "(allowed: a name whose URL name is at most 255 bytes)",
        )
    assert not (root / "_site").exists()


def test_a_base_url_with_a_line_break_never_reaches_robots_txt(make_site: MakeSite) -> None:
    root = make_site(REVIEWS)
    site_yaml = root / "site.yaml"
    site_yaml.write_text(
        site_yaml.read_text().replace(
            "https://example.org/", r'"https://example.org/\nDisallow: /"'
        )
    )
    result = run_cli("build", "--source", root)
    assert result.returncode == 1
    assert result.stderr.startswith(
        "site.yaml:3: base_url: must not contain control characters (found U+000A)"
    )
    assert not (root / "_site").exists()
