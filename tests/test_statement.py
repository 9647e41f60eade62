"""Reading Amex's statement download, and what the import keeps (in-process)."""

from __future__ import annotations

import hashlib
import re
import tomllib
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from statement_files import ADDRESS, FEES, NAME, csv_text, row
from typer.testing import CliRunner

from amexcli import redact, statement
from amexcli.cli import app
from amexcli.errors import InputError
from conftest import examples

ROWS = [
    row("03/15/2026", "ANNUAL MEMBERSHIP FEE", "695.00", reference="320260740000000001"),
    row("03/02/2026", 'SHOES, INC "OUTLET"', "1,234.50", details="Line one\nLine, two"),
    row("03/20/2026", "COURTESY CREDIT", "-100.00"),
]


@pytest.mark.parametrize("variant", list(statement.VARIANTS))
@pytest.mark.parametrize(
    ("blank_lines", "bom", "newline", "quote_all"),
    [(0, False, "\r\n", False), (3, True, "\n", False), (1, False, "\r\n", True)],
    ids=["plain", "blank-lines-bom-lf", "all-quoted"],
)
def test_every_header_variant_reads_the_same_rows(
    variant: str, blank_lines: int, bom: bool, newline: str, quote_all: bool
) -> None:
    text = csv_text(
        variant, ROWS, blank_lines=blank_lines, bom=bom, newline=newline, quote_all=quote_all
    )
    parsed = statement.parse(statement.decode(text.encode("utf-8")))
    assert parsed.variant == variant
    assert parsed.has_account == ("Account #" in statement.VARIANTS[variant])
    got = [(r.date, r.cents, r.description) for r in parsed.rows]
    assert got == [
        (date(2026, 3, 15), 69500, "ANNUAL MEMBERSHIP FEE"),
        (date(2026, 3, 2), 123450, 'SHOES, INC "OUTLET"'),
        (date(2026, 3, 20), -10000, "COURTESY CREDIT"),
    ]
    assert [r.account for r in parsed.rows] == ["12345"] * 3 if parsed.has_account else [None] * 3
    extended = "Reference" in statement.VARIANTS[variant]
    assert parsed.rows[0].reference == ("320260740000000001" if extended else None)
    if extended:  # the line breaks inside quoted fields are kept, and the rows still line up
        assert "Line one\nLine, two" in parsed.rows[1].text


def test_line_numbers_count_the_line_breaks_inside_fields() -> None:
    text = csv_text("extended", [*ROWS, row("13/01/2026", "BAD", "1.00")], blank_lines=2)
    with pytest.raises(InputError, match=r"^line (\d+): '13/01/2026' is not a date") as e:
        statement.parse(text)
    number = int(re.findall(r"\d+", str(e.value))[0])
    assert re.split(r"\r\n|\r|\n", text)[number - 1].startswith("13/01/2026")  # as editors count


@pytest.mark.parametrize(
    ("written", "cents"),
    [
        ("695.00", 69500), ("-100.00", -10000), ("1,234.50", 123450), ("-1,000,000.01", -100000001),
        ("5", 500), ("0.5", 50), ("$12.34", 1234), ("-$12.34", -1234), ("(12.00)", -1200),
        (" 7.10 ", 710),
    ],
)  # fmt: skip
def test_amounts_with_cents_and_thousands_separators(written: str, cents: int) -> None:
    assert statement.cents(written) == cents


@pytest.mark.parametrize("written", ["", "abc", "1,23.00", "12.345", "1.2.3", "--5", "1e3", "12,"])
def test_what_is_not_an_amount_is_refused_with_its_line(written: str) -> None:
    text = csv_text("basic", [ROWS[0], row("03/02/2026", "X", written)])
    with pytest.raises(InputError, match=r"^line 3: .* is not an amount"):
        statement.parse(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("\r\n\r\n,,,,\r\n", "the file is empty"),
        ("03/15/2026,FEE,JANE,-12345,695.00\r\n", "line 1: it starts with a transaction"),
        ("\n\nfoo,bar\n1,2\n", "line 3: no header"),
        ('Date,Description,Amount\n03/15/2026,"unclosed,1.00\n', "line 2: unexpected end"),
        ("Date,Description,Amount\n03/15/2026,FEE,1.00,extra\n", "line 2: 4 fields"),
        ("Date,Description,Amount\n03/15/2026,FEE\n", "line 2: the row is cut short"),
        ("Date,Description,Amount\n2/30/2026,FEE,1.00\n", "line 2: '2/30/2026' is not a date"),
        ("Date,Description,Amount\n03/15/2026,A\0B,1.00\n", "NUL"),
    ],
)
def test_malformed_files_are_refused_with_the_line(text: str, message: str) -> None:
    with pytest.raises(InputError, match=re.escape(message)) as e:
        statement.parse(text)
    assert "Nothing was imported" in str(e.value)


def test_old_two_digit_years_and_an_excel_file_in_windows_1252() -> None:
    text = "Date,Description,Amount\r\n3/5/26,CAF\xc9,1.00\r\n"
    parsed = statement.parse(statement.decode(text.encode("cp1252")))
    assert (parsed.rows[0].date, parsed.rows[0].description) == (date(2026, 3, 5), "CAF\xc9")
    assert parsed.variant == "other"


def test_a_reference_that_could_be_a_card_number_is_never_kept() -> None:
    card = "378282246310005"  # Amex's published test number, Luhn-valid
    parsed = statement.parse(csv_text("extended", [row("03/15/2026", "X", "1.00", reference=card)]))
    [r] = parsed.rows
    assert r.reference is None
    assert r.key.startswith("d:") and card not in r.key


# What the import writes: in-process, against the conftest's data file.


def _seed(datafile: Path) -> None:
    datafile.parent.mkdir(parents=True, exist_ok=True)
    datafile.write_text(
        """\
schema_version = 1

[cards.plat]
product = "Platinum Card"
fee_month = 3
last5 = "12345"

[calls.A1B2C3]
at = 2026-02-01 10:00:00
card = "plat"
promise = "a courtesy credit"
follow_up = 2026-04-01
expect = 100.0

[offers.01saks]
card = "plat"
merchant = "Saks"
credit = 50.0
expires = 2026-12-31

[benefits.01uber]
card = "plat"
name = "Uber Cash"
amount = 15.0
every = "month"
match = "UBER"
"""
    )


