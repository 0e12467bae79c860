"""A deterministic corpus of N film reviews of about 1,000 words, for benchmarks.

`python benchmarks/corpus.py DIR --reviews 1000` writes a complete site (site.yaml, the
repository's theme, content/reviews/*.md). The same N always gives the same bytes.
"""

from __future__ import annotations

import argparse
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


def body(rng: random.Random) -> str:
    """About 1,000 words: headings, paragraphs, a quote, a list, sometimes a spoiler."""
    parts: list[str] = []
    for section in range(4):
        parts.append(f"## {' '.join(rng.choice(WORDS) for _ in range(3)).title()}")
        parts.extend(paragraph(rng) for _ in range(2))
        if section == 1:
            parts.append(f"> {sentence(rng, 12)}")
        if section == 2:
            parts.append("\n".join(f"- {sentence(rng, 6)}" for _ in range(4)))
    if rng.random() < 0.25:
        parts.insert(-1, f"::: spoiler the {rng.choice(WORDS)}\n\n{paragraph(rng)}\n\n:::")
    return "\n\n".join(parts) + "\n"


def review(index: int, rng: random.Random) -> str:
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
    return "\n".join(front) + "\n\n" + body(rng)


def write_corpus(root: Path, reviews: int, seed: int = 1982) -> Path:
    """Write a complete benchmark site of `reviews` reviews under `root`."""
    rng = random.Random(seed)
    folder = root / "content" / "reviews"
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(reviews):
        (folder / f"film-{index:05d}.md").write_text(review(index, rng), encoding="utf-8")
    for name in ("templates", "static"):
        shutil.copytree(REPO / name, root / name, dirs_exist_ok=True)
    (root / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    return root


def main() -> None:
    """Command line: write a corpus into DIR."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--reviews", type=int, default=1000)
    args = parser.parse_args()
    write_corpus(args.folder, args.reviews)


if __name__ == "__main__":
    main()
