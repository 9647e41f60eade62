"""`amex next` and its calendar: offers about to expire and credits left before they reset."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import Run

SEED = """\
schema_version = 1

[cards.plat]
product = "Platinum Card"

[offers.1m8bqvapvhv86]
card = "plat"
merchant = "Best Buy"
credit = 50.0
spend = 250.0
expires = 2026-12-10

[offers.1m8bqvapvhv87]
card = "plat"
merchant = "Used already"
credit = 10.0
expires = 2026-12-01
used = 2026-11-20
credited = 10.0
credited_on = 2026-11-22

[offers.1m8bqvapvhv88]
card = "plat"
merchant = "Far away"
credit = 10.0
expires = 2027-06-01

[offers.1m8bqvapvhv89]
card = "plat"
merchant = "Expired"
credit = 10.0
expires = 2026-11-25

[benefits.1m8bqvawpnkyd]
card = "plat"
name = "Uber Cash"
amount = 15.0
every = "month"

[benefits.1m8bqvawpnkyd.uses.1m8bqvawpnkye]
date = 2026-11-02
amount = 5.0

[benefits.1m8bqvawpnkya]
card = "plat"
name = "Saks"
amount = 50.0
every = "half"
ignored = true

[benefits.1m8bqvawpnkyb]
card = "plat"
name = "Digital"
amount = 20.0
every = "month"

[benefits.1m8bqvawpnkyb.uses.1m8bqvawpnkyc]
date = 2026-11-30
amount = 20.0

[benefits.1m8bqvawpnkyf]
card = "plat"
name = "Airline"
amount = 200.0
every = "year"
"""


@pytest.fixture
def seeded(datafile: Path) -> Path:
    datafile.parent.mkdir(parents=True, exist_ok=True)
    datafile.write_text(SEED)
    return datafile


def test_next_shows_open_offers_and_credits_left(run: Run, seeded: Path) -> None:
    r = run("next", "--as-of", "2026-11-26", "--days", "14")
    assert (r.returncode, r.stderr) == (0, "")
    assert r.stdout == (
        "2026-11-30\tbenefit\tplat\t$10 Uber Cash credit left on plat, resets 2026-12-01."
        "\tamex benefits use plat 'Uber Cash'\n"
        "2026-12-10\toffer\tplat\tBest Buy offer on plat ($50 back after $250 spent) expires "
        "2026-12-10: 14 days left.\tamex offers used 1m8bqvapvhv86\n"
    )
    # used, expired, far-off offers, an ignored benefit, a used-up one: none of them
    for absent in ("Used already", "Expired", "Far away", "Saks", "Digital", "Airline"):
        assert absent not in r.stdout
    items = json.loads(run("next", "--as-of", "2026-12-10", "--days", "0", "--json").stdout)
    assert items == [
        {
            "date": "2026-12-10",
            "kind": "offer",
            "card": "plat",
            "ref": None,
            "what": "Best Buy offer on plat ($50 back after $250 spent) expires 2026-12-10: "
            "today is its last day.",
            "command": "amex offers used 1m8bqvapvhv86",
        }
    ]
    # the year's credit comes up in the last days of the year, with all of it left
    assert (
        "$200 Airline credit left on plat, resets 2027-01-01."
        in run("next", "--as-of", "2026-12-20", "--days", "30").stdout
    )


def test_using_the_credit_or_the_offer_clears_the_item(run: Run, seeded: Path) -> None:
    assert run("benefits", "use", "plat", "Uber Cash", "--date", "2026-11-26").returncode == 0
    assert run("offers", "used", "1m8bqvapvhv86", "--date", "2026-11-26").returncode == 0
    r = run("next", "--as-of", "2026-11-26", "--days", "6")  # a week on, its credit is awaited
    assert (r.returncode, r.stdout) == (1, "")


def test_ics_items_carry_an_alarm_a_day_before(run: Run, seeded: Path) -> None:
    from icalendar import Calendar

    r = run("next", "--as-of", "2026-11-26", "--days", "14", "--ics", "-")
    assert r.returncode == 0, r.stderr
    events = Calendar.from_ical(r.stdout).walk("VEVENT")
    found = {}
    for e in events:
        alarms = e.walk("VALARM")
        assert len(alarms) == 1
        assert alarms[0].decoded("trigger").days == -1
        assert str(alarms[0]["action"]) == "DISPLAY"
        found[str(e["uid"])] = (e.decoded("dtstart").isoformat(), str(e["summary"]))
    assert found == {
        "benefit-1m8bqvawpnkyd-2026-11-01@amexcli": ("2026-11-30", "amex: $10 Uber Cash left"),
        "offer-1m8bqvapvhv86@amexcli": ("2026-12-10", "amex: Best Buy offer expires"),
    }


def test_other_items_keep_no_alarm(run: Run, seeded: Path) -> None:
    from icalendar import Calendar

    assert run("log", "add", "R1", "--follow-up", "2026-11-27").returncode == 0
    r = run("next", "--as-of", "2026-11-26", "--days", "1", "--ics", "-")
    (event,) = Calendar.from_ical(r.stdout).walk("VEVENT")
    assert str(event["uid"]) == "follow-up-R1@amexcli" and not event.walk("VALARM")


# An offer used whose credit never came: `next` says so from the day `statement import` does.

LATE = """\
schema_version = 1