def _strings(value: Any) -> list[str]:
    """Every text in a parsed TOML document that could hold a copy of the statement: string
    values, and the keys of recorded fee postings (a row's key). Other keys are amex's own
    field names and generated ids."""
    if isinstance(value, dict):
        found = [s for v in value.values() for s in _strings(v)]
        fees = value.get("fees")
        return found + (list(fees) if isinstance(fees, dict) else [])
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


texts = st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\0"), max_size=30)
CARD_NUMBERS = ["3782 822463 10005", "378282246310005", "4111-1111-1111-1111"]


@st.composite
def statement_rows(draw: st.DrawFn) -> list[dict[str, str]]:
    """Rows of any text: charges, credits, the fee, the promised credit, card numbers."""
    rows = []
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["any", "fee", "promised", "payment", "offer", "benefit"]))
        description = draw(texts)
        amount = draw(st.integers(-(10**7), 10**7))
        if kind == "fee":
            description = draw(st.sampled_from(["", "x "])) + "Annual Membership Fee " + description
            amount = 69500
        elif kind == "promised":
            amount = -10000
        elif kind == "payment":
            description, amount = "ONLINE PAYMENT - THANK YOU " + description, -10000
        elif kind == "offer":
            description, amount = description + " Amex Offer Credit SAKS", -5000
        elif kind == "benefit":
            description, amount = "UBER " + description, -draw(st.integers(1, 10**5))
        whole, frac = divmod(abs(amount), 100)
        rows.append(
            row(
                f"{draw(st.integers(1, 12)):02d}/{draw(st.integers(1, 28)):02d}/2026",
                description,
                f"{'-' if amount < 0 else ''}{whole:,}.{frac:02d}",
                account=draw(st.sampled_from(["-12345", "-54321", "", *CARD_NUMBERS])),
                reference=draw(st.one_of(st.none(), st.from_regex(r"\d{18}", fullmatch=True),
                                         st.sampled_from(CARD_NUMBERS))),
                details=draw(texts),
                member=draw(st.one_of(st.just(NAME), texts)),
                address=draw(st.one_of(st.just(ADDRESS), texts)),
            )
        )  # fmt: skip
    return rows


def _judged(text: str, before: str) -> bool:
    """Texts a stored value could hold only by copying them: not the file's own words, and not
    made only of what dates, amounts and digests are written with."""
    text = text.strip()
    return len(text) >= 3 and bool(re.search(r"[^0-9a-f:.\-\s]", text)) and text not in before


@settings(
    max_examples=examples(150),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(rows=statement_rows(), variant=st.sampled_from(list(statement.VARIANTS)))
def test_no_input_makes_import_write_a_description_address_or_name(
    datafile: Path, tmp_path: Path, rows: list[dict[str, str]], variant: str
) -> None:
    _seed(datafile)
    before = datafile.read_text()
    download = tmp_path / "activity.csv"
    download.write_text(csv_text(variant, rows), newline="")
    argv = ["statement", "import", str(download), "--as-of", "2026-12-31"]
    if "Account #" not in statement.VARIANTS[variant]:
        argv += ["--card", "plat"]
    result = CliRunner().invoke(app, argv)
    assert result.exit_code in (0, 1), result.output
    stored = _strings(tomllib.loads(datafile.read_text()))
    for r in rows:
        for column in ("Description", "Extended Details", "Card Member", "Address", "City/State"):
            if _judged(r[column], before):
                assert not any(r[column].strip() in s for s in stored), (column, r[column])
    assert not any(redact.card_numbers(s) for s in stored)
    fees = tomllib.loads(datafile.read_text())["cards"]["plat"].get("fees", {})
    mine = variant not in ("basic", "extended") or any(
        r["Account #"] == "-12345" for r in rows if "Annual Membership Fee" in r["Description"]
    )
    if mine and any("Annual Membership Fee" in r["Description"] for r in rows):
        assert fees  # the property is not met by keeping nothing at all
    after = tomllib.loads(datafile.read_text())
    event(f"fee kept: {bool(fees)}")
    event(f"offer paid: {'credited' in after['offers']['01saks']}")
    event(f"benefit used: {bool(after['benefits']['01uber'].get('uses'))}")
    event(f"promise kept: {after['calls']['A1B2C3'].get('done', False)}")


# Offers, benefits and promises, against the pure reconcile.

PLAT = statement.Watched("plat", "12345", 3, ("ANNUAL MEMBERSHIP FEE",), {})
GOLD = statement.Watched("gold", "54321", None, ("ANNUAL MEMBERSHIP FEE",), {})
RULES = statement.Rules(("PAYMENT - THANK YOU",), ("REFUND",), offer_days=90)
SAKS = statement.OfferWatch("01saks", "plat", "Saks", 5000, date(2026, 3, 31), None)
UBER = statement.BenefitWatch("01uber", "plat", "Uber Cash", "UBER")


def _run(rows: list[dict[str, str]], *, today: date = date(2026, 4, 1), **given: Any) -> Any:
    parsed = statement.parse(csv_text("extended", rows))
    return statement.reconcile(
        parsed,
        cards={"plat": PLAT, "gold": GOLD},
        promises=given.pop("promises", ()),
        rules=RULES,
        today=today,
        **given,
    )


def test_an_offer_credit_pays_the_offer_and_a_merchant_refund_does_not() -> None:
    rows = [
        row("03/01/2026", "SAKS FIFTH AVENUE", "120.00"),
        row("03/03/2026", "SAKS FIFTH AVENUE", "-50.00"),  # a refund: the charge's description
        row("03/04/2026", "SAKS REFUND", "-50.00"),
        row("03/05/2026", "AMEX Offer Credit", "-50.00", account="-54321",
            details="Amex Offer Credit\nSAKS"),  # gold's, not plat's
        row("03/06/2026", "AMEX Offer Credit", "-49.99", details="Amex Offer Credit\nSAKS"),
        row("03/07/2026", "AMEX Offer Credit", "-50.00", details="Amex Offer Credit\nSAKS",
            reference="320260660000000001"),
        row("03/08/2026", "AMEX Offer Credit", "-50.00", details="Amex Offer Credit\nSAKS"),
    ]  # fmt: skip
    result = _run(rows, offers=[SAKS])
    assert [(r.target, r.key, r.date, r.row_key) for r in result.records] == [
        ("offer", "01saks", date(2026, 3, 7), "320260660000000001")
    ]  # the second credit of the same amount pays nothing: an offer is paid once


def test_an_offer_credit_may_come_after_the_offer_ends_but_not_long_after() -> None:
    late = row("06/29/2026", "AMEX Offer Credit", "-50.00", details="SAKS")
    too_late = row("06/30/2026", "AMEX Offer Credit", "-50.00", details="SAKS")
    assert _run([late], offers=[SAKS]).records[0].date == date(2026, 6, 29)  # 03-31 + 90 days
    assert _run([too_late], offers=[SAKS]).records == []


def test_a_used_offer_without_its_credit_is_overdue_90_days_after_it_ends() -> None:
    used = statement.OfferWatch("01saks", "plat", "Saks", 5000, date(2026, 3, 31), date(2026, 3, 2))
    fee = row("06/15/2026", "ANNUAL MEMBERSHIP FEE", "695.00")
    assert [i.kind for i in _run([fee], offers=[used], today=date(2026, 6, 29)).items] == [
        "annual-fee", "fee-month",
    ]  # fmt: skip
    [overdue] = [i for i in _run([fee], offers=[used], today=date(2026, 6, 30)).items
                 if i.kind == "overdue"]  # fmt: skip
    assert overdue.date == date(2026, 6, 29) and "used on 2026-03-02" in overdue.what
    assert [i.kind for i in _run([fee], offers=[SAKS], today=date(2027, 1, 1)).items] == [
        "annual-fee", "fee-month",
    ]  # fmt: skip  # never used: no credit is owed


def test_a_benefit_takes_every_credit_holding_its_match_text() -> None:
    rows = [
        row("03/01/2026", "UBER TRIP", "30.00"),
        row("03/02/2026", "Uber Cash credit", "-15.00"),
        row("03/03/2026", "UBER   ONE CREDIT", "-9.99"),
        row("03/04/2026", "UBER TRIP", "-30.00"),  # the trip's refund
        row("03/05/2026", "ONLINE PAYMENT - THANK YOU UBER", "-15.00"),
    ]
    result = _run(rows, benefits=[UBER])
    assert [(r.target, r.key, r.cents) for r in result.records] == [
        ("benefit", "01uber", 1500), ("benefit", "01uber", 999),
    ]  # fmt: skip


def test_a_promise_is_kept_once_by_a_credit_on_its_card_after_the_call() -> None:
    promise = statement.Promise("R-7", "plat", date(2026, 3, 5), date(2026, 3, 31), 10000, None)
    anywhere = statement.Promise("C-1", None, date(2026, 3, 1), date(2026, 3, 31), 10000, None)
    rows = [
        row("03/04/2026", "COURTESY CREDIT", "-100.00", category=FEES),  # before R-7: C-1's
        row("03/06/2026", "COURTESY CREDIT", "-100.00", account="-54321", category=FEES),
        row("03/07/2026", "COURTESY CREDIT", "-100.00", category=FEES),
        row("03/08/2026", "COURTESY CREDIT", "-100.00", category=FEES),
    ]
    result = _run(rows, promises=[promise, anywhere])
    assert [(r.key, r.date) for r in result.records] == [
        ("C-1", date(2026, 3, 4)), ("R-7", date(2026, 3, 7)),
    ]  # fmt: skip
    assert not result.overdue


def test_earlier_matches_are_known_and_match_nothing_again() -> None:
    credit = row("03/07/2026", "AMEX Offer Credit", "-50.00", details="SAKS", reference="R1")
    promise = statement.Promise("R-7", "plat", date(2026, 3, 1), None, 5000, None)
    result = _run([credit], offers=[SAKS], promises=[promise], used={"R1": ("offer", "01saks")})
    assert result.records == []
    [known] = result.items
    assert (known.status, known.kind) == ("known", "credit")


_DAY = st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31))


