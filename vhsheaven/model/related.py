"""Related reviews: most shared genres, then same director, then same decade, then site order.

Comparing every pair of reviews is quadratic (minutes at 10,000 reviews), so films are
indexed by the genre sets they hold (site-wide and per director) and each review walks its
candidates best first, stopping as soon as it has enough. Only films in the list's order
(site order) are seen.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import combinations

# Past this many genres a review's genre subsets get too many to walk; it is ranked directly.
MAX_WALKED_GENRES = 8


@dataclass(frozen=True, slots=True)
class Film:
    """What relatedness looks at in a review: its genre and director slugs and its decade."""

    genres: frozenset[str]
    directors: frozenset[str]
    decade: int


# The genres every film holds: a director's list of all their films is keyed by it.
NO_GENRES = frozenset[str]()

# Director (None: anyone's), genres held, decade (None: any).
HavingKey = tuple[str | None, frozenset[str], int | None]


class RelatedIndex:
    """Films in site order, indexed by genre, genre and decade, director (and decade), and
    decade."""

    def __init__(self, films: Sequence[Film]) -> None:
        self.films = films
        self.by_director: dict[str, list[int]] = {}
        self.by_decade: dict[int, list[int]] = {}
        self._having: dict[HavingKey, list[int]] = {}
        for position, film in enumerate(films):
            self.by_decade.setdefault(film.decade, []).append(position)
            for director in film.directors:
                self.by_director.setdefault(director, []).append(position)
            singles = [frozenset([genre]) for genre in film.genres]
            for by in (None, *film.directors):
                for genres in singles if by is None else [NO_GENRES, *singles]:
                    self._having.setdefault((by, genres, None), []).append(position)
                    self._having.setdefault((by, genres, film.decade), []).append(position)

    def having(
        self, genres: frozenset[str], decade: int | None, director: str | None = None
    ) -> list[int]:
        """Positions of films holding every one of `genres` (and in `decade`, and by
        `director`, if given)."""
        key = (director, genres, decade)
        if key not in self._having:
            # Narrow the list for all genres but one, itself cached, rather than a whole genre.
            fewer = self.having(genres - {max(genres)}, decade, director) if len(genres) > 1 else []
            self._having[key] = [p for p in fewer if genres <= self.films[p].genres]
        return self._having[key]

    def related(self, position: int, limit: int) -> tuple[int, ...]:
        """Positions of up to `limit` films related to the one at `position`, best first."""
        film = self.films[position]
        if len(film.genres) > MAX_WALKED_GENRES:
            return self._ranked(position, limit)
        chosen: list[int] = []
        taken = {position}
        for shared in range(len(film.genres), -1, -1):
            for decade in (film.decade, None):  # by the director: this decade first
                _take(self._level(film, shared, decade, film.directors), chosen, taken, limit)
            _take(self._level(film, shared, film.decade), chosen, taken, limit)
            if shared:
                _take(self._level(film, shared, None), chosen, taken, limit)
            if len(chosen) == limit:
                break
        return tuple(chosen)

    def _level(
        self,
        film: Film,
        shared: int,
        decade: int | None,
        directors: frozenset[str] | None = None,
    ) -> Iterator[int]:
        """Films sharing at least `shared` of the film's genres (by one of `directors`, if
        given), in site order.

        Films sharing more were all taken before this level is walked, so they are skipped
        cheaply; so are those in more than one of the merged lists, once taken.
        """
        if shared == 0 and directors is None:
            return iter(self.by_decade[film.decade] if decade is not None else ())
        subsets = [frozenset(s) for s in combinations(sorted(film.genres), shared)]
        by = [None] if directors is None else sorted(directors)
        return heapq.merge(*(self.having(s, decade, d) for d in by for s in subsets))

    def _ranked(self, position: int, limit: int) -> tuple[int, ...]:
        """The same order worked out by scoring every candidate, for films with many genres."""
        film = self.films[position]
        shared = Counter(p for g in film.genres for p in self.having(frozenset([g]), None))
        directed = {p for d in film.directors for p in self.by_director[d]}
        pool = (set(shared) | directed | set(self.by_decade[film.decade])) - {position}

        def rank(p: int) -> tuple[int, bool, bool, int]:
            return (-shared[p], p not in directed, self.films[p].decade != film.decade, p)

        return tuple(heapq.nsmallest(limit, pool, key=rank))


def _take(candidates: Iterable[int], chosen: list[int], taken: set[int], limit: int) -> None:
    """Append unseen candidates to `chosen` until it holds `limit`."""
    for position in candidates:
        if len(chosen) == limit:
            return
        if position not in taken:
            chosen.append(position)
            taken.add(position)
