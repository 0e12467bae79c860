"""The wheel alone is enough: install it in a fresh virtual environment, `init` a blog, build it.

Slow (it builds a wheel and a venv, fetching packages from the package registry or pip's cache),
so it is one test with one venv.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import REPO, snapshot


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(arg) for arg in args], cwd=cwd, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def build_wheel(tmp_path: Path) -> Path:
    """A wheel of this checkout, checked to carry the one copy of the theme and workflow."""
    dist = tmp_path / "dist"
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", dist, REPO, cwd=tmp_path)
    (wheel,) = dist.glob("vhsheaven-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        workflow = archive.read("vhsheaven/bundled/.github/workflows/pages.yml")
    assert {"vhsheaven/bundled/templates/base.html", "vhsheaven/skeleton/site.yaml"} <= names
    assert workflow == (REPO / ".github/workflows/pages.yml").read_bytes()
    return wheel


def test_installed_wheel_starts_a_blog_that_builds(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path)
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv, cwd=tmp_path)
    run(venv / "bin/python", "-m", "pip", "install", "--quiet", wheel, cwd=tmp_path)
    where = run(
        venv / "bin/python", "-c", "import vhsheaven; print(vhsheaven.__file__)", cwd=tmp_path
    )
    assert Path(where.stdout.strip()).is_relative_to(venv), "vhsheaven must come from the wheel"

    empty = tmp_path / "empty"
    empty.mkdir()
    run(venv / "bin/vhsheaven", "init", "my-blog", cwd=empty)
    site = empty / "my-blog"
    assert snapshot(site / "templates") == snapshot(REPO / "templates")
    assert snapshot(site / "static") == snapshot(REPO / "static")
    built = run(venv / "bin/vhsheaven", "build", cwd=site)
    assert built.stdout.startswith("Built 1 reviews: 15 pages,")  # with search/
    out = snapshot(site / "_site")
    assert {"index.html", "404.html", "reviews/tremors/index.html", ".nojekyll"} <= set(out)
    assert b"Tremors" in out["index.html"]
