import sys

import typer

from amexcli import output, store
from amexcli.commands._common import JsonOpt, PlainOpt, YesOpt, confirm, data_path, group

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


@app.command()
def restore(ctx: typer.Context, yes: YesOpt = False) -> None:
    """Put the previous version back; the current one becomes the backup."""
    file = data_path(ctx)
    current, backup = store.restore_sources(file)
    before = store.section_counts(current, file)
    after = store.section_counts(backup, file)
    lines = [f"restore {store.backup_path(file)} over {file}:"]
    if before is None or after is None:
        lines.append(
            f"  the current file {'does not parse' if before is None else 'parses'}; "
            f"the backup {'does not parse' if after is None else 'parses'}"
        )
    if before is not None and after is not None:
        lines += [f"  {name:<10} {before[name]:>5} -> {after[name]}" for name in store.SECTIONS]
    lines.append("The current file becomes the backup: restoring again undoes this.")
    if after is None:
        output.warn("the backup does not parse: you will have to fix it by hand after restoring.")
    if yes:
        output.info("\n".join(lines))
    else:
        sys.stderr.write(output.visible("\n".join(lines)) + "\n")
    confirm("Restore the backup?", yes=yes)
    store.restore(file, current=current, backup=backup)
    output.info(f"restored {file}")
