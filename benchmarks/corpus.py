"""A deterministic corpus of N film reviews of about 1,100 words, for benchmarks.

`python benchmarks/corpus.py DIR --reviews 1000 [--words 1100] [--vocabulary zipf]` writes
a complete site (site.yaml, the repository's theme, content/reviews/*.md). The same N and
words always give the same bytes. 1,100 words is the length of the reference review page ("6
min read"), and of the reviews editors write.

The default vocabulary is about a hundred film words, so every word is in nearly every
review: right for timing Markdown and templates, wrong for a search index, whose size goes by
how many reviews hold each word. `--vocabulary zipf` draws words from 60,000 made-up ones
with Zipf's law (exponent 1.1), which gives as many different words a review as this blog's
own reviews have (about 0.6 of its words) and a vocabulary that grows with the corpus (about
52,000 words at 1,000 reviews).
"""

from __future__ import annotations

import argparse
import itertools
import random
import shutil
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WORDS = (  # noqa: SIM905 (a paragraph of words reads better than a 150-item list)
    "tape rewind shelf rental neon static tracking frame cut shot scene score villain hero "
    "director camera light shadow night city road desert ocean ship station signal dream "
    "memory chase escape heist rain smoke mirror window door corridor basement attic alley "
    "friend stranger detective doctor pilot driver singer dancer soldier child sister "
    "brother mother father town summer winter midnight dawn engine machine creature ghost "
    "robot alien laugh scream whisper silence music synth guitar drum echo fog glow flicker "
    "grain cheap brilliant strange tender brutal quiet loud slow fast patient clever sincere "
    "odd warm cold "
).split()
GENRES = (
    "Action", "Adventure", "Animation", "Comedy", "Crime", "Drama", "Fantasy", "Horror",
    "Mystery", "Romance", "Science Fiction", "Thriller", "Western", "Documentary", "Musical",
)  # fmt: skip
FIRST = ("Ana", "Ben", "Carla", "Dev", "Elena", "Frank", "Grace", "Hiro", "Ines", "Jon")
LAST = ("Abbott", "Berg", "Costa", "Dunn", "Ekberg", "Ford", "Gupta", "Hale", "Ito", "Jansen")
AUTHORS = ("VHS Heaven Team", "Dana Reyes", "Marcus Webb", "Priya Nandakumar")
ZIPF_WORDS, ZIPF_EXPONENT = 60_000, 1.1
VOCABULARIES = ("tapes", "zipf")
# Words in a review's body by default: the reference page's length.
REVIEW_WORDS = 1100
# About half a paragraph's words: a section stops at the paragraph that comes closest.
HALF_PARAGRAPH = 40
SITE_YAML = """\
title: VHS Heaven Benchmark
tagline: A generated corpus
base_url: https://bench.example.org/
"""


# k words drawn with a seeded random generator.
Draw = Callable[[random.Random, int], list[str]]


def tapes(rng: random.Random, k: int) -> list[str]:
    """The default vocabulary: film words, each as likely."""
    return [rng.choice(WORDS) for _ in range(k)]


def zipf() -> Draw:
    """Made-up words of one to three syllables, the shorter ones the commoner, drawn with
    Zipf's law (a word's chance falls as a power of its rank)."""
    syllables = [c + v for c in "bcdfghjklmnprstvwz" for v in "aeiou"]
    made = itertools.chain.from_iterable(
        ("".join(parts) for parts in itertools.product(syllables, repeat=n)) for n in (1, 2, 3)
    )
    vocabulary = list(itertools.islice(made, ZIPF_WORDS))
    weights = itertools.accumulate(1 / (rank + 2.7) ** ZIPF_EXPONENT for rank in range(ZIPF_WORDS))
    cumulative = list(weights)
    return lambda rng, k: rng.choices(vocabulary, cum_weights=cumulative, k=k)


def sentence(rng: random.Random, words: int, draw: Draw = tapes) -> str:
    """One sentence of film-ish words with an occasional emphasis or link."""
    chosen = draw(rng, words)
    if rng.random() < 0.3:
        i = rng.randrange(words)
        chosen[i] = f"*{chosen[i]}*"
    if rng.random() < 0.1:
        i = rng.randrange(words)
        chosen[i] = f"[{chosen[i]}](https://example.org/{chosen[i]})"
    text = " ".join(chosen)
    return text[0].upper() + text[1:] + rng.choice(".....!?")


def paragraph(rng: random.Random, draw: Draw = tapes) -> str:
    """Four to seven sentences, sometimes with "quotes" and -- dashes for typography."""
    text = " ".join(sentence(rng, rng.randint(8, 18), draw) for _ in range(rng.randint(4, 7)))
    if rng.random() < 0.4:
        text += f' As one {draw(rng, 1)[0]} put it, "{sentence(rng, 6, draw)}" -- and it stuck.'
    return text


def body(rng: random.Random, words: int, draw: Draw = tapes) -> str:
    """About `words` words in four sections: headings, paragraphs (at least two a section), a
    quote, a list, sometimes a spoiler."""
    parts: list[str] = []
    for section in range(4):
        parts.append(f"## {' '.join(draw(rng, 3)).title()}")
        quota = words * (section + 1) // 4 - HALF_PARAGRAPH
        for count in itertools.count():
            if count >= 2 and sum(len(part.split()) for part in parts) >= quota:
                break
            parts.append(paragraph(rng, draw))
        if section == 1:
            parts.append(f"> {sentence(rng, 12, draw)}")
        if section == 2:
            parts.append("\n".join(f"- {sentence(rng, 6, draw)}" for _ in range(4)))
    if rng.random() < 0.25:
        spoiler = f"::: spoiler the {draw(rng, 1)[0]}\n\n{paragraph(rng, draw)}\n\n:::"
        parts.insert(-1, spoiler)
    return "\n\n".join(parts) + "\n"


def review(index: int, rng: random.Random, words: int, draw: Draw = tapes) -> str:
    """One review file's text."""
    year = rng.randint(1975, 1999)
    genres = sorted(rng.sample(GENRES, rng.randint(1, 3)))
    director = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    day = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    front = [
        "---",
        f"title: Film Number {index}",
        f"year: {year}",
        f"date: {day}",
        f"author: {rng.choice(AUTHORS)}",
        f"director: {director}",
        f"genres: [{', '.join(genres)}]",
        f"rating: {rng.randint(0, 20) / 2:g}",
        "---",
    ]
    return "\n".join(front) + "\n\n" + body(rng, words, draw)


def write_corpus(
    root: Path, reviews: int, words: int = REVIEW_WORDS, seed: int = 1982, vocabulary: str = "tapes"
) -> Path:
    """Write a complete benchmark site of `reviews` reviews of about `words` words under
    `root`, their words drawn from `vocabulary` (one of VOCABULARIES)."""
    rng = random.Random(seed)
    draw = zipf() if vocabulary == "zipf" else tapes
    folder = root / "content" / "reviews"
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(reviews):
        (folder / f"film-{index:05d}.md").write_text(
            review(index, rng, words, draw), encoding="utf-8"
        )
    for name in ("templates", "static"):
        shutil.copytree(REPO / name, root / name, dirs_exist_ok=True)
    (root / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    return root


def main() -> None:
    """Command line: write a corpus into DIR."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--reviews", type=int, default=1000)
    parser.add_argument("--words", type=int, default=REVIEW_WORDS, help="words in a review")
    parser.add_argument("--vocabulary", choices=VOCABULARIES, default="tapes")
    args = parser.parse_args()
    write_corpus(args.folder, args.reviews, args.words, vocabulary=args.vocabulary)


if __name__ == "__main__":
    main()
