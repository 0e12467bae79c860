"""Writing an import's plan: only new files under content/ and static/, never an overwrite."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal

from vhsheaven.importing.plan import Plan, Review
from vhsheaven.load.review_tree import find_reviews
from vhsheaven.load.settings import STATIC_DIR
from vhsheaven.load.slugs import slugify

Outcome = Literal["written", "unchanged", "clash", "would write"]
ALLOWED_TOPS = ("content", STATIC_DIR)


@dataclass(frozen=True, slots=True)
class Done:
    """What became of one review: its outcome, the image files it brought, a clash's reason."""

    review: Review
    outcome: Outcome
    images: tuple[PurePosixPath, ...]
    clash: str = ""


def apply(plan: Plan, root: Path, dry_run: bool) -> list[Done]:
    """Write every review whose files are all new or all as they would be written."""
    # A review elsewhere under content/reviews/ whose file name gives the same slug.
    slugs = {slugify(PurePosixPath(name).stem): name for name in find_reviews(root).names}
    done = []
    for review in plan.reviews:
        holder = slugs.get(review.path.stem, review.path.as_posix())
        if holder != review.path.as_posix():
            reason = f"{holder} has the slug {review.path.stem} already; it was left as it is"
            done.append(Done(review, "clash", (), reason))
        else:
            done.append(_one(review, root, dry_run))
    return done


def _files(review: Review) -> list[tuple[PurePosixPath, Path | bytes]]:
    files: list[tuple[PurePosixPath, Path | bytes]] = [(review.path, review.composed.text.encode())]
    files += [
        (PurePosixPath(STATIC_DIR) / place, found)
        for place, found in review.composed.images.items()
    ]
    return files


def _one(review: Review, root: Path, dry_run: bool) -> Done:
    files = _files(review)
    images = tuple(path for path, _ in files[1:])
    new: list[tuple[PurePosixPath, bytes]] = []
    for path, content in files:
        data = content if isinstance(content, bytes) else content.read_bytes()
        target = root / path
        reason = _outside(root, path)
        if reason:
            return Done(review, "clash", images, reason)
        if target.exists() or target.is_symlink():
            if target.is_symlink() or not target.is_file() or target.read_bytes() != data:
                return Done(
                    review,
                    "clash",
                    images,
                    f"{path} exists with other content; it was left as it is",
                )
            continue
        new.append((path, data))
    if not new:
        return Done(review, "unchanged", images)
    if dry_run:
        return Done(review, "would write", images)
    for path, data in new:
        _create(root / path, data)
    return Done(review, "written", images)


def _outside(root: Path, path: PurePosixPath) -> str:
    """Why a path may not be written: outside content/ and static/, or through a link."""
    if path.parts[0] not in ALLOWED_TOPS or ".." in path.parts:
        return f"{path} is outside content/ and static/"
    site = Path(os.path.realpath(root))
    folder = root
    for part in path.parts[:-1]:
        folder = folder / part
        if folder.is_symlink() and not Path(os.path.realpath(folder)).is_relative_to(site):
            link = folder.relative_to(root)
            return f"{link} is a link out of the site; nothing is written through it"
    return ""


def _create(target: Path, data: bytes) -> None:
    """A new file, made so that it can never replace one that appeared meanwhile."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("xb") as file:
        file.write(data)
