"""Image benchmarks: a poster per review, builds with and without posters, the bytes a home
page transfers, and the quality sweep behind the default `images.quality`.

    python benchmarks/posters.py [--sizes 1000] [--runs 3] [--sweep] [--cards]

(also run by `run.py --posters`). Posters are generated: a picture of soft shapes and film
grain per review, about 1000x1500 pixels and 150 KB as JPEG, each different.
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from corpus import write_corpus  # noqa: E402 (a script beside this one)
from PIL import Image, ImageDraw  # noqa: E402

from tests.images import photo  # noqa: E402 (the tests' picture maker, one definition)

POSTER_SIZE = (1000, 1500)
# Distinct base pictures; each poster is one of them with a patch of its own, so no two files
# are alike (each is decoded and resized on its own), without drawing 1,000 pictures.
BASES = 12
# How wide the theme shows a poster on a card (6rem), in CSS pixels.
CARD_CSS_PX = 96


def add_posters(site: Path) -> None:
    """Give every review of a corpus a poster file and a `poster:` line."""
    bases = [photo(*POSTER_SIZE, seed=index) for index in range(BASES)]
    folder = site / "static" / "images" / "posters"
    folder.mkdir(parents=True, exist_ok=True)
    for index, review in enumerate(sorted((site / "content" / "reviews").glob("*.md"))):
        picture = bases[index % BASES].copy()
        pen = ImageDraw.Draw(picture)
        x, y = (index * 37) % 900, (index * 53) % 1400
        pen.rectangle((x, y, x + 96, y + 96), fill=(index % 256, (index * 7) % 256, 90))
        out = io.BytesIO()
        picture.save(out, "JPEG", quality=88)
        (folder / f"{review.stem}.jpg").write_bytes(out.getvalue())
        text = review.read_text(encoding="utf-8")
        review.write_text(
            text.replace("\n---\n", f"\nposter: images/posters/{review.stem}.jpg\n---\n", 1),
            encoding="utf-8",
        )


def home_image_bytes(out: Path, dpr: int) -> tuple[int, int]:
    """Image bytes of the home page's posters: as the originals, and as the copies a browser
    at `dpr` device pixels per CSS pixel picks (the narrowest WebP at least as wide as the
    card needs)."""
    page = (out / "index.html").read_text(encoding="utf-8")
    originals = resized = 0
    for srcset in re.findall(r'<source type="image/webp" srcset="([^"]+)"', page):
        options = [item.split() for item in srcset.split(", ")]
        widths = [(int(width[:-1]), address) for address, width in options]
        need = CARD_CSS_PX * dpr
        address = next((a for w, a in widths if w >= need), widths[-1][1])
        resized += (out / address.lstrip("/")).stat().st_size
        stem = Path(address).name.rsplit("-", 2)[0]
        originals += (out / "static/images/posters" / f"{stem}.jpg").stat().st_size
    return originals, resized


def benchmark_posters(size: int, runs: int) -> None:
    """Cold, no-change and one-edit builds of one corpus without posters and with them."""
    from run import CHILD_ENV, repeat

    build = [sys.executable, "-m", "vhsheaven", "build", "--quiet"]
    with tempfile.TemporaryDirectory(prefix="vhsheaven-posters-") as tmp:
        plain = write_corpus(Path(tmp) / "plain", size)
        posters = write_corpus(Path(tmp) / "posters", size)
        add_posters(posters)
        print(f"\n{size} reviews, without and with a poster each (median of {runs})")
        print(f"  {'':<22} {'no posters':>12} {'posters':>12}")
        results = {}
        for name, site in (("plain", plain), ("posters", posters)):
            results[name] = _timed(site, runs, build, CHILD_ENV, repeat)
        for label in results["plain"]:
            a, b = results["plain"][label], results["posters"][label]
            print(f"  {label:<22} {a.seconds:10.2f} s {b.seconds:10.2f} s")
        for dpr in (1, 2):
            originals, resized = home_image_bytes(posters / "_site", dpr)
            ratio = originals / resized
            print(
                f"  home page posters at {dpr}x: originals {originals / 1024:,.0f} KiB, "
                f"resized {resized / 1024:,.0f} KiB ({ratio:.1f}x fewer bytes)"
            )


def _timed(site: Path, runs: int, build: list[str], env: dict[str, str], repeat: object) -> dict:
    """Cold, no-change and one-review-edit timings of `site` (run.py's repeat())."""
    review = sorted((site / "content" / "reviews").glob("*.md"))[0]
    original = review.read_text()

    def cold(_: int) -> None:
        shutil.rmtree(site / "_site", ignore_errors=True)
        shutil.rmtree(site / ".vhsheaven-cache", ignore_errors=True)

    def edit(run: int) -> None:
        review.write_text(original + f"\nAn edit, number {run}.\n")

    assert callable(repeat)
    return {
        "cold build": repeat(runs, cold, build, site),
        "no-change rebuild": repeat(runs, lambda _: None, build, site),
        "one-review edit": repeat(runs, edit, build, site),
    }


def quality_sweep() -> None:
    """Bytes and error of a poster's 256-pixel copy at several qualities, WebP and JPEG."""
    from vhsheaven.images.resize import encode
    from vhsheaven.images.variants import Rendition

    pictures = [photo(*POSTER_SIZE, seed=index) for index in range(6)]
    print("\nquality sweep: 256x384 copies of 6 posters (mean bytes, mean absolute error 0-255)")
    for quality in (50, 60, 70, 75, 80, 85, 90, 95):
        row = []
        for kind in ("webp", "jpeg"):
            rendition = Rendition("x", 256, 384, kind, quality)
            sizes, errors = [], []
            for picture in pictures:
                reference = picture.resize((256, 384), Image.Resampling.LANCZOS, reducing_gap=3.0)
                data = encode(picture, rendition)
                decoded = Image.open(io.BytesIO(data)).convert("RGB")
                sizes.append(len(data))
                errors.append(_mean_error(reference, decoded))
            kib, error = sum(sizes) / len(sizes) / 1024, sum(errors) / len(errors)
            row.append(f"{kind} {kib:5.1f} KiB err {error:4.2f}")
        print(f"  q{quality:<3} " + "   ".join(row))


def card_cost(runs: int) -> None:
    """CPU time of one share card: without a poster, drawn from the original poster, and
    from the poster's 256-pixel copy (what a build draws it from)."""
    from vhsheaven.images.card import CardText, draw_card
    from vhsheaven.images.resize import resized
    from vhsheaven.images.variants import Rendition

    font = HERE.parent / "static" / "fonts" / "DejaVuSansMono-Bold.ttf"
    text = CardText("The Texas Chain Saw Massacre Part 2", "1986", "7.5/10", "VHS Heaven")
    out = io.BytesIO()
    photo(*POSTER_SIZE, seed=1).save(out, "JPEG", quality=88)
    original = out.getvalue()
    copy = resized(original, (Rendition("x", 256, 384, "jpeg", 80),))[0]
    print(f"\nshare card, CPU per card (best of {runs} runs of 20 cards)")
    cases = (("no poster", None), ("from the original", original), ("from the copy", copy))
    for label, poster in cases:
        best = min(_cpu(lambda p=poster: draw_card(text, font, p), 20) for _ in range(runs))
        print(f"  {label:<18} {best * 1000:6.2f} ms")


def _cpu(work: Callable[[], object], count: int) -> float:
    """Mean CPU seconds of `work` over `count` calls."""
    import time

    start = time.process_time()
    for _ in range(count):
        work()
    return (time.process_time() - start) / count


def _mean_error(a: Image.Image, b: Image.Image) -> float:
    """Mean absolute difference of two same-size RGB pictures, per channel."""
    from PIL import ImageChops, ImageStat

    return sum(ImageStat.Stat(ImageChops.difference(a, b)).mean) / 3


def main() -> None:
    """Command line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sweep", action="store_true", help="only the quality sweep")
    parser.add_argument("--cards", action="store_true", help="only the share card's cost")
    args = parser.parse_args()
    if args.sweep:
        quality_sweep()
        return
    if args.cards:
        card_cost(args.runs)
        return
    for size in args.sizes:
        benchmark_posters(size, args.runs)


if __name__ == "__main__":
    main()
