import shlex
import sys
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from amexcli import output, store
from amexcli.commands._common import (
    JsonOpt,
    PlainOpt,
    YesOpt,
    confirm,
    confirm_possible,
    data_path,
    group,
)
from amexcli.errors import AmexError, DataFileError, InputError

WHAT = {  # how a person says each section's count
    "cards": ("card", "cards"),
    "retention": ("retention record", "retention records"),
    "calls": ("logged call", "logged calls"),
    "numbers": ("number of your own", "numbers of your own"),
}

app = group("The data file: where it is, its check, history, restore and merge.")


@app.command()
def path(ctx: typer.Context) -> None:
    """Print the path of the data file."""
    typer.echo(str(data_path(ctx)))


@app.command()
def check(ctx: typer.Context, json_: JsonOpt = False, plain: PlainOpt = False) -> None:
    """Check that the data file can be used and say what it holds."""
    mode = output.choose(json_=json_, plain=plain)
    from amexcli import merge

    file = data_path(ctx)
    doc = store.read(file)
    version = doc.get("schema_version", store.SCHEMA_VERSION)
    conflicts = merge.conflicts_in(doc)
    copies = store.conflict_copies(file)
    report = {
        "path": str(file),
        "exists": file.exists(),
        "schema_version": version,
        **{name: len(doc.get(name, {})) for name in store.SECTIONS},
        "other_keys": sorted(k for k in doc if k not in (*store.SECTIONS, *KNOWN)),
        "conflicts": [_conflict_row(section, key, note) for section, key, note in conflicts],
        "sync_conflicts": [str(p) for p in copies],
    }
    if any(t.get("catalogue") for t in store.section(doc, "cards").values()):
        # cards added from the card catalogue: what it now says otherwise
        report["catalogue"] = [d.row() for d in _catalogue_differences(doc)]
    store.writable_version(doc, file)
    problem = store.write_problem(file)
    if problem is not None:  # it reads, but no change could be saved where it lives
        raise DataFileError(problem)
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
        for row in report["conflicts"]:
            out.print(output.literal(f"conflict in {row['entry']}: {row['note']}"))
        for row in report.get("catalogue", []):
            out.print(output.literal(f"{row['card']}: {row['what']}; `{row['command']}`"))
        if report["conflicts"]:
            out.print(
                output.literal(
                    "Keep the value you want (edit the entry, or the file), then delete its "
                    "`conflict` table from the file."
                )
            )

    output.emit_object(report, mode, columns=columns, tty=tty)
    for copy in copies:  # said in every mode: it is what a person must act on
        output.warn(sync_conflict_advice(copy))


KNOWN = ("schema_version", "deleted", "conflict")  # amex's own top-level keys


def _catalogue_differences(doc: store.Document) -> list[Any]:
    """What the card catalogue now says against the cards added from it."""
    from datetime import date

    from amexcli.commands import _catalogue

    return _catalogue.differences(doc, today=date.today())


def _conflict_row(section: str, key: str, note: Mapping[str, Any]) -> dict[str, str]:
    from amexcli import merge

    return {
        "entry": f"{section}.{key}" if section else "(top level)",
        "note": merge.describe_note(note),
    }


def sync_conflict_advice(copy: Path) -> str:
    return (
        f"{copy} is a copy a sync service set aside. Merge it with "
        f"`amex data merge {shlex.quote(str(copy))} --yes`, then remove it."
    )


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
    _skip_odd(file)
    docs = [_parsed(current, file), *(_kept_doc(v, file) for v in versions)]
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


def _skip_odd(file: Path) -> None:
    """One line per entry of the history that is not a regular file: never opened, skipped."""
    from amexcli import history as kept

    for name in kept.odd(file):
        output.warn(output.visible(f"skipped {name} in the history: not a regular file"))


def _kept_doc(version: Any, file: Path) -> store.Document | None:
    """A kept version parsed; None when it does not parse or is no longer a regular file."""
    from amexcli import history as kept

    data = kept.read(version)
    return None if data is None else _parsed(data, file)


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
    _skip_odd(file)
    current, data, label = store.restore_sources(file, version)
    if not yes:  # refused at once off a terminal, rather than after a preview nobody can answer
        confirm_possible(f"Restore {label}?")
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


OtherArg = Annotated[str, typer.Argument(metavar="OTHER", help="Another copy of the data file.")]
BaseOpt = Annotated[
    str | None,
    typer.Option("--base", metavar="FILE", help="The version both copies grew from, if known."),
]
DryRunOpt = Annotated[
    bool, typer.Option("--dry-run", help="Say what would change, and change nothing.")
]


