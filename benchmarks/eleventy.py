"""Eleventy 3 as a benchmark peer: installed with npm into a git-ignored folder beside this
script, given layouts equivalent to run.py's minimal Hugo ones (a review page, a home list).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
VERSION = "3.1.8"
INSTALL = HERE / ".eleventy"
# Content is left as Markdown (as Hugo does), not run through a template language first.
CONFIG = """\
export default function () {
  return { dir: { input: "content", output: "_site" }, markdownTemplateEngine: false };
}
"""
LAYOUTS = {
    "base.njk": '<!DOCTYPE html><html lang="en"><head><title>{{ title }}</title></head>'
    "<body>{{ content | safe }}</body></html>\n",
    "review.njk": "---\nlayout: base.njk\n---\n"
    '<a href="/">Back to Home</a><h1>{{ title }}</h1><p>{{ year }}</p>{{ content | safe }}'
    "<p>Rating: {{ rating }}/10</p>\n",
}
# Hugo's home list shows each page's summary: its first words, as text.
HOME = (
    "---\nlayout: base.njk\ntitle: Bench\n---\n<h1>{{ title }}</h1><ul>"
    "{% for post in collections.review %}"
    '<li><a href="{{ post.url }}">{{ post.data.title }}</a> '
    "{{ post.templateContent | striptags | truncate(300) }}</li>"
    "{% endfor %}</ul>\n"
)


def binary() -> Path:
    """Eleventy's command, installed from the npm registry on first use."""
    command = INSTALL / "node_modules" / ".bin" / "eleventy"
    if not command.exists():
        INSTALL.mkdir(exist_ok=True)
        npm = ["npm", "install", "--prefix", str(INSTALL), "--no-audit", "--no-fund", "--silent"]
        subprocess.run([*npm, f"@11ty/eleventy@{VERSION}"], check=True)
    return command


def project(site: Path, root: Path) -> Path:
    """An Eleventy project at `root` with `site`'s reviews; `root`."""
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(site / "content", root / "content")
    includes = root / "content" / "_includes"
    includes.mkdir()
    for name, text in LAYOUTS.items():
        (includes / name).write_text(text)
    (root / "content" / "index.njk").write_text(HOME)
    data = {"layout": "review.njk", "tags": "review"}
    (root / "content" / "reviews" / "reviews.json").write_text(json.dumps(data))
    (root / "eleventy.config.mjs").write_text(CONFIG)
    return root
