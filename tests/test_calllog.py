"""The call log's decisions at their edges: `log list` filters (first and last day of a range,
case, ties, the limit), `log search` and `log due`, refs and how they compare, the entries a
hand-edited file holds, export and import (defused cells, line ends, every refusal), the editor
buffer."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest

from amexcli.calllog import (
    CHANNELS,
    EDITABLE,
    FIELDS,
    Call,
    Filters,
    check_channel,
    check_expect,
    check_ref,
    date_warnings,
    defuse,
    due,
    edit_buffer,
    export_csv,
    export_json,
    fold,
    from_table,
    key_index,
    load,
    masked,
    parse_import,
    read_buffer,
    search,
    select,
    stored_key,
    undefuse,
)
from amexcli.errors import DataFileError, InputError

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
         "row 1: unknown fields mood, zeal. Nothing was imported."),
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
        "unknown field mood; the fields are ref, at, card, department, channel, rep, summary, "
        "promise, expect, follow_up, done."
    )
    with pytest.raises(InputError) as e:
        read_buffer("rep = 7\n")
    assert str(e.value) == "rep must be text in quotes, not 7."
    with pytest.raises(InputError) as e:
        read_buffer('done = "yes"\n')
    assert str(e.value) == "done must be true or false, not 'yes'."


# A reference number as typed, and how two refs compare


def test_a_ref_is_trimmed_and_composed() -> None:
    assert check_ref("  A1B2 \n") == "A1B2"
    assert check_ref("REF-A\u030a") == "REF-\u00c5"  # a decomposed Å is the composed one


CONTROL = "the reference number must not hold control characters (NUL, CR, ESC, ...)."


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("", "the reference number must not be empty."),
        ("   ", "the reference number must not be empty."),
        ("A\nB", "the reference number must be one line without tabs."),
        ("A\tB", "the reference number must be one line without tabs."),
        ("A\x00B", CONTROL),
        (
            "A\x1b[31mB",
            "the reference number must not hold control characters (NUL, CR, ESC, ...).",
        ),
        ("A\rB", CONTROL),
        ("A\u202eB", CONTROL),
        ("A\x7fB", CONTROL),
    ],
)
def test_a_ref_that_is_no_ref_is_refused(ref: str, message: str) -> None:
    with pytest.raises(InputError) as e:
        check_ref(ref)
    assert str(e.value) == message


def test_refs_compare_ignoring_case_and_unicode_form() -> None:
    assert fold("A1b2C3") == "a1b2c3"
    assert fold("REF-A\u030a") == fold("ref-\u00e5") == "ref-\u00e5"
    section: dict[str, dict[str, str]] = {"A1B2C3": {}, "REF-\u00c5": {}}
    assert stored_key(section, "A1B2C3") == "A1B2C3"
    assert stored_key(section, "a1b2c3") == "A1B2C3"
    assert stored_key(section, "ref-a\u030a") == "REF-\u00c5"
    assert stored_key(section, "A1B2C") is None
    assert key_index(section) == {"a1b2c3": "A1B2C3", "ref-\u00e5": "REF-\u00c5"}


def test_a_channel_is_one_of_the_known_ones() -> None:
    assert check_channel(None) is None
    for channel in CHANNELS:
        assert check_channel(channel) == channel
    with pytest.raises(InputError) as e:
        check_channel("fax")
    assert str(e.value) == "channel 'fax' is not one of phone, chat, app, social, mail."


# The entries as the file holds them


def test_a_table_of_the_file_becomes_an_entry() -> None:
    table = {"at": datetime(2026, 3, 20, 19, 5), "card": "plat", "department": "retention",
             "channel": "phone", "rep": "Dana", "summary": "s", "promise": "p",
             "follow_up": date(2026, 5, 20), "done": True, "expect": 100,
             "credited": date(2026, 6, 1), "credit_ref": "320261"}  # fmt: skip
    call = from_table("A1", table)
    assert call == Call("A1", datetime(2026, 3, 20, 19, 5), card="plat", department="retention",
                        channel="phone", rep="Dana", summary="s", promise="p",
                        follow_up=date(2026, 5, 20), done=True, expect=100.0,
                        credited=date(2026, 6, 1), credit_ref="320261")  # fmt: skip
    assert type(call.expect) is float
    assert call.table() == {**table, "expect": 100.0}
    assert from_table("B2", {"at": datetime(2026, 3, 20), "done": "yes"}).done is False
    assert Call("B2", datetime(2026, 3, 20)).table() == {"at": datetime(2026, 3, 20)}


def test_a_day_alone_is_midnight_and_an_offset_is_local_time() -> None:
    from datetime import timedelta, timezone

    assert from_table("A1", {"at": date(2026, 3, 20)}).at == datetime(2026, 3, 20, 0, 0)
    aware = datetime(2026, 3, 20, 19, 5, tzinfo=timezone(timedelta(hours=-5)))
    at = from_table("A1", {"at": aware}).at
    assert at.tzinfo is None
    assert at == aware.astimezone().replace(tzinfo=None)


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"at": None}, "calls.R.at must be a date and time, e.g. 2026-03-20T19:05:00."),
        ({"at": "2026-03-20"}, "calls.R.at must be a date and time, e.g. 2026-03-20T19:05:00."),
        ({"follow_up": "2026-05-20"}, "calls.R.follow_up must be a date, e.g. 2026-05-20."),
        ({"follow_up": datetime(2026, 5, 20)},
         "calls.R.follow_up must be a date, e.g. 2026-05-20."),
        ({"credited": "2026-05-20"}, "calls.R.credited must be a date, e.g. 2026-05-20."),
        ({"credited": datetime(2026, 5, 20)}, "calls.R.credited must be a date, e.g. 2026-05-20."),
        ({"expect": "100"}, "calls.R.expect must be an amount in dollars, e.g. 100.0."),
        ({"expect": True}, "calls.R.expect must be an amount in dollars, e.g. 100.0."),
        ({"expect": 0}, "calls.R.expect must be an amount in dollars, e.g. 100.0."),
        ({"expect": -5.0}, "calls.R.expect must be an amount in dollars, e.g. 100.0."),
        ({"expect": 1e9}, "calls.R.expect must be an amount in dollars, e.g. 100.0."),
        ({"credit_ref": 320261}, "calls.R.credit_ref must be text."),
        ({"at": datetime(1, 1, 1)},
         "calls.R.at 0001-01-01 00:00:00 is out of range; fix it by hand."),
        ({"follow_up": date(9999, 12, 31)},
         "calls.R.follow_up 9999-12-31 is out of range; fix it by hand."),
        ({"credited": date(1, 1, 1)},
         "calls.R.credited 0001-01-01 is out of range; fix it by hand."),
        ({"summary": 7}, "calls.R.summary must be text, not 7."),
        ({"card": ["plat"]}, "calls.R.card must be text, not ['plat']."),
        ({"promise": 1.5}, "calls.R.promise must be text, not 1.5."),
    ],
)  # fmt: skip
def test_a_hand_edited_entry_that_cannot_be_read_says_which_field(
    table: dict[str, object], message: str
) -> None:
    base: dict[str, object] = {"at": datetime(2026, 3, 20, 19, 5)}
    with pytest.raises(DataFileError) as e:
        from_table("R", {**base, **table})
    assert str(e.value) == message


def test_the_edges_of_a_hand_written_expect() -> None:
    base = {"at": datetime(2026, 3, 20)}
    assert from_table("A1", {**base, "expect": 0.01}).expect == 0.01
    assert from_table("A1", {**base, "expect": 999_999_999.0}).expect == 999_999_999.0
    assert load({"A1": base, "B2": base}) == [Call("A1", base["at"]), Call("B2", base["at"])]


# Cells a spreadsheet would run


@pytest.mark.parametrize(
    ("cell", "written"),
    [
        ("=SUM(A1)", "'=SUM(A1)"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@x", "'@x"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=x", "''=x"),
        ("''+x", "'''+x"),
        ("plain", "plain"),
        ("'quoted", "'quoted"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_formula_cells_are_defused_and_read_back(cell: str, written: str) -> None:
    assert defuse(cell) == written
    assert undefuse(written) == cell


def test_a_csv_export_defuses_every_field_and_imports_back() -> None:
    call = Call("=1+1", datetime(2026, 3, 20), summary="@SUM(1)", rep="-Dana", promise="+30k")
    text = export_csv([call])
    assert text.splitlines()[1].startswith("'=1+1,2026-03-20T00:00,")
    assert "'@SUM(1)" in text and "'-Dana" in text and "'+30k" in text
    assert parse_import(text) == [call]


def test_an_import_may_start_with_a_byte_order_mark_or_blank_space() -> None:
    assert parse_import('\ufeff[{"ref": "A1", "at": "2026-03-20"}]') == [
        Call("A1", datetime(2026, 3, 20))
    ]
    assert parse_import(
        '\n  {"ref": "A1"}'.replace("{", "[{").replace("}", ', "at": "2026-03-20"}]')
    ) == [Call("A1", datetime(2026, 3, 20))]
    assert parse_import("\ufeffref,at\nA1,2026-03-20\n") == [Call("A1", datetime(2026, 3, 20))]


def test_a_short_csv_row_leaves_its_last_fields_unset() -> None:
    """It was a TypeError traceback (exit 1). Found by mutation testing."""
    assert parse_import("ref,at,summary,card\nA1,2026-03-20\nB2,2026-03-21,s\n") == [
        Call("A1", datetime(2026, 3, 20)),
        Call("B2", datetime(2026, 3, 21), summary="s"),
    ]


def test_a_csv_import_reads_long_cells_and_empty_cells_as_unset() -> None:
    long = "x" * 200_000  # longer than csv's default field limit
    text = f"ref,at,summary,card,follow_up,credited,credit_ref\nA1,2026-03-20,{long},,,,\n"
    assert parse_import(text) == [Call("A1", datetime(2026, 3, 20), summary=long)]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[{"ref": "A1", "at": "2026-03-20", "summary": "a\\ud800"}]',
         "row 1: summary is not valid Unicode (a lone surrogate such as \\ud800). "
         "Nothing was imported."),
        ('[{"ref": 7, "at": "2026-03-20"}]', "row 1: ref is missing. Nothing was imported."),
        ('[{"ref": "A1", "at": 20260320}]', "row 1: at is missing. Nothing was imported."),
        ('[{"ref": "A1", "at": "2026-03-20", "channel": "fax"}]',
         "row 1: channel 'fax' is not one of phone, chat, app, social, mail. "
         "Nothing was imported."),
        ('[{"ref": "A1", "at": "2026-03-20", "credit_ref": 1}]',
         "row 1: credit_ref must be text. Nothing was imported."),
        ('[{"ref": "A1", "at": "2026-03-20", "done": 1}]',
         "row 1: done must be true or false, not 1. Nothing was imported."),
        ('[{"ref": "A1", "at": "2026-03-20", "done": "True"}]',
         "row 1: done must be true or false, not 'True'. Nothing was imported."),
        ('[{"ref": "A1", "at": "2026-03-20", "expect": "0"}]',
         "row 1: --expect must be an amount above zero, e.g. 100 or $39.50, not '0'. "
         "Nothing was imported."),
        ('[{"ref": "A1", "at": "2026-03-20", "expect": 1e9}]',
         "row 1: expect must be an amount above zero, in dollars, not 1000000000.0. "
         "Nothing was imported."),
        ('[{"ref": " ", "at": "2026-03-20"}]',
         "row 1: the reference number must not be empty. Nothing was imported."),
        ('[{"ref": "A1", "at": "2026-03-20"}, {"ref": "B2", "at": "2026-03-20"}, '
         '{"ref": "b2 ", "at": "2026-03-21"}]',
         "row 3: ref 'b2' repeats row 2. Nothing was imported."),
        ("[" * 100_000, "the JSON nests too deeply to be an export. Nothing was imported."),
        ('ref,at\n"A1,2026-03-20\n', "row 1: at is missing. Nothing was imported."),
    ],
)  # fmt: skip
def test_more_bad_imports_name_the_row_and_the_reason(text: str, message: str) -> None:
    with pytest.raises(InputError) as e:
        parse_import(text)
    assert str(e.value) == message


def test_an_import_takes_every_field() -> None:
    text = json.dumps([{"ref": " A1 ", "at": "2026-03-20 19:05", "card": "plat",
                        "department": "retention", "channel": "chat", "rep": "Dana",
                        "summary": "s", "promise": "p", "follow_up": "2026-05-20",
                        "done": "true", "expect": "$1,234.50", "credited": "2026-06-01",
                        "credit_ref": "320261"}])  # fmt: skip
    assert parse_import(text) == [
        Call("A1", datetime(2026, 3, 20, 19, 5), card="plat", department="retention",
             channel="chat", rep="Dana", summary="s", promise="p", follow_up=date(2026, 5, 20),
             done=True, expect=1234.5, credited=date(2026, 6, 1), credit_ref="320261")
    ]  # fmt: skip
    assert parse_import('[{"ref": "A1", "at": "2026-03-20", "done": false, "expect": 5}]') == [
        Call("A1", datetime(2026, 3, 20), expect=5.0)
    ]


def test_check_expect_takes_dollars_as_people_type_them() -> None:
    assert check_expect("100") == 100.0
    assert check_expect("$1,234.50") == 1234.5
    assert check_expect("0.01") == 0.01
    for bad in ("0", "-5"):
        with pytest.raises(InputError) as e:
            check_expect(bad)
        assert str(e.value) == (
            f"--expect must be an amount above zero, e.g. 100 or $39.50, not {bad!r}."
        )


def test_a_card_number_in_any_text_field_is_masked() -> None:
    card = "3782 822463 10005"
    call = Call(card, datetime(2026, 3, 20), card=card, department=card, channel="phone",
                rep=card, summary=f"x {card}", promise=card, credit_ref="320261")  # fmt: skip
    safe, fields_masked = masked(call)
    assert card not in safe.text()
    assert fields_masked == ["ref", "card", "department", "rep", "summary", "promise"]
    assert (safe.at, safe.channel, safe.credit_ref) == (call.at, "phone", "320261")
    assert masked(Call("A1", datetime(2026, 3, 20), summary="x")) == (
        Call("A1", datetime(2026, 3, 20), summary="x"),
        [],
    )


def test_an_amount_that_is_no_amount_names_the_option() -> None:
    with pytest.raises(InputError) as e:
        check_expect("abc")
    assert str(e.value) == (
        "--expect 'abc' is not an amount: use dollars and cents such as 325, 325.00, $325 or "
        "$1,234.50."
    )
    assert parse_import('[{"ref": "A1", "at": "2026-03-20", "expect": 0.5}]') == [
        Call("A1", datetime(2026, 3, 20), expect=0.5)
    ]


def test_line_breaks_inside_a_csv_cell_come_back_as_they_were() -> None:
    calls = [Call("A1", datetime(2026, 3, 20), summary="one\r\ntwo\rthree\nfour")]
    assert parse_import(export_csv(calls)) == calls


def test_the_editor_shows_the_time_to_the_minute() -> None:
    buffer = edit_buffer(Call("A1", datetime(2026, 3, 20, 9, 5, 33, 123)))
    assert "\nat = 2026-03-20 09:05:00\n" in buffer
    assert buffer.endswith('follow_up = ""\ndone = false\n')


def test_a_csv_the_reader_refuses_is_bad_input(monkeypatch: pytest.MonkeyPatch) -> None:
    import csv

    real_limit = csv.field_size_limit
    old = real_limit()
    monkeypatch.setattr(csv, "field_size_limit", lambda limit: real_limit(10))
    try:
        with pytest.raises(InputError) as e:
            parse_import("ref,at,summary\nA1,2026-03-20," + "x" * 11 + "\n")
    finally:
        real_limit(old)
    assert str(e.value) == (
        "not valid CSV: field larger than field limit (10). Nothing was imported."
    )


def test_a_search_for_text_in_no_entry_finds_nothing() -> None:
    assert search(CALLS, "x") == []  # in no field of any entry
    assert refs(search(CALLS, "")) == ["D4", "C3", "B2", "A1"]


def test_an_editor_buffer_that_is_not_the_entry_says_what_is_wrong() -> None:
    with pytest.raises(InputError) as e:
        read_buffer("at = \n")
    assert str(e.value).startswith("the entry is not valid TOML: ")
    with pytest.raises(InputError) as e:
        read_buffer('mood = "ok"\nzeal = 1\n')
    assert str(e.value) == (
        "unknown fields mood, zeal; the fields are ref, at, card, department, channel, rep, "
        "summary, promise, expect, follow_up, done."
    )
    assert read_buffer("") == {**dict.fromkeys(EDITABLE, ""), "done": False}


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "at",
            "at 'soon' is not a date: use YYYY-MM-DD or YYYY-MM-DDTHH:MM, e.g. 2026-03-20T19:05.",
        ),
        ("follow_up", "follow_up 'soon' is not a date: use YYYY-MM-DD, e.g. 2026-03-20."),
        ("credited", "credited 'soon' is not a date: use YYYY-MM-DD, e.g. 2026-03-20."),
    ],
)
def test_an_imported_date_that_is_no_date_names_its_field(name: str, message: str) -> None:
    row = {"ref": "A1", "at": "2026-03-20", name: "soon"}
    with pytest.raises(InputError) as e:
        parse_import(json.dumps([row]))
    assert str(e.value) == f"row 1: {message} Nothing was imported."


def test_a_csv_with_carriage_returns_alone_as_line_ends_is_read() -> None:
    """Excel for Mac's "CSV (Macintosh)" ends lines with CR alone."""
    assert parse_import("ref,at,summary\rA1,2026-03-20,x\rB2,2026-03-21,\r") == [
        Call("A1", datetime(2026, 3, 20), summary="x"),
        Call("B2", datetime(2026, 3, 21)),
    ]


def test_an_empty_department_filter_lists_the_entries_without_one() -> None:
    calls = [Call("N1", datetime(2026, 3, 1)), Call("N2", datetime(2026, 3, 2), department="x")]
    assert refs(select(calls, Filters(department=""))) == ["N1"]
    assert refs(select(calls, Filters(card=""))) == ["N2", "N1"]
