"""Rendering pages through Jinja, JSON-LD, and checks over rendered pages."""
