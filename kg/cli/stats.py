"""kg stats: what the store holds."""
from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table

from ..stats import store_stats
from .common import StoreOption, open_store, run


def command(store: StoreOption = None) -> None:
    """Articles, entities by class, events and triples in the store."""
    run(lambda: _stats(store))


def _stats(store_path: Path | None) -> int:
    s = store_stats(open_store(store_path, read_only=True))
    table = Table("what", "count")
    table.add_row("articles", str(s.articles))
    for cls, n in s.entities.items():
        table.add_row(f"  {cls}", str(n))
    table.add_row("events", str(s.events))
    table.add_row("statements", str(s.statements))
    table.add_row("triples", str(s.triples))
    Console().print(table)
    return 0
