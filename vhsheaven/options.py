"""The choices a build is run with that are not in site.yaml: the command line's, and the clock."""

from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import dataclass, field

from vhsheaven.load.publish import Selection


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass(frozen=True, slots=True)
class BuildOptions:
    """Choices made on the command line rather than in site.yaml."""

    base_url: str | None = None
    drafts: bool = False
    future: bool = False
    # One clock reading per build, so every review is judged against the same moment.
    now: dt.datetime = field(default_factory=_utc_now)
    # clean: ignore what the cache holds (and rewrite it); cache=False: neither read nor write it.
    clean: bool = False
    cache: bool = True
    # Build into a non-empty folder vhsheaven did not make, leaving its files alone.
    allow_nonempty: bool = False
    # False: no search page or index whatever site.yaml says. `serve` previews without them
    # unless asked (--search): the index is made whole again on every edit (seconds).
    search: bool = True

    @property
    def selection(self) -> Selection:
        """What decides which reviews this build publishes."""
        return Selection(self.drafts, self.future, self.now)


def options_from(args: argparse.Namespace, base_url: str | None = None) -> BuildOptions:
    """The options a command line asked for (`base_url` overriding its --base-url)."""
    return BuildOptions(
        base_url=base_url or args.base_url,
        drafts=args.drafts,
        future=args.future,
        clean=getattr(args, "clean", False),
        cache=getattr(args, "cache", True),
        allow_nonempty=getattr(args, "allow_nonempty", False),
        search=getattr(args, "search", True),
    )
