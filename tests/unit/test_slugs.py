"""Slugs keep the letters ASCII-folding drops, and change nothing else."""

from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vhsheaven.load.slugs import slugify, term_slug


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Żuławski", "zulawski"),
        ("Jørgen Leth", "jorgen-leth"),
        ("Æon Flux", "aeon-flux"),
        ("Þór", "thor"),
        ("Straße", "strasse"),
        ("Łódź", "lodz"),
        ("Amélie", "amelie"),
        ("Ōkami 大神", "okami"),
    ],
)
def test_latin_letters_are_transliterated(name: str, slug: str) -> None:
    assert slugify(name) == slug == term_slug(name)


def test_thor_no_longer_collides_with_or() -> None:
    assert term_slug("Þór") != term_slug("Or")


def test_names_without_latin_letters_keep_their_code_points() -> None:
    assert term_slug("日本") == "u65e5-u672c"
    assert term_slug("Тарковский") == "u0422-u0430-u0440-u043a-u043e-u0432-u0441-u043a-u0438-u0439"


def folded(text: str) -> str:
    """How slugs were made before: accents dropped, every other non-ASCII letter lost."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def folds_whole(text: str) -> bool:
    """Whether folding kept every letter: all of it is ASCII once accents are dropped."""
    decomposed = unicodedata.normalize("NFKD", text)
    return all(c.isascii() or unicodedata.combining(c) for c in decomposed)


@given(st.text(alphabet=st.characters(codec="utf-8")).filter(folds_whole))
def test_addresses_that_folded_whole_do_not_change(text: str) -> None:
    assert slugify(text) == folded(text)


@given(st.text(alphabet=st.characters(max_codepoint=0x24F)))
def test_slugs_are_lower_case_ascii_words(text: str) -> None:
    assert re.fullmatch(r"(?:[a-z0-9]+(?:-[a-z0-9]+)*)?", slugify(text))
