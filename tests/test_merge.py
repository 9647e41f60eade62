"""The merge of two copies of the data file, as properties over copies grown from one ancestor."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from amexcli import ids, merge
from conftest import examples

SECTIONS = ("cards", "calls", "retention", "offers")
KEYS = ("a", "b", "c", "d", "e")
FIELDS = ("product", "summary", "done", "amount", "date")
VALUES = st.one_of(
    st.sampled_from(["x", "y", "Gold", ""]),
    st.integers(0, 3),
    st.booleans(),
    st.sampled_from([date(2026, 1, 1), date(2026, 2, 1), datetime(2026, 1, 1, 9, 30)]),
)
records = st.dictionaries(st.sampled_from(FIELDS), VALUES, min_size=1, max_size=4)
sections = st.dictionaries(st.sampled_from(KEYS), records, max_size=4)
NOW = datetime(2026, 11, 1, 12, 0)


@st.composite
def ancestors(draw: st.DrawFn) -> dict[str, Any]:
    doc: dict[str, Any] = {"schema_version": 2}
    for name in draw(st.lists(st.sampled_from(SECTIONS), unique=True, max_size=3)):
        doc[name] = draw(sections)
    if draw(st.booleans()):
        doc["settings"] = draw(st.dictionaries(st.sampled_from(KEYS), VALUES, max_size=3))
    if draw(st.booleans()):
        doc["colour"] = draw(VALUES)
    return doc


@st.composite
def descendant(draw: st.DrawFn, base: dict[str, Any]) -> dict[str, Any]:
    """A copy of `base` changed as amex would: records added, edited, deleted with tombstones."""
    doc = copy.deepcopy(base)
    before = {n: dict(doc[n]) for n in merge.keyed_sections(doc)}
    for _ in range(draw(st.integers(0, 6))):
        name = draw(st.sampled_from(SECTIONS))
        table = doc.setdefault(name, {})
        before.setdefault(name, {})
        key = draw(st.sampled_from(KEYS))
        action = draw(st.sampled_from(["add", "edit", "unset", "delete", "use"]))
        if action == "add" or key not in table:
            table[key] = draw(records)
        elif action == "use":  # records inside a record, like a benefit's uses
            uses = dict(table[key].get("uses", {})) if _is_uses(table[key].get("uses")) else {}
            uses[draw(st.sampled_from(KEYS))] = draw(records)
            table[key] = {**table[key], "uses": uses}
        elif action == "edit":
            table[key] = {**table[key], draw(st.sampled_from(FIELDS)): draw(VALUES)}
        elif action == "unset" and len(table[key]) > 1:
            table[key].pop(draw(st.sampled_from(sorted(table[key]))))
        elif action == "delete":
            del table[key]
        if draw(st.booleans()) and "settings" in doc:
            setting = draw(st.sampled_from(KEYS))
            if draw(st.booleans()):
                doc["settings"][setting] = draw(VALUES)
            else:
                doc["settings"].pop(setting, None)
        if draw(st.booleans()):
            if draw(st.booleans()):
                doc["colour"] = draw(VALUES)
            else:
                doc.pop("colour", None)
        merge.note_deletions(doc, before, now=NOW)
        before = {n: dict(doc[n]) for n in merge.keyed_sections(doc)}
    for name in [n for n in SECTIONS if doc.get(n) == {} and n not in base]:
        del doc[name]
    return doc


@st.composite
def three_copies(draw: st.DrawFn) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    base = draw(ancestors())
    return base, draw(descendant(base)), draw(descendant(base))


def _is_uses(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(v, dict) for v in value.values())


def _symmetric_records(table: dict[str, Any]) -> None:
    for record in table.values():
        for f, value in record.items():
            if f != merge.CONFLICT and _is_uses(value) and value:
                _symmetric_records(value)
        note = record.pop(merge.CONFLICT, None)
        if note is None:
            continue
        for f, theirs in note.get("other", {}).items():
            record[f] = frozenset({_value_of(record, f), merge.canonical(theirs)})
        for f in note.get("unset", []):
            record[f] = frozenset({_value_of(record, f), "unset"})
        record["(conflict)"] = True


def _value_of(record: dict[str, Any], f: str) -> str:
    return merge.canonical(record[f]) if f in record else "unset"


def symmetric(doc: dict[str, Any]) -> dict[str, Any]:
    """A merge result with each conflict's two values as a set: equal whichever side was ours."""
    out = copy.deepcopy(doc)
    note = out.pop(merge.CONFLICT, None)
    if note is not None:
        for path, theirs in note.get("other", {}).items():
            out[f"(conflict) {path}"] = frozenset({_at(out, path), merge.canonical(theirs)})
        for path in note.get("unset", []):
            out[f"(conflict) {path}"] = frozenset({_at(out, path), "unset"})
    for name in merge.keyed_sections(out):
        _symmetric_records(out[name])
    return out


def _at(doc: dict[str, Any], path: str) -> str:
    """The canonical value at a dotted path, which is then removed (its pair stands for it)."""
    first, _, rest = path.partition(".")
    holder = doc if not rest else doc.get(first, {})
    return merge.canonical(holder.pop(rest or first)) if (rest or first) in holder else "unset"


def lost(base: dict | None, a: dict, b: dict, result: dict) -> list[tuple[str, str]]:
    """Records of either copy missing from the result that the rule does not allow to go."""
    missing = []
    for name in set(merge.keyed_sections(a)) | set(merge.keyed_sections(b)):
        for key in set(a.get(name, {})) | set(b.get(name, {})):
            if key in result.get(name, {}):
                continue
            if f"{name}.{key}" in result.get(merge.CONFLICT, {}).get("other", {}):
                continue  # a table of values, not records: the conflict keeps ours, notes theirs
            ra, rb = a.get(name, {}).get(key), b.get(name, {}).get(key)
            kept, gone_from = (ra, b) if rb is None else (rb, a)
            if ra is not None and rb is not None:
                missing.append((name, key))
                continue
            o = (base or {}).get(name, {}).get(key)
            tomb = merge.tombstones(gone_from, name).get(key)
            untouched = (o is not None and kept == o) or (
                tomb is not None and tomb["digest"] == merge.digest(kept)
            )
            if not untouched:
                missing.append((name, key))
    return missing


@settings(max_examples=examples(300), deadline=None)
@given(three_copies(), st.booleans())
@example(  # a field removed here and changed there: the conflict is between a value and none
    (
        {"schema_version": 2, "cards": {"a": {"product": "x", "summary": "x"}}},
        {"schema_version": 2, "cards": {"a": {"product": "x"}}},
        {"schema_version": 2, "cards": {"a": {"product": "x", "summary": "y"}}},
    ),
    True,
)
def test_commutative_up_to_the_conflict_side(copies: tuple, with_base: bool) -> None:
    base, a, b = copies
    o = base if with_base else None
    ab, ba = merge.merge(a, b, o), merge.merge(b, a, o)
    assert symmetric(ab.doc) == symmetric(ba.doc)
    assert len(ab.conflicts) == len(ba.conflicts)


