"""The merge of two copies of the data file, as properties over copies grown from one ancestor."""

from __future__ import annotations

import copy
from datetime import date, datetime
from typing import Any

from hypothesis import example, given, settings
from hypothesis import strategies as st

from amexcli import merge

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


@settings(max_examples=300, deadline=None)
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


@settings(max_examples=300, deadline=None)
@given(three_copies(), st.booleans())
def test_idempotent(copies: tuple, with_base: bool) -> None:
    base, a, b = copies
    o = base if with_base else None
    itself = merge.merge(a, a, o)
    assert itself.doc == a and itself.conflicts == []
    once = merge.merge(a, b, o).doc
    assert merge.merge(once, b, o).doc == once
    assert merge.merge(once, once, o).doc == once


@settings(max_examples=300, deadline=None)
@given(three_copies(), st.booleans())
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


@settings(max_examples=200, deadline=None)
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
