"""The build core: load(root) → Site; build(root, out) → BuildReport. CLI and server call these."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from vhsheaven.config import CONFIG_FILE, SiteConfig, load_config
from vhsheaven.content import REVIEWS_DIR, ReviewSource, load_all
from vhsheaven.errors import BuildFailed, Diagnostic, Location, has_errors, sort_diagnostics
from vhsheaven.markup import convert, unclosed_spoilers
from vhsheaven.model import Review, Site, UnsafePath, build_site, make_review
from vhsheaven.render import (
    TEMPLATES_DIR,
    RenderError,
    check_templates,
    make_environment,
    render_site,
)
from vhsheaven.write import write_site

STATIC_DIR = "static"


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """Choices made on the command line rather than in site.yaml."""

    base_url: str | None = None
    drafts: bool = False


@dataclass(frozen=True, slots=True)
class BuildReport:
    """What a successful build did."""

    reviews: int
    files: tuple[PurePosixPath, ...]
    warnings: tuple[Diagnostic, ...]
    seconds: float
    output: Path

    @property
    def pages(self) -> int:
        """HTML pages written (static files not counted)."""
        return sum(1 for f in self.files if f.suffix == ".html")


def load_site_config(root: Path, options: BuildOptions) -> SiteConfig:
    """site.yaml with the command line's overrides; raises BuildFailed on any problem."""
    config, problems = load_config(root)
    if config is None:
        raise BuildFailed(problems)
    return config.with_base_url(options.base_url) if options.base_url else config


def load(root: Path, options: BuildOptions) -> tuple[Site, list[Diagnostic]]:
    """Read and check everything; return the Site and its warnings, or raise BuildFailed."""
    config = load_site_config(root, options)
    sources, problems = load_all(root, config)
    reviews: list[Review] = []
    for source in sources:
        if source.meta.draft and not options.drafts:
            continue
        review, found = _prepare(source, root, config)
        problems.extend(found)
        if review is not None:
            reviews.append(review)
    if has_errors(problems):
        raise BuildFailed(problems)
    return build_site(config, reviews), sort_diagnostics(problems)


def _prepare(
    source: ReviewSource, root: Path, config: SiteConfig
) -> tuple[Review | None, list[Diagnostic]]:
    """Convert one review's Markdown and check what only the body can tell."""
    problems = [
        Diagnostic(
            Location(source.location.path, source.body_line + line),
            "spoiler",
            "spoiler is never closed; add a line with ::: where it ends",
        )
        for line in unclosed_spoilers(source.markdown)
    ]
    poster = source.meta.poster
    if poster and "://" not in poster and not (root / STATIC_DIR / poster).is_file():
        message = f"no such file: {STATIC_DIR}/{poster}"
        problems.append(Diagnostic(source.location, "poster", message))
    verdict = convert(source.meta.verdict) if source.meta.verdict else None
    try:
        review = make_review(source, convert(source.markdown), verdict, config)
    except UnsafePath as exc:
        return None, [*problems, Diagnostic(source.location, "slug", str(exc))]
    return review, problems


def resolve_output(root: Path, config: SiteConfig, output: Path | None) -> Path:
    """The output folder (--output, else site.yaml's output_dir), refused if it holds sources."""
    out = (output if output is not None else root / config.output_dir).resolve()
    guarded = [root / name for name in (*REVIEWS_DIR.parts[:1], TEMPLATES_DIR, STATIC_DIR)]
    guarded.append(root / CONFIG_FILE)
    for path in (p.resolve() for p in guarded):
        if out == path or path.is_relative_to(out) or out.is_relative_to(path):
            where, field = (Path("--output"), None) if output else (Path(CONFIG_FILE), "output_dir")
            message = f"{out} is or holds the site's {path.name}; choose another output folder"
            raise BuildFailed([Diagnostic(Location(where), field, message)])
    return out


def build(
    root: Path, output: Path | None = None, options: BuildOptions | None = None
) -> BuildReport:
    """Load, render and write the site; the output folder changes only on success."""
    started = time.perf_counter()
    options = options or BuildOptions()
    site, warnings = load(root, options)
    out = resolve_output(root, site.config, output)
    env = make_environment(root, site.config)
    template_problems = check_templates(root, env)
    if template_problems:
        raise BuildFailed(template_problems)
    try:
        files = write_site(render_site(site, env), root / STATIC_DIR, out)
    except RenderError as exc:
        raise BuildFailed([exc.diagnostic]) from exc
    seconds = time.perf_counter() - started
    return BuildReport(len(site.reviews), tuple(files), tuple(warnings), seconds, out)
