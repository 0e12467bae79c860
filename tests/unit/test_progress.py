"""The progress bar: only on a terminal, only once a build has run for a second."""

from __future__ import annotations

import io

from vhsheaven.progress import ProgressBar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_short_builds_and_pipes_show_no_bar() -> None:
    clock, terminal, pipe = Clock(), Terminal(), io.StringIO()
    on_terminal, on_pipe = ProgressBar(terminal, clock), ProgressBar(pipe, clock)
    on_terminal("reading", 1, 10)
    clock.now += 5
    on_pipe("reading", 2, 10)
    on_pipe.close()
    assert terminal.getvalue() == pipe.getvalue() == ""


def test_long_builds_draw_a_bar_that_is_erased_at_the_end() -> None:
    clock, terminal = Clock(), Terminal()
    bar = ProgressBar(terminal, clock)
    clock.now += 1.5
    bar("reading", 5, 10)
    bar("reading", 5, 10)  # no change: no redraw
    bar("writing", 10, 10)
    bar.close()
    assert terminal.getvalue() == (
        "\r\x1b[2Kreading  [###############---------------] 5/10"
        "\r\x1b[2Kwriting  [##############################] 10/10"
        "\r\x1b[2K"
    )


def test_a_shorter_frame_leaves_nothing_of_the_longer_one_before_it() -> None:
    clock, terminal = Clock(), Terminal()
    bar = ProgressBar(terminal, clock)
    clock.now += 1.5
    bar("reading", 459, 88200)
    bar("writing", 459, 882)
    frames = terminal.getvalue().split("\r")[1:]
    # Every frame is drawn on a line that was erased first (ESC [2K), as a terminal shows it.
    assert frames == [
        "\x1b[2Kreading  [------------------------------] 459/88200",
        "\x1b[2Kwriting  [###############---------------] 459/882",
    ]