@settings(max_examples=examples(300), deadline=None)
@given(three_copies(), st.booleans())
def test_idempotent(copies: tuple, with_base: bool) -> None:
    base, a, b = copies
    o = base if with_base else None
    itself = merge.merge(a, a, o)
    assert itself.doc == a and itself.conflicts == []
    once = merge.merge(a, b, o).doc
    assert merge.merge(once, b, o).doc == once
    assert merge.merge(once, once, o).doc == once


@settings(max_examples=examples(300), deadline=None)
@given(three_copies(), st.booleans())
@example(  # a value removed here and changed there, in a table emptied on this side
    (
        {"schema_version": 2, "settings": {"a": "x"}},
        {"schema_version": 2, "settings": {}, "cards": {"a": {"product": "x"}}},
        {"schema_version": 2, "settings": {"a": "y"}, "cards": {"a": {"product": "x"}}},
    ),
    True,
)
def test_never_loses_a_record_unless_deleted_on_one_side_and_untouched_on_the_other(
    copies: tuple, with_base: bool
) -> None:
    base, a, b = copies
    o = base if with_base else None
    result = merge.merge(a, b, o)
    assert lost(o, a, b, result.doc) == []


def _table(doc: dict[str, Any], dotted: str) -> dict[str, Any]:
    """The table at a conflict's section path: `cards`, or `benefits.b.uses` inside a record."""
    table = doc
    for part in dotted.split("."):
        table = table[part]
    return table


@settings(max_examples=examples(200), deadline=None)
@given(three_copies())
def test_a_conflict_keeps_this_side_and_records_the_other(copies: tuple) -> None:
    base, a, b = copies
    result = merge.merge(a, b, base)
    for c in result.conflicts:
        if not c.section:
            continue
        record = _table(result.doc, c.section)[c.key]
        note = record[merge.CONFLICT]
        if c.deleted:
            assert note["deleted"] is True
            continue
        for f in c.fields:
            assert merge.same(record.get(f, None), _table(a, c.section)[c.key].get(f, None))
            assert f in note.get("other", {}) or f in note.get("unset", [])


def test_field_by_field_three_way() -> None:
    base = {"schema_version": 2, "calls": {"A1": {"at": 1, "summary": "s", "rep": "Dana"}}}
    a = {"schema_version": 2, "calls": {"A1": {"at": 1, "summary": "mine", "rep": "Dana"}}}
    b = {"schema_version": 2, "calls": {"A1": {"at": 1, "summary": "s", "rep": "Lee"}}}
    result = merge.merge(a, b, base)
    assert result.doc["calls"]["A1"] == {"at": 1, "summary": "mine", "rep": "Lee"}
    assert result.conflicts == []
    b["calls"]["A1"]["summary"] = "theirs"
    result = merge.merge(a, b, base)
    assert result.doc["calls"]["A1"]["summary"] == "mine"
    assert result.doc["calls"]["A1"][merge.CONFLICT] == {"other": {"summary": "theirs"}}
    assert [c.fields for c in result.conflicts] == [("summary",)]


def test_two_way_tells_deleted_here_from_added_there_by_tombstones() -> None:
    a: dict[str, Any] = {"schema_version": 2, "cards": {"gold": {"product": "Gold"}}}
    before = {"cards": dict(a["cards"])}
    b = copy.deepcopy(a)
    del b["cards"]["gold"]
    merge.note_deletions(b, before, now=NOW)
    result = merge.merge(a, b, None)
    assert "gold" not in result.doc.get("cards", {})  # deleted there, untouched here
    a["cards"]["gold"]["annual_fee"] = 250
    result = merge.merge(a, b, None)
    assert result.doc["cards"]["gold"][merge.CONFLICT] == {"deleted": True}  # edit against delete
    assert result.conflicts[0].deleted
    assert merge.DELETED not in result.doc  # the record is back: no tombstone for it


def test_records_inside_a_record_are_merged_one_by_one() -> None:
    base = {"benefits": {"b": {"name": "Uber", "uses": {"u1": {"amount": 5}}}}}
    a = copy.deepcopy(base)
    a["benefits"]["b"]["uses"]["u2"] = {"amount": 7}
    b = copy.deepcopy(base)
    b["benefits"]["b"]["uses"]["u3"] = {"amount": 3}
    del b["benefits"]["b"]["uses"]["u1"]
    for o in (base, None):
        result = merge.merge(a, b, o)
        uses = result.doc["benefits"]["b"]["uses"]
        assert set(uses) == ({"u2", "u3"} if o else {"u1", "u2", "u3"})
        assert result.conflicts == []


def test_tombstones_are_purged_after_180_days() -> None:
    doc: dict[str, Any] = {"cards": {"gold": {"product": "Gold"}}}
    before = {"cards": dict(doc["cards"])}
    del doc["cards"]["gold"]
    merge.note_deletions(doc, before, now=datetime(2026, 1, 1, 9, 0))
    merge.purge(doc, now=datetime(2026, 6, 29, 9, 0))  # 179 days later
    assert "gold" in doc[merge.DELETED]["cards"]
    merge.purge(doc, now=datetime(2026, 6, 30, 9, 1))
    assert merge.DELETED not in doc


def test_upgrade_gives_two_copies_of_one_old_file_the_same_ids() -> None:
    old = {
        "schema_version": 1,
        "retention": {
            "1": {"card": "plat", "date": date(2025, 3, 20), "outcome": "accepted"},
            "2": {"card": "plat", "date": date(2025, 3, 20), "outcome": "accepted"},
        },
    }
    here, there = merge.upgrade(copy.deepcopy(old)), merge.upgrade(copy.deepcopy(old))
    assert here == there and here["schema_version"] == 2
    assert sorted(r["legacy_id"] for r in here["retention"].values()) == [1, 2]
    assert len(here["retention"]) == 2  # identical records still get two ids
    # a record both machines numbered 3 is two records after the upgrade
    a = merge.upgrade({"retention": {"3": {"card": "plat", "date": date(2026, 1, 1)}}})
    b = merge.upgrade({"retention": {"3": {"card": "gold", "date": date(2026, 1, 1)}}})
    assert set(a["retention"]).isdisjoint(b["retention"])
    assert len(merge.merge(a, b, None).doc["retention"]) == 2


