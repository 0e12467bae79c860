"""The cache's copy of site.yaml's settings: used only for the very bytes it was checked from."""

from __future__ import annotations

import dataclasses
import os
import pickle
from pathlib import Path

import pytest

from vhsheaven.build import load_site_config
from vhsheaven.errors import BuildFailed, sort_diagnostics
from vhsheaven.incremental import settings_snapshot
from vhsheaven.incremental import store as cache
from vhsheaven.incremental.settings_snapshot import CONFIG_SNAPSHOT, recall_config, remember_config
from vhsheaven.load.settings import CACHE_DIR, SiteConfig, load_config
from vhsheaven.options import BuildOptions

GOOD = "title: VHS Heaven\nbase_url: https://e.org/\nextra:\n  colours: [pink, cream]\n"
SNAPSHOT = Path(CACHE_DIR, CONFIG_SNAPSHOT)


def build_config(
    root: Path, text: str | None = None, options: BuildOptions | None = None
) -> SiteConfig:
    """What a build loads, after writing site.yaml if `text` is given."""
    if text is not None:
        (root / "site.yaml").write_text(text, encoding="utf-8")
    return load_site_config(root, options or BuildOptions(), remember=True)


def problems(root: Path) -> list[str]:
    """What a build reports about site.yaml."""
    with pytest.raises(BuildFailed) as failed:
        build_config(root)
    return [str(d) for d in failed.value.diagnostics]


def uncached_problems(root: Path) -> list[str]:
    """What site.yaml's checks find, in the order a build reports them."""
    return [str(d) for d in sort_diagnostics(load_config(root)[1])]


def forge(root: Path, config: SiteConfig) -> None:
    """Store other settings under the current site.yaml's bytes, as if a build had."""
    (root / SNAPSHOT).unlink(missing_ok=True)
    remember_config(root, (root / "site.yaml").read_bytes(), config)


def test_a_build_keeps_the_settings_and_the_next_takes_them_unparsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = build_config(tmp_path, GOOD)
    assert (tmp_path / SNAPSHOT).is_file()
    assert recall_config(tmp_path, (tmp_path / "site.yaml").read_bytes()) == config
    monkeypatch.setattr("vhsheaven.build.parse_config", None)  # calling it would fail
    assert build_config(tmp_path) == config
    assert dict(build_config(tmp_path).extra) == {"colours": ["pink", "cream"]}


def test_an_edited_site_yaml_is_parsed_again_even_with_its_old_size(tmp_path: Path) -> None:
    build_config(tmp_path, GOOD)
    edited = GOOD.replace("VHS Heaven", "VHS Hell!!")
    assert len(edited) == len(GOOD)
    assert build_config(tmp_path, edited).title == "VHS Hell!!"
    assert build_config(tmp_path, GOOD).title == "VHS Heaven"  # and back again


def test_a_bad_site_yaml_is_reported_exactly_as_without_a_cache(tmp_path: Path) -> None:
    build_config(tmp_path, GOOD)
    for bad in ("titel: X\nbase_url: https://e.org/\n", "title: x\nbase_url: [\n", ""):
        (tmp_path / "site.yaml").write_text(bad, encoding="utf-8")
        assert problems(tmp_path) == uncached_problems(tmp_path) != []
    (tmp_path / "site.yaml").unlink()
    assert problems(tmp_path) == uncached_problems(tmp_path) != []


def test_the_base_url_option_applies_to_kept_settings(tmp_path: Path) -> None:
    build_config(tmp_path, GOOD)
    moved = build_config(tmp_path, options=BuildOptions(base_url="https://user.github.io/vhs"))
    assert (moved.base_url, moved.title) == ("https://user.github.io/vhs/", "VHS Heaven")
    assert build_config(tmp_path).base_url == "https://e.org/"


