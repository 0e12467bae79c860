"""What sharding the search index would cost a first query, and save a one-review edit.

`python benchmarks/search_shards.py SITE [--shards 1 4 16 64] [--query Ekberg]` loads a
built corpus (benchmarks/corpus.py), splits its records into K shards by a stable hash of
each review's address, indexes each shard with Pagefind as the build does, and prints for
each K: the CPU one shard's index takes (what an edit would re-index), and the bytes and
requests a first query needs from every shard (its entry file, its meta file and the index
chunk holding the query's word, as Pagefind's mergeIndex loads them), besides the fixed
files (Pagefind's script and WebAssembly) and the ten fragments shown, which sharding does
not change.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def cpu() -> float:
    """CPU seconds of this process and its finished children (the Pagefind binary)."""
    own, children = map(resource.getrusage, (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    """Command line."""
    from vhsheaven.build import load
    from vhsheaven.incremental.store import BuildCache
    from vhsheaven.options import BuildOptions
    from vhsheaven.search.canonical import ENTRY, _read
    from vhsheaven.search.pagefind import index
    from vhsheaven.search.records import review_record

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--shards", type=int, nargs="+", default=[1, 4, 16, 64])
    parser.add_argument("--query", default="Ekberg")
    args = parser.parse_args()
    site = load(args.site, BuildOptions(), cache=BuildCache.open(args.site / ".vhsheaven-cache"))
    records = [review_record(review, site.site.config) for review in site.site.reviews]
    term = args.query.lower()
    print(f"{len(records)} reviews; query {args.query!r}")
    print(f"{'shards':>6} {'CPU a shard':>12} {'requests':>9} {'entry+meta':>11} {'chunks':>9}")
    for shards in args.shards:
        parts: list[list[object]] = [[] for _ in range(shards)]
        for record in records:
            digest = hashlib.sha1(record.url.encode()).digest()
            parts[int.from_bytes(digest[:4], "big") % shards].append(record)
        metas = chunks = 0
        seconds = []
        for part in parts:
            started = cpu()
            bundle = index(part, "en")  # type: ignore[arg-type]
            seconds.append(cpu() - started)
            about = json.loads(bundle[ENTRY])["languages"]["en"]
            meta_name = f"pagefind.{about['hash']}.pf_meta"
            metas += len(bundle[ENTRY]) + len(bundle[meta_name])
            for start, end, name in _read(bundle[meta_name])[2]:
                if start <= term <= end:
                    chunks += len(bundle[f"index/{name}.pf_index"])
        median = sorted(seconds)[len(seconds) // 2]
        print(
            f"{shards:>6} {median:>10.3f} s {3 * shards:>9} "
            f"{metas / 1024:>7.0f} KiB {chunks / 1024:>5.0f} KiB"
        )


if __name__ == "__main__":
    started = time.perf_counter()
    main()
    print(f"({time.perf_counter() - started:.0f} s)")
