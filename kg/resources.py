"""The one place that finds the project's data files, in a checkout and in an installed wheel."""
from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """The folder `ontology`, `queries` or `gazetteer` whether installed or run from a checkout."""
    for candidate in (_PACKAGE / "_data" / name, _PACKAGE.parent / name, _PACKAGE / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"data folder {name!r} not found next to {_PACKAGE}")
