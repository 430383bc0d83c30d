"""kg validate: check the store against the contract's SHACL shapes."""
from __future__ import annotations

from pathlib import Path

import typer

from .common import StoreOption, open_store, run


def command(store: StoreOption = None) -> None:
    """Report each SHACL violation (node, article, shape); exit 1 when there is any."""
    run(lambda: _validate(store))


def _validate(store_path: Path | None) -> int:
    from ..validate import validate_store

    violations = validate_store(open_store(store_path, read_only=True))
    for v in violations:
        where = f" (article {v.article})" if v.article else ""
        typer.echo(f"{v.node}{where}: {v.message} [{v.shape}]")
    typer.echo(f"{len(violations)} violation{'s' if len(violations) != 1 else ''}", err=True)
    return 1 if violations else 0
