"""`log list` filters, `log search` and `log due` at their edges: the first and last day of a
range, case, ties, the limit. Found by mutation testing (README "Development")."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from amexcli.calllog import (
    FIELDS,
    Call,
    Filters,
    date_warnings,
    due,
    edit_buffer,
    export_csv,
    export_json,
    parse_import,
    read_buffer,
    search,
    select,
)
from amexcli.errors import InputError

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


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[1]", "JSON import must be an array of objects, as `amex log export` writes."),
        ('{"ref": "A1"}', "JSON import must be an array of objects, as `amex log export` writes."),
        ("[", "not valid JSON: Expecting value: line 1 column 2 (char 1). Nothing was imported."),
        ("at,card\n", "CSV import needs a header row with at least ref and at."),
        ("", "CSV import needs a header row with at least ref and at."),
        ("ref,at\nA1,2026-03-20,x\n", "row 1: more fields than the header names."),
        ('[{"ref": "A1", "at": "2026-03-20", "mood": "ok", "zeal": 1}]',
         "row 1: unknown field(s) mood, zeal. Nothing was imported."),
        ('[{"at": "2026-03-20"}]', "row 1: ref is missing. Nothing was imported."),
        ('[{"ref": "A1"}]', "row 1: at is missing. Nothing was imported."),
        ('[{"ref": "A1", "at": "2026-03-20", "follow_up": 3}]',
         "row 1: follow_up must be a date as text. Nothing was imported."),
        ('[{"ref": "A1", "at": "2026-03-20", "done": "yes"}]',
         "row 1: done must be true or false, not 'yes'. Nothing was imported."),
        ('[{"ref": "A1", "at": "2026-03-20", "rep": 7}]',
         "row 1: rep must be text. Nothing was imported."),
        ('[{"ref": "A1", "at": "2026-03-20", "credited": 7}]',
         "row 1: credited must be a date as text. Nothing was imported."),
        ('[{"ref": "A1", "at": "2026-03-20", "expect": true}]',
         "row 1: expect must be an amount above zero, in dollars, not True. Nothing was imported."),
        ('[{"ref": "A1", "at": "2026-03-20", "expect": 0}]',
         "row 1: expect must be an amount above zero, in dollars, not 0. Nothing was imported."),
        ('[{"ref": "A1", "at": "2026-03-20"}, {"ref": "a1", "at": "2026-03-21"}]',
         "row 2: ref 'a1' repeats row 1. Nothing was imported."),
    ],
)  # fmt: skip
def test_a_bad_import_names_the_row_and_the_reason(text: str, message: str) -> None:
    with pytest.raises(InputError) as e:
        parse_import(text)
    assert str(e.value) == message


def test_an_export_imports_back_unchanged() -> None:
    paid = Call("E5", datetime(2026, 3, 21, 8, 0), expect=12.5, done=True,
                credited=date(2026, 4, 1), credit_ref="320261", summary="a,\nb")  # fmt: skip
    calls = [*CALLS, paid]
    assert parse_import(export_json(calls)) == calls
    assert parse_import(export_csv(calls)) == calls
    assert export_csv([]) == ",".join(FIELDS) + "\r\n"
    csv_text = "ref,at,done,expect\nA1,2026-03-20,true,12.50\nB2,2026-03-20T10:00,false,\n"
    assert parse_import(csv_text) == [
        Call("A1", datetime(2026, 3, 20), done=True, expect=12.5),
        Call("B2", datetime(2026, 3, 20, 10, 0)),
    ]


def test_date_warnings_name_a_future_call_and_a_past_follow_up() -> None:
    now = datetime(2026, 3, 20, 12, 0)
    assert (
        date_warnings(at=datetime(2026, 3, 20, 12, 0), follow_up=date(2026, 3, 20), now=now) == []
    )
    assert date_warnings(at=date(2026, 3, 20), now=now) == []
    assert date_warnings(at=datetime(2026, 3, 20, 12, 1), follow_up=date(2026, 3, 19), now=now) == [
        "the call is dated 2026-03-20T12:01, in the future; saved as given.",
        "the follow-up 2026-03-19 is already past; saved as given, so it is due now "
        "(`amex log due`).",
    ]
    assert date_warnings(at=date(2026, 3, 21), now=now) == [
        "the call is dated 2026-03-21, in the future; saved as given."
    ]


def test_the_editor_buffer_reads_back_as_the_options_take_it() -> None:
    call = Call("A1", datetime(2026, 3, 20, 9, 5, 33), card="plat", expect=100.0,
                follow_up=date(2026, 4, 1), done=True)  # fmt: skip
    values = read_buffer(edit_buffer(call))
    assert values == {
        "ref": "A1", "at": "2026-03-20T09:05", "card": "plat", "department": "", "channel": "",
        "rep": "", "summary": "", "promise": "", "expect": "100.0", "follow_up": "2026-04-01",
        "done": True,
    }  # fmt: skip
    assert read_buffer("")["done"] is False
    with pytest.raises(InputError) as e:
        read_buffer('mood = "ok"\n')
    assert str(e.value) == (
        "unknown field(s) mood; the fields are ref, at, card, department, channel, rep, summary, "
        "promise, expect, follow_up, done."
    )
    with pytest.raises(InputError) as e:
        read_buffer("rep = 7\n")
    assert str(e.value) == "rep must be text in quotes, not 7."
    with pytest.raises(InputError) as e:
        read_buffer('done = "yes"\n')
    assert str(e.value) == "done must be true or false, not 'yes'."
