"""`log list` filters, `log search` and `log due` at their edges: the first and last day of a
range, case, ties, the limit. Found by mutation testing (README "Development")."""

from __future__ import annotations

from datetime import date, datetime

from amexcli.calllog import Call, Filters, due, search, select

CALLS = [
    Call("A1", datetime(2026, 3, 1, 9, 0), card="plat", department="retention", channel="phone",
         summary="Offered 20k MR", follow_up=date(2026, 3, 31)),
    Call("B2", datetime(2026, 3, 10, 23, 59), card="Gold", department="billing", channel="chat",
         rep="Dana", follow_up=date(2026, 3, 10), done=True),
    Call("C3", datetime(2026, 3, 20, 0, 0), card="plat", department="dispute", channel="phone",
         promise="credit in 7 days", follow_up=date(2026, 3, 10)),
    Call("D4", datetime(2026, 3, 20, 0, 0), department="retention", channel="chat"),
]  # fmt: skip


def refs(calls: list[Call]) -> list[str]:
    return [c.ref for c in calls]


def test_newest_first_ties_by_ref() -> None:
    assert refs(select(CALLS, Filters())) == ["D4", "C3", "B2", "A1"]


def test_since_and_until_include_their_day() -> None:
    assert refs(select(CALLS, Filters(since=date(2026, 3, 10)))) == ["D4", "C3", "B2"]
    assert refs(select(CALLS, Filters(until=date(2026, 3, 10)))) == ["B2", "A1"]
    assert refs(select(CALLS, Filters(since=date(2026, 3, 20), until=date(2026, 3, 20)))) == [
        "D4",
        "C3",
    ]
    assert select(CALLS, Filters(since=date(2026, 3, 21))) == []


def test_card_department_and_channel_ignore_case_and_combine() -> None:
    assert refs(select(CALLS, Filters(card="PLAT"))) == ["C3", "A1"]
    assert refs(select(CALLS, Filters(card="gold"))) == ["B2"]
    assert refs(select(CALLS, Filters(department="Retention"))) == ["D4", "A1"]
    assert refs(select(CALLS, Filters(channel="chat"))) == ["D4", "B2"]
    assert refs(select(CALLS, Filters(card="plat", channel="phone", department="dispute"))) == [
        "C3"
    ]


def test_limit_keeps_the_newest() -> None:
    assert refs(select(CALLS, Filters(limit=2))) == ["D4", "C3"]
    assert refs(select(CALLS, Filters(limit=0))) == []


def test_search_looks_in_every_text_field_ignoring_case() -> None:
    assert refs(search(CALLS, "20K")) == ["A1"]
    assert refs(search(CALLS, "dana")) == ["B2"]
    assert refs(search(CALLS, "CREDIT IN")) == ["C3"]
    assert refs(search(CALLS, "c3")) == ["C3"]
    assert refs(search(CALLS, "plat")) == ["C3", "A1"]


def test_due_is_open_follow_ups_up_to_the_day_oldest_first() -> None:
    assert refs(due(CALLS, as_of=date(2026, 3, 9))) == []
    assert refs(due(CALLS, as_of=date(2026, 3, 10))) == ["C3"]  # B2 is done
    assert refs(due(CALLS, as_of=date(2026, 3, 31))) == ["C3", "A1"]
