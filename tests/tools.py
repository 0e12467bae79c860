"""Outside tools the tests use (Java + Nu Html Checker, Chromium): skip, or fail when strict."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
STRICT = os.environ.get("VHSHEAVEN_STRICT_TESTS") == "1"


def require(found: object, reason: str) -> None:
    """Skip with `reason` when a tool is missing; fail instead under VHSHEAVEN_STRICT_TESTS=1."""
    if found:
        return
    if STRICT:
        pytest.fail(f"{reason} (VHSHEAVEN_STRICT_TESTS=1 makes this a failure)")
    pytest.skip(reason)


def vnu_command() -> list[str]:
    """The Nu Html Checker command line, or a skip/fail explaining what is missing."""
    java = shutil.which("java")
    require(java, "Java is not installed; the Nu Html Checker needs it")
    jar = Path(
        os.environ.get("VHSHEAVEN_VNU_JAR", REPO / "node_modules/vnu-jar/build/dist/vnu.jar")
    )
    require(jar.is_file(), f"vnu.jar not found at {jar}; run `npm ci` in the repository")
    return [str(java), "-jar", str(jar)]
