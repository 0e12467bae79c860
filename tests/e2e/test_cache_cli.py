"""The build cache from the command line: where it lives, --clean, --no-cache, what it saves."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import CACHE_DIR, SITE_YAML, MakeSite, review_text, run_cli, snapshot

# 2001: long before any build, so a build trusts these files' stamps.
LONG_AGO_NS = 1_000_000_000 * 10**9


def site(make_site: MakeSite, extra_settings: str = "") -> Path:
    return make_site(
        {
            "site.yaml": SITE_YAML + extra_settings,
            "content/reviews/jaws.md": review_text("Jaws", 1975, 9),
            "content/reviews/alien.md": review_text("Alien", 1979, 9.5),
        }
    )


def written(root: Path, *options: str) -> list[str]:
    """The files a verbose build says it wrote."""
    result = run_cli("build", "--source", root, "--verbose", *options)
    assert result.returncode == 0, result.stderr
    return [line.removeprefix("  wrote ") for line in result.stdout.splitlines()[:-2]]


def test_cache_dir_setting_moves_the_cache(make_site: MakeSite) -> None:
    root = site(make_site, "cache_dir: build-cache/vhs\n")
    assert written(root)
    assert (root / "build-cache/vhs/state.pickle").is_file()
    assert not (root / CACHE_DIR).exists()
    assert written(root) == []  # the moved cache is the one read back


def test_no_cache_reads_and_writes_none_and_clean_rebuilds(make_site: MakeSite) -> None:
    root = site(make_site)
    assert written(root, "--no-cache")
    assert not (root / CACHE_DIR).exists()
    # The first cached build has no record of this output: it renders every page, compares,
    # and rewrites nothing, since the bytes are the same.
    assert written(root) == []
    assert (root / CACHE_DIR / "state.pickle").is_file()
    before = snapshot(root / "_site")
    (root / "_site/index.html").write_text("tampered")
    assert written(root) == ["index.html"]  # an output changed behind the build's back
    assert written(root, "--clean") == []
    assert snapshot(root / "_site") == before
    usage = run_cli("build", "--source", root, "--clean", "--no-cache")
    assert usage.returncode == 2 and "not allowed with" in usage.stderr


def age(root: Path) -> None:
    """Date every file of the site long ago: a build does not trust the stamps of files
    changed in the last seconds before it (racy.RACY_NS), so it would do its work again."""
    for path in root.rglob("*"):
        os.utime(path, ns=(LONG_AGO_NS, LONG_AGO_NS))


def import_probe(root: Path) -> list[str]:
    """Build in a fresh interpreter: exit code, and whether Markdown, Jinja and YAML were
    imported."""
    probe = (
        "import sys; from vhsheaven.cli import main; code = main(['build', '--quiet', "
        f"'--source', {str(root)!r}]); "
        "print(code, *(name in sys.modules for name in ('markdown', 'jinja2', 'yaml')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=60
    )
    return result.stdout.split()


def test_a_nothing_changed_build_loads_neither_markdown_nor_jinja_nor_yaml(
    make_site: MakeSite,
) -> None:
    root = site(make_site)
    age(root)
    assert run_cli("build", "--source", root).returncode == 0
    assert import_probe(root) == ["0", "False", "False", "False"]
    (root / "content/reviews/jaws.md").write_text(review_text("Jaws", 1975, 9, body="New."))
    assert import_probe(root) == ["0", "True", "True", "True"]  # the probe can see imports at all


def test_site_yaml_is_parsed_only_when_its_bytes_change(make_site: MakeSite) -> None:
    root = site(make_site)
    age(root)
    assert run_cli("build", "--source", root).returncode == 0
    site_yaml = root / "site.yaml"
    # Same size, same file times: the settings are still read again.
    stat = site_yaml.stat()
    edited = SITE_YAML.replace("Test Heaven", "Test Hell!!")
    site_yaml.write_text(edited)
    os.utime(site_yaml, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert site_yaml.stat().st_size == stat.st_size
    assert import_probe(root) == ["0", "False", "True", "True"]  # the title is on every page
    assert "Test Hell!!" in (root / "_site/index.html").read_text()
    site_yaml.write_text(edited + "# a comment changes no setting\n")
    assert import_probe(root) == ["0", "False", "False", "True"]
    assert import_probe(root) == ["0", "False", "False", "False"]
    site_yaml.write_text(SITE_YAML + "titel: typo\n")
    failed = run_cli("build", "--source", root)
    assert failed.returncode == 1
    assert "site.yaml:6: titel: unknown setting; did you mean title?" in failed.stderr


def test_a_failed_build_keeps_what_it_converted(make_site: MakeSite) -> None:
    """Fixing one review must not mean converting every other new review again."""
    root = make_site(
        {
            "content/reviews/jaws.md": review_text("Jaws", 1975, 9, extra="slug: shark\n"),
            "content/reviews/shark.md": review_text("Shark", 1980, 4),
        }
    )
    failed = run_cli("build", "--source", root)
    assert failed.returncode == 1 and 'duplicate slug "shark"' in failed.stderr
    # Only front matter changes: both bodies were converted by the failed build.
    (root / "content/reviews/jaws.md").write_text(review_text("Jaws", 1975, 9))
    assert import_probe(root) == ["0", "False", "True", "True"]


def test_many_new_reviews_are_read_in_workers_with_every_problem_reported(
    make_site: MakeSite,
) -> None:
    """Enough new reviews to be read, checked and converted in worker processes: what the
    workers send back (front matter with extra fields included) builds the same site."""
    files: dict[str, str | bytes] = {
        f"content/reviews/film-{n:03}.md": review_text(
            f"Film {n}", 1970 + n % 30, 1 + n % 10, extra=f"extra:\n  mood: tense {n}\n"
        )
        for n in range(90)
    }
    files["content/reviews/film-007.md"] = review_text("Film 7", 1977, 11)
    files["content/reviews/film-042.md"] = review_text(
        "Film 42", 1982, 8, body="::: spoiler the end\n\nIt was all a dream.\n"
    )
    root = make_site(files)
    failed = run_cli("build", "--source", root)
    assert failed.returncode == 1
    assert "film-007.md" in failed.stderr and "rating" in failed.stderr
    assert "film-042.md" in failed.stderr and "spoiler is never closed" in failed.stderr
    (root / "content/reviews/film-007.md").write_text(review_text("Film 7", 1977, 7))
    (root / "content/reviews/film-042.md").write_text(review_text("Film 42", 1982, 8))
    assert run_cli("build", "--source", root).returncode == 0
    cached = snapshot(root / "_site")
    fresh = run_cli("build", "--source", root, "--output", root / "fresh", "--no-cache")
    assert fresh.returncode == 0
    assert len([p for p in cached if p.startswith("reviews/")]) == 90
    assert cached == snapshot(root / "fresh")
