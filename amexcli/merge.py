"""Two copies of the data file made one, record by record and field by field (pure: no I/O).

A *keyed section* is a top-level table of tables: `[cards.KEY]`, `[calls.REF]`, `[retention.ID]`,
`[numbers.KEY]`, `[offers.ID]`, `[benefits.ID]`, and any table of tables a person added. Its
records are merged by key; a record changed on both sides is merged field by field. Any other
top-level value, and each key of a table that is not a table of tables, is merged as one opaque
value.

With a common ancestor (`base`: git gives one; the history may hold one) the merge is three-way:
a side that left a value as it was in the ancestor takes the other side's. Without one it is
two-way: a value only one side has is taken, and a value both have differently is a conflict.
*Tombstones* (`[deleted.SECTION.KEY]`, with when and a digest of the record as it was) tell
"deleted here" from "added there" either way: a record deleted on one side is deleted in the
result only if the other side still has it exactly as it was deleted (or as in the ancestor).

A true conflict keeps this side's value and records the other side's in the record's `conflict`
table (`other` values, `unset` fields, `deleted` when one side deleted a record the other
changed, which keeps the record); a conflict over a top-level value is recorded the same way in
a top-level `conflict` table, by dotted path. It is reported, never silently resolved.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from amexcli import ids

Document = dict[str, Any]
DELETED = "deleted"  # the tombstones' table
CONFLICT = "conflict"  # a record's note of what the other side had
KEEP_TOMBSTONES = timedelta(days=180)
SCHEMA = 2  # what `upgrade` brings a document to (store.SCHEMA_VERSION)
# Sections whose records are named by a counter in schema 1, renamed by `upgrade`.
NUMBERED = ("retention",)
_MISSING: Any = object()


@dataclass(frozen=True)
class Conflict:
    section: str  # "" for a top-level value
    key: str
    fields: tuple[str, ...]  # the fields changed both ways; empty for an edit against a delete
    deleted: bool = False  # one side deleted the record, the other changed it: it was kept

    def describe(self) -> str:
        where = f"{self.section}.{self.key}" if self.section else self.key
        if self.deleted:
            return f"{where}: deleted on one copy and changed on the other; kept the changed one"
        if not self.section:
            return (
                f"{where}: changed differently on both copies; kept this copy's, the other's is "
                "in the top-level conflict table"
            )
        return (
            f"{where}: {', '.join(self.fields)} changed differently on both copies; kept this "
            "copy's, the other's is in the entry's conflict table"
        )


@dataclass
class Result:
    doc: Document
    conflicts: list[Conflict] = field(default_factory=list)
    three_way: bool = False
    # the other side's top-level values in conflict, by dotted path, for the top `conflict` table
    other: dict[str, Any] = field(default_factory=dict)
    unset: list[str] = field(default_factory=list)


# -- comparing and naming records


def canonical(value: Any) -> str:
    """One text per value, so that 1, 1.0 and true are not equal and key order does not count."""
    return json.dumps(_plain(value), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _plain(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, bool | int | float | str):
        return [type(value).__name__, value]
    if isinstance(value, datetime | date):
        return [type(value).__name__, value.isoformat()]
    return [type(value).__name__, str(value)]


def same(a: Any, b: Any) -> bool:
    if a is _MISSING or b is _MISSING:
        return a is b
    return a == b and canonical(a) == canonical(b)


def digest(record: Mapping[str, Any]) -> str:
    """A short fingerprint of a record (without its conflict note), kept in its tombstone."""
    body = {k: v for k, v in record.items() if k != CONFLICT}
    return hashlib.sha256(canonical(body).encode("utf-8")).hexdigest()[:16]


def keyed_sections(doc: Mapping[str, Any]) -> list[str]:
    """The top-level tables of tables (empty tables count: nothing says they are not)."""
    return [
        name
        for name, table in doc.items()
        if name != DELETED
        and isinstance(table, Mapping)
        and all(isinstance(v, Mapping) for v in table.values())
    ]


# -- tombstones


def tombstones(doc: Mapping[str, Any], section: str) -> Mapping[str, Mapping[str, Any]]:
    found = doc.get(DELETED, {})
    table = found.get(section, {}) if isinstance(found, Mapping) else {}
    return table if isinstance(table, Mapping) else {}


def note_deletions(
    doc: Document, before: Mapping[str, Mapping[str, Any]], *, now: datetime
) -> None:
    """After a change: a tombstone for each record of `before` that is gone, none for one back.

    `before` is each keyed section as it was (a shallow copy), taken before the change.
    """
    now = now.replace(microsecond=0)
    for name in sorted(set(before) | set(keyed_sections(doc))):
        old, new = before.get(name, {}), doc.get(name, {})
        if not isinstance(new, Mapping):
            continue
        gone = [k for k in old if k not in new]
        back = [k for k in new if k in tombstones(doc, name)]
        if not gone and not back:
            continue
        table = doc.setdefault(DELETED, {}).setdefault(name, {})
        for key in gone:  # a tombstone a merge brought in keeps its own time
            table.setdefault(key, {"at": now, "digest": digest(old[key])})
        for key in back:
            del table[key]
    _drop_empty(doc)


def purge(doc: Document, *, now: datetime) -> None:
    """Forget tombstones older than KEEP_TOMBSTONES."""
    table = doc.get(DELETED)
    if not isinstance(table, dict):
        return
    for section in table.values():
        if not isinstance(section, dict):
            continue
        for key in [k for k, t in section.items() if _too_old(t, now)]:
            del section[key]
    _drop_empty(doc)


def _too_old(tomb: Any, now: datetime) -> bool:
    at = tomb.get("at") if isinstance(tomb, Mapping) else None
    if isinstance(at, datetime):
        return at.replace(tzinfo=None) < now - KEEP_TOMBSTONES
    if isinstance(at, date):
        return at < (now - KEEP_TOMBSTONES).date()
    return False


def conflicts_in(doc: Mapping[str, Any]) -> list[tuple[str, str, Mapping[str, Any]]]:
    """(section, key, note) of every record left with a conflict note, and the top one."""
    found: list[tuple[str, str, Mapping[str, Any]]] = []

    def walk(where: str, table: Mapping[str, Any]) -> None:
        for key, record in table.items():
            note = record.get(CONFLICT)
            if isinstance(note, Mapping):
                found.append((where, key, note))
            for f, value in record.items():
                if f != CONFLICT and _is_records(value):
                    walk(f"{where}.{key}.{f}", value)

    for name in keyed_sections(doc):
        walk(name, doc[name])
    top = doc.get(CONFLICT)
    if isinstance(top, Mapping):
        found.append(("", "", top))
    return found


def describe_note(note: Mapping[str, Any]) -> str:
    """A conflict note in words: what the other copy had."""
    parts = []
    if note.get("deleted"):
        parts.append("one copy deleted it, the other changed it")
    other = note.get("other", {})
    if isinstance(other, Mapping):
        parts += [f"the other copy had {f} = {canonical_text(v)}" for f, v in other.items()]
    unset = note.get("unset", [])
    if isinstance(unset, list) and unset:
        parts.append(f"the other copy had no {', '.join(map(str, unset))}")
    return "; ".join(parts) or "a merge conflict"


def canonical_text(value: Any) -> str:
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def _drop_empty(doc: Document) -> None:
    table = doc.get(DELETED)
    if not isinstance(table, dict):
        return
    for name in [n for n, s in table.items() if isinstance(s, dict) and not s]:
        del table[name]
    if not table:
        del doc[DELETED]


# -- upgrading old files


def upgrade(doc: Document) -> Document:
    """Schema 1 to 2: records named by a counter get ids two machines cannot both invent.

    The new id is made from the record's date and content (`ids.stable_id`), so two copies of
    one old file upgraded apart agree, and two records both numbered 3 on two machines do not.
    The old number stays in `legacy_id` and is still accepted on the command line.
    """
    version = doc.get("schema_version", 1)
    if not isinstance(version, int) or version >= SCHEMA:
        return doc
    for name in NUMBERED:
        table = doc.get(name)
        if not isinstance(table, dict):
            continue
        renamed: dict[str, Any] = {}
        for key, record in table.items():
            if not (key.isdigit() and isinstance(record, dict)):
                renamed[key] = record
                continue
            when = record.get("date")
            seconds = (
                datetime.combine(when, datetime.min.time()).timestamp()
                if type(when) is date and date(1970, 1, 2) <= when <= date(3000, 1, 1)
                else 0.0
            )
            new = ids.stable_id(seconds=seconds, content=canonical(record))
            if new in renamed or new in table:  # two identical records: the number tells apart
                new = ids.stable_id(seconds=seconds, content=canonical(record) + "#" + key)
            renamed[new] = {**record, "legacy_id": int(key)}
        doc[name] = renamed
    doc["schema_version"] = SCHEMA
    return doc


# -- merging


def merge(ours: Document, theirs: Document, base: Document | None) -> Result:
    """`theirs` merged into `ours`; conflicts keep ours and are recorded and returned."""
    result = Result(doc={}, three_way=base is not None)
    ancestor = base or {}
    sections = set(keyed_sections(ours)) | set(keyed_sections(theirs))
    names = list(ours) + [k for k in theirs if k not in ours]
    for name in names:
        if name in (DELETED, CONFLICT):
            continue
        if name == "schema_version":
            result.doc[name] = max(_version(ours), _version(theirs))
        elif name in sections and _is_keyed(ours.get(name)) and _is_keyed(theirs.get(name)):
            merged = _section(name, ours, theirs, base, result)
            if merged or {} in (ours.get(name), theirs.get(name)):  # kept empty if it was so
                result.doc[name] = merged
        elif isinstance(ours.get(name), dict) and isinstance(theirs.get(name), dict):
            result.doc[name] = _opaque_table(name, ours[name], theirs[name], base, result)
        else:
            value = _value(
                name, "", ours.get(name, _MISSING), theirs.get(name, _MISSING),
                ancestor.get(name, _MISSING) if base is not None else None, result,
            )  # fmt: skip
            if value is not _MISSING:
                result.doc[name] = value
    note = _note(ours.get(CONFLICT, _MISSING), theirs.get(CONFLICT, _MISSING), base)
    if result.other or result.unset:
        note = dict(note) if isinstance(note, Mapping) else {}
        if result.other:
            note["other"] = {**note.get("other", {}), **result.other}
        if result.unset:
            note["unset"] = sorted({*note.get("unset", []), *result.unset})
    if note is not _MISSING:
        result.doc[CONFLICT] = note
    graves = _tombstones(ours, theirs, result.doc)
    if graves:
        result.doc[DELETED] = graves
    return result


def _version(doc: Mapping[str, Any]) -> int:
    v = doc.get("schema_version", 1)
    return v if isinstance(v, int) else 1


def _is_keyed(table: Any) -> bool:
    if table is None:
        return True
    return isinstance(table, Mapping) and all(isinstance(v, Mapping) for v in table.values())


def _section(
    name: str, ours: Document, theirs: Document, base: Document | None, result: Result
) -> dict[str, Any]:
    a_table, b_table = ours.get(name, {}), theirs.get(name, {})
    o_table = (base or {}).get(name, {})
    o_table = o_table if isinstance(o_table, Mapping) else {}
    merged: dict[str, Any] = {}
    for key in sorted(set(a_table) | set(b_table)):
        record = _record(
            name, key, a_table.get(key), b_table.get(key),
            o_table.get(key) if base is not None else None,
            tombstones(ours, name).get(key), tombstones(theirs, name).get(key), result,
        )  # fmt: skip
        if record is not None:
            merged[key] = record
    return merged


def _record(
    section: str,
    key: str,
    a: Mapping[str, Any] | None,
    b: Mapping[str, Any] | None,
    o: Mapping[str, Any] | None,
    tomb_a: Mapping[str, Any] | None,
    tomb_b: Mapping[str, Any] | None,
    result: Result,
) -> dict[str, Any] | None:
    if a is not None and b is not None:
        return _fields(section, key, a, b, o, result)
    present, tomb = (a, tomb_b) if b is None else (b, tomb_a)
    assert present is not None
    deleted_there = o is not None or tomb is not None
    if not deleted_there:
        return dict(present)  # added on one side
    untouched = (o is not None and same(_body(present), _body(o))) or (
        isinstance(tomb, Mapping) and tomb.get("digest") == digest(present)
    )
    if untouched:
        return None  # deleted on one side, untouched on the other
    result.conflicts.append(Conflict(section, key, (), deleted=True))
    kept = dict(present)
    note = dict(kept.get(CONFLICT, {})) if isinstance(kept.get(CONFLICT), Mapping) else {}
    note["deleted"] = True
    kept[CONFLICT] = note
    return kept


def _body(record: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k != CONFLICT}


def _fields(
    section: str,
    key: str,
    a: Mapping[str, Any],
    b: Mapping[str, Any],
    o: Mapping[str, Any] | None,
    result: Result,
) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    other: dict[str, Any] = {}
    unset: list[str] = []
    names = [k for k in a if k != CONFLICT] + [k for k in b if k not in a and k != CONFLICT]
    for f in names:
        va, vb = a.get(f, _MISSING), b.get(f, _MISSING)
        vo = o.get(f, _MISSING) if o is not None else _MISSING
        if same(va, vb):
            value = va
        elif o is not None and same(va, vo):
            value = vb
        elif o is not None and same(vb, vo):
            value = va
        elif o is None and (va is _MISSING or vb is _MISSING):
            value = vb if va is _MISSING else va  # two-way: a field one side has is taken
        elif _is_records(va) and _is_records(vb) and (vo is _MISSING or _is_records(vo)):
            # records inside a record (a benefit's uses, keyed by id): merged one by one
            value = _nested(f"{section}.{key}.{f}", va, vb, None if vo is _MISSING else vo, result)
        else:
            value = va
            if vb is _MISSING:
                unset.append(f)
            else:
                other[f] = vb
        if value is not _MISSING:
            merged[f] = value
    note = _note(a.get(CONFLICT, _MISSING), b.get(CONFLICT, _MISSING), o)
    if other or unset:
        result.conflicts.append(Conflict(section, key, (*other, *unset)))
        note = dict(note) if isinstance(note, Mapping) else {}
        if other:
            note["other"] = {**note.get("other", {}), **other}
        if unset:
            note["unset"] = sorted({*note.get("unset", []), *unset})
    if note is not _MISSING:
        merged[CONFLICT] = note
    return merged


def _is_records(value: Any) -> bool:
    return (
        isinstance(value, Mapping)
        and bool(value)
        and all(isinstance(v, Mapping) for v in value.values())
    )


def _nested(
    where: str,
    a: Mapping[str, Any],
    b: Mapping[str, Any],
    o: Mapping[str, Any] | None,
    result: Result,
) -> dict[str, Any]:
    """A table of tables inside a record, merged record by record (no tombstones in there:
    a deletion is told only by the ancestor)."""
    merged = {}
    for key in sorted(set(a) | set(b)):
        record = _record(
            where, key, a.get(key), b.get(key), (o or {}).get(key) if o is not None else None,
            None, None, result,
        )  # fmt: skip
        if record is not None:
            merged[key] = record
    return merged


def _note(a: Any, b: Any, o: Mapping[str, Any] | None) -> Any:
    """The records' conflict notes merged: one removed since the ancestor stays removed."""
    vo = o.get(CONFLICT, _MISSING) if o is not None else _MISSING
    if same(a, b) or (o is not None and same(b, vo)):
        return a
    if o is not None and same(a, vo):
        return b
    if not isinstance(a, Mapping) or not isinstance(b, Mapping):
        return a if b is _MISSING or not isinstance(b, Mapping) else b
    merged = {**b, **a}
    merged["other"] = {**b.get("other", {}), **a.get("other", {})}
    merged["unset"] = sorted({*b.get("unset", []), *a.get("unset", [])})
    return {k: v for k, v in merged.items() if v not in ({}, [])}


