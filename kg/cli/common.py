"""What the commands share: the --store option, turning library errors into one-line messages."""
from __future__ import annotations

import logging
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Optional

import typer
from typer.exceptions import TyperException

from ..errors import KgError
from ..store import ENV_VAR, Store, default_store_path

StoreOption = Annotated[Optional[Path], typer.Option(
    "--store", envvar=ENV_VAR, help="Folder of the Oxigraph store (default: $KG_STORE or "
    "~/.local/share/geokg/store).", show_default=False)]

DEBUG = {"on": False}


def err(message: str) -> None:
    typer.echo(message, err=True)


def one_line(text: str) -> str:
    """A message on one line, however many lines its parts had."""
    return " ".join(str(text).split())


@contextmanager
def reported_errors():
    """Library errors become 'error: ...' on stderr and a non-zero exit; --debug shows the traceback.

    So does anything else that goes wrong (a bug): one line saying what, never a traceback unless
    --debug asks for it."""
    try:
        with debug_log():
            yield
    except (typer.Exit, typer.Abort, TyperException):  # the command line's own ends
        raise
    except KgError as e:
        if DEBUG["on"]:
            traceback.print_exc()
        err(f"error: {one_line(e)}")
        raise typer.Exit(e.exit_code) from None
    except KeyboardInterrupt:
        err("interrupted")
        raise typer.Exit(130) from None
    except Exception as e:  # noqa: BLE001 - a bug, told in one line
        if DEBUG["on"]:
            traceback.print_exc()
        err(f"error: unexpected {type(e).__name__}: {one_line(e)} (a bug; `kg --debug ...` shows where)")
        raise typer.Exit(1) from None


@contextmanager
def debug_log() -> Iterator[None]:
    """With --debug, the library's log (the tracebacks of inputs that could not be read) on stderr."""
    if not DEBUG["on"]:
        yield
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("debug: %(name)s: %(message)s"))
    logger = logging.getLogger("kg")
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.DEBUG)  # (setLevel, not .level =, so the loggers' caches are cleared)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


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
