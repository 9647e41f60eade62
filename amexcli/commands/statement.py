import sys
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer

from amexcli import calllog, cards, output, serialize, statement, store
from amexcli.commands._common import (
    AsOfOpt,
    JsonOpt,
    PlainOpt,
    data_path,
    date_option,
    group,
    known_card,
)
from amexcli.errors import InputError, NotFound

app = group("Check fees, credits and promises against Amex's statement download (CSV).")


@app.callback()
def statement_group() -> None:
    """Check fees, credits and promises against Amex's statement download (CSV)."""
    # a callback keeps `statement` a group: Typer would make a lone command the group itself


@app.command("import")
def import_(
    ctx: typer.Context,
    source: Annotated[
        str,
        typer.Argument(metavar="FILE|-", help='The CSV from Amex\'s "Download activity", or -.'),
    ],
    card: Annotated[
        str | None,
        typer.Option("--card", metavar="KEY", help="Whose rows, when the file names no account."),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be recorded; write nothing.")
    ] = False,
    as_of: AsOfOpt = None,
    json_: JsonOpt = False,
    plain: PlainOpt = False,
) -> None:
    """Read a statement download: record fees and credits, report what is overdue."""
    mode = output.choose(json_=json_, plain=plain)
    today = date_option(as_of, "--as-of") or date.today()
    parsed = statement.parse(statement.decode(_read(source)))
    path = data_path(ctx)
    if dry_run:
        result = _reconcile(store.read(path), parsed, card, today)
    else:
        with store.edit(path) as doc:
            result = _reconcile(doc, parsed, card, today)
            _keep(doc, result.records)
    _report(result, parsed, mode, dry_run=dry_run)
    if result.overdue:
        promises = sum(1 for i in result.overdue if i.ref is not None)
        offers = len(result.overdue) - promises
        said = [
            f"{n} {what}{'s' if n != 1 else ''}"
            for n, what in ((promises, "promise"), (offers, "offer credit"))
            if n
        ]
        raise NotFound(f"{' and '.join(said)} overdue: call back.")


def _read(source: str) -> bytes:
    try:
        # bytes, decoded by statement.decode: a BOM and Excel's Windows-1252 are handled there
        if source != "-":
            return Path(source).read_bytes()
        return _read_stdin()
    except (OSError, ValueError) as e:  # ValueError: a NUL in the name
        raise InputError(f"cannot read {source!r}: {getattr(e, 'strerror', None) or e}.") from None


def _read_stdin() -> bytes:
    """Standard input whole; Ctrl-C while pasting ends on a line of its own, exit 130."""
    try:
        if sys.stdin.isatty():  # a person who typed `-` would otherwise wait on a silent screen
            output.info("reading the CSV from the terminal: paste it, then Ctrl-D (Ctrl-C stops).")
        return sys.stdin.buffer.read()
    except KeyboardInterrupt:
        sys.stderr.write("\n" + output.message("cancelled: nothing was imported."))
        raise typer.Exit(130) from None


def _reconcile(
    doc: store.Document, parsed: statement.Statement, card: str | None, today: date
) -> statement.Result:
    from amexcli import benefits, offers
    from amexcli.resources import load

    found = cards.load_cards(store.section(doc, "cards"))
    if card is not None:
        known_card(found, card)
    elif not parsed.has_account:
        raise InputError(
            "this download has no Account # column: say whose it is with --card KEY. "
            "Nothing was imported."
        )
    defaults = load("statement.toml")
    calls = calllog.load(store.section(doc, "calls"))
    used: dict[str, tuple[str, str]] = {}
    for c in found.values():
        used.update((ref, ("fee", c.key)) for ref in c.fees)
    used.update((c.credit_ref, ("call", c.ref)) for c in calls if c.credit_ref)
    enrolled = offers.load(store.section(doc, "offers"))
    used.update((o.reference, ("offer", o.id)) for o in enrolled if o.reference)
    recurring = benefits.load(store.section(doc, "benefits"))
    for b in recurring:
        used.update((u.reference, ("benefit", b.id)) for u in b.uses if u.reference)
    return statement.reconcile(
        parsed,
        cards={
            c.key: statement.Watched(
                key=c.key,
                last5=c.last5,
                fee_month=c.fee_month,
                fee_patterns=c.fee_patterns or tuple(defaults["fee_patterns"]),
                fees={ref: f.date for ref, f in c.fees.items()},
                closing_day=c.closing_day,
                annual_fee=None if c.annual_fee is None else c.annual_fee * 100,
            )
            for c in found.values()
        },
        promises=[
            statement.Promise(
                ref=c.ref,
                card=c.card,
                since=c.at.date(),
                due=c.follow_up,
                cents=round(c.expect * 100),
                promise=c.promise,
            )
            for c in calls
            if c.expect is not None and not c.done
        ],
        offers=statement.awaiting_credit(enrolled),
        benefits=[
            statement.BenefitWatch(b.id, b.card, b.name, b.match)
            for b in recurring
            if b.match and b.statement  # Uber Cash and its like never post: never matched
        ],
        used=used,
        card=card,
        rules=statement.Rules(
            payment_patterns=tuple(defaults["payment_patterns"]),
            refund_patterns=tuple(defaults["refund_patterns"]),
            offer_days=defaults["offer_days"],
            offer_markers=tuple(defaults["offer_markers"]),
            adjustment_patterns=tuple(defaults["adjustment_patterns"]),
            adjustment_category=defaults["adjustment_category"],
        ),
        today=today,
    )


