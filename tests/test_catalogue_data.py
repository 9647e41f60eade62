"""The packaged card catalogue itself: every fact sourced and dated, every amount whole cents,
every period one the benefits model knows, no name that finds two cards."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from amexcli import benefits, catalogue, resources
from amexcli.errors import DataFileError

RAW = resources.load("catalogue.toml")
CAT = catalogue.parse(RAW)
CARDS: dict[str, Any] = RAW["cards"]
CREDITS = [(k, ck, c) for k, t in CARDS.items() for ck, c in t.get("credits", {}).items()]


def test_the_header_says_how_to_correct_it() -> None:
    text = (resources.DATA / "catalogue.toml").read_text(encoding="utf-8")
    head = text.split("checked =", 1)[0]
    assert "How to correct it" in head and "pull request" in head
    assert "catalogue.toml" in head and "--path" in head


def test_it_carries_the_date_it_was_checked() -> None:
    assert isinstance(RAW["checked"], date)
    assert CAT.checked == RAW["checked"] == max(e.checked for e in CAT.entries.values())


@pytest.mark.parametrize("key", sorted(CARDS))
def test_every_card_has_a_source_url_and_a_checked_date(key: str) -> None:
    t = CARDS[key]
    assert t["source"].startswith("https://"), key
    assert isinstance(t["checked"], date) and t["checked"] <= RAW["checked"]
    for phone in t.get("phones", []):
        assert phone["source"].startswith("https://") and isinstance(phone["checked"], date)
    if "fee_change" in t:
        assert t["fee_change"]["source"].startswith("https://")


@pytest.mark.parametrize(
    ("card", "key", "credit"), CREDITS, ids=[f"{k}/{c}" for k, c, _ in CREDITS]
)
def test_every_credit_is_sourced_dated_whole_cents_and_a_known_period(
    card: str, key: str, credit: dict[str, Any]
) -> None:
    assert credit["source"].startswith("https://"), (card, key)
    assert isinstance(credit["checked"], date) and credit["checked"] <= RAW["checked"]
    for field in ("amount", "extra"):
        if field in credit:
            cents = Decimal(repr(credit[field])) * 100
            assert cents > 0 and cents == cents.to_integral_value(), (card, key, field)
    assert credit["every"] in benefits.PERIODS
    assert credit.get("resets", "calendar") in benefits.RESETS


def test_a_card_whose_fee_is_not_confirmed_says_unverified() -> None:
    for e in CAT.entries.values():
        if e.annual_fee is None:
            assert e.note and "unverified" in e.note, e.key


def test_no_two_cards_share_a_typed_name() -> None:
    seen: dict[str, str] = {}
    for e in CAT.entries.values():
        for name in catalogue.names(e):
            assert name not in seen, f"{name!r} names both {seen[name]} and {e.key}"
            seen[name] = e.key


def test_the_cards_the_issue_names_are_there() -> None:
    wanted = (
        "Platinum", "Gold", "Green", "Blue Cash Everyday", "Blue Cash Preferred", "EveryDay",
        "Delta SkyMiles Blue", "Delta Gold", "Delta Platinum", "Delta Reserve", "Hilton Honors",
        "Hilton Surpass", "Hilton Aspire", "Marriott Brilliant", "Marriott Bevy",
        "Business Platinum", "Business Gold", "Business Green", "Blue Business Plus",
        "Blue Business Cash", "Delta Gold Business", "Delta Platinum Business",
        "Delta Reserve Business", "Hilton Business", "Marriott Business", "Amazon Business",
    )  # fmt: skip
    for name in wanted:
        assert catalogue.recognise(CAT, name) is not None, name


def test_platinum_facts_as_domain_gives_them() -> None:
    plat = CAT.entries["platinum"]
    assert plat.annual_fee == 895
    assert plat.fee_change is not None and plat.fee_change.was == 695
    assert plat.fee_change.existing_from == date(2026, 1, 2)
    uber = plat.credit("uber-cash")
    assert uber is not None and (uber.amount, uber.extra, uber.extra_month) == (1500, 2000, 12)
    assert uber.statement is False and uber.wording is None
    assert plat.credit("digital-entertainment").wording == "Platinum Digital Entertainment Credit"  # type: ignore[union-attr]
    assert plat.credit("airline").wording == "AMEX Airline Fee Reimbursement"  # type: ignore[union-attr]
    hotel = plat.credit("hotel")
    assert hotel is not None and (hotel.amount, hotel.every) == (30000, "half")
    assert {c.every for c in plat.credits} >= {"4-years", "4.5-years"}


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Platinum", "platinum"),
        ("The Platinum Card®", "platinum"),
        ("  PLATINUM   card ", "platinum"),
        ("amex gold", "gold"),
        ("Delta SkyMiles® Reserve", "delta-reserve"),
        ("business platinum", "business-platinum"),
    ],
)
def test_names_as_people_type_them(typed: str, key: str) -> None:
    found = catalogue.recognise(CAT, typed)
    assert found is not None and found.key == key


def test_a_near_miss_gets_did_you_mean_and_nothing_else_is_guessed() -> None:
    assert catalogue.recognise(CAT, "Platnum") is None
    assert next(e.key for e in catalogue.suggestions(CAT, "Platnum")) == "platinum"
    assert catalogue.suggestions(CAT, "Sapphire Reserve") == []


def bad(**credit: Any) -> dict[str, Any]:
    base = {
        "name": "X",
        "amount": 10.0,
        "every": "month",
        "source": "https://x",
        "checked": date(2026, 1, 1),
    }
    return {
        "checked": date(2026, 1, 1),
        "cards": {
            "x": {
                "name": "X",
                "kind": "consumer",
                "source": "https://x",
                "checked": date(2026, 1, 1),
                "credits": {"c": {**base, **credit}},
            }
        },
    }


@pytest.mark.parametrize(
    "credit",
    [
        {"amount": 10.005},
        {"amount": 0},
        {"every": "week"},
        {"every": "4-years", "resets": "calendar"},
        {"resets": "use"},
        {"extra": 5.0, "extra_month": 13},
        {"statement": False, "wording": "UBER"},
        {"source": None},
        {"checked": None},
    ],
)
def test_a_wrong_entry_is_refused_with_where_it_is(credit: dict[str, Any]) -> None:
    doc = bad(**credit)
    c = doc["cards"]["x"]["credits"]["c"]
    for k in [k for k, v in c.items() if v is None]:
        del c[k]
    with pytest.raises(DataFileError, match=r"cards\.x\.credits\.c"):
        catalogue.parse(doc)


def test_the_catalogue_is_stale_after_six_months_to_the_day() -> None:
    assert not CAT.stale(today=date(2027, 6, 7))
    assert CAT.stale(today=date(2027, 6, 8))


@pytest.mark.parametrize(
    ("today", "fee_month", "closing_day", "opened", "fee"),
    [
        (date(2025, 12, 31), 3, None, None, 695),  # renewed 2025-03: still the old fee
        (date(2026, 1, 1), 1, 1, None, 695),  # the renewal on 2026-01-01 is before the change
        (date(2026, 1, 2), 1, 2, None, 895),  # the first renewal on or after 2026-01-02
        (date(2026, 1, 1), 1, 2, None, 695),  # that renewal is tomorrow: last year's applies
        (date(2026, 3, 1), 3, None, None, 895),
        (date(2026, 12, 7), 12, 20, None, 695),  # this year's renewal comes on the 20th
        (date(2026, 12, 20), 12, 20, None, 895),
        (date(2025, 10, 1), None, None, date(2025, 9, 18), 895),  # a new card pays the new fee
        (date(2025, 10, 1), 9, None, date(2025, 9, 17), 695),
    ],
)
def test_the_platinum_fee_at_the_renewal_on_or_after_2026_01_02(
    today: date, fee_month: int | None, closing_day: int | None, opened: date | None, fee: int
) -> None:
    got, note = catalogue.fee_on(
        CAT.entries["platinum"],
        today=today,
        fee_month=fee_month,
        closing_day=closing_day,
        opened=opened,
    )
    assert got == fee
    if closing_day is not None and fee == 895:
        assert note is None  # the day is known: nothing to hedge


def test_a_renewal_either_side_of_the_change_says_so() -> None:
    fee, note = catalogue.fee_on(CAT.entries["platinum"], today=date(2026, 2, 1), fee_month=1)
    assert fee == 895 and note and "$695 or $895" in note
    fee, note = catalogue.fee_on(CAT.entries["platinum"], today=date(2025, 6, 1))
    assert fee == 895 and note and "--fee-month" in note
