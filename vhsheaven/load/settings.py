"""site.yaml → a frozen SiteConfig; every key checked, unknown keys are errors."""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal, get_args
from urllib.parse import urlsplit

from vhsheaven.errors import Diagnostic, Location
from vhsheaven.incremental.unchanged import CACHE_DIR
from vhsheaven.load import fields
from vhsheaven.load.fields import Invalid
from vhsheaven.load.image_settings import ImageSettings, parse_images
from vhsheaven.load.menu import MenuItem, menu_items
from vhsheaven.load.slugs import fit_terms

# The YAML parser is imported only when site.yaml is parsed: a build whose site.yaml is as the
# cache last saw it takes the checked settings from there (see incremental/settings_snapshot.py).
if TYPE_CHECKING:
    from vhsheaven.load.yamldoc import Entry

# Where a site keeps what: the layout every site has.
CONFIG_FILE = "site.yaml"
REVIEWS_DIR = Path("content", "reviews")
TEMPLATES_DIR = "templates"
STATIC_DIR = "static"
LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")
HOST_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")
# Control characters (C0, DEL, C1) and Unicode's line and paragraph separators: a setting
# holding one can add lines to robots.txt or break a path. Free text may hold tabs and
# line breaks, which YAML's | and > blocks make.
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
CONTROL_IN_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
URL_ALLOWED = "http(s) URL such as https://user.github.io/repo/"
FREE_TEXT = frozenset({"title", "tagline", "author", "extra"})
# What becomes of raw HTML in review bodies: kept as written, or shown as text.
RawHtml = Literal["allow", "escape"]
RAW_HTML_MODES: tuple[RawHtml, ...] = get_args(RawHtml)


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """Site-wide settings, immutable once loaded."""

    title: str
    base_url: str
    tagline: str = ""
    language: str = "en"
    author: str = "VHS Heaven Team"
    words_per_minute: int = 200
    rating_scale: int = 10
    reviews_per_page: int = 12
    output_dir: str = "_site"
    cache_dir: str = CACHE_DIR
    timezone: str = "UTC"
    cname: str | None = None
    raw_html: RawHtml = "allow"
    # The header's navigation; None: the browse links, then pages that ask to be listed.
    menu: tuple[MenuItem, ...] | None = None
    # Whether the site has a search page and its index (search/).
    search: bool = True
    images: ImageSettings = field(default_factory=ImageSettings)
    extra: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    # The site's own versions of the theme's words (render/words.py), over its translation.
    words: Mapping[str, str | tuple[str, ...]] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def base_path(self) -> str:
        """The URL path the site lives under, always ending in "/" (e.g. "/repo/")."""
        return urlsplit(self.base_url).path

    def with_base_url(self, base_url: str) -> SiteConfig:
        """A copy served from another address (the CLI's --base-url)."""
        return replace(self, base_url=parse_base_url(base_url))


def parse_base_url(value: Any, raw: str | None = None) -> str:
    """An absolute http(s) URL, normalised to end in "/"."""
    url = fields.text(value, raw)
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise Invalid(
            f"must be an absolute URL (got {fields.shown(url)})",
            URL_ALLOWED,
        )
    if any(c.isspace() for c in url):  # urlsplit drops tabs and line breaks; the text keeps them
        raise Invalid("must not contain spaces, tabs or line breaks", URL_ALLOWED)
    if parts.query or parts.fragment:
        raise Invalid(f"must not have a query or #fragment (got {fields.shown(url)})")
    return url if url.endswith("/") else url + "/"


def _language(value: Any, raw: str | None) -> str:
    tag = fields.text(value, raw)
    if not LANGUAGE.match(tag):
        raise Invalid(f"is not a language tag (got {fields.shown(tag)})", "e.g. en, en-GB, fr")
    return tag


def _rating_scale(value: Any, raw: str | None) -> int:
    scale = fields.whole_number(value, 1)
    if scale not in (5, 10):
        raise Invalid(f"is not a supported scale (got {scale})", "10 or 5")
    return scale


def _timezone(value: Any, raw: str | None) -> str:
    # Imported here, like the YAML parser: settings recalled from the cache need neither.
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = fields.text(value, raw)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise Invalid(
            f"is not a known time zone (got {fields.shown(name)})",
            "an IANA name such as UTC, Europe/London",
        ) from exc
    return name


def _cname(value: Any, raw: str | None) -> str:
    """A bare host name for GitHub Pages' CNAME file, e.g. reviews.example.com."""
    host = fields.text(value, raw).lower()
    allowed = "a host name such as reviews.example.com, without https:// or a path"
    labels = host.split(".")
    if len(host) > 253 or len(labels) < 2 or not all(HOST_LABEL.match(x) for x in labels):
        raise Invalid(f"is not a bare host name (got {fields.shown(value)})", allowed)
    return host


def _raw_html(value: Any, raw: str | None) -> RawHtml:
    mode = fields.text(value, raw)
    for known in RAW_HTML_MODES:
        if mode == known:
            return known
    allowed = "allow (raw HTML in review bodies is kept) or escape (it is shown as text)"
    raise Invalid(f"is not a raw-HTML mode (got {fields.shown(mode)})", allowed)


