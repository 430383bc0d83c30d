"""What the commands share: the --store option, turning library errors into one-line messages."""
from __future__ import annotations

import sys
import traceback
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer

from ..errors import KgError
from ..store import ENV_VAR, Store, default_store_path

StoreOption = Annotated[Optional[Path], typer.Option(
    "--store", envvar=ENV_VAR, help="Folder of the Oxigraph store (default: $KG_STORE or "
    "~/.local/share/geokg/store).", show_default=False)]

DEBUG = {"on": False}


def err(message: str) -> None:
    typer.echo(message, err=True)


@contextmanager
def reported_errors():
    """Library errors become 'error: ...' on stderr and a non-zero exit; --debug shows the traceback."""
    try:
        yield
    except KgError as e:
        if DEBUG["on"]:
            traceback.print_exc()
        err(f"error: {e}")
        raise typer.Exit(e.exit_code) from None
    except KeyboardInterrupt:
        err("interrupted")
        raise typer.Exit(130) from None


def open_store(path: Path | None, read_only: bool = False) -> Store:
    return Store(path or default_store_path(), read_only=read_only)


def run(fn: Callable[[], int | None]) -> None:
    with reported_errors():
        code = fn()
    if code:
        raise typer.Exit(code)


def stdout_bytes(data: bytes) -> None:
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()
