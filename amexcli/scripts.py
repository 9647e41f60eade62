"""Call scripts: the templates in data/scripts.toml filled in from the user's own data."""

from __future__ import annotations

import shlex
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from amexcli import eligibility
from amexcli.cards import Card, RetentionRecord
from amexcli.dates import months_between
from amexcli.directory import Number
from amexcli.eligibility import Verdict
from amexcli.lazy import frozen
from amexcli.value import Value

if TYPE_CHECKING:
    from decimal import Decimal

KINDS = ("retention", "dispute", "late-fee", "financial-review")
# Regulation Z, 12 CFR 1026.13(b)(1): the written notice must be *received* no later than 60
# days after the first statement showing the error was sent (DOMAIN.md)
NOTICE_DAYS = 60
MAIL_DAYS = 7  # a suggested follow-up lands this long before the notice deadline, to mail it
FOLLOW_UP_DAYS = {"retention": 30, "dispute": 30, "late-fee": 30, "financial-review": 14}


@frozen
class Section:
    title: str
    lines: tuple[str, ...]


@frozen
class Script:
    title: str
    sections: tuple[Section, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "sections": [{"title": s.title, "lines": list(s.lines)} for s in self.sections],
        }

    def markdown(self) -> str:
        """Lines become list items; "> " lines quotes; "$ " lines a shell block to copy."""
        out = [f"# {self.title}\n"]
        for s in self.sections:
            out.append(f"\n## {s.title}\n")
            previous = None
            for line in s.lines:
                kind = line[:2] if line[:2] in ("> ", "$ ") else "- "
                if kind != previous:
                    out.append("```\n" if previous == "$ " else "")
                    out.append("\n```sh\n" if kind == "$ " else "\n")
                elif kind == "> ":
                    out.append("\n")
                out.append(
                    line[2:] + "\n"
                    if kind == "$ "
                    else line + "\n"
                    if kind == "> "
                    else f"- {line}\n"
                )
                previous = kind
            if previous == "$ ":
                out.append("```\n")
        return "".join(out)


@frozen
class Charge:
    """What `script dispute` knows about the charge."""

    merchant: str | None = None
    amount: Decimal | None = None
    charge_date: date | None = None
    statement_date: date | None = None

    @property
    def notice_deadline(self) -> date | None:
        return notice_deadline(self.statement_date) if self.statement_date else None


def notice_deadline(statement_date: date) -> date:
    """The last day the written notice of a billing error may *reach* the card issuer."""
    return statement_date + timedelta(days=NOTICE_DAYS)


def follow_up(kind: str, *, today: date, deadline: date | None = None) -> date:
    """The follow-up of a suggested log line: never after a deadline still ahead of `today`."""
    usual = today + timedelta(days=FOLLOW_UP_DAYS[kind])
    if deadline is None or deadline < today:
        return usual
    return max(today, min(usual, deadline - timedelta(days=MAIL_DAYS)))


def build(
    kind: str,
    template: Mapping[str, Any],
    *,
    today: date,
    number: Number,
    card: Card | None = None,
    verdict: Verdict | None = None,
    history: Iterable[RetentionRecord] = (),
    charge: Charge = Charge(),
    first_late: bool = False,
    mark: bool = False,
    worth: Value | None = None,
) -> Script:
    """The script of `kind`; with `mark`, every filled-in value is wrapped in VALUE_START/END so
    a terminal renderer can style the template's Markdown and show the user's text literally."""
    values: dict[str, Any] = {
        "today": today.isoformat(),
        "number": number.number,
        "number_label": number.label,
        "card": "KEY",
        "card_option": "",
        "follow_up": follow_up(kind, today=today, deadline=charge.notice_deadline),
    }
    flags: set[str] = {"first_late"} if first_late else set()
    if card is not None:
        _card_facts(card, today, values, flags)
    if verdict is not None:
        _verdict_facts(verdict, values, flags)
    mine = [r for r in history if card is not None and r.card == card.key]
    if mine:
        flags.add("history")
        values["history"] = "; ".join(
            f"{r.date} {r.outcome}" + (f" ({r.offer})" if r.offer else "") for r in mine
        )
    _charge_facts(charge, today, values, flags)
    if worth is not None:
        _worth_facts(worth, values, flags)
    if mark:
        values = {k: f"{VALUE_START}{_without_markers(v)}{VALUE_END}" for k, v in values.items()}
    return render(template, values, flags)


VALUE_START, VALUE_END = "\ue000", "\ue001"  # private-use characters: never in a template


def _without_markers(value: Any) -> str:
    return str(value).replace(VALUE_START, "\ufffd").replace(VALUE_END, "\ufffd")