def test_an_unrelated_file_is_not_taken_for_an_ancestor() -> None:
    ours = {"calls": {"A1": {"at": 1}, "B2": {"at": 2}}}
    theirs = {"calls": {"Z9": {"at": 9}}}
    assert merge.best_ancestor(ours, theirs, [{"calls": {"A1": {"at": 1}}}]) is None
    # ours added B2 after the copies parted, theirs C3; the version between is the ancestor,
    # not ours itself (B2 would look deleted there) nor an older one
    parent = {"calls": {"A1": {"at": 1}, "X": {"at": 0}}}
    older = {"calls": {"A1": {"at": 1}, "X": {"at": 0}, "Y": {"at": 0}}}
    theirs = {"calls": {"A1": {"at": 1}, "X": {"at": 0}, "C3": {"at": 3}}}
    ours = {"calls": {"A1": {"at": 1}, "X": {"at": 0}, "B2": {"at": 2}}}
    assert merge.best_ancestor(ours, theirs, [parent, older]) == 0
    # theirs changed both records the ancestor had: its tombstone shows it knew them
    parent = {"cards": {"plat": {"product": "P"}}, "calls": {"A1": {"summary": "base"}}}
    theirs = {
        "calls": {"A1": {"summary": "theirs"}},
        "deleted": {"cards": {"plat": {"at": 1, "digest": "x"}}},
    }
    ours = {"cards": {"plat": {"product": "P"}}, "calls": {"A1": {"summary": "mine"}}}
    assert merge.best_ancestor(ours, theirs, [parent]) == 0


# The merge of two copies of the data file, case by case: what a conflict says, which value wins,
# which tombstone is kept, how an old file is upgraded and which version is taken as the ancestor.

# -- what a conflict says


def test_each_kind_of_conflict_says_what_was_kept_and_where_the_other_value_is() -> None:
    assert merge.Conflict("cards", "gold", (), deleted=True).describe() == (
        "cards.gold: deleted on one copy and changed on the other; kept the changed one"
    )
    assert merge.Conflict("", "colour", ()).describe() == (
        "colour: changed differently on both copies; kept this copy's, the other's is in the "
        "top-level conflict table"
    )
    assert merge.Conflict("calls", "A1", ("at", "summary")).describe() == (
        "calls.A1: at, summary changed differently on both copies; kept this copy's, the "
        "other's is in the entry's conflict table"
    )


def test_a_conflict_note_in_words_shows_the_other_copys_values_as_written() -> None:
    note = {
        "deleted": True,
        "other": {"summary": "café", "done": True, "paid": False, "on": date(2026, 1, 1), "n": 3},
        "unset": ["rep", "amount"],
    }
    assert merge.describe_note(note) == (
        "one copy deleted it, the other changed it; "
        'the other copy had summary = "café"; the other copy had done = true; '
        "the other copy had paid = false; the other copy had on = 2026-01-01; "
        "the other copy had n = 3; the other copy had no rep, amount"
    )
    assert merge.describe_note({"deleted": False, "unset": []}) == "a merge conflict"
    assert merge.describe_note({"other": "x", "unset": "rep"}) == "a merge conflict"
    assert merge.describe_note({"unset": ["rep"]}) == "the other copy had no rep"
    at = datetime(2026, 1, 5, 10, 0)
    assert (
        merge.describe_note({"other": {"at": at}}) == "the other copy had at = 2026-01-05T10:00:00"
    )


def test_data_check_finds_every_conflict_note_even_inside_a_record() -> None:
    doc: dict[str, Any] = {
        "schema_version": 2,
        "cards": {"gold": {"product": "Gold", "conflict": {"deleted": True}}, "plat": {}},
        "benefits": {
            "b": {"name": "Uber", "uses": {"u1": {"amount": 5, "conflict": {"unset": ["on"]}}}}
        },
        "conflict": {"other": {"colour": "red"}},
    }
    assert merge.conflicts_in(doc) == [
        ("cards", "gold", {"deleted": True}),
        ("benefits.b.uses", "u1", {"unset": ["on"]}),
        ("", "", {"other": {"colour": "red"}}),
    ]
    assert merge.conflicts_in({"cards": {"gold": {"conflict": "not a note"}}}) == []


# -- equal values


def test_values_that_toml_writes_differently_are_not_the_same() -> None:
    assert not merge.same(1, 1.0) and not merge.same(1, True) and not merge.same(0, False)
    assert not merge.same(date(2026, 1, 1), datetime(2026, 1, 1))
    assert not merge.same("1", 1)
    assert merge.same({"a": 1, "b": [date(2026, 1, 1)]}, {"b": [date(2026, 1, 1)], "a": 1})
    assert not merge.same({"a": 1}, {"a": 1.0})
    assert not merge.same(None, merge._MISSING) and merge.same(merge._MISSING, merge._MISSING)


def test_a_tombstone_fingerprint_ignores_the_conflict_note_only() -> None:
    record = {"product": "Gold", "annual_fee": 325}
    assert merge.digest(record) == merge.digest({**record, "conflict": {"deleted": True}})
    assert merge.digest(record) != merge.digest({**record, "annual_fee": 250})
    assert merge.digest(record) == merge.digest({"annual_fee": 325, "product": "Gold"})
    assert len(merge.digest(record)) == 16
    assert int(merge.digest(record), 16) >= 0  # hexadecimal


# -- tombstones


def test_a_deletion_leaves_a_tombstone_at_the_second_and_one_back_loses_it() -> None:
    doc: dict[str, Any] = {"cards": {"gold": {"product": "Gold"}, "plat": {"product": "P"}}}
    before = {"cards": dict(doc["cards"])}
    del doc["cards"]["gold"]
    merge.note_deletions(doc, before, now=datetime(2026, 11, 1, 12, 0, 5, 999))
    assert doc["deleted"] == {
        "cards": {"gold": {"at": datetime(2026, 11, 1, 12, 0, 5), "digest": merge.digest(
            {"product": "Gold"})}}
    }  # fmt: skip
    before = {"cards": dict(doc["cards"])}
    doc["cards"]["gold"] = {"product": "Gold"}
    merge.note_deletions(doc, before, now=NOW)
    assert "deleted" not in doc


def test_a_whole_section_deleted_leaves_a_tombstone_per_record() -> None:
    doc: dict[str, Any] = {"calls": {"A1": {"summary": "s"}}, "colour": "red"}
    before = {"calls": dict(doc["calls"])}
    del doc["calls"]
    merge.note_deletions(doc, before, now=NOW)
    assert set(doc["deleted"]["calls"]) == {"A1"}


def test_a_tombstone_a_merge_brought_in_keeps_its_own_time() -> None:
    old = datetime(2026, 10, 1, 8, 0)
    doc: dict[str, Any] = {
        "cards": {},
        "deleted": {"cards": {"gold": {"at": old, "digest": "d"}}},
    }
    merge.note_deletions(doc, {"cards": {"gold": {"product": "Gold"}}}, now=NOW)
    assert doc["deleted"]["cards"]["gold"] == {"at": old, "digest": "d"}


def test_other_sections_tombstones_stay_when_one_comes_back() -> None:
    doc: dict[str, Any] = {
        "cards": {"gold": {"product": "Gold"}},
        "deleted": {
            "cards": {"gold": {"at": NOW, "digest": "d"}},
            "calls": {"A1": {"at": NOW, "digest": "e"}},
        },
    }
    merge.note_deletions(doc, {"cards": {}}, now=NOW)
    assert doc["deleted"] == {"calls": {"A1": {"at": NOW, "digest": "e"}}}


