"""`vhsheaven build` end to end: real sites in temporary folders, real output, parsed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.conftest import REPO, MakeSite, review_text, run_cli, snapshot


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def copy_sample_site(tmp_path: Path) -> Path:
    root = tmp_path / "sample"
    for name in ("content", "templates", "static"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    return root


def sample_slugs() -> list[str]:
    """The sample blog's reviews, read from its folder, so no test counts them by hand (every
    sample review is published, under its file name)."""
    return sorted(path.stem for path in (REPO / "content" / "reviews").rglob("*.md"))


def local_targets(out: Path, page: Path, base_path: str) -> list[tuple[str, Path]]:
    """Every same-site href/src on a page, with the file it must resolve to."""
    soup = soup_of(page)
    found = []
    for tag in soup.find_all(["a", "link", "img", "script"]):
        ref = tag.get("href") or tag.get("src")
        if not ref or ref.startswith(("http://", "https://", "mailto:")):
            continue
        path = urlsplit(ref).path
        if not path:
            continue
        assert path.startswith(base_path), f"{page}: {ref} is outside {base_path}"
        target = out / path[len(base_path) :]
        found.append((ref, target / "index.html" if ref.endswith("/") else target))
    return found


def test_sample_site_builds_and_every_link_resolves(tmp_path: Path) -> None:
    root = copy_sample_site(tmp_path)
    result = run_cli("build", "--source", root, "--base-url", "https://u.github.io/vhs-heaven/")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    out = root / "_site"
    pages, files = sorted(out.rglob("*.html")), snapshot(out)
    summary = f"Built {len(sample_slugs())} reviews: {len(pages)} pages, {len(files)} files"
    assert result.stdout.startswith(summary)
    reviews = sorted((out / "reviews").glob("*/index.html"))
    assert [p.parent.name for p in reviews] == sample_slugs()
    home = soup_of(out / "index.html")
    linked = {a["href"] for a in home.select(".review-list a")}
    assert linked == {f"/vhs-heaven/reviews/{p.parent.name}/" for p in reviews}
    for page in sorted(out.rglob("*.html")):
        for ref, target in local_targets(out, page, "/vhs-heaven/"):
            assert target.is_file(), f"{page.relative_to(out)} links to missing {ref}"
    assert (out / "static" / "css" / "site.css").is_file()


def test_home_lists_every_review_newest_first_with_its_facts(make_site: MakeSite) -> None:
    root = make_site(
        {
            "content/reviews/old.md": review_text("Old Tape", 1977, 6.5, "date: 2025-01-01\n"),
            "content/reviews/new.md": review_text(
                "New Tape",
                1999,
                9,
                "date: 2026-05-01\nauthor: Dana Reyes\nread_time: 4\nsummary: A short teaser.\n",
            ),
            "content/reviews/undated.md": review_text("Undated Tape", 1988, 3),
        }
    )
    assert run_cli("build", "--source", root).returncode == 0
    cards = soup_of(root / "_site" / "index.html").select(".review-list li")
    assert [c.h3.get_text(strip=True) for c in cards] == ["New Tape", "Old Tape", "Undated Tape"]
    first = " ".join(cards[0].get_text(" ", strip=True).split())
    assert first == "New Tape 1999 Rating: 9/10 4 min read By Dana Reyes A short teaser."
    assert "Rating: 6.5/10" in cards[1].get_text()


REFERENCE = Path(
    os.environ.get(
        "VHSHEAVEN_REFERENCE", REPO.parent / "shared" / "reference" / "children-of-heaven.txt"
    )
)
OWN_WORDS_REFERENCE = """\
Back to Home
Children of Heaven
1997
6 min read
By VHS Heaven Team
A lost pair of shoes is a small thing, unless you are nine and they belong to your sister.
Two Children, One Pair of Sneakers
Ali and Zahra hide the loss from their parents and take turns running between school shifts.
Why It Still Matters
Majid Majidi makes a footrace feel as tense as any thriller.
Rating: 9/10
A quiet film with a huge heart.
Find it, and watch it with someone you love.
"""


def reference_review(text: str) -> tuple[str, list[str]]:
    """A published page's text turned back into a review file, and its lines top to bottom."""
    lines = [line.strip() for line in text.splitlines()]
    lines = [line for line in lines if line]
    rating_at = lines.index("Rating: 9/10")
    body_lines = lines[5:rating_at]
    headings = {line for line in body_lines if not line.endswith((".", "?", "!", ")"))}
    body = "\n\n".join(f"## {line}" if line in headings else line for line in body_lines)
    verdict = "\n\n".join(lines[rating_at + 1 :])
    indented = "\n".join("  " + line for line in verdict.splitlines())
    front = (
        "---\ntitle: Children of Heaven\nyear: 1997\nrating: 9\nauthor: VHS Heaven Team\n"
        f"read_time: 6\nverdict: |\n{indented}\n---\n"
    )
    return front + "\n" + body + "\n", lines


