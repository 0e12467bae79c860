"""`vhsheaven init`: a new site that builds at once, and a refusal to touch a used folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli, snapshot
from tests.e2e.test_html_valid import validate
from vhsheaven.scaffold.blog import SHARED_PARTS

STARTER_FILES = {
    ".github/workflows/pages.yml",
    ".gitignore",
    "content/reviews/tremors.md",
    "requirements.txt",
    "site.yaml",
}


def repository_copy(part: str) -> dict[str, bytes]:
    """The repository's own files of a theme part, keyed as they appear in a new site."""
    path = REPO / part
    if path.is_file():
        return {part: path.read_bytes()}
    return {f"{part}/{name}": data for name, data in snapshot(path).items()}


@pytest.mark.parametrize("existing", [False, True], ids=["new folder", "empty folder"])
def test_init_makes_a_site_that_builds(tmp_path: Path, existing: bool) -> None:
    site = tmp_path / "tapes" / "blog"
    if existing:
        site.mkdir(parents=True)
    result = run_cli("init", site)
    assert result.returncode == 0, result.stderr
    files = snapshot(site)
    theme = {name: data for part in SHARED_PARTS for name, data in repository_copy(part).items()}
    assert set(files) == STARTER_FILES | set(theme)
    assert {name: files[name] for name in theme} == theme
    assert "templates/base.html" in theme and "static/css/site.css" in theme
    assert files["requirements.txt"].decode().startswith("vhsheaven==0.")
    assert b"_site/" in files[".gitignore"].splitlines()
    assert f"({len(files)} files)" in result.stdout

    built = run_cli("build", cwd=site)
    assert built.returncode == 0, built.stderr
    assert built.stderr == ""
    assert built.stdout.startswith("Built 1 reviews: 15 pages,")  # with search/
    assert (site / "_site/reviews/tremors/index.html").is_file()
    assert (site / "_site/.nojekyll").is_file()


def test_new_site_is_valid_html(tmp_path: Path) -> None:
    assert run_cli("init", tmp_path / "blog").returncode == 0
    assert run_cli("build", cwd=tmp_path / "blog").returncode == 0
    assert len(list((tmp_path / "blog/_site").glob("**/*.html"))) == 15  # with search/
    assert validate(tmp_path / "blog/_site") == []


@pytest.mark.parametrize("occupant", ["notes.txt", ".git/HEAD"])
def test_init_refuses_a_folder_that_is_not_empty(tmp_path: Path, occupant: str) -> None:
    site = tmp_path / "blog"
    (site / occupant).parent.mkdir(parents=True, exist_ok=True)
    (site / occupant).write_text("mine\n")
    before = snapshot(tmp_path)
    result = run_cli("init", site)
    assert result.returncode == 1
    assert result.stderr == (
        f"{site.as_posix()}: folder is not empty; "
        "vhsheaven init writes only into a new or empty folder\n"
    )
    assert snapshot(tmp_path) == before


def test_init_refuses_a_file(tmp_path: Path) -> None:
    (tmp_path / "blog").write_text("not a folder\n")
    result = run_cli("init", tmp_path / "blog")
    assert result.returncode == 1
    assert "is a file, not a folder" in result.stderr
    assert snapshot(tmp_path) == {"blog": b"not a folder\n"}


def test_init_needs_a_folder_argument() -> None:
    result = run_cli("init")
    assert result.returncode == 2
    assert "DIR" in result.stderr
