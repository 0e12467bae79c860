"""A deterministic corpus of N film reviews of about 1,100 words, for benchmarks.

`python benchmarks/corpus.py DIR --reviews 1000 [--words 1100]` writes a complete site
(site.yaml, the repository's theme, content/reviews/*.md). The same N and words always give
the same bytes. 1,100 words is the length of the reference review page ("6 min read"), and of
the reviews editors write.
"""

from __future__ import annotations

import argparse
import itertools
import random
import shutil
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
# Words in a review's body by default: the reference page's length.
REVIEW_WORDS = 1100
# About half a paragraph's words: a section stops at the paragraph that comes closest.
HALF_PARAGRAPH = 40
SITE_YAML = """\
title: VHS Heaven Benchmark
tagline: A generated corpus
base_url: https://bench.example.org/
"""


def sentence(rng: random.Random, words: int) -> str:
    """One sentence of film-ish words with an occasional emphasis or link."""
    chosen = [rng.choice(WORDS) for _ in range(words)]
    if rng.random() < 0.3:
        i = rng.randrange(words)
        chosen[i] = f"*{chosen[i]}*"
    if rng.random() < 0.1:
        i = rng.randrange(words)
        chosen[i] = f"[{chosen[i]}](https://example.org/{chosen[i]})"
    text = " ".join(chosen)
    return text[0].upper() + text[1:] + rng.choice(".....!?")


def paragraph(rng: random.Random) -> str:
    """Four to seven sentences, sometimes with "quotes" and -- dashes for typography."""
    text = " ".join(sentence(rng, rng.randint(8, 18)) for _ in range(rng.randint(4, 7)))
    if rng.random() < 0.4:
        text += f' As one {rng.choice(WORDS)} put it, "{sentence(rng, 6)}" -- and it stuck.'
    return text


def body(rng: random.Random, words: int) -> str:
    """About `words` words in four sections: headings, paragraphs (at least two a section), a
    quote, a list, sometimes a spoiler."""
    parts: list[str] = []
    for section in range(4):
        parts.append(f"## {' '.join(rng.choice(WORDS) for _ in range(3)).title()}")
        quota = words * (section + 1) // 4 - HALF_PARAGRAPH
        for count in itertools.count():
            if count >= 2 and sum(len(part.split()) for part in parts) >= quota:
                break
            parts.append(paragraph(rng))
        if section == 1:
            parts.append(f"> {sentence(rng, 12)}")
        if section == 2:
            parts.append("\n".join(f"- {sentence(rng, 6)}" for _ in range(4)))
    if rng.random() < 0.25:
        parts.insert(-1, f"::: spoiler the {rng.choice(WORDS)}\n\n{paragraph(rng)}\n\n:::")
    return "\n\n".join(parts) + "\n"


def review(index: int, rng: random.Random, words: int) -> str:
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
    return "\n".join(front) + "\n\n" + body(rng, words)


def write_corpus(root: Path, reviews: int, words: int = REVIEW_WORDS, seed: int = 1982) -> Path:
    """Write a complete benchmark site of `reviews` reviews of about `words` words under
    `root`."""
    rng = random.Random(seed)
    folder = root / "content" / "reviews"
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(reviews):
        (folder / f"film-{index:05d}.md").write_text(review(index, rng, words), encoding="utf-8")
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
    args = parser.parse_args()
    write_corpus(args.folder, args.reviews, args.words)


if __name__ == "__main__":
    main()
