"""What a cache object's builds worked out, kept in this process only and never saved.

A long-running process (the dev server) keeps one cache object open from build to build,
and with it this memory: a one-review edit then skips redoing the rest. Each field says
what it holds and who fills it; none outlives the cache object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from vhsheaven.incremental.kept_model import Kept
    from vhsheaven.load.reviews import Prepared
    from vhsheaven.model.site import Review, Site

# A blob in the pack: (offset, length, checksum); see store.Ref.
Ref = tuple[int, int, str]
# Output file → (fingerprint of what it was made from, its stamp after writing).
Outputs = dict[str, tuple[str, tuple[int, int, int, int]]]


@dataclass(slots=True)
class Memory:
    """One process's results, by the step that made them."""

    # store.BuildCache.result: review files' checked results, unpickled once.
    results: dict[Ref, Any] = field(default_factory=dict)
    # store.BuildCache.last_plan / keep_plan: the page plan (write/site.Plan), once asked for.
    plan: Any = None
    plan_known: bool = False
    # load.reviews.prepare_all: the settings key and what the last look at the files found.
    scan: tuple[str, dict[str, Prepared]] | None = None
    # build.place: the settings a review was placed under, and each placed review by key.
    placed: tuple[str, dict[str, Review]] = ("", {})
    # build.place: the last site model, patched when the next has its shape.
    site: Site | None = None
    # kept_model: what the pack holds of the placed site model (None: nothing this process
    # knows of).
    model: Kept | None = None
    # write.site: the last build's file names, and in output order.
    files: tuple[set[str], tuple[str, ...]] = (set(), ())
    # search.bundle: the last search bundle made or read, with its key (search_key).
    search: tuple[str, Any] | None = None
    # images.survey: each review's share-card task (by slug), with what it was made from.
    cards: dict[str, tuple[tuple[Any, ...], Any]] = field(default_factory=dict)
    # write.site: what this process last recorded of each output folder it wrote.
    recorded: dict[str, Outputs] = field(default_factory=dict)
