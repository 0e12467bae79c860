"""Related reviews: the genre-set index gives exactly what scoring every pair gives."""

from __future__ import annotations

import random

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
    ("seed", "genres", "most"), [(1, 6, 3), (2, 12, 4), (3, 3, 2), (4, 14, MAX_WALKED_GENRES + 3)]
)
def test_index_matches_scoring_every_pair(seed: int, genres: int, most: int) -> None:
    films = random_films(seed, 150, genres, most)
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
