"""Which code a build runs: ours and our libraries', told apart without importing them."""

from __future__ import annotations

import os
import sys

from vhsheaven import __version__

LIBRARIES = ("markdown", "jinja2", "yaml", "frontmatter", "anyascii")
_found: str | None = None


def installed() -> str:
    """Everything besides the input that can change the output: Python, our code and our
    libraries', each identified by where its code is installed and when that was written,
    which any upgrade changes. Asked once per process.
    """
    global _found
    if _found is None:
        # importlib.machinery, not importlib.util: a nothing-changed build asks this first
        # thing, and importlib.util alone takes as long as the rest of that build's imports.
        import importlib.machinery

        ours = os.path.dirname(os.path.dirname(__file__))  # noqa: PTH120 (no pathlib yet)
        newest = max(_newest(folder) for folder, _, _ in os.walk(ours))
        found = [f"vhsheaven={__version__}", f"python={sys.version}", f"{ours}@{newest}"]
        for name in LIBRARIES:
            spec = importlib.machinery.PathFinder.find_spec(name)
            origin = os.path.dirname(spec.origin) if spec and spec.origin else ""  # noqa: PTH120
            found.append(f"{name}={origin}@{_newest(origin)}")
        _found = ";".join(found)
    return _found


def _newest(folder: str) -> int:
    """The last time a .py file directly in `folder` was written (0 if none or no folder)."""
    try:
        with os.scandir(folder) as entries:
            times = [e.stat().st_mtime_ns for e in entries if e.name.endswith(".py")]
    except OSError:
        return 0
    return max(times, default=0)