def test_tombstones_dated_by_day_or_with_a_zone_are_purged_after_180_days_too() -> None:
    now = datetime(2026, 11, 1, 12, 0)
    limit = now - timedelta(days=180)
    doc: dict[str, Any] = {
        "deleted": {
            "odd": "not a table",
            "cards": {
                "kept_day": {"at": limit.date(), "digest": "a"},
                "old_day": {"at": limit.date() - timedelta(days=1), "digest": "b"},
                "kept_zoned": {"at": limit.replace(tzinfo=UTC), "digest": "c"},
                "old_zoned": {
                    "at": (limit - timedelta(minutes=1)).replace(tzinfo=UTC),
                    "digest": "d",
                },
                "no_time": {"digest": "e"},
                "not_a_table": "x",
            },
        }
    }
    merge.purge(doc, now=now)
    assert set(doc["deleted"]["cards"]) == {"kept_day", "kept_zoned", "no_time", "not_a_table"}
    assert doc["deleted"]["odd"] == "not a table"


def test_purging_the_last_tombstone_removes_the_deleted_table() -> None:
    doc: dict[str, Any] = {
        "cards": {},
        "deleted": {"cards": {"gold": {"at": datetime(2020, 1, 1), "digest": "a"}}, "calls": {}},
    }
    merge.purge(doc, now=NOW)
    assert doc == {"cards": {}}
    untouched: dict[str, Any] = {"deleted": "odd"}
    merge.purge(untouched, now=NOW)
    assert untouched == {"deleted": "odd"}


# -- upgrading an old file


def test_upgraded_ids_sort_as_the_records_dates() -> None:
    old = {
        "retention": {
            "1": {"card": "plat", "date": date(2025, 3, 20), "outcome": "accepted"},
            "2": {"card": "plat", "date": date(2024, 1, 2), "outcome": "declined"},
            "3": {"card": "plat", "date": date(2026, 1, 1), "outcome": "accepted"},
            "4": {"card": "plat", "outcome": "accepted"},  # no date: before every dated one
        }
    }
    new = merge.upgrade(old)["retention"]
    by_id = [r["legacy_id"] for _, r in sorted(new.items())]
    assert by_id == [4, 2, 1, 3]


def test_upgrade_keeps_what_it_does_not_number_and_leaves_new_files_alone() -> None:
    old: dict[str, Any] = {
        "retention": {"x7": {"card": "plat"}, "5": "odd", "6": {"card": "gold"}},
        "calls": {"1": {"summary": "s"}},
    }
    new = merge.upgrade(copy.deepcopy(old))
    assert new["schema_version"] == 2
    assert new["retention"]["x7"] == {"card": "plat"} and new["retention"]["5"] == "odd"
    assert new["calls"] == {"1": {"summary": "s"}}  # calls are named by the person
    [renamed] = [k for k in new["retention"] if k not in ("x7", "5")]
    assert new["retention"][renamed] == {"card": "gold", "legacy_id": 6}
    for done in ({**old, "schema_version": 2}, {**old, "schema_version": "2"}):
        assert merge.upgrade(copy.deepcopy(done)) == done
    assert merge.upgrade({"retention": "odd"}) == {"retention": "odd", "schema_version": 2}


# -- merging what is not a record


def test_the_merged_file_has_the_newer_schema_of_the_two() -> None:
    assert merge.merge({"schema_version": 2}, {"schema_version": 1}, None).doc == {
        "schema_version": 2
    }
    assert merge.merge({"schema_version": 1}, {"schema_version": 2}, None).doc == {
        "schema_version": 2
    }
    assert merge.merge({"schema_version": "9"}, {"x": 1}, None).doc == {"schema_version": 1, "x": 1}
    assert merge.merge({"x": 1}, {"schema_version": 2}, None).doc == {"x": 1, "schema_version": 2}


def test_a_top_level_value_changed_both_ways_is_kept_here_and_noted_by_its_path() -> None:
    ours = {"colour": "red", "settings": {"a": 1, "b": 2, "c": 0}, "conflict": {"other": {"x": 1}}}
    theirs = {"colour": "blue", "settings": {"a": 3, "c": 0}, "gone": 1}
    base = {"colour": "green", "settings": {"a": 0, "b": 5, "c": 0}, "gone": 0}
    result = merge.merge(ours, theirs, base)
    assert result.doc == {  # gone: removed here, changed there
        "colour": "red",
        "settings": {"a": 1, "b": 2, "c": 0},
        "conflict": {
            "other": {"x": 1, "colour": "blue", "settings.a": 3, "gone": 1},
            "unset": ["settings.b"],
        },
    }
    assert [c.describe().split(":")[0] for c in result.conflicts] == [
        "colour", "settings.a", "settings.b", "gone",
    ]  # fmt: skip
    assert all(c.section == "" for c in result.conflicts)


def test_a_top_level_value_removed_since_the_ancestor_stays_removed() -> None:
    base = {"colour": "red", "settings": {"a": 1, "b": 2}}
    ours = {"settings": {"a": 1}}
    theirs = {"colour": "red", "settings": {"a": 1, "b": 2}, "new": True}
    assert merge.merge(ours, theirs, base).doc == {"settings": {"a": 1}, "new": True}
    assert merge.merge(theirs, ours, base).doc == {"settings": {"a": 1}, "new": True}
    # without an ancestor a value one copy has is taken
    two_way = merge.merge(ours, theirs, None)
    assert two_way.doc == {"settings": {"a": 1, "b": 2}, "colour": "red", "new": True}
    assert two_way.conflicts == [] and not two_way.three_way
    assert merge.merge(ours, theirs, base).three_way


def test_a_top_level_value_removed_here_and_changed_there_is_a_conflict() -> None:
    base = {"x": 1, "colour": "red"}
    result = merge.merge({"x": 1}, {"x": 1, "colour": "blue"}, base)
    assert result.doc == {"x": 1, "conflict": {"other": {"colour": "blue"}}}
    assert [c.key for c in result.conflicts] == ["colour"]
    result = merge.merge({"x": 1, "colour": "blue"}, {"x": 1}, base)
    assert result.doc == {"x": 1, "colour": "blue", "conflict": {"unset": ["colour"]}}
    assert [c.key for c in result.conflicts] == ["colour"]


def test_an_empty_section_is_kept_and_one_emptied_by_the_merge_is_too() -> None:
    assert merge.merge({"cards": {}}, {}, None).doc == {"cards": {}}
    assert merge.merge({}, {"cards": {}}, None).doc == {"cards": {}}
    base = {"cards": {"gold": {"product": "Gold"}}}
    # both deleted gold: nothing left, and no copy had an empty table
    result = merge.merge({"x": 1}, {"x": 1}, base)
    assert result.doc == {"x": 1}