def _opaque_table(
    name: str,
    a: Mapping[str, Any],
    b: Mapping[str, Any],
    base: Document | None,
    result: Result,
) -> dict[str, Any]:
    o = (base or {}).get(name, {})
    o = o if isinstance(o, Mapping) else {}
    merged = {}
    for key in [*a, *(k for k in b if k not in a)]:
        value = _value(
            name, key, a.get(key, _MISSING), b.get(key, _MISSING),
            o.get(key, _MISSING) if base is not None else None, result,
        )  # fmt: skip
        if value is not _MISSING:
            merged[key] = value
    return merged


def _value(section: str, key: str, a: Any, b: Any, o: Any, result: Result) -> Any:
    """One opaque value, three-way when `o` is known (not None)."""
    if same(a, b):
        return a
    if o is not None and same(a, o):
        return b
    if o is not None and same(b, o):
        return a
    if o is None and (a is _MISSING or b is _MISSING):
        return b if a is _MISSING else a
    where = f"{section}.{key}" if section and key else section or key
    result.conflicts.append(Conflict("", where, ()))
    if b is _MISSING:
        result.unset.append(where)
    else:
        result.other[where] = b
    return a


def _tombstones(ours: Document, theirs: Document, merged: Document) -> dict[str, Any]:
    """Both sides' tombstones, the later one per record, none for a record the result has."""
    out: dict[str, dict[str, Any]] = {}
    for name in sorted(set(_graves(ours)) | set(_graves(theirs))):
        present = merged.get(name, {})
        for doc in (ours, theirs):
            for key, tomb in tombstones(doc, name).items():
                if isinstance(present, Mapping) and key in present:
                    continue
                held = out.setdefault(name, {}).get(key)
                if held is None or _later(tomb, held):
                    out[name][key] = dict(tomb)
    return {name: dict(sorted(t.items())) for name, t in out.items() if t}


