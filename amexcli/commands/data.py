import typer

from amexcli import output, store
from amexcli.commands._common import JsonOpt, PlainOpt, data_path

app = typer.Typer(help="Show where the data file is and check it.", no_args_is_help=True)


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
        output.console().print(f"[bold]{file}[/bold]: {state}", highlight=False)
        counts = ", ".join(f"{report[n]} {n}" for n in store.SECTIONS)
        output.console().print(f"schema {version}; {counts}")
        if report["other_keys"]:
            output.console().print(f"kept as written: {', '.join(report['other_keys'])}")

    output.emit_object(report, mode, columns=columns, tty=tty)
