"""Checks over rendered pages: internal links, #fragments and asset references resolve."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path, PurePosixPath
from urllib.parse import SplitResult, unquote, urljoin, urlsplit

from vhsheaven.errors import Diagnostic, Location, Severity
from vhsheaven.load.yamldoc import suggest
from vhsheaven.model.pages import RenderedPage

# (tag, attribute) pairs that point at other pages or files, and what to call each in messages.
REFERENCES = {
    ("a", "href"): "link",
    ("area", "href"): "link",
    ("link", "href"): "asset",
    ("img", "src"): "image",
    ("script", "src"): "script",
    ("source", "src"): "media",
    ("video", "src"): "media",
    ("audio", "src"): "media",
    ("iframe", "src"): "frame",
}
TEMPLATES = Path("templates")
# "#top" scrolls to the top of any HTML page even without such an id (HTML's rule).
ALWAYS_THERE = frozenset({"", "top"})


@dataclass(frozen=True, slots=True)
class Reference:
    """One href/src found in a page."""

    kind: str
    value: str


@dataclass(frozen=True, slots=True)
class ScannedPage:
    """What the checks need from a page: its ids and what it points at; the bytes are dropped."""

    path: PurePosixPath
    source: Location | None
    ids: frozenset[str]
    references: tuple[Reference, ...]


@dataclass(frozen=True, slots=True)
class LinkReport:
    """How much was checked, and the problems found."""

    pages: int
    links: int
    problems: tuple[Diagnostic, ...]


@dataclass(frozen=True, slots=True)
class Problem:
    """A reference that does not resolve, before it is placed in a source file."""

    message: str
    severity: Severity = "error"


class _Scanner(HTMLParser):
    """Collects ids, <a name> anchors and references from one page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.references: list[Reference] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value is None:
                continue
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value)
            kind = REFERENCES.get((tag, name))
            if kind is not None and not (tag == "link" and _is_canonical(attrs)):
                self.references.append(Reference(kind, value.strip()))


def _is_canonical(attrs: list[tuple[str, str | None]]) -> bool:
    """rel=canonical names the page's published address, which need not be served locally."""
    return any(name == "rel" and (value or "").lower() == "canonical" for name, value in attrs)


def scan(page: RenderedPage) -> ScannedPage:
    """Parse one rendered page into its ids and references."""
    scanner = _Scanner()
    scanner.feed(page.data.decode("utf-8", errors="replace"))
    scanner.close()
    return ScannedPage(page.path, page.source, frozenset(scanner.ids), tuple(scanner.references))


def page_url(path: PurePosixPath) -> str:
    """The site-relative URL a page is served at: reviews/x/index.html → reviews/x/."""
    if path.name != "index.html":
        return path.as_posix()
    parent = path.parent.as_posix()
    return "" if parent == "." else parent + "/"


def check_links(
    pages: Iterable[RenderedPage],
    assets: Iterable[PurePosixPath],
    base_url: str,
    source_text: Callable[[Path], str | None],
) -> LinkReport:
    """Check every internal reference of every page; `source_text` reads a review for lines."""
    files, scanned = _scan_all(pages, assets)
    base = urlsplit(base_url)
    placed: dict[str, Diagnostic] = {}
    from_templates: dict[tuple[str, Severity], list[PurePosixPath]] = {}
    links = 0
    for page in scanned.values():
        for reference in page.references:
            links += 1
            problem = resolve(reference, page, base, files, scanned)
            if problem is None:
                continue
            diagnostic = _place(problem, reference, page, source_text)
            if diagnostic is None:
                key = (_describe(reference, problem), problem.severity)
                from_templates.setdefault(key, []).append(page.path)
            else:
                placed.setdefault(str(diagnostic), diagnostic)
    problems = [*placed.values(), *_template_problems(from_templates)]
    return LinkReport(len(scanned), links, tuple(problems))


def _scan_all(
    pages: Iterable[RenderedPage], assets: Iterable[PurePosixPath]
) -> tuple[set[PurePosixPath], dict[PurePosixPath, ScannedPage]]:
    """Every output path, and each HTML page scanned (so no page's bytes are kept)."""
    files = set(assets)
    scanned: dict[PurePosixPath, ScannedPage] = {}
    for page in pages:
        files.add(page.path)
        if page.path.suffix == ".html":
            scanned[page.path] = scan(page)
    return files, scanned


def resolve(
    reference: Reference,
    page: ScannedPage,
    base: SplitResult,
    files: set[PurePosixPath],
    pages: dict[PurePosixPath, ScannedPage],
) -> Problem | None:
    """What is wrong with one reference on a page, or None if it resolves (or is external)."""
    target = urlsplit(urljoin(base.geturl() + page_url(page.path), reference.value))
    if target.scheme not in ("http", "https") or target.netloc != base.netloc:
        return None
    if not target.path.startswith(base.path):
        message = f"is outside the site's base path {base.path}; write it relative to the page"
        return Problem(message)
    relative = unquote(target.path[len(base.path) :])
    found, problem = _find_file(relative, files)
    if found is None:
        return problem
    fragment = unquote(target.fragment)
    if found not in pages or fragment in ALWAYS_THERE or fragment in pages[found].ids:
        return problem
    near = suggest(fragment, pages[found].ids)
    hint = f"; did you mean #{near}?" if near else ""
    return Problem(f'has no target: {page_url(found) or "/"} has no id "{fragment}"{hint}')


def _find_file(
    relative: str, files: set[PurePosixPath]
) -> tuple[PurePosixPath | None, Problem | None]:
    """The output file a site-relative path is served from, and any warning about the path."""
    if not relative or relative.endswith("/"):
        wanted = PurePosixPath(relative or ".", "index.html")
        if wanted in files:
            return wanted, None
        return None, Problem(f"points to nothing: no page {relative or '/'} in the site")
    if PurePosixPath(relative) in files:
        return PurePosixPath(relative), None
    folder = PurePosixPath(relative, "index.html")
    if folder in files:
        message = f"needs a trailing slash ({relative}/); some hosts do not add it"
        return folder, Problem(message, "warning")
    return None, Problem(f"points to nothing: no file {relative} in the site")


def _describe(reference: Reference, problem: Problem) -> str:
    return f'{reference.kind} "{reference.value}" {problem.message}'


def _place(
    problem: Problem,
    reference: Reference,
    page: ScannedPage,
    source_text: Callable[[Path], str | None],
) -> Diagnostic | None:
    """A diagnostic at the line of the review where the reference was written, if it was."""
    if page.source is None:
        return None
    text = source_text(page.source.path)
    line = _line_of(reference.value, text) if text is not None else None
    if line is None:
        return None
    location = Location(page.source.path, line)
    return Diagnostic(location, None, _describe(reference, problem), severity=problem.severity)


def _line_of(reference: str, text: str) -> int | None:
    """The 1-based line where `reference` is first written whole (not inside a longer URL)."""
    written = re.search(rf"(?<![^\s(<\"'=]){re.escape(reference)}(?![^\s)>\"'])", text)
    return None if written is None else text.count("\n", 0, written.start()) + 1


def _template_problems(
    found: dict[tuple[str, Severity], list[PurePosixPath]],
) -> list[Diagnostic]:
    """One diagnostic per broken reference a template writes, however many pages show it."""
    problems = []
    for (message, severity), paths in found.items():
        first = paths[0].as_posix()
        more = f" and {len(paths) - 1} more" if len(paths) > 1 else ""
        text = f"{message} (not in the review text, so from a template; on {first}{more})"
        problems.append(Diagnostic(Location(TEMPLATES), None, text, severity=severity))
    return problems
