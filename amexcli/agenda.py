"""What to do now: open follow-ups, annual fees coming up, eligibility about to improve, offers
about to expire, offer credits overdue and recurring credits with something left before they
reset."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from amexcli import calllog, eligibility
from amexcli.cards import Card, RetentionRecord
from amexcli.lazy import frozen

if TYPE_CHECKING:  # offers and benefits are imported only for a file that has some
    from amexcli.benefits import Benefit
    from amexcli.offers import Offer

KINDS = (
    "follow-up", "annual-fee", "eligibility", "offer", "offer-waiting", "offer-credit", "benefit",
)  # fmt: skip
# Items that are lost if nobody acts by their day: their calendar events carry an alarm a day
# before, since many calendar apps add no reminder of their own to an imported event.
ALARMED = ("offer", "benefit")


@frozen
class Item:
    date: date
    kind: str
    card: str | None
    ref: str | None
    what: str
    command: str
    uid: str  # stable across runs, so a calendar re-import updates instead of duplicating
    title: str = ""  # the calendar event's summary, when not made from the kind and the card

    def row(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in FIELDS}


FIELDS = ("date", "kind", "card", "ref", "what", "command")
PLAIN_COLUMNS = ("date", "kind", "card", "what", "command")


def build(
    *,
    calls: Iterable[calllog.Call],
    cards: Mapping[str, Card],
    history: Iterable[RetentionRecord],
    today: date,
    days: int,
    offers: Iterable[Offer] = (),
    benefits: Iterable[Benefit] = (),
    offer_days: int | None = None,
    offer_nudge: int | None = None,
) -> list[Item]:
    """Everything due by `today + days` (and anything overdue), soonest first.

    With `offer_days` (`offer_days` of data/statement.toml), an offer used whose credit no
    statement has shown `offer_days` after it ended is overdue, by the rule
    `amex statement import` applies (`statement.late_offer`). With `offer_nudge` too, an offer
    used whose credit has not come `offer_nudge` days after the use is noted gently until then.
    """
    horizon = today + timedelta(days=days)
    history = list(history)
    offers = list(offers)
    benefits = list(benefits)
    items = [*_follow_ups(calls, today, horizon)]
    if offers:
        items.extend(_offers_expiring(offers, today, horizon))
    if offers and offer_days is not None:
        items.extend(_offer_credits_late(offers, offer_days, today))
        if offer_nudge is not None:
            items.extend(_offer_credits_waiting(offers, offer_nudge, offer_days, today, horizon))
    if benefits:
        items.extend(_credits_left(benefits, cards, today, horizon))
    for card in cards.values():
        verdict = eligibility.check(card, history, today=today)
        items.extend(_annual_fee(card, verdict, today, horizon))
        renewal = verdict.first_renewal is not None and verdict.next_change == verdict.first_renewal
        if verdict.next_change is not None and verdict.next_change <= horizon and not renewal:
            items.append(_improves(verdict))  # a first renewal is the annual-fee item's
    return sorted(items, key=lambda i: (i.date, KINDS.index(i.kind), i.card or "", i.ref or ""))


def _follow_ups(calls: Iterable[calllog.Call], today: date, horizon: date) -> Iterable[Item]:
    for c in calllog.due(calls, as_of=horizon):
        assert c.follow_up is not None
        who = " ".join(p for p in (c.department, f"with {c.rep}" if c.rep else None) if p)
        what = f"Follow up on {c.ref}" + (f" ({who})" if who else "")
        if c.promise:
            what += f": they promised {c.promise}"
        if c.expect is not None:  # a kept promise is marked done by `amex statement import`
            what += f". No credit of ${c.expect:,.2f} on the statements imported yet"
        if c.follow_up < today:
            what += f". Overdue since {c.follow_up}"
        yield Item(
            date=c.follow_up,
            kind="follow-up",
            card=c.card,
            ref=c.ref,
            what=what + ".",
            command=f"amex log done {_shell(c.ref)}",
            uid=f"follow-up-{_uid_part(c.ref)}@amexcli",
        )


def _annual_fee(
    card: Card, verdict: eligibility.Verdict, today: date, horizon: date
) -> Iterable[Item]:
    """The fee window `eligibility.check` chose (in a card's first year, its first renewal)."""
    fee = verdict.window
    if fee is None:
        return
    when = fee.opens  # never an invented day: the earliest the fee can post, when unknown
    if when > horizon:
        return
    amount = f"${card.annual_fee:,} annual fee" if card.annual_fee is not None else "Annual fee"
    posted = {True: "posted", False: "posts", None: "posts (or has posted)"}[fee.has_posted(today)]
    first = "First renewal. " if verdict.renewal_window else ""
    if fee.statement is not None:
        what = (
            f"{first}{amount} {posted} on the statement closing {fee.statement}. "
            f"Call retention from then until {fee.refund_deadline} (closing by then refunds it); "
        )
    else:
        by = eligibility.deadline_phrase(fee, card.key, today=max(today, fee.opens))
        what = (
            f"{first}{amount} {posted} on the statement closing in {fee.month}; the day is "
            f"unknown. Call retention within 30 days of that statement's closing date, {by}; "
        )
    advice = eligibility.advice_for(verdict)
    assert advice is not None
    what += eligibility.call_clause(advice)
    yield Item(
        date=when,
        kind="annual-fee",
        card=card.key,
        ref=None,
        what=what,
        command=f"amex script retention --card {card.key}",
        uid=f"annual-fee-{card.key}-{fee.month}@amexcli",
    )


def _improves(v: eligibility.Verdict) -> Item:
    assert v.next_change is not None
    return Item(
        date=v.next_change,
        kind="eligibility",
        card=v.card,
        ref=None,
        what=(
            f"A retention offer on {v.card} becomes {v.next_verdict} "
            f"(last accepted {v.last_accepted})."
        ),
        command=f"amex script retention --card {v.card}",
        uid=f"eligibility-{v.card}-{v.next_change}@amexcli",
    )


def _offers_expiring(offers: Iterable[Offer], today: date, horizon: date) -> Iterable[Item]:
    from amexcli.money import format_cents
    from amexcli.offers import expiring

    for o in expiring(list(offers), today=today, horizon=horizon):
        assert o.expires is not None
        back = f"{format_cents(o.credit)} back" + (
            f" after {format_cents(o.spend)} spent" if o.spend else ""
        )
        left = (o.expires - today).days
        when = (
            "today is its last day" if left == 0 else f"{left} day{'s' if left != 1 else ''} left"
        )
        yield Item(
            date=o.expires,
            kind="offer",
            card=o.card,
            ref=None,
            what=f"{o.merchant} offer on {o.card} ({back}) expires {o.expires}: {when}.",
            command=f"amex offers used {o.id}",
            uid=f"offer-{o.id}@amexcli",
            title=f"amex: {o.merchant} offer expires",
        )


def _offer_credits_late(offers: Iterable[Offer], days: int, today: date) -> Iterable[Item]:
    from amexcli import statement

    for o in statement.awaiting_credit(offers):
        late = statement.late_offer(o, days=days, today=today)
        if late is not None:
            assert late.date is not None and late.command is not None
            yield Item(
                date=late.date,
                kind="offer-credit",
                card=o.card,
                ref=o.id,
                what=late.what,
                command=late.command,
                uid=f"offer-credit-{o.id}@amexcli",
                title=f"amex: {o.merchant} offer credit overdue",
            )


def _offer_credits_waiting(
    offers: Iterable[Offer], nudge: int, days: int, today: date, horizon: date
) -> Iterable[Item]:
    """Offers used `nudge` days ago or more whose credit has not come, before it is overdue."""
    from amexcli import statement

    for o in statement.awaiting_credit(offers):
        if o.used is None:
            continue
        due = (o.expires or o.used) + timedelta(days=days)  # statement.late_offer's last day
        when = o.used + timedelta(days=nudge)
        if when > horizon or today > due:
            continue
        yield Item(
            date=when,
            kind="offer-waiting",
            card=o.card,
            ref=o.id,
            what=(
                f"{o.merchant} offer ({o.id}) on {o.card}, used on {o.used}: no credit yet; "
                f"usually within a week, at the latest {due}."
            ),
            command=f"amex offers credited {o.id}",
            uid=f"offer-waiting-{o.id}@amexcli",
            title=f"amex: {o.merchant} offer credit not yet seen",
        )


def _credits_left(
    benefits: Iterable[Benefit], cards: Mapping[str, Card], today: date, horizon: date
) -> Iterable[Item]:
    """Benefits not ignored whose period ends by `horizon` with something left."""
    from amexcli import benefits as credits
    from amexcli.money import format_cents

    statuses = [credits.status(b, cards.get(b.card), today=today) for b in benefits]
    for s in credits.ending(statuses, today=today, horizon=horizon):
        b = s.benefit
        assert s.period_end is not None  # `ending` keeps periods that end
        yield Item(
            date=s.period_end,
            kind="benefit",
            card=b.card,
            ref=None,
            what=f"{format_cents(s.left)} {b.name} credit left on {b.card}, resets {s.resets_on}.",
            command=f"amex benefits use {b.card} {_shell(b.name)}",
            uid=f"benefit-{b.id}-{s.period_start}@amexcli",
            title=f"amex: {format_cents(s.left)} {b.name} left",
        )


def _shell(text: str) -> str:
    import shlex

    return shlex.quote(text)


def _uid_part(text: str) -> str:
    """A ref made safe for a UID: its characters kept where plain, else `%` and six hex digits
    (every code point fits in six). A fixed width keeps it one-to-one: two refs never share a
    UID, which a calendar would take for one reminder (`A 1` and `A\u0201` would, with %20)."""
    return "".join(
        ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else f"%{ord(ch):06x}" for ch in text
    )


def to_ics(items: Iterable[Item]) -> bytes:
    """An iCalendar file of all-day events, one per item."""
    from datetime import UTC, datetime

    from icalendar import Calendar, Event

    cal = Calendar()
    cal.add("prodid", "-//amexcli//amex next//EN")
    cal.add("version", "2.0")
    stamp = datetime.now(UTC).replace(microsecond=0)
    for item in items:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.date)
        event.add("dtend", item.date + timedelta(days=1))
        event.add("summary", _summary(item))
        event.add("description", f"{item.what}\n\n{item.command}")
        event.add("categories", [item.kind])
        if item.kind in ALARMED:
            event.add_component(_alarm_a_day_before(_summary(item)))
        cal.add_component(event)
    ical: bytes = cal.to_ical()
    return ical


def _alarm_a_day_before(summary: str) -> Any:
    from icalendar import Alarm

    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", summary)
    alarm.add("trigger", timedelta(days=-1))  # before the start of the all-day event
    return alarm


def _summary(item: Item) -> str:
    if item.title:
        return item.title
    label = {"follow-up": "Follow up", "annual-fee": "Annual fee", "eligibility": "Retention"}
    subject = item.ref if item.kind == "follow-up" else item.card
    return f"amex: {label[item.kind]} {subject}"
