import sys
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from amexcli import calllog, cards, output, redact, store
from amexcli.commands import _editor, _prompt
from amexcli.commands._common import (
    AsOfOpt,
    JsonOpt,
    PlainOpt,
    YesOpt,
    answered_card,
    confirm,
    data_path,
    date_option,
    group,
    known_card,
    masked,
    note_conflict,
    read,
    unknown_card,
)
from amexcli.dates import parse_date, parse_datetime
from amexcli.errors import InputError, NotFound
from amexcli.words import plural

if TYPE_CHECKING:
    from amexcli.layout import Kind

app = group("Log every call and chat: reference number, rep, promise, follow-up.")

RefArg = Annotated[str, typer.Argument(metavar="REF", help="The reference number.")]
_WHEN = (
    "When: a date (today, 03/20/2026), a date and time (2026-03-20T19:05), or a time today (19:05)"
)
DateOpt = Annotated[
    str | None, typer.Option("--date", metavar="DATETIME", help=f"{_WHEN}; default now.")
]
# an edit keeps the entry's date unless given one
EditDateOpt = Annotated[
    str | None, typer.Option("--date", metavar="DATETIME", help=f"{_WHEN}; default unchanged.")
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


OPTIONS = {
    "at": "--date", "card": "--card", "department": "--dept", "channel": "--channel",
    "rep": "--rep", "summary": "--summary", "promise": "--promise", "follow_up": "--follow-up",
    "expect": "--expect",
}  # fmt: skip


def _parse(given: dict[str, str | None], *, names: dict[str, str] = OPTIONS) -> dict[str, object]:
    """The fields given, as the options take them; "" clears a field (in `edit`).

    `names` says what to call a field in an error: its option, or its name in the editor.
    """
    values: dict[str, object] = {}
    for name, value in given.items():
        if value is None:
            continue
        if name == "at":
            values[name] = parse_datetime(value, what=names[name], toward="past")
        elif name == "follow_up":
            values[name] = parse_date(value, what=names[name], toward="future") if value else ""
        elif name == "channel":
            values[name] = calllog.check_channel(value) if value else ""
        elif name == "expect":
            values[name] = calllog.check_expect(value) if value.strip() else ""
        else:
            values[name] = value
    return values


def _one(name: str, what: str | None = None) -> Callable[[str], object]:
    """The check of one field, for an answer typed at a question (`what` names it in an error)."""
    names = {name: what or name.replace("_", "-")}
    return lambda text: _parse({name: text}, names=names)[name]


def _check_card(doc: store.Document, values: dict[str, object]) -> None:
    if values.get("card"):
        known_card(cards.load_cards(store.section(doc, "cards")), str(values["card"]))


def _warn_dates(values: dict[str, object]) -> None:
    at, follow_up = values.get("at"), values.get("follow_up")
    for message in calllog.date_warnings(
        at=at if isinstance(at, datetime) else None,
        follow_up=follow_up if isinstance(follow_up, date) else None,
        now=_now(),
    ):
        output.warn(message)


def _now() -> datetime:
    return datetime.now().replace(second=0, microsecond=0)


def _unused(section: dict[str, dict[str, object]], ref: str) -> str:
    ref = calllog.check_ref(ref)
    existing = calllog.stored_key(section, ref)
    if existing is not None:
        raise InputError(f"{existing} is already in the log; change it with `amex log edit`.")
    return ref


@app.command()
def add(
    ctx: typer.Context,
    ref: Annotated[
        str | None,
        typer.Argument(metavar="REF", help="The reference number (asked for on a terminal)."),
    ] = None,
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
    """Log a call or chat by its reference number; on a terminal, alone, it asks for each field."""
    path = data_path(ctx)
    given = {
        "at": when, "card": card, "department": dept, "channel": channel, "rep": rep,
        "summary": summary, "promise": promise, "follow_up": follow_up, "expect": expect,
    }  # fmt: skip
    if _prompt.wanted(*given.values()):
        ref, values = _guided_add(store.read(path), ref)
    elif ref is None:
        raise InputError(
            "Missing argument 'REF'.\nOn a terminal, `amex log add` alone asks for each field."
        )
    else:
        if summary == "-":
            given["summary"] = sys.stdin.read().rstrip("\n")
        values = _parse(given)
    values.setdefault("at", _now())
    values = masked({"ref": calllog.check_ref(ref), **values})
    ref = str(values.pop("ref"))
    with store.edit(path) as doc:
        _check_card(doc, values)
        section = store.section(doc, "calls")
        _unused(section, ref)
        fields = {k: v for k, v in values.items() if v != ""}
        section[ref] = calllog.from_table(ref, fields).table()
    _warn_dates(values)
    output.info(f"logged {ref}")


def _guided_add(doc: store.Document, ref: str | None) -> tuple[str, dict[str, object]]:
    """The questions of `log add` on a terminal: the ref, then each field, Enter to skip."""
    section = store.section(doc, "calls")
    registered = cards.load_cards(store.section(doc, "cards"))
    if ref is not None:
        ref = _unused(section, ref)  # a ref already logged fails before any question
    _prompt.start("Logging a call.")
    if ref is None:
        ref = _prompt.ask("Reference number", lambda t: _unused(section, t), required=True)
    assert ref is not None
    values: dict[str, object] = {
        "at": _prompt.ask(
            "When",
            _one("at", "when"),
            hint="19:05, yesterday 14:30, 03/20/2026 19:05",
            default=_now(),
            shown="now",
        ),
    }
    if registered:  # with none registered there is no card to name
        values["card"] = _prompt.ask(
            "Card",
            lambda t: answered_card(registered, t),
            hint=None if len(registered) == 1 else ", ".join(registered),
            default=next(iter(registered)) if len(registered) == 1 else None,
        )
    values["department"] = _prompt.ask(
        "Department", _one("department"), hint=", ".join(calllog.DEPARTMENTS[:3]) + ", ..."
    )
    values["channel"] = _prompt.ask(
        "Channel",
        _prompt.choice(calllog.CHANNELS, "channel"),
        hint=", ".join(calllog.CHANNELS),
        default="phone",
    )
    values["rep"] = _prompt.ask("Rep", _one("rep"), hint="who you spoke to")
    values["summary"] = _prompt.ask("Summary", _one("summary"))
    values["promise"] = _prompt.ask("Promise", _one("promise"), hint="what they promised")
    values["expect"] = _prompt.ask(
        "Credit promised", _one("expect"), hint="dollars; `amex statement import` checks it"
    )
    values["follow_up"] = _prompt.ask(
        "Follow up on", _one("follow_up"), hint="a date: +30d, 12/20, ..."
    )
    return ref, {k: v for k, v in values.items() if v is not None}


@app.command()
def edit(
    ctx: typer.Context,
    ref: RefArg,
    when: EditDateOpt = None,
    card: CardOpt = None,
    dept: DeptOpt = None,
    channel: ChannelOpt = None,
    rep: RepOpt = None,
    summary: SummaryOpt = None,
    promise: PromiseOpt = None,
    follow_up: FollowOpt = None,
    expect: ExpectOpt = None,
    new_ref: Annotated[
        str | None, typer.Option("--ref", metavar="NEW", help="Rename the entry to NEW.")
    ] = None,
) -> None:
    """Change an entry ("" clears a field); with no option, on a terminal, in your editor."""
    path = data_path(ctx)
    given = {
        "at": when, "card": card, "department": dept, "channel": channel, "rep": rep,
        "summary": summary, "promise": promise, "follow_up": follow_up, "expect": expect,
    }  # fmt: skip
    if _prompt.wanted(*given.values(), new_ref):
        _edit_in_editor(path, ref)
        return
    if summary == "-":
        given["summary"] = sys.stdin.read().rstrip("\n")
    values = _parse(given)
    if not values and new_ref is None:
        raise InputError(
            "nothing to change: give an option, e.g. --follow-up 2026-12-01 "
            "(on a terminal, `amex log edit REF` alone opens your editor)."
        )
    key = _change(path, ref, values, new_ref=new_ref)
    output.info(f"changed {key}")


def _change(
    path: Path,
    ref: str,
    values: dict[str, object],
    *,
    new_ref: str | None = None,
    done: bool | None = None,
) -> str:
    """Apply `values` ("" clears a field) to the entry `ref`, maybe renaming it; its new key."""
    values = masked(values if new_ref is None else {**values, "ref": calllog.check_ref(new_ref)})
    new_ref = values.pop("ref", None)  # type: ignore[assignment]
    with store.edit(path) as doc:
        key = _existing(doc, ref)
        _check_card(doc, values)
        section = store.section(doc, "calls")
        table = section[key]
        for name, value in values.items():
            if value == "":
                table.pop(name, None)
            else:
                table[name] = value
        if values.get("follow_up"):
            table.pop("done", None)  # a new follow-up is open again
        if done is not None:
            if done:
                table["done"] = True
            else:
                table.pop("done", None)
        calllog.from_table(key, table)
        if new_ref is not None and new_ref != key:
            clash = calllog.stored_key(section, new_ref)
            if clash not in (None, key):
                raise InputError(f"{clash} is already in the log; choose another --ref.")
            renamed = {(new_ref if k == key else k): t for k, t in section.items()}
            section.clear()
            section.update(renamed)  # in place, so the entry keeps its place in the file
            key = new_ref
    _warn_dates(values)
    return key


def _edit_in_editor(path: Path, ref: str) -> None:
    """`log edit REF` on a terminal: the entry as TOML in $VISUAL or $EDITOR, applied on save."""
    doc = store.read(path)
    key = _existing(doc, ref)
    original = calllog.edit_buffer(calllog.from_table(key, store.section(doc, "calls")[key]))
    before = calllog.read_buffer(original)
    text = original
    while True:
        saved = _editor.edit(text, name=key)
        if saved == original:
            output.info(f"{key}: nothing changed")
            return
        try:
            if saved is None:
                raise InputError("what the editor saved is not UTF-8 text.")
            text = saved
            after = calllog.read_buffer(saved)
            changed = {k: v for k, v in after.items() if v != before[k]}
            if not changed:
                output.info(f"{key}: nothing changed")
                return
            renamed = changed.pop("ref", None)
            done = changed.pop("done", None)
            values = _parse({k: str(v) for k, v in changed.items()}, names={n: n for n in OPTIONS})
            key = _change(
                path,
                key,
                values,
                new_ref=str(renamed) if renamed is not None else None,
                done=bool(done) if done is not None else None,
            )
        except InputError as e:
            sys.stderr.write(output.message(str(e)))
            if not _prompt.yes("Edit it again?", default=True):
                raise InputError(f"{key} was left as it was.") from None
            text = _with_error(text, str(e))
            continue
        output.info(f"changed {key}")
        return


def _with_error(text: str, error: str) -> str:
    """The buffer to reopen: the error on top as a comment, instead of the last one."""
    lines = text.splitlines(keepends=True)
    while lines and lines[0].startswith("# amex: "):
        lines.pop(0)
    note = "".join(f"# amex: {line}\n" for line in error.splitlines())
    return note + "".join(lines)


def _existing(doc: store.Document, ref: str) -> str:
    # a ref typed with a card number in it was stored masked: look it up masked
    key = calllog.stored_key(store.section(doc, "calls"), redact.mask(ref.strip())[0])
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
    doc = read(ctx)
    everything = calllog.load(store.section(doc, "calls"))
    if card is not None:
        _check_filter_card(doc, everything, card)
    filters = calllog.Filters(
        card=card,
        department=dept,
        channel=calllog.check_channel(channel),
        since=date_option(since, "--since", "past"),
        until=date_option(until, "--until"),
        limit=limit,
    )
    calls = calllog.select(everything, filters)
    empty = (
        "no log entry matches these filters."
        if everything
        else "no calls logged yet: `amex log add REF` after your next call."
    )
    _emit(calls, mode, empty=empty)


def _check_filter_card(doc: store.Document, calls: list[calllog.Call], card: str) -> None:
    """A card filter names a registered card, or one the log still holds (a removed card)."""
    known = set(store.section(doc, "cards")) | {c.card for c in calls if c.card}
    if card not in known:
        raise InputError(unknown_card(card, known))


# On a terminal: whether the follow-up is open or done, and the promise, beside the summary.
TABLE_COLUMNS = (
    "ref", "at", "card", "department", "channel", "rep", "follow_up", "status", "promise",
    "summary",
)  # fmt: skip
TABLE_HEADERS = (
    "ref", "at", "card", "department", "channel", "rep", "follow up", "status", "promise",
    "summary",
)  # fmt: skip

# Free text stays on one line, cut with an ellipsis (`log show` has it whole); a narrow terminal
# drops the promise, the department, the rep and channel, and last the summary, before it shows
# one block per entry: a table of refs, times, cards and follow-ups scans better than blocks.
TABLE_KINDS: "dict[str, Kind]" = {
    "department": "clip", "channel": "clip", "rep": "clip", "promise": "clip", "summary": "clip",
}  # fmt: skip
TABLE_DROP = ("promise", "department", "rep", "channel", "summary")


def _emit(calls: list[calllog.Call], mode: output.Mode, *, empty: str | None = None) -> None:
    if mode == "table":
        rows = [{**c.row(), "status": _status(c)} for c in calls]
        output.emit_rows(
            rows,
            TABLE_COLUMNS,
            mode,
            headers=TABLE_HEADERS,
            kinds=TABLE_KINDS,
            drop=TABLE_DROP,
            empty=empty,
        )
    else:
        columns = calllog.PLAIN_COLUMNS if mode == "plain" else calllog.FIELDS
        # one at a time: a JSON or plain listing of 100,000 entries streams
        output.emit_rows((c.row() for c in calls), columns, mode)


def _status(call: calllog.Call) -> str:
    if call.done:
        return "done"
    return "open" if call.follow_up else ""


@app.command()
def show(ctx: typer.Context, ref: RefArg, json_: JsonOpt = False, plain: PlainOpt = False) -> None:
    """Show one entry."""
    mode = output.choose(json_=json_, plain=plain)
    doc = read(ctx)
    key = _existing(doc, ref)
    row = calllog.from_table(key, store.section(doc, "calls")[key]).row()
    note_conflict(f"log entry {key}", store.section(doc, "calls")[key])
    output.emit_object(
        row,
        mode,
        columns=calllog.PLAIN_COLUMNS,
        tty=lambda: _show_on_terminal(row),
    )


def _show_on_terminal(row: dict[str, object]) -> None:
    """The entry with the list's words: `status open`, `expect $39` (JSON keeps `done`)."""
    from decimal import Decimal

    from amexcli.money import format_cents

    call = calllog.from_table(str(row["ref"]), {k: v for k, v in row.items() if k != "ref"})
    shown = {**row, "status": _status(call)}
    if isinstance(row.get("expect"), int | float):
        shown["expect"] = format_cents(round(Decimal(str(row["expect"])) * 100))
    fields = [("status" if f == "done" else f) for f in calllog.FIELDS]
    output.emit_fields(shown, fields, kinds={"expect": "id"})


@app.command()
def search(
    ctx: typer.Context,
    text: Annotated[str, typer.Argument(help="Text to find in any field, any case.")],
    json_: JsonOpt = False,
    plain: PlainOpt = False,
) -> None:
    """Find entries by any text in them."""
    mode = output.choose(json_=json_, plain=plain)
    # what was stored masked is found by the number as typed
    found = calllog.search(calllog.load(store.section(read(ctx), "calls")), redact.mask(text)[0])
    _emit(found, mode)
    if not found:
        raise NotFound(f"no log entry mentions {text!r}.")


RefsArg = Annotated[
    list[str], typer.Argument(metavar="REF...", help="One or more reference numbers.")
]


def _all_existing(doc: store.Document, refs: list[str]) -> list[str]:
    """The stored keys of `refs`, each once; any missing fails them all before a change."""
    section = store.section(doc, "calls")
    keys: list[str] = []
    missing: list[str] = []
    for ref in refs:
        key = calllog.stored_key(section, ref.strip())
        if key is None:
            missing.append(repr(ref))
        elif key not in keys:
            keys.append(key)
    if missing:
        raise InputError(
            f"no log entry {', '.join(missing)}; nothing was changed. "
            "See `amex log list` or `amex log search`."
        )
    return keys


@app.command()
def done(
    ctx: typer.Context,
    refs: RefsArg,
    undo: Annotated[bool, typer.Option("--undo", help="Reopen them: not done after all.")] = False,
) -> None:
    """Mark entries' follow-ups as done; --undo reopens them."""
    if undo:
        _reopen(ctx, refs)
        return
    said = []
    with store.edit(data_path(ctx)) as doc:
        section = store.section(doc, "calls")
        for key in _all_existing(doc, refs):
            table = section[key]
            if table.get("done"):
                said.append(f"{key} was already done; nothing changed")
                continue
            table["done"] = True
            follow_up = table.get("follow_up")
            if follow_up is None:
                said.append(f"{key}: marked done (it had no follow-up date)")
            else:
                said.append(f"{key}: follow-up of {follow_up} done")
    for line in said:
        output.info(line)


def _reopen(ctx: typer.Context, refs: list[str]) -> None:
    said = []
    with store.edit(data_path(ctx)) as doc:
        section = store.section(doc, "calls")
        for key in _all_existing(doc, refs):
            if not section[key].pop("done", False):
                said.append(f"{key} was not done; nothing changed")
                continue
            follow_up = section[key].get("follow_up")
            due = f" (follow-up {follow_up})" if follow_up else ""
            said.append(f"{key}: open again{due}")
    for line in said:
        output.info(line)


@app.command()
def rm(ctx: typer.Context, refs: RefsArg, yes: YesOpt = False) -> None:
    """Remove entries; one that is not in the log removes none."""
    path = data_path(ctx)
    keys = _all_existing(store.read(path), refs)
    many = "entries" if len(keys) > 1 else "entry"
    confirm(f"Remove log {many} {', '.join(keys)}?", yes=yes)
    with store.edit(path) as doc:
        section = store.section(doc, "calls")
        for key in _all_existing(doc, keys):
            del section[key]
    output.info(f"removed {', '.join(keys)}")


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
    masked_calls = []
    for given in calls:  # masked before the lock is taken: the lock is held only to merge
        call, hidden = calllog.masked(given)
        for name in hidden:
            output.warn(f"{call.ref}: {name} held a card number; stored masked.")
        masked_calls.append(call)
    with store.edit(data_path(ctx)) as doc:
        section = store.section(doc, "calls")
        registered = store.section(doc, "cards")
        index = calllog.key_index(section)  # one pass, not one scan of the log per row
        for call in masked_calls:
            key = index.get(calllog.fold(call.ref))
            if key is not None and not replace:
                skipped += 1
                continue
            if key is not None:
                del section[key]
                replaced += 1
            else:
                added += 1
            section[call.ref] = call.table()
            index[calllog.fold(call.ref)] = call.ref
    unregistered = sorted({c.card for c in calls if c.card and c.card not in registered})
    if unregistered:
        count = sum(1 for c in calls if c.card in unregistered)
        name = "names a card that is" if count == 1 else "name cards that are"
        output.warn(
            f"{plural(count, 'entry', 'entries')} {name} not registered "
            f"({', '.join(unregistered)}); kept as written."
        )
    if skipped:
        output.warn(
            f"skipped {plural(skipped, 'entry', 'entries')} already in the log (use --replace)."
        )
    output.info(f"imported {added} new, replaced {replaced}, skipped {skipped}")
