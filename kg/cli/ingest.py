"""kg ingest PATH... : read articles, extract, store."""
from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ..articles import MAX_CHARS
from ..ingest import IngestSummary, ingest
from ..remote import RemoteStore
from .common import StoreOption, err, one_line, open_store, run

SHOW_PROGRESS_AFTER = 5
SMALL_BATCH = 20  # files; a .jsonl file may hold many articles, but then it is one big file


def command(
    paths: Annotated[list[str], typer.Argument(help="Files or folders of articles (.txt .html .jsonl .json), or - for stdin.")],
    store: StoreOption = None,
    model: Annotated[Optional[str], typer.Option(help="An installed spaCy pipeline (default en_core_web_sm).")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar or summary.")] = False,
    endpoint: Annotated[Optional[str], typer.Option(help="Send each article's graph to this SPARQL 1.1 Graph Store Protocol URL (`kg serve`'s /store, Oxigraph's /store) instead of opening a store.")] = None,
    token: Annotated[Optional[str], typer.Option(envvar="KG_TOKEN", help="Bearer token for --endpoint.")] = None,
    reason: Annotated[bool, typer.Option(help="Recompute the shared inferred graph afterwards (each article's inferences are written with it).")] = True,
    validate: Annotated[bool, typer.Option("--validate", help="Check each article's graph against the SHACL shapes before storing it.")] = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="Worker processes for the language pipeline (0: all cores; one for small batches).")] = 0,
    force: Annotated[bool, typer.Option("--force", help="Re-run articles stored before with the same content and pipeline.")] = False,
    strict: Annotated[bool, typer.Option("--strict", help=(
        "Stop at the first problem (a bad file or line, a duplicate id, an article not in English); "
        "nothing after it is stored."))] = False,
    max_chars: Annotated[int, typer.Option("--max-chars", min=1, help=(
        "Longest article text (headline and story) read, in characters; longer ones are reported "
        "and skipped."))] = MAX_CHARS,
    cluster: Annotated[Optional[str], typer.Option("--cluster", envvar="KG_CLUSTER", help=(
        "Run the language pipeline on a Dask cluster: its scheduler's address (tcp://host:8786), or "
        "'local' for local worker processes. Needs geokg[cluster] on every worker."))] = None,
) -> None:
    """Read news articles and add their graph to the store (an article ingested again replaces its graph)."""
    options = Options(reason, validate, jobs, force, strict, max_chars, cluster)
    run(lambda: _ingest(paths, store, model, quiet, endpoint, token, options=options))


@dataclass
class Options:
    """What `kg ingest` passes on to the library as it is."""

    reason: bool = True
    validate: bool = False
    jobs: int = 0
    force: bool = False
    strict: bool = False
    max_chars: int = MAX_CHARS
    cluster: str | None = None


def _ingest(paths: list[str], store_path: Path | None, model: str | None, quiet: bool,
            endpoint: str | None = None, token: str | None = None, options: Options | None = None) -> int:
    o = options or Options()
    store = RemoteStore(endpoint, token) if endpoint else open_store(store_path)
    console = Console(stderr=True)
    progress = Progress(SpinnerColumn(), TextColumn("ingesting"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[current]}"), TimeElapsedColumn(), console=console,
                        transient=True, disable=quiet)
    task = progress.add_task("ingest", total=None, current="")
    seen = {"n": 0}

    def on_article(article) -> None:
        seen["n"] += 1
        if seen["n"] == SHOW_PROGRESS_AFTER + 1:
            progress.start()
        progress.update(task, advance=1, current=escape(article.id[:40]))

    def tell(kind: str, colour: str) -> Callable[[str], None]:
        def say(message: str) -> None:
            if progress.live.is_started:
                progress.console.print(f"[{colour}]{kind}:[/{colour}] {escape(one_line(message))}",
                                       markup=True, highlight=False, soft_wrap=True)
            else:
                err(f"{kind}: {one_line(message)}")
        return say

    try:
        summary = ingest(paths, store, model=model, on_error=tell("error", "red"),
                         on_warning=tell("warning", "yellow"), on_article=on_article, reason=o.reason,
                         validate=o.validate, jobs=_jobs(o.jobs, paths), force=o.force, strict=o.strict,
                         max_chars=o.max_chars, cluster=o.cluster)
    finally:
        progress.stop()
        store.close()
    if not quiet:
        err(_summary_line(summary))
    return 1 if summary.failed else 0


def _jobs(asked: int, paths: list[str]) -> int:
    """All cores unless asked otherwise, but one for a handful of files (workers take seconds to start)."""
    if asked > 0:
        return asked
    files = sum(1 for p in paths for f in ([Path(p)] if not Path(p).is_dir() else Path(p).rglob("*")) if f.is_file())
    return 1 if files <= SMALL_BATCH else (os.cpu_count() or 1)


def _summary_line(s: IngestSummary) -> str:
    skipped = f", {len(s.errors)} skipped (see errors above)" if s.errors else ""
    skipped += f", {s.unchanged} unchanged" if s.unchanged else ""
    skipped += f", {s.not_analysed} not in English (recorded, not analysed)" if s.not_analysed else ""
    skipped += ", stopped at the first problem (--strict)" if s.stopped else ""
    inferred = f", {s.inferred} inferred" if s.inferred is not None else ""
    return (f"read {s.read} articles{skipped}; stored {s.stored}: {s.entities} entities, "
            f"{s.triples} triples{inferred} in {s.seconds:.1f} s")
