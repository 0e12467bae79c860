"""The code stays ruff-clean, ruff-formatted and mypy --strict clean (the `dev` extra)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

from tests.conftest import REPO
from tests.tools import require


def run(*args: str) -> subprocess.CompletedProcess[str]:
    tool = args[0]
    require(importlib.util.find_spec(tool), f"{tool} is missing: pip install -e '.[dev]'")
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True, check=False
    )


def test_ruff_lint() -> None:
    result = run("ruff", "check", "vhsheaven", "tests", "benchmarks", "scripts")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format() -> None:
    result = run("ruff", "format", "--check", "vhsheaven", "tests", "benchmarks", "scripts")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict() -> None:
    result = run("mypy", "--strict", "vhsheaven")
    assert result.returncode == 0, result.stdout + result.stderr