def _card_facts(card: Card, today: date, values: dict[str, Any], flags: set[str]) -> None:
    flags.add("card")
    values.update(card=card.key, product=card.product, card_option=f" --card {card.key}")
    if card.is_platinum:
        flags.add("platinum")
    if card.member_since is not None:
        flags.add("since")
        values["member_since"] = card.member_since.year
        values["years"] = months_between(card.member_since, today) // 12
    if card.opened is not None:
        values["opened"] = card.opened
    if card.annual_fee is not None:
        flags.add("fee")
        values["annual_fee"] = f"{card.annual_fee:,}"


def _worth_facts(v: Value, values: dict[str, Any], flags: set[str]) -> None:
    """The fee year's credits against the fee (`amex value`): claimed only from the user's data."""
    from amexcli.money import format_cents
    from amexcli.value import to_nearest_dollar

    if v.fee is None or v.difference is None or not v.recorded:
        return
    flags.add("value_covers" if v.difference >= 0 else "value_short")
    values.update(
        credits_about=to_nearest_dollar(v.credits_used),
        credits_used=format_cents(v.credits_used),
        value_fee=format_cents(v.fee),
        fee_year_start=v.year_start,
        fee_year_end=v.year_end,
    )


def _verdict_facts(v: Verdict, values: dict[str, Any], flags: set[str]) -> None:
    flags.add(v.verdict)
    values.update(
        verdict=v.verdict,
        last_accepted=v.last_accepted,
        months_since=v.months_since,
        next_change=v.next_change,
        next_verdict=v.next_verdict,
    )
    if v.last_accepted is not None:
        flags.add("last")
    if v.first_year_ends is not None:
        flags.add("first_year")
        values["first_year_ends"] = v.first_year_ends
    if v.first_renewal is not None:  # no renewal to negotiate before the first one
        flags.add("in_first_year")
        values["first_renewal"] = v.first_renewal
    if v.renewal_window:
        flags.add("first_renewal")
    if v.next_fee_month is not None:
        flags.add("fee_month")
        values["fee_month"] = v.next_fee_month
    if v.fee_statement is not None:
        flags.add("statement")
        values.update(fee_statement=v.fee_statement, refund_deadline=v.refund_deadline)
    a = eligibility.advice_for(v)
    if a is None:
        return
    # the window and the call in it: the same CallAdvice as `amex eligibility` and `amex next`
    flags.add("window")
    assert v.today is not None
    posted = a.window.has_posted(v.today)
    flags.add({True: "posted", False: "not_posted", None: "maybe_posted"}[posted])
    if a.wait:
        flags.add("wait")
    elif a.too_late:
        flags.add("too_late")
    else:
        flags.add("call_now" if posted else "call_then")
    values.update(
        call_from=a.opens,
        call_by=a.closes,
        refund_by=eligibility.deadline_phrase(a.window, v.card, today=a.opens),
        verdict_then=a.verdict,
        change=a.change,
        next_then=a.next_verdict,
        days_left=eligibility.days_left(v.refund_days_left)
        if v.refund_days_left is not None
        else "",
    )


def _charge_facts(c: Charge, today: date, values: dict[str, Any], flags: set[str]) -> None:
    described = []
    if c.merchant:
        flags.add("merchant")
        values["merchant"] = c.merchant
        described.append(c.merchant)
    if c.amount is not None:
        flags.add("amount")
        values["amount"] = f"${c.amount:,.2f}"
        described.append(values["amount"])
    if c.charge_date is not None:
        flags.add("charge_date")
        values["charge_date"] = c.charge_date
    if c.notice_deadline is not None:
        flags.add("statement_date")
        flags.add("notice_passed" if c.notice_deadline < today else "notice_ahead")
        values.update(
            statement_date=c.statement_date,
            notice_deadline=c.notice_deadline,
            notice_left=eligibility.days_left((c.notice_deadline - today).days),
        )
    # goes into a shell line: quoted, so a merchant's name cannot break it
    values["dispute_summary"] = shlex.quote(f"Disputed {' '.join(described) or 'a charge'}")


def render(template: Mapping[str, Any], values: Mapping[str, Any], flags: set[str]) -> Script:
    """Keep the lines whose `when` flags hold, and fill in their {names}."""
    title = template["title_card"] if "card" in flags else template["title"]
    sections = []
    for s in template["sections"]:
        lines = []
        for line in s["lines"]:
            text, when = (line, "") if isinstance(line, str) else (line["text"], line["when"])
            if all(
                (f[1:] not in flags) if f.startswith("!") else (f in flags) for f in when.split()
            ):
                lines.append(text.format_map(values))
        if lines:
            sections.append(Section(s["title"], tuple(lines)))
    return Script(title.format_map(values), tuple(sections))
