import sys
from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer

from amexcli import calllog, cards, output, store
from amexcli.commands._common import (
    AsOfOpt,
    JsonOpt,
    PlainOpt,
    YesOpt,
    confirm,
    data_path,
    date_option,
    group,
    known_card,
    masked,
    read,
)
from amexcli.dates import parse_datetime
from amexcli.errors import InputError, NotFound

app = group("Log every call and chat: reference number, rep, promise, follow-up.")

RefArg = Annotated[str, typer.Argument(metavar="REF", help="The reference number.")]
DateOpt = Annotated[
    str | None,
    typer.Option(
        "--date", metavar="DATETIME", help="When: YYYY-MM-DD or YYYY-MM-DDTHH:MM (default now)."
    ),
]
CardOpt = Annotated[str | None, typer.Option("--card", metavar="KEY", help="The card's key.")]
DeptOpt = Annotated[
    str | None,
    typer.Option("--dept", metavar="TEXT", help="Department: retention, general, dispute, ..."),
]
ChannelOpt = Annotated[
    str | None,
    typer.Option("--channel", metavar="|".join(calllog.CHANNELS), help="How you reached them."),
]
RepOpt = Annotated[str | None, typer.Option("--rep", metavar="NAME", help="Who you spoke to.")]
SummaryOpt = Annotated[
    str | None, typer.Option("--summary", metavar="TEXT", help="What it was about; - reads stdin.")
]
PromiseOpt = Annotated[
    str | None, typer.Option("--promise", metavar="TEXT", help="What they promised.")
]
FollowOpt = Annotated[
    str | None, typer.Option("--follow-up", metavar="DATE", help="When to check on it.")
]
ExpectOpt = Annotated[
    str | None,
    typer.Option(
        "--expect", metavar="AMOUNT", help="Credit promised, in dollars: a statement checks it."
    ),
]


def _fields(
    *,
    when: str | None,
    card: str | None,
    dept: str | None,
    channel: str | None,
    rep: str | None,
    summary: str | None,
    promise: str | None,
    follow_up: str | None,
    expect: str | None = None,
) -> dict[str, object]:
    """The options given, parsed; an empty value ("") clears a field in `edit`."""
    if summary == "-":
        summary = sys.stdin.read().rstrip("\n")
    given: dict[str, object] = {
        "card": card,
        "department": dept,
        "channel": calllog.check_channel(channel or None) if channel is not None else None,
        "rep": rep,
        "summary": summary,
        "promise": promise,
    }
    if when is not None:
        given["at"] = parse_datetime(when, what="--date")
    if follow_up is not None:
        given["follow_up"] = date_option(follow_up, "--follow-up") if follow_up else ""
    if expect is not None:
        given["expect"] = calllog.check_expect(expect) if expect.strip() else ""
    return {k: v for k, v in given.items() if v is not None}


def _check_card(doc: store.Document, values: dict[str, object]) -> None:
    if values.get("card"):
        known_card(cards.load_cards(store.section(doc, "cards")), str(values["card"]))


@app.command()
def add(
    ctx: typer.Context,
    ref: RefArg,
    when: DateOpt = None,
    card: CardOpt = None,
    dept: DeptOpt = None,
    channel: ChannelOpt = None,
    rep: RepOpt = None,
    summary: SummaryOpt = None,
    promise: PromiseOpt = None,
    follow_up: FollowOpt = None,
    expect: ExpectOpt = None,
) -> None:
    """Log a call or chat by its reference number."""
    ref = calllog.check_ref(ref)
    values = _fields(
        when=when, card=card, dept=dept, channel=channel, rep=rep,
        summary=summary, promise=promise, follow_up=follow_up, expect=expect,
    )  # fmt: skip
    values.setdefault("at", datetime.now().replace(second=0, microsecond=0))
    values = masked({"ref": ref, **values})
    ref = str(values.pop("ref"))
    with store.edit(data_path(ctx)) as doc:
        _check_card(doc, values)
        section = store.section(doc, "calls")
        existing = calllog.stored_key(section, ref)
        if existing is not None:
            raise InputError(f"{existing} is already in the log; change it with `amex log edit`.")
        fields = {k: v for k, v in values.items() if v != ""}
        section[ref] = calllog.from_table(ref, fields).table()
    output.info(f"logged {ref}")


@app.command()
def edit(
    ctx: typer.Context,
    ref: RefArg,
    when: DateOpt = None,
    card: CardOpt = None,
    dept: DeptOpt = None,
    channel: ChannelOpt = None,
    rep: RepOpt = None,
    summary: SummaryOpt = None,
    promise: PromiseOpt = None,
    follow_up: FollowOpt = None,
    expect: ExpectOpt = None,
) -> None:
    """Change an entry; "" clears a field, a new --follow-up reopens it."""
    values = _fields(
        when=when, card=card, dept=dept, channel=channel, rep=rep,
        summary=summary, promise=promise, follow_up=follow_up, expect=expect,
    )  # fmt: skip
    if not values:
        raise InputError("nothing to change: give an option, e.g. --follow-up 2026-12-01.")
    values = masked(values)
    with store.edit(data_path(ctx)) as doc:
        key = _existing(doc, ref)
        _check_card(doc, values)
        table = store.section(doc, "calls")[key]
        for name, value in values.items():
            if value == "":
                table.pop(name, None)
            else:
                table[name] = value
        if values.get("follow_up"):
            table.pop("done", None)
        calllog.from_table(key, table)
    output.info(f"changed {key}")


def _existing(doc: store.Document, ref: str) -> str:
    key = calllog.stored_key(store.section(doc, "calls"), ref.strip())
    if key is None:
        raise InputError(f"no log entry {ref!r}; see `amex log list` or `amex log search`.")
    return key


