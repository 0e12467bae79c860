"""The command line as a person meets it: short flags, paths from the current folder, plurals,
colour on a terminal only, the preview hint, and `serve`'s port, address and --open."""

from __future__ import annotations

import errno
import os
import pty
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MakeSite, review_text, run_cli
from tests.e2e.serving import _wait_for_url, poll
from vhsheaven.serve.command import DEFAULT_PORT

BAD = "---\ntitle: Bad\nyear: 1985\nrating: eleven\n---\nText.\n"


def test_short_flags_do_what_the_long_ones_do(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site(
        {
            "content/reviews/a.md": review_text("A"),
            "content/reviews/b.md": review_text("B", extra="draft: true\n"),
            "content/reviews/c.md": review_text("C", extra="date: 2999-01-01\n"),
        }
    )
    out = tmp_path / "out"
    short = run_cli("build", "-s", root, "-o", out, "-D", "-F", "-b", "https://x.org/t/", "-q")
    assert (short.returncode, short.stdout, short.stderr) == (0, "", "")
    assert {p.name for p in (out / "reviews").iterdir()} == {"a", "b", "c"}
    assert 'href="/t/"' in (out / "reviews/a/index.html").read_text()
    checked = run_cli("check", "-s", root, "-D", "-F", "-q")
    assert (checked.returncode, checked.stdout) == (0, "")


def test_counts_are_singular_or_plural(make_site: MakeSite) -> None:
    root = make_site({"content/reviews/a.md": review_text("A")})
    one = run_cli("build", "--source", root).stdout
    assert one.startswith("Built 1 review: ") and " 1 reviews" not in one
    (root / "content/reviews/b.md").write_text(review_text("B"))
    assert run_cli("build", "--source", root).stdout.startswith("Built 2 reviews: ")
    checked = run_cli("check", "--source", root).stdout.splitlines()[-1]
    assert checked.startswith("Checked 2 reviews, ") and checked.endswith(": 0 errors, 0 warnings.")
    (root / "content/reviews/c.md").write_text(BAD)
    failed = run_cli("build", "--source", root).stderr.splitlines()[-1]
    assert failed == "Build failed: 1 error; the output folder was not changed."


def test_paths_are_shown_from_the_folder_the_command_runs_in(make_site: MakeSite) -> None:
    root = make_site({"content/reviews/bad.md": BAD})
    result = run_cli("build", "--source", root.name, cwd=root.parent)
    assert result.returncode == 1
    assert result.stderr.startswith(f"{root.name}/content/reviews/bad.md:4: rating: ")
    inside = run_cli("build", cwd=root)
    assert inside.stderr.startswith("content/reviews/bad.md:4: rating: ")
    (root / "content/reviews/bad.md").write_text(review_text("Good"))
    built = run_cli("build", "-s", root.name, cwd=root.parent).stdout.splitlines()
    assert built[-2].endswith(f" into {root.name}/_site")
    assert built[-1] == f"Preview it with: vhsheaven serve --source {root.name}"
    # The nothing-changed answer (entry.py) says the same.
    again = run_cli("build", "-s", root.name, cwd=root.parent).stdout.splitlines()
    assert again[-1] == built[-1] and again[-2].startswith("Built 1 review: ")


def on_a_terminal(args: list[str], cwd: Path, env: dict[str, str]) -> str:
    """What `vhsheaven ARGS` writes to stdout and stderr when both are a terminal."""
    main, secondary = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "vhsheaven", *args],
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=secondary,
        stderr=secondary,
    )
    os.close(secondary)
    seen = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError as exc:  # EIO: the process closed the terminal
            assert exc.errno == errno.EIO
            break
        if not chunk:
            break
        seen += chunk
    os.close(main)
    assert process.wait(timeout=120) == 1
    return seen.decode()


@pytest.mark.parametrize(
    ("extra_env", "extra_args", "colour"),
    [({}, [], True), ({"NO_COLOR": "1"}, [], False), ({}, ["--no-color"], False)],
    ids=["terminal", "NO_COLOR", "--no-color"],
)
def test_errors_are_red_on_a_terminal_unless_colour_is_turned_off(
    make_site: MakeSite, extra_env: dict[str, str], extra_args: list[str], colour: bool
) -> None:
    root = make_site({"content/reviews/bad.md": BAD})
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"} | extra_env
    text = on_a_terminal(["build", *extra_args], root, env)
    line = "content/reviews/bad.md:4: rating: "
    assert (f"\x1b[31m{line}" in text) is colour
    assert ("\x1b[" in text) is colour
    assert line in text
    # Not a terminal: never coloured.
    piped = run_cli("build", cwd=root, env=env)
    assert "\x1b[" not in piped.stderr and piped.stderr.startswith(line)


def start_serving(
    root: Path, *args: str, env: dict[str, str] | None = None
) -> tuple[subprocess.Popen[str], str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "vhsheaven", "serve", *args],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    return process, _wait_for_url(process)


def stop(process: subprocess.Popen[str]) -> tuple[str, str]:
    process.send_signal(2)
    return process.communicate(timeout=30)


def busy(port: int) -> socket.socket | None:
    """A socket holding 127.0.0.1:port, or None if something else holds it already."""
    holder = socket.socket()
    try:
        holder.bind(("127.0.0.1", port))
    except OSError:
        holder.close()
        return None
    holder.listen()
    return holder


def test_a_busy_default_port_moves_to_the_next_free_one(make_site: MakeSite) -> None:
    root = make_site({"content/reviews/a.md": review_text("A")})
    holder = busy(DEFAULT_PORT)
    try:
        process, url = start_serving(root)
        _, said = stop(process)
    finally:
        if holder is not None:
            holder.close()
    port = int(url.rsplit(":", 1)[1].split("/")[0])
    assert DEFAULT_PORT < port < DEFAULT_PORT + 20
    assert f"Port {DEFAULT_PORT} is in use; using {port} instead." in said


def test_a_busy_port_given_explicitly_is_an_error(make_site: MakeSite) -> None:
    root = make_site({"content/reviews/a.md": review_text("A")})
    holder = socket.socket()
    holder.bind(("127.0.0.1", 0))
    holder.listen()
    port = holder.getsockname()[1]
    try:
        result = run_cli("serve", "--source", root, "-p", str(port))
    finally:
        holder.close()
    assert result.returncode == 1
    assert result.stderr.startswith(f"cannot listen on 127.0.0.1:{port}: ")
    assert result.stderr.rstrip().endswith("; choose another --port")


@pytest.mark.parametrize("option", ["--bind", "--host"])
def test_bind_names_the_address_and_host_is_its_alias(make_site: MakeSite, option: str) -> None:
    root = make_site({"content/reviews/a.md": review_text("A")})
    process, url = start_serving(root, option, "127.0.0.1", "-p", "0")
    stop(process)
    assert url.startswith("http://127.0.0.1:")


def test_serve_open_opens_the_address_in_a_browser(make_site: MakeSite, tmp_path: Path) -> None:
    root = make_site({"content/reviews/a.md": review_text("A")})
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser"
    browser.write_text(f"#!/bin/sh\nprintf '%s' \"$1\" > {opened}\n")
    browser.chmod(0o755)
    env = {**os.environ, "BROWSER": str(browser)}
    process, url = start_serving(root, "--open", "-p", "0", env=env)
    try:
        # The browser is started just after the address is printed.
        poll(lambda: opened.exists() and opened.read_text(), bool, 30)
    finally:
        stop(process)
    assert opened.read_text() == url