# -- records


def test_two_way_a_field_one_copy_has_is_taken() -> None:
    ours = {"calls": {"A1": {"summary": "s"}}}
    theirs = {"calls": {"A1": {"summary": "s", "rep": "Dana"}}}
    for a, b in ((ours, theirs), (theirs, ours)):
        result = merge.merge(a, b, None)
        assert result.doc == {"calls": {"A1": {"summary": "s", "rep": "Dana"}}}
        assert result.conflicts == []


def test_a_field_removed_here_and_changed_there_is_noted_as_unset() -> None:
    base = {"calls": {"A1": {"summary": "s", "rep": "Dana"}}}
    ours = {"calls": {"A1": {"summary": "s", "rep": "Lee"}}}
    theirs = {"calls": {"A1": {"summary": "s"}}}
    result = merge.merge(ours, theirs, base)
    assert result.doc["calls"]["A1"] == {
        "summary": "s", "rep": "Lee", "conflict": {"unset": ["rep"]}
    }  # fmt: skip
    assert result.conflicts == [merge.Conflict("calls", "A1", ("rep",))]
    result = merge.merge(theirs, ours, base)
    assert result.doc["calls"]["A1"] == {"summary": "s", "conflict": {"other": {"rep": "Lee"}}}


def test_a_new_conflict_adds_to_the_note_already_in_the_entry() -> None:
    note = {"other": {"at": 1}, "unset": ["z"]}
    base = {"calls": {"A1": {"summary": "s", "rep": "Dana", "amount": 1, "conflict": note}}}
    ours = {"calls": {"A1": {"summary": "mine", "rep": "Lee", "amount": 1, "conflict": note}}}
    theirs = {"calls": {"A1": {"summary": "theirs", "rep": "Dana", "conflict": note}}}
    result = merge.merge(ours, theirs, base)
    assert result.doc["calls"]["A1"] == {
        "summary": "mine",
        "rep": "Lee",
        "conflict": {"other": {"at": 1, "summary": "theirs"}, "unset": ["z"]},
    }
    # the amount: removed there, untouched here
    assert result.conflicts == [merge.Conflict("calls", "A1", ("summary",))]
    # a conflict over a value removed on the other copy joins the unset list, in order
    theirs["calls"]["A1"]["amount"] = 2
    del theirs["calls"]["A1"]["rep"]
    result = merge.merge(ours, theirs, base)
    assert result.doc["calls"]["A1"]["conflict"] == {
        "other": {"at": 1, "summary": "theirs"}, "unset": ["rep", "z"]
    }  # fmt: skip


def test_a_conflict_note_resolved_on_one_copy_stays_resolved() -> None:
    note = {"other": {"summary": "theirs"}}
    base = {"calls": {"A1": {"summary": "mine", "conflict": note}}}
    resolved = {"calls": {"A1": {"summary": "mine"}}}
    for a, b in ((base, resolved), (resolved, base)):
        assert merge.merge(a, b, base).doc == resolved
    top = {"x": 1, "conflict": {"other": {"colour": "blue"}}}
    for a, b in ((top, {"x": 1}), ({"x": 1}, top)):
        assert merge.merge(a, b, top).doc == {"x": 1}


def test_two_different_conflict_notes_are_merged_into_one() -> None:
    a = {"calls": {"A1": {"s": 1, "conflict": {"other": {"x": 1}, "unset": ["u"]}}}}
    b = {"calls": {"A1": {"s": 1, "conflict": {"other": {"y": 2}, "deleted": True}}}}
    for ours, theirs in ((a, b), (b, a)):
        assert merge.merge(ours, theirs, None).doc["calls"]["A1"]["conflict"] == {
            "other": {"x": 1, "y": 2}, "unset": ["u"], "deleted": True
        }  # fmt: skip
    c = {"calls": {"A1": {"s": 1, "conflict": {"deleted": True}}}}
    d = {"calls": {"A1": {"s": 1, "conflict": "odd"}}}
    assert merge.merge(c, d, None).doc["calls"]["A1"]["conflict"] == {"deleted": True}
    assert merge.merge(d, c, None).doc["calls"]["A1"]["conflict"] == {"deleted": True}
    e = {"calls": {"A1": {"s": 1}}}
    assert merge.merge(e, c, None).doc["calls"]["A1"]["conflict"] == {"deleted": True}
    top_a = {"conflict": {"other": {"x": 1}}}
    top_b = {"conflict": {"unset": ["y"]}}
    assert merge.merge(top_a, top_b, None).doc == {"conflict": {"other": {"x": 1}, "unset": ["y"]}}


def test_a_record_deleted_there_and_changed_here_is_kept_with_a_note() -> None:
    base = {"cards": {"gold": {"product": "Gold", "conflict": {"other": {"x": 1}}}}}
    ours = {"cards": {"gold": {"product": "Gold Card", "conflict": {"other": {"x": 1}}}}}
    result = merge.merge(ours, {"cards": {}}, base)
    assert result.doc["cards"]["gold"] == {
        "product": "Gold Card", "conflict": {"other": {"x": 1}, "deleted": True}
    }  # fmt: skip
    assert result.conflicts == [merge.Conflict("cards", "gold", (), deleted=True)]
    # deleted there, untouched here (its conflict note aside): gone
    untouched = {"cards": {"gold": {"product": "Gold"}}}
    assert merge.merge(untouched, {"cards": {}}, base).doc == {"cards": {}}


def test_a_tombstone_tells_a_record_deleted_there_from_one_added_here() -> None:
    gold = {"product": "Gold"}
    tomb = {"at": NOW, "digest": merge.digest(gold)}
    theirs = {"cards": {"plat": {"product": "P"}}, "deleted": {"cards": {"gold": tomb}}}
    ours = {"cards": {"plat": {"product": "P"}, "gold": gold}}
    assert merge.merge(ours, theirs, None).doc == theirs
    assert merge.merge(theirs, ours, None).doc == theirs
    changed = {"cards": {"plat": {"product": "P"}, "gold": {"product": "Gold Card"}}}
    result = merge.merge(changed, theirs, None)
    assert result.doc == {
        "cards": {
            "gold": {"product": "Gold Card", "conflict": {"deleted": True}},
            "plat": {"product": "P"},
        }
    }
    assert merge.DELETED not in result.doc
    # a tombstone of the other section does not count
    elsewhere = {"cards": {"plat": {"product": "P"}}, "deleted": {"calls": {"gold": tomb}}}
    assert merge.merge(ours, elsewhere, None).doc["cards"]["gold"] == gold


