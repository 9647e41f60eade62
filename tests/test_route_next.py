"""`amex route`, `amex next` and the calendar file."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from icalendar import Calendar

from amexcli import agenda
from amexcli.cards import Card, RetentionRecord
from conftest import ANSI, Run

SEED_TOPICS = {
    "activate", "freeze", "statement", "offer-attached", "late-fee", "dispute", "fraud",
    "lost-stolen", "retention", "financial-review", "emergency-abroad", "concierge", "escalation",
}  # fmt: skip


def test_route_covers_every_topic_of_the_seed(run: Run) -> None:
    r = run("route", "--json")
    rows = json.loads(r.stdout)
    assert {row["topic"] for row in rows} >= SEED_TOPICS
    assert all(
        set(row) == {"topic", "channel", "number", "tip", "command", "source"} for row in rows
    )
    assert {row["channel"] for row in rows} == {"app", "chat", "phone", "social"}
    assert all(row["source"] for row in rows)
    by_topic = {row["topic"]: row for row in rows}
    assert by_topic["freeze"]["channel"] == "app"
    assert by_topic["late-fee"]["channel"] == "chat"
    assert by_topic["escalation"]["channel"] == "social"
    assert "@AskAmex" in by_topic["escalation"]["tip"]
    assert by_topic["dispute"]["command"] == "amex script dispute"


def test_route_numbers_are_the_directory_s(run: Run, datafile: Path) -> None:
    numbers = {row["number"] for row in json.loads(run("numbers", "--json").stdout)}
    rows = json.loads(run("route", "--json").stdout)
    assert all(row["number"] in numbers for row in rows if row["number"])
    by_topic = {row["topic"]: row for row in rows}
    assert by_topic["lost-stolen"]["number"] == "1-800-992-3404"
    assert by_topic["emergency-abroad"]["number"] == "1-336-393-1111"
    # the user's own number for a key is the one route gives too
    datafile.parent.mkdir(parents=True)
    datafile.write_text('[numbers.lost-stolen]\nlabel = "Mine"\nnumber = "1-800-000-0001"\n')
    rows = json.loads(run("route", "stolen", "--json").stdout)
    assert [row["number"] for row in rows] == ["1-800-000-0001"]


@pytest.mark.parametrize(
    ("words", "topic"),
    [("stolen", "lost-stolen"), ("fee", "late-fee"), ("fee", "retention"),
     ("abroad", "emergency-abroad"), ("SUPERVISOR", "escalation"), ("4506", "financial-review")],
)  # fmt: skip
def test_route_word_matching(run: Run, words: str, topic: str) -> None:
    r = run("route", words)
    assert r.returncode == 0
    assert topic in [line.split("\t")[0] for line in r.stdout.splitlines()]
    assert ANSI not in r.stdout


def test_route_no_match(run: Run) -> None:
    r = run("route", "zebra")
    assert (r.returncode, r.stdout) == (1, "")
    assert "zebra" in r.stderr
    r = run("route", "zebra", "--json")
    assert (r.returncode, json.loads(r.stdout)) == (1, [])


@pytest.fixture
def agenda_data(run: Run) -> Run:
    for args in (
        ["cards", "add", "plat", "--product", "Platinum Card", "--fee-month", "12",
         "--closing-day", "31", "--annual-fee", "695"],
        ["cards", "add", "gold", "--product", "Gold Card", "--fee-month", "1"],
        ["cards", "add", "blue", "--product", "Blue Cash"],
        ["retention", "add", "gold", "--date", "2025-12-20", "--accepted"],
        ["log", "add", "A1", "--dept", "retention", "--rep", "Dana", "--promise", "30k MR",
         "--follow-up", "2026-11-20", "--card", "plat"],
        ["log", "add", "B2", "--follow-up", "2026-12-24"],
        ["log", "add", "C3", "--follow-up", "2026-12-01"],
        ["log", "done", "C3"],
        ["log", "add", "D4", "--follow-up", "2027-03-01"],
    ):  # fmt: skip
        assert run(*args).returncode == 0
    return run


def test_next_each_kind_in_order(agenda_data: Run) -> None:
    r = agenda_data("next", "--as-of", "2026-11-26", "--json")
    assert r.returncode == 0
    items = json.loads(r.stdout)
    assert [(i["date"], i["kind"], i["card"], i["ref"]) for i in items] == [
        ("2026-11-20", "follow-up", "plat", "A1"),  # overdue first
        ("2026-12-20", "eligibility", "gold", None),
        ("2026-12-24", "follow-up", None, "B2"),
        ("2026-12-31", "annual-fee", "plat", None),
        ("2027-01-01", "annual-fee", "gold", None),  # closing day unknown: first of the month
    ]
    assert set(items[0]) == {"date", "kind", "card", "ref", "what", "command"}
    assert "Overdue" in items[0]["what"] and "30k MR" in items[0]["what"]
    assert items[0]["command"] == "amex log done A1"
    assert "until 2027-01-30" in items[3]["what"]  # 12-31 + 30 days, across the year end
    # gold's verdict when its window opens (2027-01-01), not today's
    assert (
        "unknown" in items[4]["what"]
        and "an offer is possible (maybe), and becomes likely" in items[4]["what"]
    )
    # it becomes likely only after this window: both options, never "wait" past the deadline
    assert items[4]["what"].endswith(
        "or keep the card through the year and call on or after 2027-12-20."
    )
    assert items[3]["command"] == "amex script retention --card plat"


def test_next_plain_columns_and_days(agenda_data: Run) -> None:
    r = agenda_data("next", "--as-of", "2026-11-26", "--days", "10")
    lines = r.stdout.splitlines()
    assert len(lines) == 1
    assert lines[0].split("\t")[:3] == ["2026-11-20", "follow-up", "plat"]
    assert lines[0].split("\t")[4] == "amex log done A1"


def test_next_window_still_open_after_the_fee_posted(agenda_data: Run) -> None:
    # plat's fee posted on 2026-12-31; on 2027-01-15 the refund window is still open
    items = json.loads(agenda_data("next", "--as-of", "2027-01-15", "--days", "0", "--json").stdout)
    fee = [i for i in items if i["kind"] == "annual-fee" and i["card"] == "plat"]
    assert fee and fee[0]["date"] == "2026-12-31" and "posted" in fee[0]["what"]
    items = json.loads(agenda_data("next", "--as-of", "2027-01-31", "--days", "0", "--json").stdout)
    assert not [i for i in items if i["card"] == "plat" and i["kind"] == "annual-fee"]


def test_next_empty_agenda_exit_1(run: Run) -> None:
    r = run("next")
    assert (r.returncode, r.stdout) == (1, "")
    assert r.stderr.startswith("amex: nothing to do")
    r = run("next", "--json")
    assert (r.returncode, json.loads(r.stdout)) == (1, [])


def test_window_dates_at_month_and_year_ends() -> None:
    cards = {
        "feb": Card("feb", "Gold", fee_month=2, closing_day=31),
        "dec": Card("dec", "Plat", fee_month=12, closing_day=15),
    }
    items = agenda.build(calls=[], cards=cards, history=[], today=date(2028, 1, 20), days=45)
    [feb] = items
    assert feb.date == date(2028, 2, 29)  # closing day 31 in a leap February
    assert "until 2028-03-30" in feb.what
    items = agenda.build(calls=[], cards=cards, history=[], today=date(2027, 1, 10), days=0)
    [dec] = items
    assert dec.date == date(2026, 12, 15)
    assert "until 2027-01-14" in dec.what


def test_eligibility_item_only_when_it_improves_soon() -> None:
    cards = {"gold": Card("gold", "Gold")}
    history = [RetentionRecord(1, "gold", date(2025, 1, 31), "accepted")]
    items = agenda.build(calls=[], cards=cards, history=history, today=date(2026, 1, 1), days=45)
    assert [(i.kind, i.date) for i in items] == [("eligibility", date(2026, 1, 31))]
    assert (
        agenda.build(calls=[], cards=cards, history=history, today=date(2025, 6, 1), days=45) == []
    )


def test_ics_parses_back_with_stable_uids(agenda_data: Run, tmp_path: Path) -> None:
    target = tmp_path / "amex.ics"
    r = agenda_data("next", "--as-of", "2026-11-26", "--ics", str(target))
    assert (r.returncode, r.stdout) == (0, "")
    first = Calendar.from_ical(target.read_bytes())
    events = first.walk("VEVENT")
    assert len(events) == 5
    assert events[0].decoded("dtstart") == date(2026, 11, 20)
    assert all(e.decoded("dtend") > e.decoded("dtstart") for e in events)
    again = agenda_data("next", "--as-of", "2026-11-26", "--ics", "-")
    second = Calendar.from_ical(again.stdout.encode())
    assert [str(e["uid"]) for e in events] == [str(e["uid"]) for e in second.walk("VEVENT")]
    assert len({str(e["uid"]) for e in events}) == 5
    # a rescheduled follow-up keeps its UID, so a calendar updates the event
    agenda_data("log", "edit", "B2", "--follow-up", "2026-12-26")
    moved = Calendar.from_ical(agenda_data("next", "--as-of", "2026-11-26", "--ics", "-").stdout)
    uids = {str(e["uid"]): e.decoded("dtstart") for e in moved.walk("VEVENT")}
    assert uids["follow-up-B2@amexcli"] == date(2026, 12, 26)


def test_fee_item_says_when_an_offer_improves_inside_the_window() -> None:
    cards = {"plat": Card("plat", "Platinum", fee_month=3, closing_day=15, annual_fee=695)}
    history = [RetentionRecord(1, "plat", date(2025, 3, 20), "accepted")]
    [fee, improves] = agenda.build(
        calls=[], cards=cards, history=history, today=date(2026, 2, 20), days=30
    )
    assert fee.kind == "annual-fee" and improves.kind == "eligibility"
    assert "$695 annual fee posts on the statement closing 2026-03-15" in fee.what
    assert "until 2026-04-14" in fee.what
    assert (
        "unlikely until 2026-03-20 and possible (maybe) from then: call on or after 2026-03-20"
        in fee.what
    )
    # inside next year's window, after the verdict became likely: nothing left to wait for
    [fee] = agenda.build(calls=[], cards=cards, history=history, today=date(2027, 3, 25), days=30)
    assert "posted on the statement closing 2027-03-15" in fee.what
    assert fee.what.endswith("an offer is likely.")
