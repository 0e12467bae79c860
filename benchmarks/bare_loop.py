"""The baseline: a bare single-process loop of python-frontmatter + Python-Markdown + Jinja2.

`python benchmarks/bare_loop.py SITE OUT` renders every review of SITE to OUT/<name>/index.html
with Markdown's extra, toc and smarty extensions: the least a Python generator must do.
"""

from __future__ import annotations

import sys
from pathlib import Path

import frontmatter
import jinja2
import markdown
from markupsafe import Markup

PAGE = jinja2.Template(
    "<!DOCTYPE html><html><head><title>{{ title }}</title></head>"
    "<body><h1>{{ title }}</h1>{{ body }}</body></html>",
    autoescape=True,
)


def main(site: Path, out: Path) -> None:
    """Render every review once."""
    md = markdown.Markdown(extensions=["extra", "toc", "smarty"])
    for path in sorted((site / "content" / "reviews").glob("*.md")):
        post = frontmatter.load(path)
        md.reset()
        body = Markup(md.convert(post.content))
        target = out / path.stem / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(PAGE.render(title=post.get("title"), body=body), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
