"""Compiled templates are kept behind a checksum and run only when made for this template
by these tools."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from vhsheaven.incremental import compiled
from vhsheaven.incremental.compiled import CheckedBytecodeCache


class Counting(CheckedBytecodeCache):
    """Counts the templates Jinja had to compile (it keeps each it compiled)."""

    dumped = 0

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        Counting.dumped += 1
        super().dump_bytecode(bucket)


def render(tmp_path: Path, source: str = "Hello {{ name }}!") -> str:
    """Render a one-template site through a fresh environment and the cache folder."""
    templates = tmp_path / "templates"
    templates.mkdir(exist_ok=True)
    (templates / "page.html").write_text(source, encoding="utf-8")
    cache = Counting(tmp_path / "compiled")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(templates), bytecode_cache=cache)
    return env.get_template("page.html").render(name="tape")


@pytest.fixture(autouse=True)
def counting(tmp_path: Path) -> None:
    (tmp_path / "compiled").mkdir()
    Counting.dumped = 0


def test_a_template_compiled_once_is_run_from_the_cache(tmp_path: Path) -> None:
    assert render(tmp_path) == render(tmp_path) == "Hello tape!"
    assert Counting.dumped == 1


def test_a_changed_template_is_compiled_again(tmp_path: Path) -> None:
    render(tmp_path)
    assert render(tmp_path, "Bye {{ name }}.") == "Bye tape."
    assert Counting.dumped == 2


def test_a_file_from_other_tools_is_compiled_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    render(tmp_path)
    monkeypatch.setattr(compiled, "tool_versions", lambda: "another version")
    assert render(tmp_path) == "Hello tape!"
    assert Counting.dumped == 2


def test_damaged_bytecode_is_compiled_again_never_run(tmp_path: Path) -> None:
    render(tmp_path)
    (stored,) = (tmp_path / "compiled").iterdir()
    stored.write_bytes(stored.read_bytes().replace(b"Hello ", b"Hellp "))
    assert render(tmp_path) == "Hello tape!"
    assert Counting.dumped == 2
    assert b"Hellp" not in stored.read_bytes()
