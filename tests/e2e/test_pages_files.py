"""Files for GitHub Pages published from a branch: `.nojekyll` always, `CNAME` when configured."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import SITE_YAML, MakeSite, review_text, run_cli, snapshot


def test_every_build_writes_nojekyll_and_no_cname_by_default(
    make_site: MakeSite, tmp_path: Path
) -> None:
    root = make_site({"content/reviews/x.md": review_text("X")})
    assert run_cli("build", "--source", root).returncode == 0
    assert run_cli("build", "--source", root, "--output", tmp_path / "other").returncode == 0
    for out in (root / "_site", tmp_path / "other"):
        files = snapshot(out)
        assert files[".nojekyll"] == b""
        assert "CNAME" not in files


def test_cname_appears_exactly_when_configured(make_site: MakeSite) -> None:
    root = make_site(
        {
            "site.yaml": SITE_YAML + "cname: Reviews.Example.com\n",
            "content/reviews/x.md": review_text("X"),
        }
    )
    assert run_cli("build", "--source", root).returncode == 0
    assert (root / "_site/CNAME").read_bytes() == b"reviews.example.com\n"
    assert (root / "_site/.nojekyll").is_file()

    (root / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    result = run_cli("build", "--source", root, "--verbose")
    assert result.returncode == 0
    assert "  wrote CNAME" not in result.stdout.splitlines()
    assert not (root / "_site/CNAME").exists()
    assert (root / "_site/.nojekyll").is_file()
