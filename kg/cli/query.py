"""kg query 'SPARQL' | FILE.rq : run SPARQL over the union of the article graphs."""
from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.table import Table

from .. import queries as saved
from ..errors import QueryError
from ..reason import INFERRED
from ..store import is_graph_result, rows_of, serialize_results
from .common import StoreOption, open_store, run, stdout_bytes


class ResultFormat(str, Enum):
    table = "table"
    csv = "csv"
    json = "json"
    tsv = "tsv"
    xml = "xml"


def command(
    query: Annotated[str, typer.Argument(help="A SPARQL query, a .rq file holding one, or the name of a saved query (`kg queries`).")],
    param: Annotated[Optional[list[str]], typer.Option("--param", "-p", help="NAME=VALUE for a saved query's parameter (repeatable).")] = None,
    fmt: Annotated[ResultFormat, typer.Option("--format", "-f", help="Result format.")] = ResultFormat.table,
    inferred: Annotated[bool, typer.Option(help="Include the inferred graph (`kg reason`) in the default graph.")] = True,
    limit: Annotated[Optional[str], typer.Option("--limit", help="A saved query's rows: at most N (default: all).",
                                                 metavar="N", show_default=False)] = None,
    offset: Annotated[Optional[str], typer.Option("--offset", help="A saved query's rows: skip the first M "
                                                  "(default: 0).", metavar="M", show_default=False)] = None,
    store: StoreOption = None,
) -> None:
    """Run a SPARQL query; the default graph is the union of all article graphs (and the inferred graph)."""
    run(lambda: _query(query, _params(param or []), fmt.value, store, inferred, limit, offset))


def _params(pairs: list[str]) -> dict[str, str]:
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise QueryError(f"--param takes NAME=VALUE, not {pair!r}")
        out[name.strip()] = value
    return out


def read_query(text: str) -> str:
    if text.endswith(".rq") or (len(text) < 4096 and "\n" not in text and Path(text).is_file()):
        path = Path(text)
        if not path.is_file():
            raise QueryError(f"{text}: no such query file")
        return path.read_text(encoding="utf-8")
    return text


def _query(text: str, params: dict[str, str], fmt: str, store_path: Path | None, inferred: bool = True,
           limit: str | None = None, offset: str | None = None) -> int:
    is_saved = saved.NAME.match(text) and not Path(text).is_file()
    if not is_saved and (limit is not None or offset is not None):
        raise QueryError("--limit and --offset go with a saved query's name (in SPARQL, write LIMIT and OFFSET)")
    page = {"limit": None if limit is None else saved.page_number("--limit", limit),
            "offset": 0 if offset is None else saved.page_number("--offset", offset)}
    store = open_store(store_path, read_only=True)
    leave_out = () if inferred else (INFERRED,)
    if is_saved:
        result = saved.run(store, text, params, leave_out=leave_out, **page)
    elif params:
        raise QueryError("--param goes with a saved query's name")
    else:
        result = store.query(read_query(text), leave_out=leave_out)
    if fmt == "table" and not is_graph_result(result):
        _print_table(result)
    else:
        stdout_bytes(serialize_results(result, fmt))
    return 0


def _print_table(result) -> None:
    names, rows = rows_of(result)
    table = Table(*names)
    for row in rows:
        table.add_row(*row)
    Console(soft_wrap=False).print(table)
    typer.echo(f"{len(rows)} row{'s' if len(rows) != 1 else ''}", err=True)