@given(
    expires=st.none() | _DAY,
    used=st.none() | _DAY,
    today=_DAY,
    days=st.integers(0, 400),
    credited=st.booleans(),
)
def test_next_flags_an_offer_credit_on_the_day_the_import_does(
    expires: date | None, used: date | None, today: date, days: int, credited: bool
) -> None:
    from amexcli import agenda
    from amexcli.offers import Offer

    offer = Offer("01saks", "plat", "Saks", 5000, expires=expires, used=used,
                  credited=5000 if credited else None)  # fmt: skip
    items = agenda.build(calls=[], cards={}, history=[], today=today, days=0,
                         offers=[offer], offer_days=days)  # fmt: skip
    late = [i for i in items if i.kind == "offer-credit"]
    parsed = statement.parse(csv_text("extended", [row("01/01/2025", "CAFE", "1.00")]))
    result = statement.reconcile(
        parsed, cards={"plat": PLAT}, promises=(), offers=statement.awaiting_credit([offer]),
        rules=statement.Rules(offer_days=days), today=today,
    )  # fmt: skip
    assert [(i.date, i.what) for i in late] == [(i.date, i.what) for i in result.overdue]
    owed = used is not None and not credited
    due = (expires or used or today) + timedelta(days=days)
    assert bool(late) == (owed and due < today)


def test_an_offer_credit_is_overdue_from_the_day_after_it_is_due() -> None:
    used = statement.OfferWatch("01saks", "plat", "Saks", 5000, date(2026, 3, 31), date(2026, 3, 2))
    assert statement.late_offer(used, days=90, today=date(2026, 6, 29)) is None
    late = statement.late_offer(used, days=90, today=date(2026, 6, 30))
    assert late is not None and (late.date, late.ref) == (date(2026, 6, 29), None)
    no_end = statement.OfferWatch("01saks", "plat", "Saks", 5000, None, date(2026, 3, 2))
    assert statement.late_offer(no_end, days=90, today=date(2026, 5, 31)) is None  # 03-02 + 90
    assert statement.late_offer(no_end, days=90, today=date(2026, 6, 1)) is not None


# Reading a statement download and checking it, to the exact words and fields a person or a script
# reads: every item the import reports, every refusal, every edge of a date or an amount.

PLAT_CLOSING_15 = statement.Watched(
    "plat", "12345", 3, ("ANNUAL MEMBERSHIP FEE",), {}, closing_day=15
)
GOLD_TWO_FEES = statement.Watched("gold", "54321", None, ("ANNUAL MEMBERSHIP FEE", "GOLD FEE"), {})
GREEN = statement.Watched("green", "11111", 12, ("MEMBERSHIP FEE",), {}, closing_day=10)
CARDS = {"plat": PLAT_CLOSING_15, "gold": GOLD_TWO_FEES, "green": GREEN}
BLOOM = statement.OfferWatch(
    "01bloom", "plat", "Bloomingdale's", 2500, date(2025, 12, 31), date(2025, 12, 1)
)
KEPT = statement.Promise("A 1", "plat", date(2026, 3, 5), date(2026, 3, 31), 10000, "a credit")
LATE = statement.Promise("R-7", None, date(2026, 3, 1), date(2026, 3, 31), 2000, None)
ELSEWHERE = statement.Promise("Z9", "amex-other", date(2026, 3, 1), date(2026, 3, 2), 300, None)
TODAY = date(2026, 4, 1)