def flat(text: str) -> str:
    """Text with typographic quotes, dashes and ellipses made plain, to compare prose."""
    table = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                           "\u2013": "-", "\u2014": "-"})  # fmt: skip
    return text.translate(table).replace("\u2026", "...").replace("--", "-")


@pytest.mark.parametrize("source", ["own words", "shared reference"])
def test_reference_review_renders_in_reference_order(make_site: MakeSite, source: str) -> None:
    if source == "shared reference" and not REFERENCE.is_file():
        pytest.skip(f"the reference page {REFERENCE} is not beside the repository")
    # The shared reference's prose is read at test time, never copied into the project.
    page_text = OWN_WORDS_REFERENCE if source == "own words" else REFERENCE.read_text("utf-8")
    text, expected = reference_review(page_text)
    root = make_site({"content/reviews/children-of-heaven.md": text})
    result = run_cli("build", "--source", root)
    assert result.returncode == 0, result.stderr
    page = soup_of(root / "_site" / "reviews" / "children-of-heaven" / "index.html")
    selector = "a.back-link, h1, .review-meta > *, .review-body > *, .rating, .verdict > *"
    blocks = [" ".join(el.get_text(" ", strip=True).split()) for el in page.select(selector)]
    assert [flat(b) for b in blocks] == [flat(line) for line in expected]
    home = soup_of(root / "_site" / "index.html")
    assert home.select_one(".review-list a")["href"] == "/reviews/children-of-heaven/"
    assert page.select_one("a.back-link")["href"] == "/"


def test_review_page_order_and_verdict_after_rating(make_site: MakeSite) -> None:
    extra = (
        "author: Priya Nandakumar\noriginal_title: Lola rennt\ndirector: Tom Tykwer\n"
        "verdict: |\n  Closing *thought*.\n"
    )
    root = make_site({"content/reviews/lola.md": review_text("Run Lola Run", 1998, 7.5, extra)})
    assert run_cli("build", "--source", root).returncode == 0
    article = soup_of(root / "_site" / "reviews" / "lola" / "index.html").find("main")
    assert article is not None
    text = " ".join(article.get_text(" ", strip=True).split())
    order = [
        "Back to Home", "Run Lola Run", "1998", "min read", "By Priya Nandakumar",
        "Original title Lola rennt", "Director Tom Tykwer", "First section",
        "Rating: 7.5/10", "Closing thought .",
    ]  # fmt: skip
    positions = [text.index(item) for item in order]
    assert positions == sorted(positions)
    assert len(article.find_all("h1")) == 1


def test_read_time_is_estimated_from_words(make_site: MakeSite) -> None:
    body = "word " * 401
    root = make_site({"content/reviews/a.md": review_text("A", body=body)})
    run_cli("build", "--source", root)
    page = soup_of(root / "_site" / "reviews" / "a" / "index.html")
    assert page.select_one(".read-time").get_text() == "3 min read"  # 403 words / 200 wpm


def test_all_content_errors_at_once_sorted_and_output_untouched(make_site: MakeSite) -> None:
    root = make_site({"content/reviews/good.md": review_text("Good")})
    assert run_cli("build", "--source", root).returncode == 0
    before = snapshot(root / "_site")
    (root / "content/reviews/zzz.md").write_text("---\ntitle: Z\nyear: 1975\nrating: 11\n---\n")
    (root / "content/reviews/aaa.md").write_text("no front matter here")
    (root / "content/reviews/mmm.md").write_text("---\ntitle: M\nyeer: 1975\nrating: 5\n---\n")
    result = run_cli("build", "--source", root)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[:-1] == [
        "content/reviews/aaa.md:1: no front matter found (did you forget the --- lines at the top?)",
        "content/reviews/mmm.md:1: year: missing required field (allowed: a whole number from "
        f"1888 to {__import__('datetime').date.today().year + 1})",
        lines[2],
        "content/reviews/zzz.md:4: rating: is out of range (got 11) "
        "(allowed: a number from 0 to 10 in steps of 0.5)",
    ]
    assert lines[2].startswith(
        "content/reviews/mmm.md:3: warning: yeer: unknown field, ignored; did you mean year?"
    )
    assert lines[-1] == "Build failed: 3 errors; the output folder was not changed."
    assert snapshot(root / "_site") == before


