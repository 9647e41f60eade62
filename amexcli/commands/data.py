import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated

import typer

from amexcli import output, store
from amexcli.commands._common import JsonOpt, PlainOpt, YesOpt, confirm, data_path, group
from amexcli.errors import AmexError

WHAT = {  # how a person says each section's count
    "cards": ("card", "cards"),
    "retention": ("retention record", "retention records"),
    "calls": ("logged call", "logged calls"),
    "numbers": ("number of your own", "numbers of your own"),
}

app = group("Show where the data file is and check it.")


@app.command()
def path(ctx: typer.Context) -> None:
    """Print the path of the data file."""
    typer.echo(str(data_path(ctx)))


@app.command()
def check(ctx: typer.Context, json_: JsonOpt = False, plain: PlainOpt = False) -> None:
    """Check that the data file can be used and say what it holds."""
    mode = output.choose(json_=json_, plain=plain)
    file = data_path(ctx)
    doc = store.read(file)
    version = doc.get("schema_version", store.SCHEMA_VERSION)
    report = {
        "path": str(file),
        "exists": file.exists(),
        "schema_version": version,
        **{name: len(doc.get(name, {})) for name in store.SECTIONS},
        "other_keys": sorted(k for k in doc if k not in (*store.SECTIONS, "schema_version")),
    }
    store.writable_version(doc, file)
    columns = ("path", "exists", "schema_version", *store.SECTIONS)

    def tty() -> None:
        state = "ok" if report["exists"] else "not created yet (it will be on the first change)"
        out = output.console()
        out.print(output.literal(file, "bold"), output.literal(f": {state}"), sep="")
        counts = ", ".join(
            f"{report[name]} {one if report[name] == 1 else many}"
            for name, (one, many) in WHAT.items()
        )
        out.print(output.literal(f"schema {version}; {counts}"))
        if report["other_keys"]:
            out.print(output.literal(f"kept as written: {', '.join(report['other_keys'])}"))

    output.emit_object(report, mode, columns=columns, tty=tty)


HISTORY_FIELDS = ("version", "id", "written", "command", "change")


@app.command()
def history(ctx: typer.Context, json_: JsonOpt = False, plain: PlainOpt = False) -> None:
    """List the kept versions of the data file, newest first, and what each changed."""
    from amexcli import changes
    from amexcli import history as kept

    mode = output.choose(json_=json_, plain=plain)
    file = data_path(ctx)
    current = store.read_bytes(file)
    versions = kept.versions(file)
    docs = [_parsed(current, file), *(_parsed(v.path.read_bytes(), file) for v in versions)]
    rows: list[dict[str, object]] = []
    if current is not None:
        rows.append(
            {
                "version": 0,
                "id": None,
                "written": _written(file),
                "command": kept.command_of(file),
                "change": "",
            }
        )
    rows += [
        {
            "version": v.number,
            "id": v.id,
            "written": v.written.replace(second=0, microsecond=0),
            "command": v.command,
            "change": "",
        }
        for v in versions
    ]
    offset = 0 if current is not None else 1
    for i, row in enumerate(rows):
        doc, before = docs[i + offset], docs[i + offset + 1] if i + offset + 1 < len(docs) else None
        if doc is None:
            row["change"] = "(does not parse)"
        elif before is None:
            row["change"] = "(the oldest kept)" if i + offset + 1 >= len(docs) else "?"
        else:
            row["change"] = changes.describe(before, doc)
    footer = "Put one back with `amex data restore VERSION`; that is a new version too."
    output.emit_rows(rows, HISTORY_FIELDS, mode, footer=footer if rows else None)


def _parsed(data: bytes | None, file: Path) -> store.Document | None:
    if data is None:
        return store.new_document()
    try:
        return store.parse(data, file)
    except AmexError:
        return None


def _written(file: Path) -> datetime | None:
    try:
        return datetime.fromtimestamp(file.stat().st_mtime).replace(second=0, microsecond=0)
    except OSError:
        return None


@app.command()
def restore(
    ctx: typer.Context,
    version: Annotated[
        str | None,
        typer.Argument(
            metavar="[VERSION]",
            help="A version from `amex data history`: its number or id (default 1, the previous).",
        ),
    ] = None,
    yes: YesOpt = False,
) -> None:
    """Put a kept version back, as a new version: restoring 1 afterwards undoes it."""
    file = data_path(ctx)
    current, data, label = store.restore_sources(file, version)
    before = store.section_counts(current, file)
    after = store.section_counts(data, file)
    lines = [f"restore {label} over {file}:"]
    if before is None or after is None:
        lines.append(
            f"  the current file {'does not parse' if before is None else 'parses'}; "
            f"{label} {'does not parse' if after is None else 'parses'}"
        )
    if before is not None and after is not None:
        lines += [f"  {name:<10} {before[name]:>5} -> {after[name]}" for name in store.SECTIONS]
    lines.append(
        "The current file is kept as version 1 (and .bak): `amex data restore` again undoes this."
    )
    if after is None:
        output.warn(f"{label} does not parse: you will have to fix it by hand after restoring.")
    if yes:
        output.info("\n".join(lines))
    else:
        sys.stderr.write(output.visible("\n".join(lines)) + "\n")
    confirm(f"Restore {label}?", yes=yes)
    if data == current:
        output.info(f"{label} is the same as the current file: nothing to do")
        return
    store.restore(file, current=current, version=data)
    output.info(f"restored {file}")