def _reconcile(rows: list[dict[str, str]], **given: Any) -> statement.Result:
    options: dict[str, Any] = {"cards": CARDS, "promises": (), "rules": RULES, "today": TODAY}
    return statement.reconcile(statement.parse(csv_text("extended", rows)), **options | given)


def _item(*values: object) -> dict[str, object]:
    """An item's JSON object: kind, card, date, amount, status, ref, what, command."""
    return dict(zip(statement.FIELDS, values, strict=True))


MONTH = [
    row("03/15/2026", "ANNUAL MEMBERSHIP FEE", "695.00", reference="R-FEE"),
    row("03/20/2026", "Gold fee", "250.00", account="-54321", reference="R-GOLD"),
    row("12/20/2025", "MEMBERSHIP FEE", "95.00", account="-11111"),
    row("03/18/2026", "AMEX Offer Credit", "-50.00", details="SAKS FIFTH", reference="R-OFF"),
    row("03/05/2026", "Uber Cash credit", "-15.00"),
    row("03/05/2026", "COURTESY CREDIT", "-100.00", reference="R-KEPT", category=FEES),
    row("03/06/2026", "ONLINE PAYMENT - THANK YOU", "-1,250.00"),
    row("03/07/2026", "SAKS REFUND", "-50.00"),
    row("03/08/2026", "NOTHING", "0.00"),
    row("03/09/2026", "KNOWN", "-20.00", reference="R-OLD"),
    row("03/10/2026", "CAFE", "4.50", account="-99999"),
    row("03/11/2026", "CAFE", "-4.50", account="-99999"),
    row("03/12/2026", "NO ACCOUNT", "1.00", account=""),
]  # fmt: skip


def test_a_month_reports_every_kind_of_item_in_its_exact_words() -> None:
    result = _reconcile(
        MONTH,
        promises=[LATE, KEPT, ELSEWHERE],
        offers=[SAKS, BLOOM],
        benefits=[UBER],
        used={"R-OLD": ("call", "OLD-1")},
    )
    digest = MONTH[2]
    uber_key = statement.parse(csv_text("extended", [MONTH[4]])).rows[0].key
    assert [i.row() for i in result.items] == [
        _item("annual-fee", "green", date(2025, 12, 20), 95.0, "new", None,
              "Annual fee of $95.00 posted on 2025-12-20.", "amex eligibility green"),
        _item("fee-month", "green", date(2025, 12, 20), None, None, None,
              "The fee is on the statement closing in month 1, but the card's fee month is 12.",
              "amex cards edit green --fee-month 1"),
        _item("credit", "plat", date(2026, 3, 5), -15.0, "new", None,
              "Benefit Uber Cash: $15.00 credited on 2026-03-05, recorded as a use.",
              "amex benefits list --card plat"),
        _item("credit", "plat", date(2026, 3, 5), -100.0, "new", "A 1",
              'Promise A 1 ("a credit") kept: $100.00 credited. The log entry is marked done.',
              "amex log show 'A 1'"),
        _item("credit", "plat", date(2026, 3, 9), -20.0, "known", "OLD-1",
              "$20.00 credited on 2026-03-09, recorded earlier for promise OLD-1.", None),
        _item("annual-fee", "plat", date(2026, 3, 15), 695.0, "new", "R-FEE",
              "Annual fee of $695.00 posted on 2026-03-15.", "amex eligibility plat"),
        _item("credit", "plat", date(2026, 3, 18), -50.0, "new", "R-OFF",
              "Offer Saks (01saks): $50.00 credited on 2026-03-18.", "amex offers --all"),
        _item("annual-fee", "gold", date(2026, 3, 20), 250.0, "new", "R-GOLD",
              "Annual fee of $250.00 posted on 2026-03-20.", "amex eligibility gold"),
        _item("fee-month", "gold", date(2026, 3, 20), None, None, None,
              "The fee is on the statement closing in month 3, but the card's fee month is not "
              "set.", "amex cards edit gold --fee-month 3"),
        _item("overdue", None, date(2026, 3, 31), None, None, "R-7",
              "$20.00 promised on 2026-03-01, due by 2026-03-31, has not been credited. Call "
              "back and quote reference R-7.", "amex log show R-7"),
        _item("overdue", "plat", date(2026, 3, 31), None, None, None,
              "Offer Bloomingdale's (01bloom), used on 2025-12-01: its $25.00 credit has not "
              "come by 2026-03-31. Ask Amex for it (chat keeps a transcript) and log the "
              "reference.", "amex route offer"),
        _item("unmapped", None, None, None, None, None,
              "1 row name no account: they were not read.",
              "amex statement import FILE --card KEY"),
        _item("unmapped", None, None, None, None, None,
              "2 rows of the account ending 99999: no card has that --last5, not read.",
              "amex cards edit KEY --last5 99999"),
    ]  # fmt: skip
    fee_key = statement.parse(csv_text("extended", [digest])).rows[0].key
    assert [(r.target, r.key, r.row_key, r.date, r.cents) for r in result.records] == [
        ("fee", "green", fee_key, date(2025, 12, 20), 9500),
        ("benefit", "01uber", uber_key, date(2026, 3, 5), 1500),
        ("call", "A 1", "R-KEPT", date(2026, 3, 5), 10000),
        ("fee", "plat", "R-FEE", date(2026, 3, 15), 69500),
        ("offer", "01saks", "R-OFF", date(2026, 3, 18), 5000),
        ("fee", "gold", "R-GOLD", date(2026, 3, 20), 25000),
    ]
    assert (result.rows, result.kept, result.unmapped) == (13, 7, 3)
    assert [i.ref for i in result.overdue] == ["R-7", None]


