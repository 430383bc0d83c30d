"""kg reason: materialise what the ontology lets one conclude into the inferred graph."""
from __future__ import annotations

from pathlib import Path

import typer

from ..reason import INFERRED, materialise
from .common import StoreOption, open_store, run


def command(store: StoreOption = None) -> None:
    """Recompute the inferred graph (types up the class hierarchy, inverse edges, transitive partOf,
    property chains); `kg ingest` does this after each run."""
    run(lambda: _reason(store))


def _reason(store_path: Path | None) -> int:
    store = open_store(store_path)
    n = materialise(store)
    store.close()
    typer.echo(f"{n} inferred triples in <{INFERRED}>", err=True)
    return 0