@app.command()
def merge(
    ctx: typer.Context,
    other: OtherArg,
    base: BaseOpt = None,
    dry_run: DryRunOpt = False,
    yes: YesOpt = False,
) -> None:
    """Merge another copy of the data file into this one, record by record (exit 1: conflicts)."""
    from amexcli import changes
    from amexcli import merge as merging

    file = data_path(ctx)
    theirs = _masked(_other(other, "OTHER"), "OTHER")
    given = _other(base, "--base") if base is not None else None
    ours = merging.upgrade(store.read(file))
    ancestor, how = (
        (given, f"three-way, with {base} as the common ancestor")
        if given
        else (_ancestor(file, ours, theirs))
    )
    result = merging.merge(ours, theirs, ancestor)
    change = changes.describe(ours, result.doc)
    lines = [f"merge {other} into {file} ({how}):", f"  {change}"]
    lines += [f"  conflict: {c.describe()}" for c in result.conflicts]
    text = output.visible("\n".join(lines))
    if dry_run:
        sys.stdout.write(text + "\n")
        if result.conflicts:
            raise typer.Exit(1)
        return
    if store.dump(dict(result.doc)) == store.dump(dict(ours)):
        output.info(f"nothing to merge: {file} already holds everything in {other}")
        return
    if yes:
        output.info(text)
    else:
        sys.stderr.write(text + "\n")
    confirm("Merge?", yes=yes)
    with store.edit(file) as doc:  # again under the lock: the file may have changed since
        final = merging.merge(doc, theirs, ancestor)
        doc.clear()
        doc.update(final.doc)
    output.info(f"merged {other} into {file}")
    _left(final.conflicts)


@app.command("merge-driver")
def merge_driver(
    base: Annotated[str, typer.Argument(metavar="%O", help="git's common ancestor.")],
    ours: Annotated[str, typer.Argument(metavar="%A", help="This side; the result goes here.")],
    theirs: Annotated[str, typer.Argument(metavar="%B", help="The other side.")],
) -> None:
    """Merge for git (see the README): %A becomes the merge, never with conflict markers."""
    from amexcli import merge as merging

    # git gives an empty %O when the file has no common ancestor: the merge is then two-way
    ancestor = None if not _read(base, "%O").strip() else _other(base, "%O")
    result = merging.merge(
        _masked(_other(ours, "%A"), "%A"), _masked(_other(theirs, "%B"), "%B"), ancestor
    )
    store.write_merged(Path(ours), store.dump(result.doc))
    _left(result.conflicts)


def _left(conflicts: list[Any]) -> None:
    """Report the conflicts left for the person, and exit 1 if there are any."""
    if not conflicts:
        return
    for c in conflicts:
        output.warn(output.visible(f"conflict: {c.describe()}"))
    output.warn(f"{len(conflicts)} conflict(s) left: `amex data check` lists them.")
    raise typer.Exit(1)


def _read(name: str, what: str) -> bytes:
    if "\0" in name:
        raise InputError(f"{what} holds a NUL byte; no file can have that name.")
    try:
        return Path(name).expanduser().read_bytes()
    except OSError as e:
        raise InputError(f"cannot read {what} {name}: {e.strerror}.") from None


def _other(name: str, what: str) -> dict[str, Any]:
    """Another copy of the file, parsed and upgraded; a copy amex cannot read is bad input."""
    from amexcli import merge as merging

    path = Path(name).expanduser()
    data = _read(name, what)
    try:
        doc = store.parse(data, path)
    except DataFileError as e:
        raise InputError(f"cannot merge {what}: {e}".replace("\n", " ")) from None
    try:
        store.writable_version(doc, path)
    except DataFileError as e:
        raise InputError(str(e)) from None
    return merging.upgrade(doc)


def _masked(doc: dict[str, Any], what: str) -> dict[str, Any]:
    """A copy to merge with card numbers masked, as every other way into the file masks them:
    one line on stderr for each place that held one."""
    from amexcli import redact

    doc, places = redact.mask_document(doc)
    for place in places:
        output.warn(
            output.visible(
                f"{what}: {place} held a card number; merged with all but the last five digits "
                "hidden (a security code wholly)."
            )
        )
    return doc


def _ancestor(
    file: Path, ours: dict[str, Any], theirs: dict[str, Any]
) -> tuple[dict[str, Any] | None, str]:
    """The common ancestor found in the history, if any, and how the merge is made."""
    from amexcli import history as kept
    from amexcli import merge as merging

    candidates: list[dict[str, Any]] = []
    _skip_odd(file)
    for v in kept.versions(file):
        doc = _kept_doc(v, file)
        candidates.append(merging.upgrade(doc) if doc is not None else {"\0": "unreadable"})
    found = merging.best_ancestor(ours, theirs, candidates)
    if found is None:
        return None, "two-way: no common ancestor in the history; deletions are told by tombstones"
    return candidates[found], f"three-way, with version {found + 1} of the history as ancestor"
