"""kg export: the whole store as N-Quads, TriG, Turtle or JSON-LD."""
from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from .common import StoreOption, open_store, run


class ExportFormat(str, Enum):
    nquads = "nquads"
    trig = "trig"
    turtle = "turtle"
    jsonld = "jsonld"


def command(
    fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="nquads and trig keep each article's graph; turtle merges them.")] = ExportFormat.nquads,
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write (default: standard output).")] = None,
    store: StoreOption = None,
) -> None:
    """Write every graph of the store to a file or standard output."""
    run(lambda: _export(fmt.value, output, store))


def _export(fmt: str, output: Path | None, store_path: Path | None) -> int:
    store = open_store(store_path, read_only=True)
    if output is None:
        store.export(fmt, sys.stdout.buffer)
        sys.stdout.buffer.flush()
    else:
        with open(output, "wb") as fh:
            store.export(fmt, fh)
    return 0