def test_the_later_of_two_tombstones_is_kept() -> None:
    early = {"at": datetime(2026, 1, 1, 9, 0), "digest": "a"}
    late = {"at": datetime(2026, 2, 1, 9, 0), "digest": "b"}
    a = {"cards": {}, "deleted": {"cards": {"gold": early, "plat": late}}}
    b = {"cards": {}, "deleted": {"cards": {"gold": late, "plat": early}, "calls": {"A1": early}}}
    for ours, theirs in ((a, b), (b, a)):
        assert merge.merge(ours, theirs, None).doc == {
            "cards": {},
            "deleted": {"calls": {"A1": early}, "cards": {"gold": late, "plat": late}},
        }
    same_time = {"at": datetime(2026, 1, 1, 9, 0), "digest": "z"}
    c = {"deleted": {"cards": {"gold": same_time}}}
    d = {"deleted": {"cards": {"gold": early}}}
    for ours, theirs in ((c, d), (d, c)):
        assert merge.merge(ours, theirs, None).doc["deleted"]["cards"]["gold"] == same_time


def test_tombstones_are_listed_in_order_of_key() -> None:
    tomb = {"at": NOW, "digest": "a"}
    a = {"deleted": {"calls": {"Z9": tomb, "B2": tomb}}}
    b = {"deleted": {"calls": {"A1": tomb}}}
    assert list(merge.merge(a, b, None).doc["deleted"]["calls"]) == ["A1", "B2", "Z9"]


def test_records_are_written_in_order_of_key() -> None:
    a = {"calls": {"Z9": {"s": 1}, "B2": {"s": 2}}}
    b = {"calls": {"A1": {"s": 3}}}
    assert list(merge.merge(a, b, None).doc["calls"]) == ["A1", "B2", "Z9"]
    uses_a = {"benefits": {"b": {"uses": {"u9": {"n": 1}}}}}
    uses_b = {"benefits": {"b": {"uses": {"u1": {"n": 2}}}}}
    assert list(merge.merge(uses_a, uses_b, None).doc["benefits"]["b"]["uses"]) == ["u1", "u9"]


def test_a_section_that_is_a_plain_table_on_one_copy_is_merged_as_a_value() -> None:
    ours = {"cards": {"gold": {"product": "Gold"}}}
    theirs = {"cards": {"gold": "odd"}}
    result = merge.merge(ours, theirs, None)
    assert result.doc == {
        "cards": {"gold": {"product": "Gold"}}, "conflict": {"other": {"cards.gold": "odd"}}
    }  # fmt: skip
    assert merge.merge({"cards": 3}, {"cards": {"gold": {}}}, None).doc == {
        "cards": 3, "conflict": {"other": {"cards": {"gold": {}}}}
    }  # fmt: skip


# -- upgrading: an old record's id tells its date


def _time_part(doc: dict[str, Any], legacy: int) -> str:
    [key] = [k for k, r in doc["retention"].items() if r.get("legacy_id") == legacy]
    assert ids.is_id(key)
    return key[: ids.TIME_CHARS]


def _made_on(day: date) -> str:
    return ids.new_id(now=datetime.combine(day, datetime.min.time()).timestamp())[: ids.TIME_CHARS]


def test_an_upgraded_id_carries_the_records_date_when_it_is_a_plausible_day() -> None:
    old = {
        "retention": {
            "1": {"card": "a", "date": date(1970, 1, 2)},
            "2": {"card": "a", "date": date(3000, 1, 1)},
            "3": {"card": "a", "date": date(1970, 1, 1)},
            "4": {"card": "a", "date": date(3000, 1, 2)},
            "5": {"card": "a", "date": datetime(2025, 3, 20, 9, 0)},
            "6": {"card": "a", "date": "2025-03-20"},
            "7": {"card": "a"},
            "8": {"card": "a", "date": date(2025, 3, 20)},
        }
    }
    new = merge.upgrade(old)
    assert _time_part(new, 1) == _made_on(date(1970, 1, 2))
    assert _time_part(new, 2) == _made_on(date(3000, 1, 1))
    assert _time_part(new, 8) == _made_on(date(2025, 3, 20))
    for legacy in (3, 4, 5, 6, 7):  # no date amex can trust: the start of time
        assert _time_part(new, legacy) == "0" * ids.TIME_CHARS


def test_one_record_numbered_differently_on_two_machines_gets_one_id() -> None:
    record = {"card": "plat", "date": date(2025, 3, 20), "outcome": "accepted"}
    here = merge.upgrade({"retention": {"3": dict(record)}})
    there = merge.upgrade({"retention": {"4": dict(record)}})
    assert set(here["retention"]) == set(there["retention"])


def test_identical_old_records_get_two_ids_that_every_machine_agrees_on() -> None:
    record = {"card": "plat", "date": date(2025, 3, 20), "outcome": "accepted"}
    old = {"retention": {"1": dict(record), "2": dict(record), "3": dict(record)}}
    new = merge.upgrade(copy.deepcopy(old))["retention"]
    assert len(new) == 3 and all(ids.is_id(k) for k in new)
    assert sorted(r["legacy_id"] for r in new.values()) == [1, 2, 3]
    assert new == merge.upgrade(copy.deepcopy(old))["retention"]


# -- records inside a record


def test_a_use_deleted_on_one_copy_and_changed_on_the_other_is_kept_with_a_note() -> None:
    base = {"benefits": {"b": {"name": "Uber", "uses": {"u1": {"amount": 5}, "u2": {"n": 1}}}}}
    ours = copy.deepcopy(base)
    ours["benefits"]["b"]["uses"]["u1"]["amount"] = 7
    theirs = copy.deepcopy(base)
    del theirs["benefits"]["b"]["uses"]["u1"]
    theirs["benefits"]["b"]["name"] = "Uber Cash"
    result = merge.merge(ours, theirs, base)
    assert result.doc == {
        "benefits": {
            "b": {
                "name": "Uber Cash",
                "uses": {"u1": {"amount": 7, "conflict": {"deleted": True}}, "u2": {"n": 1}},
            }
        }
    }
    assert result.conflicts == [merge.Conflict("benefits.b.uses", "u1", (), deleted=True)]
    assert result.conflicts[0].describe().startswith("benefits.b.uses.u1: deleted on one copy")


def test_uses_merged_one_by_one_keep_their_fields() -> None:
    a = {"benefits": {"b": {"uses": {"u1": {"amount": 5, "on": date(2026, 1, 1)}}}}}
    b = {"benefits": {"b": {"uses": {"u2": {"amount": 7}}}}}
    assert merge.merge(a, b, None).doc == {
        "benefits": {
            "b": {"uses": {"u1": {"amount": 5, "on": date(2026, 1, 1)}, "u2": {"amount": 7}}}
        }
    }


# -- how far apart two versions are


