"""The `kg` application: registers one command per module."""
from __future__ import annotations

from typing import Annotated

import typer

from . import export, ingest, queries, query, reason, serve, stats, validate
from .common import DEBUG

app = typer.Typer(help="geokg: a knowledge graph of states, bodies, officials, sanctions and events from news.",
                  no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)


@app.callback()
def main(debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of errors.")] = False) -> None:
    DEBUG["on"] = debug


app.command("ingest")(ingest.command)
app.command("export")(export.command)
app.command("query")(query.command)
app.command("stats")(stats.command)
app.command("queries")(queries.command)
app.command("serve")(serve.command)
app.command("reason")(reason.command)
app.command("validate")(validate.command)
