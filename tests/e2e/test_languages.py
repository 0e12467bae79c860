"""`language` in site.yaml picks the theme's words from its translation files; site.yaml's
`words:` overrides any of them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.conftest import REPO, SITE_YAML, MakeSite, review_text
from vhsheaven.build import build
from vhsheaven.errors import BuildFailed
from vhsheaven.options import BuildOptions

WORDS = REPO / "templates" / "words"
FR_BACK = "Retour à l\u2019accueil"
FRONT = "date: 2026-02-03\ndirector: Agnès Varda\ncast: [Sandrine Bonnaire]\ngenres: [Drama]\n"


def built(make_site: MakeSite, tmp_path: Path, settings: str) -> Path:
    yaml_text = SITE_YAML.replace("language: en\n", settings)
    root = make_site(
        {
            "site.yaml": yaml_text,
            "content/reviews/vagabond.md": review_text("Vagabond", 1985, 9, FRONT),
        }
    )
    out = tmp_path / "out"
    build(root, out, BuildOptions())
    return out


def texts(out: Path, page: str, selector: str) -> list[str]:
    soup = BeautifulSoup((out / page).read_text(), "html.parser")
    return [" ".join(el.get_text(" ").split()) for el in soup.select(selector)]


@pytest.mark.parametrize(
    ("language", "back", "date", "read", "rating", "nav"),
    [
        ("en", "Back to Home", "3 February 2026", "1 min read", "Rating: 9/10", "Decades"),
        ("fr", FR_BACK, "3 février 2026", "1 min de lecture", "Note : 9/10", "Décennies"),
        ("de", "Zurück zur Startseite", "3. Februar 2026", "1 Min. Lesezeit", "Bewertung: 9/10", "Jahrzehnte"),
        ("es", "Volver al inicio", "3 de febrero de 2026", "1 min de lectura", "Nota: 9/10", "Décadas"),
        ("fr-CA", FR_BACK, "3 février 2026", "1 min de lecture", "Note : 9/10", "Décennies"),
        ("ja", "Back to Home", "3 February 2026", "1 min read", "Rating: 9/10", "Decades"),
    ],
)  # fmt: skip
def test_the_language_picks_the_theme_words(
    make_site: MakeSite, tmp_path: Path, language: str, back: str, date: str, read: str,
    rating: str, nav: str,
) -> None:  # fmt: skip
    out = built(make_site, tmp_path, f"language: {language}\n")
    page = "reviews/vagabond/index.html"
    assert texts(out, page, ".back-link") == [back]
    assert texts(out, page, "time.published") == [date]
    assert texts(out, page, ".review-meta .read-time") == [read]
    assert texts(out, page, ".review-footer .rating") == [rating]
    assert texts(out, page, ".site-nav li")[1] == nav
    assert texts(out, "decades/index.html", "h1") == [nav]
    html = BeautifulSoup((out / page).read_text(), "html.parser").html
    assert html is not None and html["lang"] == language


def test_site_yaml_overrides_any_word(make_site: MakeSite, tmp_path: Path) -> None:
    settings = "language: fr\nwords:\n  back_to_home: À la une\n  months: [i, ii, iii, iv, v, vi, vii, viii, ix, x, xi, xii]\n"
    out = built(make_site, tmp_path, settings)
    assert texts(out, "reviews/vagabond/index.html", ".back-link") == ["À la une"]
    assert texts(out, "reviews/vagabond/index.html", "time.published") == ["3 ii 2026"]
    # The rest is still French.
    assert texts(out, "reviews/vagabond/index.html", ".review-meta .byline") == [
        "Par VHS Heaven Team"
    ]


def test_a_misspelt_word_in_site_yaml_is_an_error(make_site: MakeSite, tmp_path: Path) -> None:
    with pytest.raises(BuildFailed) as failed:
        built(make_site, tmp_path, "language: en\nwords:\n  bak_to_home: Home\n")
    [problem] = [str(p) for p in failed.value.diagnostics]
    assert problem.startswith(
        'site.yaml: words: "bak_to_home" is not one of the theme\'s words; did you mean back_to_home?'
    )


def test_every_translation_has_the_english_words_and_twelve_months() -> None:
    english = yaml.safe_load((WORDS / "en.yaml").read_text(encoding="utf-8"))
    for name in ("fr", "de", "es"):
        words = yaml.safe_load((WORDS / f"{name}.yaml").read_text(encoding="utf-8"))
        assert words.keys() == english.keys(), name
        assert len(words["months"]) == 12 and len(set(words["months"])) == 12, name
        for key, word in words.items():
            marks = sorted(re.findall(r"\{\w+\}", str(english[key])))
            assert sorted(re.findall(r"\{\w+\}", str(word))) == marks, (name, key)


def test_no_month_name_is_written_in_python() -> None:
    for module in (REPO / "vhsheaven").rglob("*.py"):
        assert "February" not in module.read_text(encoding="utf-8"), module


def test_a_broken_words_file_names_its_line(tmp_path: Path) -> None:
    from vhsheaven.load.settings import SiteConfig
    from vhsheaven.render.words import theme_words

    words = tmp_path / "words"
    words.mkdir()
    (words / "en.yaml").write_text((WORDS / "en.yaml").read_text(encoding="utf-8"), "utf-8")
    (words / "fr.yaml").write_text("back_to_home: Retour\nbak: x\nmonths: [janvier]\n", "utf-8")
    config = SiteConfig(title="T", base_url="https://e.org/", language="fr")
    found, problems = theme_words([tmp_path], config)
    assert [str(p) for p in problems] == [
        'templates/words/fr.yaml:2: bak: "bak" is not one of the theme\'s English words (en.yaml)',
        "templates/words/fr.yaml:3: months: must list the 12 month names (got ['janvier']) "
        "(allowed: a list of the 12 month names, January's first)",
    ]
    assert found["back_to_home"] == "Retour" and found["months"][1] == "February"
    (words / "en.yaml").unlink()
    assert str(theme_words([tmp_path], config)[1][0]).startswith(
        "templates/words/en.yaml: not found"
    )


def test_a_blog_without_templates_takes_its_words_from_the_bundled_theme(
    make_site: MakeSite, tmp_path: Path
) -> None:
    """The words files fall back file by file, as templates do: a blog that has none reads
    the bundled theme's, and one words file of its own replaces only that file."""
    root = make_site(
        {
            "site.yaml": SITE_YAML.replace("language: en\n", "language: fr\n"),
            "content/reviews/vagabond.md": review_text("Vagabond", 1985, 9, FRONT),
        },
        theme=False,
    )
    out = tmp_path / "out"
    build(root, out, BuildOptions())
    assert texts(out, "reviews/vagabond/index.html", ".back-link") == [FR_BACK]
    own = root / "templates" / "words"
    own.mkdir(parents=True)
    french = (WORDS / "fr.yaml").read_text(encoding="utf-8")
    (own / "fr.yaml").write_text(french.replace(FR_BACK, "À l\u2019accueil"), "utf-8")
    build(root, out, BuildOptions())
    assert texts(out, "reviews/vagabond/index.html", ".back-link") == ["À l\u2019accueil"]
    assert "3 février 2026" in (out / "reviews/vagabond/index.html").read_text()
