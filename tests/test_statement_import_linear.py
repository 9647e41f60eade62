"""`statement import` writes N matched benefit credits in N steps, not N*N: the references a
benefit already holds are gathered once, not searched again for every new credit (the import
runs under the lock, so every other amex command waits for it)."""

from __future__ import annotations

from datetime import date
from typing import Any

from amexcli import statement
from amexcli.commands.statement import _keep


class CountingUses(dict[str, Any]):
    """A benefit's uses that count how often all of them are looked through."""

    scans = 0

    def values(self):  # type: ignore[no-untyped-def,override]
        CountingUses.scans += 1
        return super().values()


def benefit_doc(uses: dict[str, Any]) -> dict[str, Any]:
    return {
        "benefits": {
            "b1": {"card": "plat", "name": "Uber Cash", "amount": 15.0, "uses": uses},
        }
    }


def credits(n: int, start: int = 0) -> list[statement.Record]:
    return [
        statement.Record("benefit", "b1", f"3{i:017d}", date(2026, 11, 1), 1500)
        for i in range(start, start + n)
    ]


def test_matched_credits_are_written_without_looking_through_every_use_each_time() -> None:
    uses = CountingUses({"old": {"date": date(2026, 1, 1), "amount": 15.0, "reference": "R0"}})
    CountingUses.scans = 0
    doc = benefit_doc(uses)
    _keep(doc, credits(2000))
    assert len(doc["benefits"]["b1"]["uses"]) == 2001
    assert CountingUses.scans <= 2  # once per benefit, not once per credit


def test_a_reference_already_kept_or_repeated_is_written_once() -> None:
    doc = benefit_doc({"old": {"date": date(2026, 1, 1), "amount": 15.0, "reference": "R0"}})
    again = statement.Record("benefit", "b1", "R0", date(2026, 11, 2), 1500)
    _keep(doc, [*credits(3), again, *credits(3)])
    refs = sorted(u["reference"] for u in doc["benefits"]["b1"]["uses"].values())
    assert refs == ["300000000000000000", "300000000000000001", "300000000000000002", "R0"]
    assert all(u["amount"] == 15.0 for u in doc["benefits"]["b1"]["uses"].values())