def test_known_rows_name_what_they_were_recorded_for() -> None:
    rows = [
        row("03/01/2026", "A", "-1.00", reference="K-CALL"),
        row("03/02/2026", "B", "-2.00", reference="K-OFFER"),
        row("03/03/2026", "C", "-3.50", reference="K-BEN"),
        row("03/04/2026", "ANNUAL MEMBERSHIP FEE", "695.00", reference="K-FEE"),
    ]
    used = {"K-CALL": ("call", "C1"), "K-OFFER": ("offer", "O1"), "K-BEN": ("benefit", "B1"),
            "K-FEE": ("fee", "plat")}  # fmt: skip
    result = _reconcile(rows, used=used, promises=[KEPT], offers=[SAKS], benefits=[UBER])
    assert [(i.kind, i.status, i.ref, i.what, i.command) for i in result.items] == [
        ("credit", "known", "C1", "$1.00 credited on 2026-03-01, recorded earlier for promise C1.",
         None),
        ("credit", "known", "K-OFFER",
         "$2.00 credited on 2026-03-02, recorded earlier for offer O1.", None),
        ("credit", "known", "K-BEN",
         "$3.50 credited on 2026-03-03, recorded earlier for benefit B1.", None),
        ("annual-fee", "known", "K-FEE", "Annual fee of $695.00 posted on 2026-03-04.",
         "amex eligibility plat"),
        ("overdue", None, "A 1",
         '$100.00 promised on 2026-03-05 ("a credit"), due by 2026-03-31, has not been '
         "credited. Call back and quote reference A 1.", "amex log show 'A 1'"),
    ]  # fmt: skip
    assert result.records == [] and result.kept == 4
    assert [(i.card, i.date, i.amount) for i in result.items[:4]] == [
        ("plat", date(2026, 3, 1), -1.0), ("plat", date(2026, 3, 2), -2.0),
        ("plat", date(2026, 3, 3), -3.5), ("plat", date(2026, 3, 4), 695.0),
    ]  # fmt: skip


def test_a_fee_recorded_on_the_card_is_known_without_a_used_map() -> None:
    plat = statement.Watched(
        "plat", "12345", 3, ("ANNUAL MEMBERSHIP FEE",), {"K": date(2026, 3, 4)}
    )
    rows = [row("03/04/2026", "ANNUAL MEMBERSHIP FEE", "695.00", reference="K")]
    result = _reconcile(rows, cards={"plat": plat})
    assert [(i.kind, i.status) for i in result.items] == [("annual-fee", "known")]
    assert result.records == [] and result.kept == 1


def test_rows_of_another_card_than_card_are_not_read() -> None:
    rows = [row("03/01/2026", "X", "1.00"), row("03/02/2026", "Y", "2.00", account="-54321")]
    result = _reconcile(rows, card="plat")
    assert [i.row() for i in result.items] == [
        _item("unmapped", None, None, None, None, None,
              "1 row of the account ending 54321 are not plat's: they were not read.", None)
    ]  # fmt: skip
    assert (result.unmapped, result.rows) == (1, 2)
    no_account = statement.parse(csv_text("extended-no-account", [rows[0], rows[0]]))
    orphans = statement.reconcile(no_account, cards=CARDS, promises=(), today=TODAY)
    assert [(i.what, i.command) for i in orphans.items] == [
        ("2 rows name no account: they were not read.", "amex statement import FILE --card KEY")
    ]
    mine = statement.reconcile(no_account, cards=CARDS, promises=(), card="gold", today=TODAY)
    assert mine.items == [] and mine.unmapped == 0


def test_a_row_without_an_account_with_card_given_is_that_card_s() -> None:
    rows = [row("03/01/2026", "ANNUAL MEMBERSHIP FEE", "695.00", account="")]
    result = _reconcile(rows, card="plat")
    assert [(i.kind, i.card) for i in result.items] == [("annual-fee", "plat")]


def test_no_account_column_with_card_names_the_orphans_without_a_command() -> None:
    # the reader was told whose rows they are, yet a row names no account: nothing to suggest
    parsed = statement.parse(csv_text("extended", [row("03/01/2026", "X", "1.00", account="")]))
    result = statement.reconcile(parsed, cards={"plat": PLAT_CLOSING_15}, promises=(), today=TODAY)
    assert result.items[0].command == "amex statement import FILE --card KEY"
    unknown = statement.Watched("solo", None, None, (), {})
    result = statement.reconcile(parsed, cards={"solo": unknown}, promises=(), today=TODAY)
    assert result.unmapped == 1


def test_an_offer_comes_before_a_benefit_and_a_benefit_before_a_promise() -> None:
    credit = row("03/10/2026", "UBER SAKS", "-50.00")
    promise = statement.Promise("P", "plat", date(2026, 3, 1), None, 5000, None)
    result = _reconcile([credit, credit, credit], offers=[SAKS], benefits=[UBER],
                        promises=[promise])  # fmt: skip
    assert [r.target for r in result.records] == ["offer", "benefit", "benefit"]
    adjusted = row("03/10/2026", "SAKS", "-50.00", details="COURTESY CREDIT", category=FEES)
    result = _reconcile([adjusted] * 2, offers=[SAKS], promises=[promise])
    assert [r.target for r in result.records] == ["offer", "call"]
    assert [i.kind for i in result.items] == ["credit", "credit"]  # no due date: never overdue


def test_what_pays_an_offer() -> None:
    gold_saks = statement.OfferWatch("01gold", "gold", "Saks", 5000, None, None)
    open_ended = statement.OfferWatch("01open", "plat", "saks  fifth", 5000, None, None)
    rows = [
        row("03/10/2026", "AMEX OFFER SAKS FIFTH", "-50.00"),  # plat's: not gold's offer
        row("03/11/2026", "AMEX OFFER SAKS   FIFTH", "-50.00", account="-54321"),
        row("01/10/2030", "AMEX OFFER SAKS FIFTH", "-50.00"),  # no end: any day after
    ]
    result = _reconcile(rows, offers=[gold_saks, open_ended])
    assert [(r.key, r.date) for r in result.records] == [
        ("01open", date(2026, 3, 10)), ("01gold", date(2026, 3, 11)),
    ]  # fmt: skip
    assert result.items[-1].kind == "credit" and len(result.items) == 2


