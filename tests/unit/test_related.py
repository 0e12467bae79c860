"""Related reviews: the genre-set index gives exactly what scoring every pair gives."""

from __future__ import annotations

import random
from typing import Any

import pytest

from vhsheaven.model.related import MAX_WALKED_GENRES, Film, RelatedIndex


def scored(films: list[Film], position: int, limit: int) -> tuple[int, ...]:
    """The rule written plainly: score every other film, drop those sharing nothing."""
    film = films[position]

    def rank(p: int) -> tuple[int, bool, bool, int]:
        other = films[p]
        shared = len(film.genres & other.genres)
        return (-shared, not film.directors & other.directors, film.decade != other.decade, p)

    ranked = sorted((p for p in range(len(films)) if p != position), key=rank)
    return tuple(p for p in ranked if rank(p)[:3] != (0, True, True))[:limit]


def random_films(seed: int, count: int, genres: int, most: int) -> list[Film]:
    rng = random.Random(seed)
    names = [f"g{i}" for i in range(genres)]
    return [
        Film(
            frozenset(rng.sample(names, rng.randint(0, most))),
            frozenset(rng.sample(["d1", "d2", "d3", "d4", "d5", "d6"], rng.randint(0, 2))),
            rng.randint(195, 200),
        )
        for _ in range(count)
    ]


@pytest.mark.parametrize(
    ("seed", "count", "genres", "most"),
    [
        (1, 150, 6, 3),
        (2, 150, 12, 4),
        (3, 150, 3, 2),
        (4, 150, 14, MAX_WALKED_GENRES + 3),
        # Many films a director: their lists by genre and decade are walked at every level.
        (5, 600, 5, 2),
    ],
)
def test_index_matches_scoring_every_pair(seed: int, count: int, genres: int, most: int) -> None:
    films = random_films(seed, count, genres, most)
    index = RelatedIndex(films)
    for position in range(len(films)):
        assert index.related(position, 3) == scored(films, position, 3), position


def test_order_is_shared_genres_then_director_then_decade_then_site_order() -> None:
    me = Film(frozenset({"horror", "comedy"}), frozenset({"raimi"}), 198)
    films = [
        Film(frozenset({"drama"}), frozenset(), 198),  # 0: same decade only
        Film(frozenset({"horror"}), frozenset(), 199),  # 1: one genre
        me,  # 2
        Film(frozenset({"horror"}), frozenset({"raimi"}), 199),  # 3: one genre and director
        Film(frozenset({"comedy", "horror"}), frozenset(), 201),  # 4: both genres
        Film(frozenset({"western"}), frozenset(), 190),  # 5: nothing shared
    ]
    index = RelatedIndex(films)
    assert index.related(2, 3) == (4, 3, 1)
    assert index.related(2, 10) == (4, 3, 1, 0)
    assert index.related(5, 3) == ()


class Counted(list[Film]):
    """Films that count how often one is looked up by position."""

    lookups = 0

    def __getitem__(self, position: Any) -> Any:
        self.lookups += 1
        return super().__getitem__(position)


def test_a_review_does_not_look_at_every_film_by_its_director() -> None:
    films = Counted(
        Film(frozenset({"horror", "thriller"}), frozenset({"carpenter"}), 198 + n % 2)
        for n in range(2000)
    )
    index = RelatedIndex(films)
    films.lookups = 0
    assert [index.related(p, 3) for p in range(100)][:2] == [(2, 4, 6), (3, 5, 7)]
    # Each related() looks at its own film; the four lists of films holding both genres (by
    # the director or by anyone, in the decade or in any) are narrowed once, then cached.
    assert films.lookups <= 100 + 4 * len(films)
