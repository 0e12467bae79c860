"""The build tests pass with the lowest dependency versions pyproject.toml declares, as CI's
minimum-versions job runs them (tests/minimum_versions.py).

Slow: one fresh virtual environment with those versions from the package index (or pip's
cache), then the build tests run in it against this checkout.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.minimum_versions import minimum_constraints, minimum_packages, run_build_tests

# What the build tests import besides vhsheaven's own dependencies.
TEST_TOOLS = ("pytest", "beautifulsoup4", "hypothesis")


def test_the_build_tests_pass_with_the_lowest_versions_declared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    constraints = tmp_path / "minimum.txt"
    constraints.write_text("\n".join(minimum_constraints()) + "\n")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", venv], check=True, timeout=300)
    python = str(venv / "bin/python")
    install = [python, "-m", "pip", "install", "--quiet", "-c", str(constraints)]
    done = subprocess.run(
        [*install, *minimum_packages(), *TEST_TOOLS], capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stderr
    listed = subprocess.run(
        [python, "-m", "pip", "list", "--format", "freeze"],
        capture_output=True,
        text=True,
        check=True,
    )
    installed = dict(line.lower().split("==") for line in listed.stdout.splitlines())
    for name, lowest in (line.split("==") for line in minimum_constraints()):
        assert installed[name].startswith(lowest), f"{name} {installed[name]} is not {lowest}"
    # The checkout's vhsheaven on the path, as an editable install would put it.
    monkeypatch.setenv("PYTHONPATH", str(REPO))
    assert run_build_tests(python) == 0
