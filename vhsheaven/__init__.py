"""vhsheaven: a static site generator for retro film-review blogs."""

__version__ = "0.1.0"
