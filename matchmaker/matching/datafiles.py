"""Data files read as text: a given path, or a file bundled with a package."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def read_text(path: str | Path | None, package: str, name: str) -> str:
    """The file at `path`, or the package's bundled `name` when no path is given."""
    if path is None:
        return resources.files(package).joinpath(name).read_text("utf-8")
    return Path(path).read_text("utf-8")
