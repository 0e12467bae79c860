"""Markdown → HTML and what is derived from it; pure functions of text and settings."""
