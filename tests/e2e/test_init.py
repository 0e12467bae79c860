"""`vhsheaven init`: a new site holding only what an editor edits, that builds at once with the
bundled theme, and a refusal to touch a used folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import REPO, run_cli, snapshot
from tests.e2e.test_html_valid import validate
from vhsheaven import __version__
from vhsheaven.scaffold.blog import REPOSITORY, SHARED_PARTS

STARTER_FILES = {
    ".github/dependabot.yml",
    ".github/workflows/pages.yml",
    ".gitignore",
    "README.md",
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
    shared = {name: data for part in SHARED_PARTS for name, data in repository_copy(part).items()}
    # No theme: the blog falls back on the bundled one, which upgrades with vhsheaven.
    assert set(files) == STARTER_FILES
    assert {name: files[name] for name in shared} == shared
    major, minor = __version__.split(".")[:2]
    assert files["requirements.txt"].decode() == f"vhsheaven~={major}.{minor}\n"
    assert b"_site/" in files[".gitignore"].splitlines()
    assert f"({len(files)} files)" in result.stdout
    steps = result.stdout.split("Next steps:\n")[1]
    assert (
        "vhsheaven new" in steps
        and "vhsheaven serve" in steps
        and "Source: GitHub Actions" in steps
    )

    built = run_cli("build", cwd=site)
    assert built.returncode == 0, built.stderr
    assert built.stderr == ""
    assert built.stdout.startswith("Built 1 review: 15 pages,")  # with search/
    assert built.stdout.endswith("\nPreview it with: vhsheaven serve\n")
    out = snapshot(site / "_site")
    assert out["static/css/site.css"] == (REPO / "static/css/site.css").read_bytes()
    assert b"Tremors" in out["reviews/tremors/index.html"]
    assert ".nojekyll" in out


def test_init_can_name_vhsheaven_by_its_git_tag(tmp_path: Path) -> None:
    result = run_cli("init", tmp_path / "blog", "--requirement", "git")
    assert result.returncode == 0, result.stderr
    requirement = (tmp_path / "blog/requirements.txt").read_text()
    assert requirement == f"vhsheaven @ git+{REPOSITORY}@v{__version__}\n"


def test_next_steps_start_with_cd_only_from_elsewhere(tmp_path: Path) -> None:
    (tmp_path / "here").mkdir()
    inside = run_cli("init", ".", cwd=tmp_path / "here")
    assert "  cd " not in inside.stdout
    elsewhere = run_cli("init", "blog", cwd=tmp_path)
    assert "Next steps:\n  cd blog\n" in elsewhere.stdout


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