def test_distance_counts_the_fields_that_differ() -> None:
    doc = {
        "schema_version": 2,
        "colour": "red",
        "size": 3,
        "cards": {"gold": {"product": "Gold", "annual_fee": 325}, "plat": {"product": "P"}},
        "calls": {"A1": {"summary": "s", "conflict": {"other": {"summary": "t"}}}},
        "deleted": {"calls": {"Z9": {"at": 1, "digest": "d"}}},
        "conflict": {"other": {"colour": "blue"}},
    }
    assert merge.distance(doc, copy.deepcopy(doc)) == 0
    other = copy.deepcopy(doc)
    other["schema_version"] = 1
    other["deleted"] = {}
    other["conflict"] = {"unset": ["x"]}
    other["calls"]["A1"].pop("conflict")  # a conflict note is no field
    assert merge.distance(doc, other) == 0
    other["colour"] = "blue"
    other["size"] = 4
    assert merge.distance(doc, other) == 2
    other["cards"]["gold"]["annual_fee"] = 250  # one field
    other["cards"]["plat"]["last5"] = "12345"  # a field only one has
    assert merge.distance(doc, other) == 4
    del other["cards"]["gold"]  # two fields gone
    assert merge.distance(doc, other) == 5
    other["calls"]["B2"] = {}  # an empty record only one has still counts once
    assert merge.distance(doc, other) == 6
    assert merge.distance(other, doc) == 6


def test_distance_counts_a_section_only_one_version_has() -> None:
    doc = {"cards": {"gold": {"product": "Gold", "annual_fee": 325}, "plat": {"product": "P"}}}
    assert merge.distance(doc, {}) == 3
    assert merge.distance({}, doc) == 3
    assert merge.distance(doc, {"cards": "odd"}) == 3
    assert merge.distance({"cards": 3}, doc) == 3


def test_distance_skips_only_amexs_own_tables() -> None:
    values = {f"v{i:02}": i for i in range(30)}
    a = {"schema_version": 2, "deleted": {}, "conflict": {}, **values}
    b = {"schema_version": 1, **{k: v + 1 for k, v in values.items()}}
    assert merge.distance(a, b) == 30


def test_distance_counts_records_after_a_top_level_value() -> None:
    a = {"colour": "red", **{f"s{i:02}": {"r": {"f": 1}} for i in range(30)}}
    b = {"colour": "blue", **{f"s{i:02}": {"r": {"f": 2}} for i in range(30)}}
    assert merge.distance(a, b) == 31


# -- choosing the ancestor


def test_an_empty_first_version_is_an_ancestor() -> None:
    ours = {"calls": {"A1": {"at": 1}}}
    theirs = {"calls": {"B2": {"at": 2}}}
    assert merge.best_ancestor(ours, theirs, [{}]) == 0
    assert merge.best_ancestor(ours, theirs, [{"schema_version": 2}]) == 0


def test_a_candidate_is_taken_only_if_theirs_knows_most_of_its_records() -> None:
    def candidate(n: int) -> dict[str, Any]:
        return {"calls": {f"K{i}": {"at": i} for i in range(n)}}

    # theirs knows 2 of 3 (one as a tombstone): an ancestor
    theirs = {"calls": {"K0": {"at": 0}}, "deleted": {"calls": {"K1": {"at": 1, "digest": "d"}}}}
    assert merge.best_ancestor({}, theirs, [candidate(3)]) == 0
    # 1 of 2, 2 of 4, 2 of 5: not
    assert merge.best_ancestor({}, {"calls": {"K0": {"at": 0}}}, [candidate(2)]) is None
    knows_two = {"calls": {"K0": {"at": 0}, "K1": {"at": 1}}}
    assert merge.best_ancestor({}, knows_two, [candidate(4)]) is None
    assert merge.best_ancestor({}, knows_two, [candidate(5)]) is None
    # theirs has no such section at all
    assert merge.best_ancestor({}, {"cards": {}}, [candidate(1)]) is None


def test_an_unrelated_version_is_skipped_and_an_older_one_still_found() -> None:
    ours = {"calls": {"A1": {"at": 1}, "X": {"at": 0}, "B2": {"at": 2}}}
    theirs = {"calls": {"A1": {"at": 1}, "X": {"at": 0}, "C3": {"at": 3}}}
    unrelated = {"calls": {"Q1": {"at": 1}, "Q2": {"at": 2}}}
    parent = {"calls": {"A1": {"at": 1}, "X": {"at": 0}}}
    assert merge.best_ancestor(ours, theirs, [unrelated, parent]) == 1


def test_the_ancestor_explains_both_copies_not_just_ours() -> None:
    ours = {"calls": {"A1": {"at": 1}, "X": {"at": 0}, "B2": {"at": 2}}}
    theirs = {"calls": {"A1": {"at": 1}, "X": {"at": 0}, "C3": {"at": 3}}}
    parent = {"calls": {"A1": {"at": 1}, "X": {"at": 0}}}
    # ours itself, the newest version, is 0 from ours but 2 from theirs; the parent 1 and 1
    assert merge.best_ancestor(ours, theirs, [ours, parent]) == 1


def test_of_two_equally_good_versions_the_older_is_the_ancestor() -> None:
    ours = {"calls": {"A1": {"at": 1}, "B2": {"at": 2}}}
    theirs = {"calls": {"A1": {"at": 1}, "C3": {"at": 3}}}
    parent = {"calls": {"A1": {"at": 1}}}
    assert merge.best_ancestor(ours, theirs, [parent, copy.deepcopy(parent)]) == 1
    assert merge.best_ancestor(ours, theirs, [parent, copy.deepcopy(parent), parent]) == 2


# -- more cases of the merge rules


def test_a_field_added_on_one_copy_since_the_ancestor_is_taken() -> None:
    base = {"calls": {"A1": {"summary": "s"}}}
    added = {"calls": {"A1": {"summary": "s", "rep": "Dana"}}}
    for a, b in ((base, added), (added, base)):
        result = merge.merge(copy.deepcopy(a), copy.deepcopy(b), base)
        assert result.doc == added and result.conflicts == []


def test_a_field_set_differently_on_both_copies_is_a_conflict_with_or_without_ancestor() -> None:
    base = {"calls": {"A1": {"summary": "s"}}}
    ours = {"calls": {"A1": {"summary": "s", "rep": "Dana"}}}
    theirs = {"calls": {"A1": {"summary": "s", "rep": "Lee"}}}
    for o in (base, None):
        result = merge.merge(ours, theirs, o)
        assert result.doc == {
            "calls": {"A1": {"summary": "s", "rep": "Dana", "conflict": {"other": {"rep": "Lee"}}}}
        }
        assert result.conflicts == [merge.Conflict("calls", "A1", ("rep",))]


def test_uses_against_a_plain_value_are_a_conflict_not_merged() -> None:
    uses = {"u1": {"amount": 5}}
    for a, b in ((uses, "none"), ("none", uses)):
        ours = {"benefits": {"b": {"name": "Uber", "uses": a}}}
        theirs = {"benefits": {"b": {"name": "Uber", "uses": b}}}
        result = merge.merge(ours, theirs, None)
        assert result.doc["benefits"]["b"] == {
            "name": "Uber", "uses": a, "conflict": {"other": {"uses": b}}
        }  # fmt: skip