def _graves(doc: Mapping[str, Any]) -> list[str]:
    found = doc.get(DELETED, {})
    return list(found) if isinstance(found, Mapping) else []


def _later(a: Any, b: Any) -> bool:
    return canonical(a.get("at")) + canonical(a) > canonical(b.get("at")) + canonical(b)


# -- choosing an ancestor from the history


def distance(a: Mapping[str, Any], b: Mapping[str, Any]) -> int:
    """How many fields of records (and top-level values) differ between two documents.

    Fields, not records: a record edited on both sides since the ancestor is then still closer
    to the ancestor than to a version without it.
    """
    count = 0
    keyed = set(keyed_sections(a)) | set(keyed_sections(b))
    for name in set(a) | set(b):
        if name in (DELETED, CONFLICT, "schema_version"):
            continue
        if name not in keyed:
            count += not same(a.get(name, _MISSING), b.get(name, _MISSING))
            continue
        ta, tb = a.get(name, {}), b.get(name, {})
        ta = ta if isinstance(ta, Mapping) else {}
        tb = tb if isinstance(tb, Mapping) else {}
        for k in set(ta) | set(tb):
            ra, rb = _body(ta.get(k, {})), _body(tb.get(k, {}))
            fields = sum(
                1 for f in set(ra) | set(rb) if not same(ra.get(f, _MISSING), rb.get(f, _MISSING))
            )
            count += fields or int((k in ta) != (k in tb))
    return count


