"""Options and helpers every command shares."""

from pathlib import Path
from typing import Annotated

import typer

from amexcli import store

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]
PlainOpt = Annotated[
    bool, typer.Option("--plain", help="Print tab-separated lines (the default in a pipe).")
]
YesOpt = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask; needed without a terminal.")]


def data_path(ctx: typer.Context) -> Path:
    return store.resolve_path(ctx.find_root().params.get("file"))
