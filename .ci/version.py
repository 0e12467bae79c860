"""Print vhsheaven's version, read from the one place it is kept, without importing it."""

import re
from pathlib import Path

source = (Path(__file__).resolve().parent.parent / "vhsheaven/__init__.py").read_text("utf-8")
match = re.search(r'^__version__ = "([^"]+)"$', source, re.MULTILINE)
if match is None:
    raise SystemExit("no __version__ in vhsheaven/__init__.py")
print(match.group(1))