def _extra(value: Any, raw: str | None) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise Invalid(f"must be a mapping of theme values (got {fields.shown(value)})")
    return MappingProxyType(dict(value))


def _words(value: Any, raw: str | None) -> Mapping[str, str | tuple[str, ...]]:
    allowed = "a mapping of the theme's words to the site's own, e.g. back_to_home: Home"
    if not isinstance(value, dict):
        raise Invalid(f"must be a mapping (got {fields.shown(value)})", allowed)
    words: dict[str, str | tuple[str, ...]] = {}
    for key, word in value.items():
        try:
            words[str(key)] = fields.check_word(str(key), word, None)
        except Invalid as exc:
            raise Invalid(f"{key}: {exc.message}", exc.allowed) from exc
    return MappingProxyType(words)


Parser = Callable[[Any, "str | None"], Any]

SETTINGS: dict[str, Parser] = {
    "title": lambda v, r: fields.text(v, r),
    "tagline": lambda v, r: fields.text(v, r, empty_ok=True),
    "base_url": parse_base_url,
    "language": _language,
    "author": lambda v, r: fit_terms((fields.text(v, r),))[0],
    "words_per_minute": lambda v, r: fields.whole_number(v, 1, 2000),
    "rating_scale": _rating_scale,
    "reviews_per_page": lambda v, r: fields.whole_number(v, 1),
    "output_dir": lambda v, r: fields.text(v, r),
    "cache_dir": lambda v, r: fields.text(v, r),
    "timezone": _timezone,
    "cname": _cname,
    "raw_html": _raw_html,
    "search": lambda v, r: fields.boolean(v),
    "images": parse_images,
    "extra": _extra,
    "words": _words,
    "menu": menu_items,
}
REQUIRED = ("title", "base_url")


def _refuse_controls(value: Any, free_text: bool) -> None:
    """Invalid if a text in `value` (in a mapping's keys and values too) holds a control
    character: none at all on one line, none but tabs and line breaks in free text."""
    pattern, allowed = (
        (CONTROL_IN_TEXT, "printable text; tabs and line breaks are allowed")
        if free_text
        else (CONTROL, "printable text on one line")
    )
    todo = [value]
    while todo:
        item = todo.pop()
        if isinstance(item, dict):
            todo.extend(item.items())
        elif isinstance(item, (list, tuple)):
            todo.extend(item)
        elif isinstance(item, str):
            found = pattern.search(item.strip())
            if found:
                code = f"U+{ord(found.group()):04X}"
                raise Invalid(f"must not contain control characters (found {code})", allowed)


def load_config(root: Path) -> tuple[SiteConfig | None, list[Diagnostic]]:
    """Read `root/site.yaml`; return the config, or None and every problem found."""
    source, problems = read_config(root)
    return parse_config(source) if source is not None else (None, problems)


def read_config(root: Path) -> tuple[bytes | None, list[Diagnostic]]:
    """The bytes of `root/site.yaml`, or None and why there are none."""
    try:
        return (root / CONFIG_FILE).read_bytes(), []
    except FileNotFoundError:
        message = "not found; a site needs a site.yaml with at least title and base_url"
        return None, [Diagnostic(Location(Path(CONFIG_FILE)), None, message)]


def parse_config(source: bytes) -> tuple[SiteConfig | None, list[Diagnostic]]:
    """site.yaml's bytes → the config, or None and every problem found."""
    from vhsheaven.load.yamldoc import parse_mapping

    where = Path(CONFIG_FILE)
    try:
        # Decoded as reading the file as text would (BOM dropped, line ends made "\n").
        text = io.TextIOWrapper(io.BytesIO(source), encoding="utf-8-sig").read()
    except UnicodeDecodeError:
        return None, [Diagnostic(Location(where), None, "is not valid UTF-8 text")]
    parsed = parse_mapping(text, where)
    if parsed.diagnostics:
        return None, list(parsed.diagnostics)
    values, problems = _check_settings(parsed.entries, where)
    for key in REQUIRED:
        if key not in parsed.entries:
            problems.append(Diagnostic(Location(where), key, "missing required setting"))
    if problems:
        return None, problems
    return SiteConfig(**values), []


def _check_settings(
    entries: dict[str, Entry], where: Path
) -> tuple[dict[str, Any], list[Diagnostic]]:
    from vhsheaven.load.yamldoc import suggest

    values: dict[str, Any] = {}
    problems: list[Diagnostic] = []
    for key, entry in entries.items():
        location = Location(where, entry.line)
        parser = SETTINGS.get(key)
        if parser is None:
            near = suggest(key, SETTINGS)
            hint = f"; did you mean {near}?" if near else ""
            known = ", ".join(sorted(SETTINGS))
            problems.append(Diagnostic(location, key, f"unknown setting{hint}", known))
            continue
        try:
            _refuse_controls(entry.value, key in FREE_TEXT)
            values[key] = parser(entry.value, entry.raw)
        except Invalid as exc:
            problems.append(Diagnostic(location, key, exc.message, exc.allowed))
    return values, problems