def test_template_error_names_file_and_line_and_keeps_output(make_site: MakeSite) -> None:
    root = make_site({"content/reviews/a.md": review_text("A")})
    run_cli("build", "--source", root)
    before = snapshot(root / "_site")
    review = root / "templates" / "review.html"
    review.write_text(review.read_text().replace("{{ review.meta.year }}", "{{ review.nope }}"))
    result = run_cli("build", "--source", root)
    assert result.returncode == 1
    first = result.stderr.splitlines()[0]
    assert first.startswith("templates/review.html:")
    line = int(first.split(":")[1])
    assert "review.nope" in review.read_text().splitlines()[line - 1]
    assert "while rendering reviews/a/index.html (from content/reviews/a.md)" in first
    assert "has no attribute 'nope'" in first
    assert snapshot(root / "_site") == before

    review.write_text("{% extends 'base.html' %}\n{% block main %}\n{% if x %}\n{% endblock %}\n")
    result = run_cli("build", "--source", root)
    assert result.returncode == 1
    assert result.stderr.startswith("templates/review.html:4: template syntax error: ")
    assert snapshot(root / "_site") == before


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    root = copy_sample_site(tmp_path)
    assert run_cli("build", "--source", root, "--output", tmp_path / "one").returncode == 0
    assert run_cli("build", "--source", root, "--output", tmp_path / "two").returncode == 0
    one, two = snapshot(tmp_path / "one"), snapshot(tmp_path / "two")
    assert {f"reviews/{slug}/index.html" for slug in sample_slugs()} <= one.keys()
    assert one == two


def test_rebuild_removes_pages_of_deleted_reviews(make_site: MakeSite) -> None:
    root = make_site(
        {"content/reviews/a.md": review_text("A"), "content/reviews/b.md": review_text("B")}
    )
    run_cli("build", "--source", root)
    (root / "content/reviews/b.md").unlink()
    assert run_cli("build", "--source", root).returncode == 0
    assert not (root / "_site/reviews/b").exists()
    assert (root / "_site/reviews/a/index.html").is_file()
    assert not (root / "_site/.vhsheaven-staging").exists()


