"""Importing the fixture blogs under tests/importing/sources/ into fresh sites."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from tests.conftest import REPO, run_cli, snapshot

HERE = Path(__file__).resolve().parent
SOURCES = HERE / "sources"
EXPECTED = HERE / "expected"
# Each fixture blog, and the path `vhsheaven import` is given for it.
KINDS = {
    "jekyll": SOURCES / "jekyll",
    "hugo": SOURCES / "hugo",
    "wordpress": SOURCES / "wordpress" / "export.xml",
    "letterboxd": SOURCES / "letterboxd" / "reviews.csv",
}
SITE = "title: Moved In\nbase_url: https://example.org/blog/\n"
TODO = re.compile(r"^(?P<path>content/\S+\.md):(?P<line>\d+): (?P<field>[a-z]+): (?P<message>.*)$")


def new_site(folder: Path, site_yaml: str = SITE) -> Path:
    """A site with the repository's theme and no reviews yet."""
    folder.mkdir(parents=True)
    (folder / "site.yaml").write_text(site_yaml, encoding="utf-8")
    for name in ("templates", "static"):
        subprocess.run(["cp", "-r", str(REPO / name), str(folder / name)], check=True)
    return folder


def run_import(site: Path, source: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """`vhsheaven import SOURCE ARGS`, run in the site's folder."""
    return run_cli("import", source, *args, cwd=site)


def todos(report: str) -> list[tuple[str, int, str, str]]:
    """The report's "what the editor must still do" lines: (path, line, field, message)."""
    tail = report.split("What the editor must still do:\n", 1)
    if len(tail) == 1:
        return []
    found = [TODO.match(line) for line in tail[1].splitlines()]
    return [(m["path"], int(m["line"]), m["field"], m["message"]) for m in found if m]


def written(site: Path, before: dict[str, bytes]) -> dict[str, bytes]:
    """The files an import added to a site."""
    return {p: data for p, data in snapshot(site).items() if p not in before}


def front_matter(text: str) -> str:
    """A review file's front matter, without its --- lines."""
    return text.split("---\n", 2)[1]