def _keep(doc: store.Document, records: list[statement.Record]) -> None:
    """Write the matches: only the date, the amount and the row's key ever reach the file."""
    from amexcli import benefits, offers

    # the references each benefit already holds, gathered once: asking add_use to look through
    # every use for each new one made an import of N credits take N*N steps, under the lock
    known: dict[str, set[object]] = {}
    for r in records:
        if r.target == "fee":
            fees = store.section(doc, "cards")[r.key].setdefault("fees", {})
            fees[r.row_key] = {"date": r.date, "amount": statement.dollars(r.cents)}
        elif r.target == "call":
            table: dict[str, Any] = store.section(doc, "calls")[r.key]
            table.update(credited=r.date, credit_ref=r.row_key, done=True)
        elif r.target == "offer":
            table = store.section(doc, "offers")[r.key]
            if not offers.mark_used(table, on=r.date, credited=r.cents, reference=r.row_key):
                # marked used by hand on the day of the purchase: keep that day, add the credit
                table.update(
                    credited=statement.dollars(r.cents), credited_on=r.date, reference=r.row_key
                )
        elif r.target == "benefit":
            table = store.section(doc, "benefits")[r.key]
            seen = known.get(r.key)
            if seen is None:
                uses = table.get("uses", {}).values()
                seen = known[r.key] = {u.get("reference") for u in uses}
            if r.row_key in seen:
                continue
            seen.add(r.row_key)
            use = benefits.add_use(table, on=r.date, amount=r.cents)
            if use is not None:
                table["uses"][use]["reference"] = r.row_key


def _report(
    result: statement.Result, parsed: statement.Statement, mode: output.Mode, *, dry_run: bool
) -> None:
    span = f" from {parsed.first} to {parsed.last}" if parsed.first else ""
    left_out = result.rows - result.kept - result.unmapped
    summary = (
        f"Read {result.rows} row{'s' if result.rows != 1 else ''}{span}: kept {result.kept} "
        f"(fees and credits amex watches), left out {left_out} (other charges, payments, "
        f"refunds), {result.unmapped} not read (no card). No merchant, name or address is kept."
    )
    if dry_run:
        summary += " Dry run: nothing was written."
    if mode == "table":
        _tty(result.items, summary, dry_run=dry_run)
    else:
        output.emit_rows([i.row() for i in result.items], statement.FIELDS, mode)
        if dry_run:
            output.info("dry run: nothing was written.")
    for item in result.items if mode != "table" else ():  # the terminal showed them already
        if item.kind == "unmapped":
            output.warn(item.what + (f" ({item.command})" if item.command else ""))


def _tty(items: list[statement.Item], summary: str, *, dry_run: bool) -> None:
    """Each item as a headline and a sentence: no column squeezes a reference or a sentence."""
    from rich.text import Text

    status = {"new": "would be recorded" if dry_run else "recorded", "known": "already recorded"}
    out = output.console()
    for item in items:
        amount = "" if item.amount is None else statement.money(round(item.amount * 100))
        head = [serialize.field(item.date), item.kind, item.card or "", amount]
        line = Text.assemble(
            output.literal("  ".join(p for p in head if p), "bold"),
            output.literal(f"  {status[item.status]}" if item.status else "", "dim"),
        )
        out.print(line)
        body = Text.assemble(output.literal(item.what))
        if item.command:
            body.append_text(output.literal(f"\n$ {item.command}", "dim"))
        output.print_indented(out, body)
    out.print(output.literal(summary, "dim"))