def test_what_a_benefit_and_a_promise_need() -> None:
    gold_uber = statement.BenefitWatch("01g", "gold", "Uber", "UBER")
    before = statement.Promise("P", "plat", date(2026, 3, 11), None, 1500, None)
    gold = statement.Promise("G", "gold", date(2026, 3, 1), None, 1500, None)
    any_card = statement.Promise("ANY", None, date(2026, 3, 1), None, 1500, "cash")
    rows = [
        row("03/10/2026", "UBER STATEMENT CREDIT", "-15.00", category=FEES),
        row("03/12/2026", "STATEMENT CREDIT", "-15.00", category=FEES),
    ]
    result = _reconcile(rows, benefits=[gold_uber], promises=[before, gold, any_card])
    assert [(r.target, r.key) for r in result.records] == [("call", "ANY"), ("call", "P")]
    assert result.items[0].what == (
        'Promise ANY ("cash") kept: $15.00 credited. The log entry is marked done.'
    )
    assert result.items[1].what == "Promise P kept: $15.00 credited. The log entry is marked done."


def test_a_refund_is_a_credit_with_a_charge_s_description_on_the_same_card() -> None:
    rows = [
        row("03/01/2026", "Saks  Fifth", "50.00", account="-54321"),  # gold's charge
        row("03/02/2026", "SAKS FIFTH", "-50.00", details="COURTESY CREDIT", category=FEES),
        # ^ plat's credit, in Amex's words: not a refund
        row("03/03/2026", "saks fifth", "-50.00", account="-54321"),  # gold's refund
        row("03/04/2026", "x", "-20.00", details="store refund"),
    ]
    promise = statement.Promise("P", None, date(2026, 3, 1), None, 5000, None)
    small = statement.Promise("S", None, date(2026, 3, 1), None, 2000, None)
    result = _reconcile(rows, promises=[promise, small])
    assert [(r.key, r.date) for r in result.records] == [("P", date(2026, 3, 2))]


def test_a_payment_in_the_details_is_a_payment() -> None:
    rows = [row("03/02/2026", "x", "-50.00", details="ONLINE payment - thank you")]
    promise = statement.Promise("P", None, date(2026, 3, 1), None, 5000, None)
    assert _reconcile(rows, promises=[promise]).records == []


@pytest.mark.parametrize(
    ("posted", "closing_day", "month"),
    [
        (date(2026, 3, 15), None, 3), (date(2026, 3, 31), None, 3),
        (date(2026, 3, 15), 15, 3), (date(2026, 3, 16), 15, 4),
        (date(2026, 12, 16), 15, 1), (date(2026, 2, 28), 31, 2), (date(2026, 1, 31), 30, 2),
    ],
)  # fmt: skip
def test_the_fee_s_statement_month(posted: date, closing_day: int | None, month: int) -> None:
    card = statement.Watched("c", "12345", month, ("FEE",), {}, closing_day=closing_day)
    rows = [row(posted.strftime("%m/%d/%Y"), "FEE", "1.00")]
    assert [i.kind for i in _reconcile(rows, cards={"c": card}).items] == ["annual-fee"]
    other = statement.Watched("c", "12345", month % 12 + 1, ("FEE",), {}, closing_day=closing_day)
    [_, fix] = _reconcile(rows, cards={"c": other}).items
    assert fix.command == f"amex cards edit c --fee-month {month}"


def test_a_credit_in_the_fee_s_words_is_not_a_fee() -> None:
    rows = [row("03/01/2026", "ANNUAL MEMBERSHIP FEE", "-695.00", category=FEES)]
    promise = statement.Promise("P", None, date(2026, 3, 1), None, 69500, None)
    result = _reconcile(rows, promises=[promise])
    # filed as Amex's, but not in an adjustment's words: a possible match, not a kept promise
    assert [(i.kind, i.ref) for i in result.items] == [("possible", "P")]


def test_an_open_promise_is_overdue_the_day_after_its_follow_up() -> None:
    promise = statement.Promise("P", "plat", date(2026, 3, 1), date(2026, 3, 31), 100, None)
    rows = [row("03/01/2026", "CAFE", "1.00")]
    assert _reconcile(rows, promises=[promise], today=date(2026, 3, 31)).items == []
    [late] = _reconcile(rows, promises=[promise], today=date(2026, 4, 1)).items
    assert (late.kind, late.card, late.date) == ("overdue", "plat", date(2026, 3, 31))
    undated = statement.Promise("P", "plat", date(2026, 3, 1), None, 100, None)
    assert _reconcile(rows, promises=[undated], today=date(2030, 1, 1)).items == []
    # the card's rows are not in this download: whether it came is not known
    gold = statement.Promise("P", "gold", date(2026, 3, 1), date(2026, 3, 2), 100, None)
    assert _reconcile(rows, promises=[gold]).items == []


def test_a_late_offer_of_a_card_not_in_the_download_is_not_reported() -> None:
    gold = statement.OfferWatch("01g", "gold", "Saks", 100, date(2025, 1, 1), date(2025, 1, 1))
    assert _reconcile([row("03/01/2026", "CAFE", "1.00")], offers=[gold]).items == []


def test_the_late_offer_item() -> None:
    late = statement.late_offer(BLOOM, days=90, today=TODAY)
    assert late is not None
    assert late.row() == _item(
        "overdue", "plat", date(2026, 3, 31), None, None, None,
        "Offer Bloomingdale's (01bloom), used on 2025-12-01: its $25.00 credit has not come by "
        "2026-03-31. Ask Amex for it (chat keeps a transcript) and log the reference.",
        "amex route offer",
    )  # fmt: skip
    assert statement.late_offer(BLOOM, days=91, today=TODAY) is None


def test_awaiting_credit_leaves_out_offers_a_statement_paid() -> None:
    from amexcli.offers import Offer

    enrolled = [
        Offer("a", "plat", "A", 100, expires=date(2026, 1, 1), used=date(2025, 12, 1)),
        Offer("b", "plat", "B", 100, credited=100),
        Offer("c", "plat", "C", 100, reference="R"),
    ]
    assert statement.awaiting_credit(enrolled) == [
        statement.OfferWatch("a", "plat", "A", 100, date(2026, 1, 1), date(2025, 12, 1))
    ]


# Reading the file.


def test_the_rows_of_a_download_as_read() -> None:
    text = csv_text("extended", [
        row("03/02/2026", " SHOES ", "1,234.50", details="Line one", reference="42"),
        row("3/1/26", "CAFE", "-4", account="XXXX-XXXXXX-12345", reference=""),
    ])  # fmt: skip
    parsed = statement.parse(text)
    first, second = parsed.rows
    assert (first.line, first.date, first.cents, first.account, first.reference) == (
        2, date(2026, 3, 2), 123450, "12345", "42"
    )  # fmt: skip
    assert first.description == "SHOES"
    assert first.text == "SHOES\nLine one\nSHOES"  # description, details, as it appears
    assert (second.line, second.date, second.cents, second.account, second.reference) == (
        5, date(2026, 3, 1), -400, "12345", None
    )  # fmt: skip
    assert (parsed.first, parsed.last) == (date(2026, 3, 1), date(2026, 3, 2))
    assert (parsed.variant, parsed.has_account) == ("extended", True)
    assert first.key == "42"
    seed = "2026-03-01|-400|CAFE"
    assert second.key == "d:" + hashlib.sha256(seed.encode()).hexdigest()[:16]


