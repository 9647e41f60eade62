"""Reading Amex's statement download, and what the import keeps (in-process)."""

from __future__ import annotations

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
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
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
