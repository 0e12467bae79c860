"""The lowest versions of vhsheaven's dependencies that pyproject.toml allows, and the build
tests run against them.

`python tests/minimum_versions.py` prints them as pip constraints (`markdown==3.8`, ...);
`python tests/minimum_versions.py --run` runs the build tests with whatever is installed.
CI's minimum-versions job does both; tests/e2e/test_minimum_versions.py does the same here.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The tests of the code that leans on the libraries' behaviour (Markdown and the fast paths
# checked against it, front matter and YAML, Jinja, watchdog), and whole builds, checks and
# serving.
BUILD_TESTS = (
    *(
        f"tests/unit/test_{name}.py"
        for name in (
            "markup",
            "markdown_corpus",
            "quickblock",
            "quickinline",
            "typography",
            "rawhtml",
            "content",
            "config",
            "render",
            "structured",
            "watch",
        )
    ),
    "tests/e2e/test_golden.py",
    "tests/e2e/test_invalid_sites.py",
    "tests/e2e/test_build_cli.py",
    "tests/e2e/test_serve.py",
)
# A dependency line of pyproject.toml with a lower bound: "name>=1.2", "name>=1.2,<2" or
# "name[extra]>=1.2" (the constraint names the package alone).
_LOWER = re.compile(r'^\s*"([A-Za-z0-9_.-]+)(\[[a-z0-9,]+\])?>=([0-9][0-9.]*)[,"]', re.MULTILINE)


def minimum_constraints(pyproject: Path = REPO / "pyproject.toml") -> list[str]:
    """`name==lowest` for every runtime dependency with a lower bound."""
    return [f"{name}=={version}" for name, _, version in _bounded(pyproject)]


def minimum_packages(pyproject: Path = REPO / "pyproject.toml") -> list[str]:
    """Those dependencies as pip installs them, with their extras (`pagefind[bin]`)."""
    return [f"{name}{extras}" for name, extras, _ in _bounded(pyproject)]


def _bounded(pyproject: Path) -> list[tuple[str, str, str]]:
    text = pyproject.read_text(encoding="utf-8")
    block = text[text.index("\ndependencies = [") : text.index("\n]", text.index("\ndependencies"))]
    return _LOWER.findall(block)


def run_build_tests(python: str = sys.executable) -> int:
    """Run the build tests with `python`; returns pytest's exit code."""
    command = [python, "-m", "pytest", "-q", "-p", "no:cacheprovider", *BUILD_TESTS]
    return subprocess.run(command, cwd=REPO, check=False).returncode


if __name__ == "__main__":
    if sys.argv[1:] == ["--run"]:
        sys.exit(run_build_tests())
    print("\n".join(minimum_constraints()))
