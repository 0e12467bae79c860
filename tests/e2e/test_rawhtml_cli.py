"""Raw HTML and pathological bodies, through the command line: build, check and the cache."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SITE_YAML, MakeSite, review_text, run_cli, snapshot

BODY = """\
A fine film with <b>bold</b> words.

<iframe src="https://www.youtube.com/embed/abc"></iframe>

<img src="https://example.org/static/images/favicon.svg" alt="">

A <button onclick="alert(1)">button</button> and a [bad link](javascript:alert(1)).

<script>alert(2)</script>
"""
VERDICT = 'verdict: |\n  Rent it. <script>alert(3)</script> <img src=x onerror="alert(4)">\n'


def review_page(out: Path) -> str:
    return (out / "reviews/film/index.html").read_text(encoding="utf-8")


def test_verdict_html_is_escaped_and_body_html_kept_by_default(
    make_site: MakeSite, tmp_path: Path
) -> None:
    root = make_site({"content/reviews/film.md": review_text(extra=VERDICT, body=BODY)})
    built = run_cli("build", "--source", root, "--output", tmp_path / "out")
    assert built.returncode == 0, built.stderr
    page = review_page(tmp_path / "out")
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in page
    assert "onerror" not in page.replace("onerror=&rdquo;", "")
    assert "<img src=x" not in page and "alert(4)" in page
    assert "<b>bold</b>" in page and "<script>alert(2)</script>" in page
    assert "javascript:" not in page


def test_raw_html_escape_shows_body_html_as_text_and_rerenders_on_change(
    make_site: MakeSite, tmp_path: Path
) -> None:
    root = make_site({"content/reviews/film.md": review_text(body=BODY)})
    out = tmp_path / "out"
    assert run_cli("build", "--source", root, "--output", out).returncode == 0
    allowed = snapshot(out)
    (root / "site.yaml").write_text(SITE_YAML + "raw_html: escape\n", encoding="utf-8")
    assert run_cli("build", "--source", root, "--output", out).returncode == 0
    page = review_page(out)
    assert "<script>" not in page and "<iframe" not in page and "<b>bold" not in page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page
    clean = tmp_path / "clean"
    assert run_cli("build", "--source", root, "--output", clean, "--no-cache").returncode == 0
    assert snapshot(out) == snapshot(clean)
    (root / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    assert run_cli("build", "--source", root, "--output", out).returncode == 0
    assert snapshot(out) == allowed


def test_check_warns_of_scripts_handlers_and_embeds_at_their_lines(make_site: MakeSite) -> None:
    root = make_site({"content/reviews/film.md": review_text(body=BODY)})
    result = run_cli("check", "--source", root)
    assert result.returncode == 0, result.stderr
    where = "content/reviews/film.md"
    warnings = [
        line
        for line in result.stderr.splitlines()
        if ": warning: body: " in line and "has no alt text" not in line  # see test_alt_text
    ]
    assert warnings == [
        f"{where}:11: warning: body: <iframe> loads https://www.youtube.com/embed/abc from "
        "another site (www.youtube.com), which sees each reader who opens the page",
        f"{where}:15: warning: body: event-handler attribute onclick= on <button> runs code "
        "on the page",
        f"{where}:17: warning: body: <script> runs code on the review's page",
    ]
    assert run_cli("check", "--source", root, "--strict").returncode == 1


def test_a_pathological_body_is_an_error_with_the_others_and_output_is_kept(
    make_site: MakeSite, tmp_path: Path
) -> None:
    root = make_site({"content/reviews/good.md": review_text()})
    out = tmp_path / "out"
    assert run_cli("build", "--source", root, "--output", out).returncode == 0
    before = snapshot(out)
    deep = "[" * 50_000 + "*_" * 25_000 + "x" + "_*" * 25_000 + "]" * 50_000
    (root / "content/reviews/deep.md").write_text(review_text(body=deep), encoding="utf-8")
    nested = review_text(body="Fine.\n\n" + ">" * 3_000 + " quoted")
    (root / "content/reviews/nested.md").write_text(nested, encoding="utf-8")
    (root / "content/reviews/bad.md").write_text(review_text(rating=11), encoding="utf-8")
    for command in (("build", "--output", out), ("check",)):
        result = run_cli(*command, "--source", root)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr and "RecursionError" not in result.stderr
        assert "content/reviews/bad.md:4: rating:" in result.stderr
        assert "content/reviews/deep.md:9: body: has a paragraph of 200,001 char" in result.stderr
        assert "content/reviews/nested.md:11: body: nests quotes" in result.stderr
    assert snapshot(out) == before
