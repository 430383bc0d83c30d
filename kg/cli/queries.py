"""kg queries: the saved research queries and their parameters."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table

from .. import queries as saved
from .common import run


def command() -> None:
    """List the saved research queries (run one with `kg query NAME --param k=v`)."""
    run(_list)


def _list() -> int:
    table = Table("name", "what it answers", "parameters")
    for q in saved.load_all().values():
        params = ", ".join(
            f"{p.name}{'' if p.required else '?'}" + (f"={p.default}" if p.default else "") for p in q.params)
        table.add_row(q.name, q.title, params or "-")
    Console().print(table)
    return 0