@app.command("list")
def list_(
    ctx: typer.Context,
    card: CardOpt = None,
    dept: DeptOpt = None,
    channel: ChannelOpt = None,
    since: Annotated[
        str | None,
        typer.Option("--since", metavar="DATE", help="Only calls on or after this day."),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", metavar="DATE", help="Only calls on or before this day."),
    ] = None,
    limit: Annotated[
        int | None, typer.Option("--limit", min=0, help="At most N entries, the newest.")
    ] = None,
    json_: JsonOpt = False,
    plain: PlainOpt = False,
) -> None:
    """List entries, newest first."""
    mode = output.choose(json_=json_, plain=plain)
    filters = calllog.Filters(
        card=card,
        department=dept,
        channel=calllog.check_channel(channel),
        since=date_option(since, "--since"),
        until=date_option(until, "--until"),
        limit=limit,
    )
    calls = calllog.select(calllog.load(store.section(read(ctx), "calls")), filters)
    _emit(calls, mode)


def _emit(calls: list[calllog.Call], mode: output.Mode) -> None:
    output.emit_rows(
        [c.row() for c in calls],
        calllog.PLAIN_COLUMNS if mode != "json" else calllog.FIELDS,
        mode,
        headers=("ref", "at", "card", "dept", "channel", "rep", "follow-up", "summary"),
    )


@app.command()
def show(ctx: typer.Context, ref: RefArg, json_: JsonOpt = False, plain: PlainOpt = False) -> None:
    """Show one entry."""
    mode = output.choose(json_=json_, plain=plain)
    doc = read(ctx)
    key = _existing(doc, ref)
    row = calllog.from_table(key, store.section(doc, "calls")[key]).row()
    output.emit_object(
        row,
        mode,
        columns=calllog.PLAIN_COLUMNS,
        tty=lambda: output.emit_fields(row, calllog.FIELDS),
    )


@app.command()
def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="Text to find in any field, any case.")],
    json_: JsonOpt = False,
    plain: PlainOpt = False,
) -> None:
    """Find entries by any text in them."""
    mode = output.choose(json_=json_, plain=plain)
    found = calllog.search(calllog.load(store.section(read(ctx), "calls")), text)
    _emit(found, mode)
    if not found:
        raise NotFound(f"no log entry mentions {text!r}.")


@app.command()
def done(ctx: typer.Context, ref: RefArg) -> None:
    """Mark an entry's follow-up as done."""
    with store.edit(data_path(ctx)) as doc:
        key = _existing(doc, ref)
        store.section(doc, "calls")[key]["done"] = True
    output.info(f"{key}: follow-up done")


@app.command()
def rm(ctx: typer.Context, ref: RefArg, yes: YesOpt = False) -> None:
    """Remove an entry."""
    path = data_path(ctx)
    key = _existing(store.read(path), ref)
    confirm(f"Remove log entry {key}?", yes=yes)
    with store.edit(path) as doc:
        del store.section(doc, "calls")[_existing(doc, key)]
    output.info(f"removed {key}")


@app.command()
def due(
    ctx: typer.Context, as_of: AsOfOpt = None, json_: JsonOpt = False, plain: PlainOpt = False
) -> None:
    """List open follow-ups due by a date, oldest first (exit 1 when none)."""
    mode = output.choose(json_=json_, plain=plain)
    today = date_option(as_of, "--as-of") or date.today()
    found = calllog.due(calllog.load(store.section(read(ctx), "calls")), as_of=today)
    _emit(found, mode)
    if not found:
        raise NotFound(f"no follow-up due by {today}.")


@app.command()
def export(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", metavar="json|csv", help="json or csv.")] = "json",
) -> None:
    """Write the whole log to stdout, oldest first."""
    if fmt not in ("json", "csv"):
        raise InputError(f"--format must be json or csv, not {fmt!r}.")
    calls = calllog.load(store.section(read(ctx), "calls"))
    calls.sort(key=lambda c: (c.at, c.ref))
    sys.stdout.write(calllog.export_json(calls) if fmt == "json" else calllog.export_csv(calls))


@app.command("import")
def import_(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(metavar="FILE|-", help="An export, JSON or CSV.")],
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace entries with the same ref.")
    ] = False,
) -> None:
    """Add entries from a JSON or CSV export; one bad row imports nothing."""
    try:
        # bytes, decoded here: text mode would turn a \r inside a quoted CSV field into \n
        data = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
        text = data.decode("utf-8")
    except (OSError, ValueError) as e:  # ValueError: not UTF-8, or a NUL in the name
        raise InputError(f"cannot read {source!r}: {getattr(e, 'strerror', None) or e}.") from None
    calls = calllog.parse_import(text)
    added = replaced = skipped = 0
    with store.edit(data_path(ctx)) as doc:
        section = store.section(doc, "calls")
        registered = store.section(doc, "cards")
        for given in calls:
            call, hidden = calllog.masked(given)
            for name in hidden:
                output.warn(f"{call.ref}: {name} held a card number; stored masked.")
            key = calllog.stored_key(section, call.ref)
            if key is not None and not replace:
                skipped += 1
                continue
            if key is not None:
                del section[key]
                replaced += 1
            else:
                added += 1
            section[call.ref] = call.table()
    unregistered = sorted({c.card for c in calls if c.card and c.card not in registered})
    if unregistered:
        count = sum(1 for c in calls if c.card in unregistered)
        output.warn(
            f"{count} entries name cards that are not registered ({', '.join(unregistered)}); "
            "kept as written."
        )
    if skipped:
        output.warn(f"skipped {skipped} entries already in the log (use --replace).")
    output.info(f"imported {added} new, replaced {replaced}, skipped {skipped}")