def test_an_empty_download_has_no_first_or_last_day() -> None:
    parsed = statement.parse("Date,Description,Amount\r\n")
    assert (parsed.rows, parsed.first, parsed.last, parsed.has_account) == ((), None, None, False)
    assert parsed.variant == "other"


def test_headers_are_read_in_any_order_case_and_spacing() -> None:
    text = "\ufeffAMOUNT ,  description,DATE,Account  #,Amount\n-5.00,X,03/01/2026,-12345,9\n"
    parsed = statement.parse(text)
    [r] = parsed.rows
    assert (r.cents, r.description, r.account) == (-500, "X", "12345")  # the first Amount wins
    assert parsed.has_account and parsed.variant == "other"
    basic = ",".join(statement.VARIANTS["basic"]).upper()
    assert statement.parse(basic + "\n").variant == "basic"


def test_trailing_empty_fields_and_short_optional_columns_are_fine() -> None:
    text = "Date,Amount,Description,Extended Details\n03/01/2026,1.00,X,,,\n03/02/2026,2.00\n"
    first, second = statement.parse(text).rows
    assert (first.text, second.description, second.text) == ("X", "", "")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Date,Description,Amount\n03/15/2026,FEE,1.00,,x\n",
         "line 2: 5 fields where the header names 3. Nothing was imported."),
        ("Description,Amount,Date\nFEE,1.00\n",
         "line 2: the row is cut short. Nothing was imported."),
        ("Date,Amount,Description\n03/15/2026\n",
         "line 2: the row is cut short. Nothing was imported."),
        ("Date,Description,Amount\n2026-02-30,FEE,1.00\n",
         "line 2: '2026-02-30' is not a date. Nothing was imported."),
        ("Date,Description,Amount\n15.03.2026,FEE,1.00\n",
         "line 2: date '15.03.2026' is not MM/DD/YYYY. Nothing was imported."),
        ("Date,Description,Amount\n03/15/2026,FEE,abc\n",
         "line 2: 'abc' is not an amount, e.g. 1,234.50. Nothing was imported."),
        ("Date,Description\n", "line 1: no header. amex reads Amex's CSV with its header row "
         "(Date,Description,...,Amount); download it again from Statements & Activity. "
         "Nothing was imported."),
        ("\n3/15/2026,FEE,1.00\n", "line 2: it starts with a transaction, not a header. amex "
         "reads Amex's CSV with its header row (Date,Description,...,Amount); download it "
         "again from Statements & Activity. Nothing was imported."),
        ("Date,Description,Amount\n\n\n03/15/2026,\"FEE\n", "line 4: unexpected end of data. "
         "Nothing was imported."),
        ("Date,Description,Amount\n0\0", "the file holds NUL bytes: it is not a CSV. "
         "Nothing was imported."),
        ("\n \n", "the file is empty: no header and no rows. Nothing was imported."),
        ("Date,Description,Amount\n03/15/0100,FEE,1.00\n",
         "line 2: '03/15/0100' is out of range: amex takes 1900 to 2999. Nothing was imported."),
        ("Date,Description,Amount\n\n3000-01-01,FEE,1.00\n",
         "line 3: '3000-01-01' is out of range: amex takes 1900 to 2999. Nothing was imported."),
        ("Date,Description,Amount\n03/15/2026,FEE,\"-1,000,000,000\"\n",
         "line 2: '-1,000,000,000' is too large: amex takes under $1,000,000,000. "
         "Nothing was imported."),
    ],
)  # fmt: skip
def test_every_refusal_in_its_exact_words(text: str, message: str) -> None:
    with pytest.raises(InputError) as e:
        statement.parse(text)
    assert str(e.value) == message


def test_iso_dates_and_two_digit_years_and_the_years_amex_takes() -> None:
    text = (
        "Date,Description,Amount\n2026-03-15,A,1\n12/31/99,B,1\n1/2/2026,C,1\n"
        '01/01/1900,D,1\n2999-12-31,E,"999,999,999.99"\n'
    )
    rows = statement.parse(text).rows
    assert [r.date for r in rows] == [
        date(2026, 3, 15), date(2099, 12, 31), date(2026, 1, 2), date(1900, 1, 1),
        date(2999, 12, 31),
    ]  # fmt: skip
    assert rows[-1].cents == 99999999999


@pytest.mark.parametrize(
    ("written", "cents"),
    [("(1,234.5)", -123450), ("$ 1 234", 123400), ("1 2.345", None), ("-0.01", -1),
     ("007", 700), ("12.3", 1230), ("1,000", 100000)],
)  # fmt: skip
def test_more_amounts(written: str, cents: int | None) -> None:
    if cents is None:
        with pytest.raises(InputError, match=r"^'1 2\.345' is not an amount, e\.g\. 1,234\.50\.$"):
            statement.cents(written)
    else:
        assert statement.cents(written) == cents


@pytest.mark.parametrize("written", ["(12.00", "12.00)", "(-12.00)", "()"])
def test_half_parentheses_are_not_an_amount(written: str) -> None:
    with pytest.raises(InputError, match=r"is not an amount"):
        statement.cents(written)


@pytest.mark.parametrize(
    ("account", "kept"),
    [("-12345", "12345"), ("1234", None), ("-1234", None), ("", None), ("378282246310005", "10005"),
     ("XXXX-XXXXXX-91005", "91005")],
)  # fmt: skip
def test_only_the_last_five_digits_of_an_account_are_read(account: str, kept: str | None) -> None:
    [r] = statement.parse(csv_text("basic", [row("03/01/2026", "X", "1.00", account=account)])).rows
    assert r.account == kept