def test_a_section_removed_with_its_last_record_stays_removed() -> None:
    gold = {"product": "Gold"}
    tomb = {"at": NOW, "digest": merge.digest(gold)}
    removed = {"x": 1, "deleted": {"cards": {"gold": tomb}}}
    untouched = {"x": 1, "cards": {"gold": gold}}
    for a, b in ((removed, untouched), (untouched, removed)):
        assert merge.merge(a, b, None).doc == removed
        assert merge.merge(a, b, untouched).doc == removed


def test_identical_conflict_notes_are_left_as_they_are() -> None:
    note = {"unset": ["rep", "amount"], "other": {}}  # as a person may have left it
    record = {"summary": "s", "conflict": note}
    result = merge.merge({"calls": {"A1": record}}, {"calls": {"A1": dict(record)}}, None)
    assert result.doc == {"calls": {"A1": record}}
    assert list(result.doc["calls"]["A1"]["conflict"]["unset"]) == ["rep", "amount"]


def test_a_conflict_note_added_on_both_copies_since_the_ancestor_is_merged() -> None:
    base = {"calls": {"A1": {"s": 1}}}
    a = {"calls": {"A1": {"s": 1, "conflict": {"deleted": True}}}}
    b = {"calls": {"A1": {"s": 1, "conflict": {"other": {"y": 2}}}}}
    for ours, theirs in ((a, b), (b, a)):
        assert merge.merge(ours, theirs, base).doc["calls"]["A1"]["conflict"] == {
            "deleted": True, "other": {"y": 2}
        }  # fmt: skip
    odd = {"calls": {"A1": {"s": 1, "conflict": "odd"}}}
    assert merge.merge({"calls": {"A1": {"s": 1}}}, odd, None).doc == {"calls": {"A1": {"s": 1}}}


def test_an_ancestor_with_a_plain_value_where_the_copies_have_tables() -> None:
    ours = {"settings": {"a": 1}, "cards": {"gold": {"product": "Gold"}}}
    theirs = {"settings": {"a": 1, "b": 2}, "cards": {"plat": {"product": "P"}}}
    base = {"settings": 3, "cards": 4}
    assert merge.merge(ours, theirs, base).doc == {
        "settings": {"a": 1, "b": 2},
        "cards": {"gold": {"product": "Gold"}, "plat": {"product": "P"}},
    }


def test_a_record_with_an_odd_conflict_value_deleted_there_gets_a_proper_note() -> None:
    base = {"cards": {"gold": {"product": "Gold", "conflict": "odd"}}}
    ours = {"cards": {"gold": {"product": "Gold Card", "conflict": "odd"}}}
    assert merge.merge(ours, {"cards": {}}, base).doc == {
        "cards": {"gold": {"product": "Gold Card", "conflict": {"deleted": True}}}
    }


def test_each_top_level_conflict_is_returned_with_no_fields() -> None:
    result = merge.merge({"colour": "red"}, {"colour": "blue"}, None)
    assert result.conflicts == [merge.Conflict("", "colour", ())]


def test_a_new_top_level_unset_joins_the_ones_already_noted() -> None:
    ours = {"settings": {"b": 2}, "conflict": {"unset": ["z"], "other": {"y": 1}}}
    theirs = {"settings": {}}
    base = {"settings": {"b": 1}}
    assert merge.merge(ours, theirs, base).doc == {
        "settings": {"b": 2}, "conflict": {"unset": ["settings.b", "z"], "other": {"y": 1}}
    }  # fmt: skip


def test_a_new_section_leaves_no_tombstone_and_sections_are_each_looked_at() -> None:
    doc: dict[str, Any] = {"calls": {"A1": {"s": 1}}, "cards": {}, "offers": {"o": {"n": 1}}}
    before = {"calls": {"A1": {"s": 1}}, "cards": {"gold": {"product": "Gold"}}}
    merge.note_deletions(doc, before, now=NOW)  # offers is new, calls unchanged
    assert list(doc["deleted"]) == ["cards"] and list(doc["deleted"]["cards"]) == ["gold"]
    doc = {"calls": 3, "cards": {}}
    merge.note_deletions(doc, {"calls": {"A1": {"s": 1}}, "cards": {"gold": {}}}, now=NOW)
    assert list(doc["deleted"]) == ["cards"]  # calls is no table now: nothing to tell


def test_duplicates_numbered_alike_on_two_machines_still_get_different_ids() -> None:
    day = date(2025, 3, 20)
    here = {"1": {"card": "plat", "date": day}, "2": {"card": "plat", "date": day}}
    there = {"1": {"card": "gold", "date": day}, "2": {"card": "gold", "date": day}}
    a = merge.upgrade({"retention": here})["retention"]
    b = merge.upgrade({"retention": there})["retention"]
    assert len(set(a) | set(b)) == 4


def test_a_tombstone_written_by_another_amex_still_matches_the_record() -> None:
    """The digest is kept in files on other machines: it must not change between versions."""
    record = {
        "product": "Café Card",
        "annual_fee": 325,
        "tags": ["a", 1],
        "opened": date(2026, 1, 10),
    }
    assert merge.digest(record) == "0bc875843901b92b"


def test_fingerprints_tell_lists_and_times_apart() -> None:
    assert not merge.same([1], [1.0]) and not merge.same([1], [True])
    assert merge.digest({"tags": [1]}) != merge.digest({"tags": [1.0]})
    assert merge.digest({"at": time(9, 30)}) != merge.digest({"at": time(10, 0)})
    assert merge.digest({"at": time(9, 30)}) != merge.digest({"at": "09:30:00"})


def test_a_deleted_table_amex_did_not_write_is_ignored() -> None:
    gold = {"cards": {"gold": {"product": "Gold"}}}
    for odd in (3, {"cards": 3}, {"calls": "x"}):
        ours = {**gold, "deleted": odd}
        result = merge.merge(ours, copy.deepcopy(gold), None)
        assert result.doc["cards"] == gold["cards"] and result.conflicts == []
        assert merge.merge(copy.deepcopy(gold), ours, None).doc["cards"] == gold["cards"]


def test_a_tombstone_of_a_record_kept_does_not_hide_the_next_one() -> None:
    gold, plat = {"product": "Gold"}, {"product": "P"}
    ours = {
        "cards": {},
        "deleted": {
            "cards": {
                "gold": {"at": NOW, "digest": merge.digest(gold)},
                "plat": {"at": NOW, "digest": merge.digest(plat)},
            }
        },
    }
    theirs = {"cards": {"gold": {"product": "Gold Card"}}}  # changed there: kept
    result = merge.merge(ours, theirs, None)
    assert set(result.doc["cards"]) == {"gold"}
    assert result.doc["deleted"] == {"cards": {"plat": {"at": NOW, "digest": merge.digest(plat)}}}
