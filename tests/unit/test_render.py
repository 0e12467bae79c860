"""Rendering: autoescape, strict undefined, template errors with file and line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from vhsheaven.load.settings import SiteConfig
from vhsheaven.render.templates import (
    PAGE_TEMPLATES,
    check_templates,
    iso_date,
    long_date,
    make_environment,
)

CONFIG = SiteConfig(title="T", base_url="https://u.github.io/repo/")


def test_dates_do_not_depend_on_locale() -> None:
    day = dt.date(2026, 2, 3)
    assert (long_date(day), iso_date(day)) == ("3 February 2026", "2026-02-03")


def test_url_helpers_follow_the_base_path(tmp_path: Path) -> None:
    env = make_environment(tmp_path, CONFIG)
    template = env.from_string("{{ url() }} {{ url('reviews/x/') }} {{ absolute_url('a/') }}")
    assert template.render() == "/repo/ /repo/reviews/x/ https://u.github.io/repo/a/"
    remote = env.from_string("{{ url('https://img.example/p.jpg') }}").render()
    assert remote == "https://img.example/p.jpg"


def test_autoescape_and_strict_undefined(tmp_path: Path) -> None:
    env = make_environment(tmp_path, CONFIG)
    assert env.from_string("{{ t }}").render(t="<b>&") == "&lt;b&gt;&amp;"
    try:
        env.from_string("{{ missing }}").render()
    except Exception as exc:
        assert "missing" in str(exc)
    else:
        raise AssertionError("undefined variable rendered silently")


def test_check_templates_names_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    for name in PAGE_TEMPLATES:
        (tmp_path / "templates" / name).write_text("ok")
    (tmp_path / "templates" / "review.html").write_text("line one\n{% for x in y %}\n")
    problems = [str(p) for p in check_templates(tmp_path, make_environment(tmp_path, CONFIG))]
    assert len(problems) == 1
    assert problems[0].startswith("templates/review.html:2: template syntax error: Unexpected end")


def test_missing_template_is_reported(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    problems = [str(p) for p in check_templates(tmp_path, make_environment(tmp_path, CONFIG))]
    assert problems[0] == "templates/base.html: template not found: base.html"
    assert len(problems) == len(PAGE_TEMPLATES) == 13


def test_once_renders_a_macro_once_for_the_same_arguments(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "m.html").write_text(
        "{% macro card(name, level=3) %}<h{{ level }}>{{ name }} #{{ counter() }}"
        "</h{{ level }}>{% endmacro %}"
    )
    env = make_environment(tmp_path, CONFIG)
    calls = iter(range(1, 100))
    env.globals["counter"] = lambda: next(calls)
    page = env.from_string(
        '{% from "m.html" import card %}'
        "{{ once(card, 'a<') }} {{ once(card, 'b') }} {{ once(card, 'a<') }} "
        "{{ once(card, 'a<', level=2) }} {{ card('a<') }}"
    )
    assert page.render() == (
        "<h3>a&lt; #1</h3> <h3>b #2</h3> <h3>a&lt; #1</h3> <h2>a&lt; #3</h2> <h3>a&lt; #4</h3>"
    )
    # Another page of the same build reuses the output; another build renders afresh.
    assert page.render().startswith("<h3>a&lt; #1</h3> <h3>b #2</h3>")
    fresh = make_environment(tmp_path, CONFIG)
    fresh.globals["counter"] = lambda: 7
    assert fresh.from_string('{% from "m.html" import card %}{{ once(card, "a<") }}').render() == (
        "<h3>a&lt; #7</h3>"
    )