@pytest.mark.parametrize(
    ("reference", "kept"),
    [("'1234'", "1234"), ("  ' 1234 '  ", "1234"), ("''", None), ("'" + "9" * 64 + "'", "9" * 64),
     ("9" * 65, None), ("12\t34", None), ("'378282246310005'", None)],
)  # fmt: skip
def test_which_references_are_kept(reference: str, kept: str | None) -> None:
    line = f'Date,Description,Amount,Reference\n03/01/2026,X,1.00,"{reference}"\n'
    [r] = statement.parse(line).rows
    assert r.reference == kept


def test_decode_takes_utf8_a_bom_and_windows_1252_and_refuses_the_rest() -> None:
    assert statement.decode("\ufeffDate,Café".encode()) == "Date,Café"
    assert statement.decode("Caf\xe9 \u2019".encode("cp1252")) == "Caf\xe9 \u2019"
    with pytest.raises(InputError) as e:
        statement.decode(b"\x81\x8d\xff\xfe")
    assert str(e.value) == (
        "the file is neither UTF-8 nor Windows-1252 text: is it the CSV from Amex's "
        '"Download activity"? Nothing was imported.'
    )


@pytest.mark.parametrize(
    ("cents", "shown"),
    [(0, "$0.00"), (5, "$0.05"), (-123450, "-$1,234.50"), (100000000, "$1,000,000.00")],
)
def test_money(cents: int, shown: str) -> None:
    assert statement.money(cents) == shown
    assert statement.dollars(cents) == cents / 100


@pytest.mark.parametrize(
    ("text", "pattern", "found"),
    [("Annual  Membership\nFee", "annual membership FEE", True), ("fee", "", False),
     ("fee", "   ", False), ("fe e", "fee", False), ("x", "xy", False)],
)  # fmt: skip
def test_contains(text: str, pattern: str, found: bool) -> None:
    assert statement.contains(text, pattern) is found


def test_a_credit_pays_the_offer_that_ends_first() -> None:
    later = statement.OfferWatch("01a", "plat", "Saks", 5000, date(2026, 6, 30), None)
    sooner = statement.OfferWatch("01b", "plat", "Saks", 5000, date(2026, 4, 30), None)
    no_end = statement.OfferWatch("01c", "plat", "Saks", 5000, None, None)
    credit = row("03/10/2026", "SAKS", "-50.00")
    result = _reconcile([credit, credit, credit], offers=[no_end, later, sooner])
    assert [r.key for r in result.records] == ["01b", "01a", "01c"]


def test_an_offer_paid_by_this_download_is_not_also_overdue() -> None:
    used = statement.OfferWatch("01a", "plat", "Saks", 5000, date(2025, 12, 31), date(2025, 12, 1))
    rows = [row("03/30/2026", "SAKS", "-50.00")]  # by 03-31, the offer's end plus 90 days
    result = _reconcile(rows, offers=[used], today=date(2026, 4, 15))
    assert [(i.kind, i.status) for i in result.items] == [("credit", "new")]


def test_zero_and_one_cent_lines() -> None:
    # a fee line of $0.00 (a waived fee) is no posting, and a $0.00 line holding a benefit's
    # text is no use of it; a one-cent fee is a posting all the same
    rows = [
        row("03/01/2026", "ANNUAL MEMBERSHIP FEE", "0.00"),
        row("03/02/2026", "UBER", "0.00"),
        row("03/03/2026", "ANNUAL MEMBERSHIP FEE", "0.01", reference="ONE"),
    ]
    result = _reconcile(rows, benefits=[UBER])
    assert [(r.target, r.row_key, r.cents) for r in result.records] == [("fee", "ONE", 1)]
    assert result.kept == 1


def test_a_one_cent_charge_and_its_refund_keep_no_promise() -> None:
    # a card check: a cent charged and given back under the same description; a $0.00 line
    # with a credit's own description makes nothing a refund
    rows = [
        row("03/01/2026", "CARD CHECK", "0.01"),
        row("03/02/2026", "CARD CHECK", "-0.01"),
        row("03/03/2026", "COURTESY CREDIT", "0.00"),
        row("03/06/2026", "COURTESY CREDIT", "-100.00", category=FEES),
    ]
    cent = statement.Promise("C", None, date(2026, 3, 1), None, 1, None)
    result = _reconcile(rows, promises=[cent, KEPT])
    assert [(r.key, r.cents) for r in result.records] == [("A 1", 10000)]


def test_rows_no_card_claims_are_reported_by_account() -> None:
    rows = [
        row("03/01/2026", "A", "1.00", account="-99999"),
        row("03/02/2026", "B", "1.00", account="-22222"),
        row("03/03/2026", "C", "1.00", account="-22222"),
        row("03/04/2026", "D", "1.00", account=""),
    ]
    result = _reconcile(rows)
    assert [i.what[:40] for i in result.items] == [
        "1 row name no account: they were not rea",
        "2 rows of the account ending 22222: no c",
        "1 row of the account ending 99999: no ca",
    ]


def test_a_benefit_credit_names_its_row_s_reference() -> None:
    rows = [row("03/02/2026", "Uber Cash credit", "-15.00", reference="R-UBER")]
    [item] = _reconcile(rows, benefits=[UBER]).items
    assert (item.ref, item.command) == ("R-UBER", "amex benefits list --card plat")


def test_a_reference_loses_only_its_apostrophes() -> None:
    line = "Date,Description,Amount,Reference\n03/01/2026,X,1.00,'XA12X'\n"
    assert statement.parse(line).rows[0].reference == "XA12X"


def test_a_line_break_inside_a_field_is_read_as_written() -> None:
    # the csv module reads the file untranslated: a row's key is a digest of its very text
    text = 'Date,Description,Amount\r\n03/01/2026,"SHOES\r\nINC",1.00\r\n'
    [r] = statement.parse(text).rows
    assert r.description == "SHOES\r\nINC"


def test_a_byte_order_mark_left_before_the_header_by_another_tool() -> None:
    header = b"Date,Description,Amount\r\n03/01/2026,X,1.00\r\n"
    bom = "\ufeff".encode()
    for data in (bom + bom + b"\r\n\r\n" + header, b"\r\n" + bom + header):
        [r] = statement.parse(statement.decode(data)).rows
        assert (r.date, r.description) == (date(2026, 3, 1), "X")


def test_a_file_with_old_mac_line_ends_reads_the_same() -> None:
    # Excel for Mac's "CSV (Macintosh)" ends each line with a lone carriage return
    [r] = statement.parse('Date,Description,Amount\r03/01/2026,"A\rB",1.00\r').rows
    assert (r.line, r.date, r.description, r.cents) == (2, date(2026, 3, 1), "A\rB", 100)