def test_hostile_title_is_text_not_markup(make_site: MakeSite) -> None:
    title = '"<script>alert(1)</script>"'
    root = make_site({"content/reviews/x.md": review_text(title, extra="summary: <b>&amp;</b>\n")})
    assert run_cli("build", "--source", root).returncode == 0
    for page in ("index.html", "reviews/x/index.html"):
        html = (root / "_site" / page).read_text()
        soup = BeautifulSoup(html, "html.parser")
        scripts = soup.find_all("script")
        assert all(s["type"] == "application/ld+json" for s in scripts)
        assert soup.find("b") is None
        assert "<script>alert(1)</script>" in soup.get_text()
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_traversal_slug_writes_nothing_outside(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site({"content/reviews/x.md": review_text("X", extra="slug: ../../x\n")})
    before = snapshot(tmp_path)
    result = run_cli("build", "--source", root)
    assert result.returncode == 1
    assert "content/reviews/x.md:5: slug: must not contain /, \\ or .." in result.stderr
    assert snapshot(tmp_path) == before
    assert not (tmp_path / "x").exists() and not (root / "_site").exists()


@pytest.mark.parametrize("output", [".", "content", "templates", "static/out", ".."])
def test_output_folder_holding_sources_is_refused(make_site: MakeSite, output: str) -> None:
    root = make_site({"content/reviews/x.md": review_text("X")})
    before = snapshot(root)
    result = run_cli("build", "--source", root, "--output", root / output)
    assert result.returncode == 1
    assert "choose another output folder" in result.stderr
    assert snapshot(root) == before


def test_sub_path_base_url_prefixes_every_link(make_site: MakeSite) -> None:
    root = make_site({"content/reviews/x.md": review_text("X")})
    result = run_cli("build", "--source", root, "--base-url", "https://user.github.io/vhs-heaven")
    assert result.returncode == 0
    page = soup_of(root / "_site/reviews/x/index.html")
    assert page.select_one("a.back-link")["href"] == "/vhs-heaven/"
    assert page.select_one('link[rel="stylesheet"]')["href"] == "/vhs-heaven/static/css/site.css"
    canonical = page.select_one('link[rel="canonical"]')["href"]
    assert canonical == "https://user.github.io/vhs-heaven/reviews/x/"
    assert soup_of(root / "_site/404.html").select_one("a.back-link")["href"] == "/vhs-heaven/"


def test_drafts_are_left_out_unless_asked_for(make_site: MakeSite) -> None:
    root = make_site({"content/reviews/d.md": review_text("Draft", extra="draft: true\n")})
    run_cli("build", "--source", root)
    assert not (root / "_site/reviews/d").exists()
    run_cli("build", "--source", root, "--drafts")
    assert (root / "_site/reviews/d/index.html").is_file()


def test_output_option_and_site_yaml_output_dir(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site({"content/reviews/x.md": review_text("X")})
    with (root / "site.yaml").open("a") as f:
        f.write("output_dir: public\n")
    assert run_cli("build", cwd=root).returncode == 0
    assert (root / "public/index.html").is_file()
    assert run_cli("build", "--output", "elsewhere", cwd=root).returncode == 0
    assert (root / "elsewhere/index.html").is_file()


def test_quiet_and_verbose(make_site: MakeSite) -> None:
    root = make_site({"content/reviews/x.md": review_text("X")})
    verbose = run_cli("build", "--source", root, "--verbose")
    assert "  wrote reviews/x/index.html" in verbose.stdout.splitlines()
    *_, summary, hint = verbose.stdout.splitlines()
    # 11 pages with search/; the files add the search page's script and style and the bundle
    # (with filters.json and sorts.json), the share card, and the card font and its licence
    # from static/.
    assert summary.startswith("Built 1 review: 11 pages, 34 files in ")
    assert hint == "Preview it with: vhsheaven serve"
    quiet = run_cli("build", "--source", root, "--quiet")
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")
    # Verbose lists what this build wrote: after an edit, the review's page but not the 404
    # (whose card of the review shows its first paragraph, which the edit keeps).
    body = "Words about the film. " * 20 + "\n\nA new closing line."
    (root / "content/reviews/x.md").write_text(review_text("X", body=body))
    again = run_cli("build", "--source", root, "--verbose").stdout.splitlines()
    assert "  wrote reviews/x/index.html" in again
    assert "  wrote 404.html" not in again
    assert len([line for line in again if "wrote pagefind/" not in line]) < 10


def test_version_help_and_usage_errors() -> None:
    version = run_cli("--version")
    assert version.returncode == 0 and version.stdout.startswith("vhsheaven 0.")
    assert "build" in run_cli("--help").stdout
    assert "--base-url" in run_cli("build", "--help").stdout
    assert run_cli().returncode == 2
    assert run_cli("build", "--nope").returncode == 2
    bad = run_cli("build", "--base-url", "not a url")
    assert bad.returncode == 2 and "must be an absolute URL" in bad.stderr
    assert run_cli("build", "--quiet", "--verbose").returncode == 2


def test_missing_site_yaml_is_a_clear_error(tmp_path: Path) -> None:
    result = run_cli("build", "--source", tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("site.yaml: not found; a site needs a site.yaml")


def test_unclosed_spoiler_and_missing_poster_are_errors(make_site: MakeSite) -> None:
    body = "Intro.\n\n::: spoiler the end\n\nSecret.\n"
    root = make_site(
        {"content/reviews/x.md": review_text("X", extra="poster: images/none.jpg\n", body=body)}
    )
    result = run_cli("build", "--source", root)
    assert result.returncode == 1
    assert result.stderr.splitlines()[:2] == [
        "content/reviews/x.md:1: poster: no such file: static/images/none.jpg",
        "content/reviews/x.md:12: spoiler: spoiler is never closed; "
        "add a line with ::: where it ends",
    ]
