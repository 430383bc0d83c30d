"""kg reason: materialise what the ontology lets one conclude into the inferred graphs."""
from __future__ import annotations

from pathlib import Path

import typer

from ..reason import INFERRED, materialise
from .common import StoreOption, open_store, run


def command(store: StoreOption = None) -> None:
    """Recompute the inferred graphs (types up the class hierarchy, inverse edges, transitive partOf,
    property chains), the shared one and every article's, and the index graphs. `kg ingest` keeps
    them current as it goes; this is for after the ontology or a shared graph changed."""
    run(lambda: _reason(store))


def _reason(store_path: Path | None) -> int:
    store = open_store(store_path)
    n = materialise(store)
    store.close()
    typer.echo(f"{n} inferred triples in <{INFERRED}> and the articles' inferred graphs under it", err=True)
    return 0