def best_ancestor(ours: Document, theirs: Document, candidates: list[Document]) -> int | None:
    """The index of the candidate (newest first) most likely to be where both copies diverged.

    The one that explains both copies with the fewest changes, then the one closest to theirs;
    on a tie the older, because an ancestor too old only makes more changes look made on both
    sides, while one too new makes this side's additions look deleted on the other. A candidate
    is skipped when theirs knows (has, or has a tombstone for) no more of its records than it
    does not: an unrelated file must not be mistaken for an ancestor.
    """
    best: tuple[int, int, int] | None = None
    chosen = None
    for i, c in enumerate(candidates):
        known, unknown = _known(c, theirs)
        if known <= unknown and known + unknown:
            continue
        to_theirs = distance(c, theirs)
        score = (distance(c, ours) + to_theirs, to_theirs, -i)
        if best is None or score < best:
            best, chosen = score, i
    return chosen


def _known(c: Mapping[str, Any], theirs: Mapping[str, Any]) -> tuple[int, int]:
    known = unknown = 0
    for name in keyed_sections(c):
        table = theirs.get(name, {})
        graves = tombstones(theirs, name)
        for key in c[name]:
            if (isinstance(table, Mapping) and key in table) or key in graves:
                known += 1
            else:
                unknown += 1
    return known, unknown