@pytest.mark.parametrize("damage", ["garbage", "empty", "truncated", "flipped byte"])
def test_damaged_settings_are_ignored_and_rewritten(tmp_path: Path, damage: str) -> None:
    config = build_config(tmp_path, GOOD)
    forge(tmp_path, SiteConfig("Forged", "https://forged.org/"))
    kept = tmp_path / SNAPSHOT
    data = kept.read_bytes()
    spoilt = {
        "garbage": b"\x80garbage" * 10,
        "empty": b"",
        "truncated": data[: len(data) // 2],
        "flipped byte": data[:-1] + bytes([data[-1] ^ 1]),
    }[damage]
    kept.write_bytes(spoilt)
    assert build_config(tmp_path) == config
    assert kept.read_bytes() not in (spoilt, data)
    assert build_config(tmp_path) == config


def test_settings_kept_by_other_tools_are_not_trusted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = build_config(tmp_path, GOOD)
    monkeypatch.setattr(settings_snapshot, "tool_versions", lambda: "an older vhsheaven")
    forge(tmp_path, SiteConfig("Forged", "https://forged.org/"))
    monkeypatch.undo()
    assert build_config(tmp_path) == config


def test_clean_never_reads_them_and_no_cache_neither_reads_nor_writes(tmp_path: Path) -> None:
    config = build_config(tmp_path, GOOD)
    forged = SiteConfig("Forged", "https://forged.org/")
    forge(tmp_path, forged)
    assert build_config(tmp_path, options=BuildOptions(cache=False)) == config
    assert build_config(tmp_path) == forged  # untouched: the forgery shows it is the one read
    assert build_config(tmp_path, options=BuildOptions(clean=True)) == config
    assert build_config(tmp_path) == config  # --clean rewrote it
    (tmp_path / SNAPSHOT).unlink()
    build_config(tmp_path, options=BuildOptions(cache=False))
    assert not (tmp_path / SNAPSHOT).exists()


def test_a_site_with_its_cache_elsewhere_keeps_them_nowhere(tmp_path: Path) -> None:
    build_config(tmp_path, GOOD)
    moved = build_config(tmp_path, GOOD + "cache_dir: build/cache\n")
    assert moved.cache_dir == "build/cache"
    assert build_config(tmp_path) == moved  # the old copy is of other bytes: not used
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert build_config(elsewhere, GOOD + "cache_dir: build/cache\n") == moved
    assert [p.name for p in elsewhere.rglob("*")] == ["site.yaml"]


def test_a_check_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text(GOOD, encoding="utf-8")
    load_site_config(tmp_path, BuildOptions())
    assert not (tmp_path / CACHE_DIR).exists()


def test_blobs_stay_where_their_refs_say_across_forked_workers(tmp_path: Path) -> None:
    """A build stores blobs, forks workers that read blobs (as output._render_all's read
    bodies), and stores more: no worker may write anything of the parent's into the pack."""
    store = cache.BuildCache.open(tmp_path / "cache")
    before = [store.put(f"before {n} ".encode() * 5) for n in range(200)]
    pid = os.fork()
    if pid == 0:  # the worker: reads, then ends as pool workers do, without cleaning up
        read = all(store.get(ref) == f"before {n} ".encode() * 5 for n, ref in enumerate(before))
        os._exit(0 if read else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    after = [store.put(f"after {n} ".encode() * 5) for n in range(200)]
    store.save()
    reopened = cache.BuildCache.open(tmp_path / "cache")
    assert [reopened.get(ref) for ref in after] == [f"after {n} ".encode() * 5 for n in range(200)]
    assert (tmp_path / "cache" / cache.PACK).stat().st_size == after[-1][0] + after[-1][1]


@dataclasses.dataclass(frozen=True, slots=True)
class _Slotted:
    name: str
    count: int = 0


@dataclasses.dataclass(frozen=True)
class _Unslotted:
    name: str
    count: int = 0


@pytest.mark.parametrize("kind", [_Slotted, _Unslotted])
def test_frozen_dataclasses_come_back_from_the_cache_equal(kind: type) -> None:
    # Slotted ones are filled through their slots' setters, others as object.__setattr__ does.
    value = kind("Tampopo", 3)
    again = pickle.loads(cache.dumps([value, kind("Ran")]))
    assert again == [value, kind("Ran")]
    assert type(again[0]) is kind
    with pytest.raises(dataclasses.FrozenInstanceError):
        again[0].count = 4
