"""The theme's words in the site's language: translation files shipped with the theme
(templates/words/<language>.yaml), English beneath every other, site.yaml's `words:` on top.

The files live in the templates folder, so the site key, made of every file there, changes
with them, and every page is made again.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from markupsafe import Markup, escape

from vhsheaven.errors import Diagnostic, Location
from vhsheaven.load.fields import Invalid, check_word
from vhsheaven.load.settings import CONFIG_FILE, TEMPLATES_DIR, SiteConfig
from vhsheaven.load.yamldoc import parse_mapping, suggest

WORDS_DIR = "words"
MARK = re.compile(r"\{(\w+)\}")
BASE = "en"

Words = Mapping[str, "str | tuple[str, ...]"]


def languages(tag: str) -> list[str]:
    """The files a language tag reads, most general first: "fr-CA" → en, fr, fr-ca."""
    parts = tag.lower().split("-")
    chain = [BASE, *("-".join(parts[: n + 1]) for n in range(len(parts)))]
    return list(dict.fromkeys(chain))


def theme_words(folders: list[Path], config: SiteConfig) -> tuple[Words, list[Diagnostic]]:
    """The words pages use, and what is wrong with the files or site.yaml's overrides.

    `folders`: the template folders, the blog's own first; each words file is taken from the
    first that has it, as templates are (load/theme.py)."""
    merged: dict[str, str | tuple[str, ...]] = {}
    problems: list[Diagnostic] = []
    own = folders[0]
    if _find(folders, BASE) is None:
        where = Path(TEMPLATES_DIR, WORDS_DIR, f"{BASE}.yaml")
        message = "not found; the theme's words (Back to Home, month names, ...) are read from it"
        problems.append(Diagnostic(Location(where), None, message))
    for name in languages(config.language):
        path = _find(folders, name)
        if path is not None:
            merged.update(_read(path, own, merged if name != BASE else None, problems))
    for key in config.words:
        if merged and key not in merged:
            near = suggest(key, merged)
            hint = f"; did you mean {near}?" if near else ""
            message = f'"{key}" is not one of the theme\'s words{hint}'
            allowed = ", ".join(sorted(merged))
            problems.append(Diagnostic(Location(Path(CONFIG_FILE)), "words", message, allowed))
    merged.update(config.words)
    return MappingProxyType(merged), problems


def _find(folders: list[Path], name: str) -> Path | None:
    """The words file of language `name` in the first template folder that has one."""
    for folder in folders:
        path = folder / WORDS_DIR / f"{name}.yaml"
        if path.is_file():
            return path
    return None


def _read(
    path: Path, templates: Path, known: Mapping[str, Any] | None, problems: list[Diagnostic]
) -> dict[str, str | tuple[str, ...]]:
    """One words file's checked entries; `known`: the English words, which a translation
    may only translate (None for the English file itself)."""
    where = _shown(path, templates)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Diagnostic(Location(where), None, f"cannot be read ({exc})"))
        return {}
    parsed = parse_mapping(text, where)
    problems.extend(parsed.diagnostics)
    found: dict[str, str | tuple[str, ...]] = {}
    for key, entry in parsed.entries.items():
        try:
            if known is not None and key not in known:
                raise Invalid(f'"{key}" is not one of the theme\'s English words ({BASE}.yaml)')
            found[key] = check_word(key, entry.value, entry.raw)
        except Invalid as exc:
            problems.append(Diagnostic(Location(where, entry.line), key, exc.message, exc.allowed))
    return found


def _shown(path: Path, templates: Path) -> Path:
    """A words file's path as editors see it: under templates/ for the blog's own, else
    where the bundled theme has it."""
    if path.is_relative_to(templates):
        return Path(TEMPLATES_DIR) / path.relative_to(templates)
    return path


def fill(text: str, **values: Any) -> Markup:
    """A word with its {name} marks filled in, each part escaped once (a value already
    escaped, a macro's output, stays as it is); marks with no value are left as written.
    In one pass, so a value holding "{name}" is never filled in itself."""

    def filled(mark: re.Match[str]) -> str:
        name = mark.group(1)
        return str(escape(values[name])) if name in values else mark.group(0)

    return Markup(MARK.sub(filled, str(escape(text))))


def long_date(value: Any, words: Words) -> str:
    """A date in the site's language, as its words file's `date` and `months` spell it,
    whatever the machine's locale."""
    months = words["months"]
    pattern = words["date"]
    assert isinstance(months, tuple) and isinstance(pattern, str)  # checked by check_word
    return fill(pattern, day=value.day, month=months[value.month - 1], year=value.year)
