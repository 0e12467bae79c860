"""The build never loses a user's file: it deletes and overwrites only what it wrote itself,
refuses folders it must never write, and never writes through a link."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.conftest import CACHE_DIR, MakeSite, review_text, run_cli, snapshot
from tests.e2e.test_cache_cli import age


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file under a folder, the build's own control folder and caches included."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


@pytest.fixture
def site(make_site: MakeSite) -> Path:
    return make_site({"content/reviews/alien.md": review_text("Alien", 1979)})


def test_the_home_folder_is_refused_and_left_alone(site: Path, tmp_path: Path) -> None:
    home = tmp_path / "home"
    (home / ".ssh").mkdir(parents=True)
    (home / ".ssh" / "id_ed25519").write_text("secret key")
    (home / ".bashrc").write_text("alias ls='ls -F'")
    (home / "Documents").mkdir()
    (home / "Documents" / "thesis.txt").write_text("chapter one")
    before = files_of(home)
    env = {**os.environ, "HOME": str(home)}
    for target in (home, tmp_path):
        result = run_cli("build", "--source", site, "--output", target, env=env)
        assert result.returncode == 1
        assert "home folder" in result.stderr
    result = run_cli("build", "--source", site, "--output", home / "Documents", env=env)
    assert result.returncode == 1
    assert files_of(home) == before
    result = run_cli("build", "--source", site, "--output", home / "Documents", "--allow-nonempty")
    assert result.returncode == 0
    assert (home / ".ssh" / "id_ed25519").read_text() == "secret key"
    assert (home / ".bashrc").read_text() == "alias ls='ls -F'"
    assert (home / "Documents" / "thesis.txt").read_text() == "chapter one"


def test_a_non_empty_folder_it_did_not_make_is_refused(site: Path, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "screenshots").mkdir(parents=True)
    (docs / "screenshots" / "home.png").write_bytes(b"\x89PNG")
    result = run_cli("build", "--source", site, "--output", docs)
    assert result.returncode == 1
    assert "is not empty (screenshots) and was not made by vhsheaven" in result.stderr
    assert "--allow-nonempty" in result.stderr
    assert files_of(docs) == {"screenshots/home.png": b"\x89PNG"}


def test_allow_nonempty_keeps_every_file_it_did_not_write(site: Path, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    (docs / "screenshots").mkdir(parents=True)
    (docs / "screenshots" / "home.png").write_bytes(b"\x89PNG")
    (docs / "notes.md").write_text("mine")
    for flags in (("--allow-nonempty",), ("--clean",), ("--no-cache",)):
        result = run_cli("build", "--source", site, "--output", docs, *flags)
        assert result.returncode == 0, result.stderr
        assert (docs / "reviews" / "alien" / "index.html").is_file()
    (site / "content" / "reviews" / "alien.md").unlink()
    assert run_cli("build", "--source", site, "--output", docs).returncode == 0
    assert not (docs / "reviews" / "alien").exists()
    assert (docs / "screenshots" / "home.png").read_bytes() == b"\x89PNG"
    assert (docs / "notes.md").read_text() == "mine"


def test_a_file_it_did_not_write_is_never_overwritten(site: Path, tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "index.html").write_text("my own home page")
    result = run_cli("build", "--source", site, "--output", docs, "--allow-nonempty")
    assert result.returncode == 1
    assert f"{docs / 'index.html'}: was not written by vhsheaven" in result.stderr
    assert files_of(docs) == {"index.html": b"my own home page"}


@pytest.mark.parametrize("inside", [".git", ".git/objects"])
def test_a_repository_is_always_refused(site: Path, tmp_path: Path, inside: str) -> None:
    repo = tmp_path / "repo"
    (repo / ".git" / "objects").mkdir(parents=True)
    (repo / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (repo / "README").write_text("code")
    before = files_of(repo)
    for target in (repo, repo / inside):
        result = run_cli("build", "--source", site, "--output", target, "--allow-nonempty")
        assert result.returncode == 1
        assert "git repository" in result.stderr
    assert files_of(repo) == before


def test_a_folder_holding_a_repository_is_refused(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    (out / "vendor" / "lib" / ".git").mkdir(parents=True)
    result = run_cli("build", "--source", site, "--output", out, "--allow-nonempty")
    assert result.returncode == 1
    assert "holds a git repository" in result.stderr
    assert (out / "vendor" / "lib" / ".git").is_dir()


def test_the_site_folder_and_a_root_are_refused(site: Path) -> None:
    for target in (site, site.parent, Path("/")):
        result = run_cli("build", "--source", site, "--output", target)
        assert result.returncode == 1
        assert "choose another output folder" in result.stderr


def test_an_output_naming_a_file_is_an_error(site: Path, tmp_path: Path) -> None:
    target = tmp_path / "site.tar"
    target.write_bytes(b"archive")
    result = run_cli("build", "--source", site, "--output", target)
    assert result.returncode == 1
    assert "is a file, not a folder" in result.stderr
    assert "Traceback" not in result.stderr
    assert target.read_bytes() == b"archive"


def test_user_files_survive_deleting_the_cache(site: Path) -> None:
    assert run_cli("build", "--source", site).returncode == 0
    out = site / "_site"
    (out / "keep.txt").write_text("mine")
    (out / "reviews" / "draft-notes.txt").write_text("also mine")
    shutil.rmtree(site / CACHE_DIR)
    for flags in ((), ("--clean",), ("--no-cache",)):
        assert run_cli("build", "--source", site, *flags).returncode == 0
    (site / "content" / "reviews" / "alien.md").rename(site / "content" / "reviews" / "jaws.md")
    shutil.rmtree(site / CACHE_DIR)
    assert run_cli("build", "--source", site).returncode == 0
    assert not (out / "reviews" / "alien").exists()
    assert (out / "keep.txt").read_text() == "mine"
    assert (out / "reviews" / "draft-notes.txt").read_text() == "also mine"


def test_a_link_inside_the_output_is_never_written_through(site: Path, tmp_path: Path) -> None:
    assert run_cli("build", "--source", site).returncode == 0
    out = site / "_site"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    shutil.rmtree(out / "reviews")
    (out / "reviews").symlink_to(elsewhere)
    before = snapshot(out)
    result = run_cli("build", "--source", site, "--clean")
    assert result.returncode == 1
    assert f"{out / 'reviews'}: is a symbolic link" in result.stderr
    assert list(elsewhere.iterdir()) == []
    assert snapshot(out) == before


def test_a_static_link_leading_out_of_the_site_is_an_error(site: Path, tmp_path: Path) -> None:
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0")
    (site / "static" / "passwd").symlink_to(secret)
    (site / "static" / "inside.css").symlink_to(site / "static" / "css" / "site.css")
    for command in ("build", "check"):
        result = run_cli(command, "--source", site)
        assert result.returncode == 1
        assert f"static/passwd: links to {secret}, outside the site folder" in result.stderr
    assert not (site / "_site").exists()
    (site / "static" / "passwd").unlink()
    assert run_cli("build", "--source", site).returncode == 0
    copied = site / "_site" / "static" / "inside.css"
    assert copied.read_bytes() == (site / "static" / "css" / "site.css").read_bytes()
    assert not copied.is_symlink()


def test_clean_rebuilds_instead_of_answering_from_the_manifest(site: Path) -> None:
    age(site)
    assert run_cli("build", "--source", site).returncode == 0
    age(site)
    assert run_cli("build", "--source", site).returncode == 0
    state = site / CACHE_DIR / "state.pickle"
    stamp = state.stat().st_mtime_ns
    assert run_cli("build", "--source", site).returncode == 0
    assert state.stat().st_mtime_ns == stamp  # answered from the manifest
    assert run_cli("build", "--source", site, "--clean").returncode == 0
    assert state.stat().st_mtime_ns != stamp


def test_a_failed_first_build_leaves_no_folder(make_site: MakeSite) -> None:
    root = make_site({"content/reviews/bad.md": review_text("Bad", rating=99)})
    assert run_cli("build", "--source", root).returncode == 1
    assert not (root / "_site").exists()
