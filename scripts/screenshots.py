"""Screenshots of the sample site for the README, made with the browser tests' helper.

Usage: python scripts/screenshots.py [OUTPUT_FOLDER]   (default: docs/screenshots/)
Needs Playwright (the test extra) and Debian's `chromium`.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.browser import build_into, chromium, chromium_path, open_page, screenshot, serve  # noqa: E402

# (file name, page under the site, viewport width, viewport height)
SHOTS = (
    ("home-wide.png", "", 1280, 900),
    ("review-narrow.png", "reviews/the-thing/", 375, 812),
)


def main(argv: list[str]) -> int:
    """Build the sample site into a temporary folder, serve it and photograph it."""
    out = Path(argv[1]) if len(argv) > 1 else REPO / "docs" / "screenshots"
    executable = chromium_path()
    if executable is None:
        print("chromium is not installed", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        build_into(REPO, Path(tmp))
        with serve(Path(tmp)) as site, chromium(executable) as browser:
            for name, page_path, width, height in SHOTS:
                page = open_page(browser, site + page_path, width, height)
                print(screenshot(page, out / name))
                page.context.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