[cards.plat]
product = "Platinum Card"
last5 = "12345"

[offers.1m8bqvapvhv90]
card = "plat"
merchant = "Saks"
credit = 50.0
expires = 2026-03-31
used = 2026-03-10

[offers.1m8bqvapvhv91]
card = "plat"
merchant = "Credited"
credit = 20.0
expires = 2026-03-31
used = 2026-03-12
credited = 20.0
reference = "320260770000000108"

[offers.1m8bqvapvhv92]
card = "plat"
merchant = "Never used"
credit = 10.0
expires = 2026-03-31
"""
LATE_WHAT = (
    "Offer Saks (1m8bqvapvhv90), used on 2026-03-10: its $50.00 credit has not come by "
    "2026-06-29. Ask Amex for it (chat keeps a transcript) and log the reference."
)
DUE = "2026-06-29"  # the offer's last day, 2026-03-31, and offer_days (90) in statement.toml


@pytest.fixture
def late(datafile: Path) -> Path:
    datafile.parent.mkdir(parents=True, exist_ok=True)
    datafile.write_text(LATE)
    return datafile


def test_next_shows_an_offer_credit_overdue_from_the_day_after_it_is_due(
    run: Run, late: Path
) -> None:
    r = run("next", "--as-of", DUE, "--days", "0")
    assert r.returncode == 0  # due today: not overdue yet, only awaited
    assert [line.split("\t")[1] for line in r.stdout.splitlines()] == ["offer-waiting"]
    r = run("next", "--as-of", "2026-06-30", "--days", "0")
    assert (r.returncode, r.stderr) == (0, "")
    assert r.stdout == f"{DUE}\toffer-credit\tplat\t{LATE_WHAT}\tamex route offer\n"
    assert json.loads(run("next", "--as-of", "2026-06-30", "--json").stdout) == [
        {
            "date": DUE,
            "kind": "offer-credit",
            "card": "plat",
            "ref": "1m8bqvapvhv90",
            "what": LATE_WHAT,
            "command": "amex route offer",
        }
    ]  # neither the credited offer nor the one never used: no credit is owed on them
    # it stays until a statement shows the credit, whatever --days says
    assert run("next", "--as-of", "2027-06-30", "--plain").stdout.startswith(f"{DUE}\toffer-")


def test_next_and_statement_import_agree_on_the_day(run: Run, late: Path, tmp_path: Path) -> None:
    from statement_files import csv_text, row

    csv = tmp_path / "activity.csv"
    csv.write_text(csv_text("extended", [row("06/01/2026", "CAFE", "12.00")]), newline="")
    for day, code in ((DUE, 1), ("2026-06-30", 0)):
        shown = run("next", "--as-of", day, "--days", "0").stdout
        assert ("\toffer-credit\t" in shown) == (code == 0)
        r = run("statement", "import", str(csv), "--dry-run", "--as-of", day, "--plain")
        assert r.returncode == 1 - code, r.stderr  # import: exit 1 when something is overdue
        assert (f"overdue\tplat\t{DUE}" in r.stdout) == (code == 0)


def test_an_overdue_offer_credit_in_the_calendar(run: Run, late: Path) -> None:
    from icalendar import Calendar

    r = run("next", "--as-of", "2026-06-30", "--days", "0", "--ics", "-")
    assert r.returncode == 0, r.stderr
    (event,) = Calendar.from_ical(r.stdout).walk("VEVENT")
    assert str(event["uid"]) == "offer-credit-1m8bqvapvhv90@amexcli"
    assert str(event["summary"]) == "amex: Saks offer credit overdue"
    assert event.decoded("dtstart").isoformat() == DUE
    assert str(event["description"]) == f"{LATE_WHAT}\n\namex route offer"
    assert not event.walk("VALARM")  # already past: a reminder before it means nothing


def test_an_overdue_offer_credit_on_a_terminal(run: Run, late: Path) -> None:
    code, screen = run.tty("next", "--as-of", "2026-06-30", "--days", "0")
    assert code == 0
    assert "\x1b[" in screen
    words = " ".join(screen.split())
    for part in ("offer-credit", "(1m8bqvapvhv90)", "$50.00", "amex route offer", DUE):
        assert part in words, screen
