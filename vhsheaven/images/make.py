"""The decoding and encoding work, one Task an image or card, in worker processes when many."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vhsheaven.images.card import CardText, draw_card
from vhsheaven.images.resize import resized
from vhsheaven.images.source import ALLOWED, BadImage
from vhsheaven.images.variants import Rendition
from vhsheaven.incremental.store import replace_whole
from vhsheaven.pool import parallel_map, shared

# Encoding a poster's copies takes tens of milliseconds: workers pay off well before the
# pool's usual threshold of cheap items.
MIN_PARALLEL = 8


@dataclass(frozen=True, slots=True)
class Task:
    """Make the files `names` (in the cache folder): a source's copies, or a review's card."""

    # The source image's file ("" for a card without a poster), and its path under static/.
    source: str
    path: str
    made: tuple[Rendition, ...]
    names: tuple[str, ...]
    card: CardText | None = None
    font: str | None = None


def run_all(tasks: list[Task], folder: Path) -> list[BadImage | None]:
    """Each task done, in order: None, or what is wrong with its source image."""
    return list(parallel_map(_run, tasks, min_items=MIN_PARALLEL, share=folder))


def _run(task: Task) -> BadImage | None:
    """One task (may run in a worker process); its files written whole into the folder."""
    folder: Path = shared()
    try:
        data = Path(task.source).read_bytes() if task.source else None
    except OSError as exc:
        return BadImage(f"cannot be read ({exc.strerror})", ALLOWED)
    try:
        if task.card is not None:
            font = Path(task.font) if task.font else None
            outputs = [draw_card(task.card, font, data)]
        else:
            assert data is not None
            outputs = resized(data, task.made)
    except BadImage as exc:
        return exc
    for name, output in zip(task.names, outputs, strict=True):
        replace_whole(folder / name, output)
    return None
