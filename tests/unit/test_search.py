"""Search records (never a spoiler), the bundle's fixed order, and the `search` setting."""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path

import pytest

from tests.tools import require
from vhsheaven.errors import Location
from vhsheaven.load.review_file import ReviewMeta, ReviewSource
from vhsheaven.load.settings import SiteConfig, load_config
from vhsheaven.markup.convert import convert
from vhsheaven.model.site import make_review
from vhsheaven.search import canonical
from vhsheaven.search.pagefind import PagefindMissing, find_binary, index
from vhsheaven.search.records import Record, review_record, text_of, without_details
from vhsheaven.search.sidecar import FILTERS_FILE, SORTS_FILE, sidecar

CONFIG = SiteConfig(title="T", base_url="https://example.org/")
BODY = """\
The ferry leaves at dawn.

::: spoiler the twist

The lighthouse keeper was zanzibarquux all along.

:::

The credits roll over the harbour.
"""


def test_without_details_cuts_every_details_element_nested_or_not() -> None:
    html = (
        "<p>a</p><details class='spoiler'><summary>s</summary><p>b</p>"
        "<details><p>c</p></details><p>d</p></details><p>e</p><DETAILS open>f</DETAILS>g"
    )
    assert without_details(html) == "<p>a</p><p>e</p>g"


def test_text_of_spaces_blocks_and_decodes_entities() -> None:
    assert text_of("<h2>One</h2><p>Tom &amp; <em>Jerry</em></p><p>end</p>") == "One Tom & Jerry end"


def film() -> ReviewSource:
    meta = ReviewMeta(
        title="The Ferry",
        year=1987,
        rating=7.5,
        author="Ann Other",
        slug="the-ferry",
        original_title="Le Bac",
        directors=("Agnès Varda",),
        cast=("Jane Birkin", "Serge Gainsbourg"),
        genres=("Drama", "Mystery"),
    )
    return ReviewSource(meta, BODY, Location(Path("content/reviews/the-ferry.md")), 10)


def test_a_record_holds_the_searchable_fields_and_never_the_spoiler() -> None:
    source = film()
    body = convert(source.markdown)
    record = review_record(make_review(source, body, None, CONFIG), CONFIG)
    assert record.url == "reviews/the-ferry/"
    for words in ("The Ferry", "Le Bac", "Agnès Varda", "Jane Birkin", "Serge Gainsbourg",
                  "ferry leaves at dawn", "credits roll over the harbour"):  # fmt: skip
        assert words in record.content
    assert "zanzibarquux" in body.html  # the body has it, hidden in <details>
    assert "zanzibarquux" not in record.content and "lighthouse" not in record.content
    assert dict(record.filters) == {
        "genre": ("Drama", "Mystery"),
        "decade": ("1980s",),
        "director": ("Agnès Varda",),
        "author": ("Ann Other",),
    }
    assert dict(record.sort) == {"rating": "7.5", "year": "1987", "date": "0"}
    assert dict(record.meta)["rating"] == "7.5/10" and dict(record.meta)["fill"] == "75.0"


def test_the_search_setting_is_on_unless_set_false(tmp_path: Path) -> None:
    site = tmp_path / "site.yaml"
    site.write_text("title: T\nbase_url: https://example.org/\n", encoding="utf-8")
    config, _ = load_config(tmp_path)
    assert config is not None and config.search
    site.write_text("title: T\nbase_url: https://example.org/\nsearch: false\n", encoding="utf-8")
    config, _ = load_config(tmp_path)
    assert config is not None and not config.search
    site.write_text("title: T\nbase_url: https://example.org/\nsearch: maybe\n", encoding="utf-8")
    config, problems = load_config(tmp_path)
    assert config is None
    assert [str(p) for p in problems] == [
        'site.yaml:3: search: must be true or false (got "maybe") (allowed: true, false)'
    ]


def records(count: int) -> list[Record]:
    """Records with several values in every filter, which Pagefind orders at random."""
    return [
        Record(
            f"r/{n}/",
            f"words about tape {n} and the night shift",
            (("title", f"Tape {n}"),),
            (("genre", tuple(f"g{k}" for k in range(n % 4 + 1))), ("decade", (f"{n % 5}0s",))),
            (("year", str(1980 + n % 9)), ("rating", str(n % 10))),
        )
        for n in range(count)
    ]


def binary_or_skip() -> None:
    try:
        find_binary()
    except PagefindMissing:
        require(False, "the Pagefind binary is not installed (pip install 'pagefind[bin]')")


def test_the_same_records_give_the_same_bundle_every_run() -> None:
    binary_or_skip()
    runs = [index(records(60), "en") for _ in range(4)]
    assert all(run == runs[0] for run in runs)
    entry = json.loads(runs[0][canonical.ENTRY])
    meta_name = f"pagefind.{entry['languages']['en']['hash']}.pf_meta"
    assert meta_name in runs[0]
    filters = [name for name in runs[0] if name.startswith("filter/")]
    assert len(filters) == 2
    for name in filters:
        data = gzip.decompress(runs[0][name])
        assert name == f"filter/en_{canonical._name_hash(data[12:], 7)}.pf_filter"


@pytest.mark.parametrize(
    "value",
    [0, 23, 24, 255, 256, 65535, 65536, -1, -25, "", "é", b"\x00", [], [1, [2, "x"]], None, True],
)
def test_cbor_round_trips_what_pagefind_writes(value: object) -> None:
    data = canonical._encode(value)
    assert canonical._decode(data, 0) == (value, len(data))


def test_fragments_are_named_by_short_hashes_of_their_bytes_that_no_other_shares() -> None:
    binary_or_skip()
    bundle = index(records(60), "en")
    entry = json.loads(bundle[canonical.ENTRY])
    meta = canonical._read(bundle[f"pagefind.{entry['languages']['en']['hash']}.pf_meta"])
    names = [page[0] for page in meta[1]]
    fragments = {name for name in bundle if name.startswith("fragment/")}
    assert fragments == {f"fragment/{name}.pf_fragment" for name in names}
    assert len(set(names)) == 60
    for name in names:
        data = bundle[f"fragment/{name}.pf_fragment"]
        assert canonical._base36(hashlib.sha1(data).digest()).startswith(name)
        assert len(name) == canonical.FRAGMENT_NAME
    assert [name for name in bundle if name.startswith("wasm.")] == ["wasm.en.pagefind"]
    assert meta[4] == []  # no sort orders in the meta file: sorts.json holds the keys


def test_two_digests_alike_at_first_are_named_until_they_differ() -> None:
    first, second = "abcde1" + "0" * 25, "abcde2" + "0" * 25
    alike = {first, second}
    assert canonical._shortest(first, alike) == "abcde1"
    assert canonical._shortest(second, alike) == "abcde2"
    assert canonical._shortest("zzzzz" + "0" * 26, {"zzzzz" + "0" * 26}) == "zzzzz"


def test_the_sidecar_lists_filter_values_and_each_pages_sort_keys() -> None:
    made = sidecar(records(3), ["p0", "p1", "p2"])
    assert json.loads(made[FILTERS_FILE]) == {
        "decade": ["00s", "10s", "20s"],
        "genre": ["g0", "g1", "g2"],
    }
    assert json.loads(made[SORTS_FILE]) == {
        "keys": ["rating", "year"],
        "pages": {"p0": [0, 1980], "p1": [1, 1981], "p2": [2, 1982]},
    }
