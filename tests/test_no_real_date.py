"""No test reads the real date or clock unless it is named below with its reason.

A test that computes an expectation from today's date passes today and fails on some other day
(a 29 February, a month end, a run across midnight). Dated commands take `--as-of` and dated
functions take `today=`: a test gives them a fixed day instead. This scan keeps new tests honest.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

TESTS = Path(__file__).parent

# Calls that read the real date or clock as a calendar: `date.today()`, `datetime.now()`, ...
# (`time.time()` and `time.monotonic()` measure durations and are left alone.)
READS_THE_DATE = {
    ("date", "today"),
    ("datetime", "now"),
    ("datetime", "today"),
    ("datetime", "utcnow"),
    ("date", "fromtimestamp"),
    ("datetime", "fromtimestamp"),
    ("time", "localtime"),
    ("time", "gmtime"),
    ("time", "ctime"),
    ("time", "strftime"),
}

# (file, test) -> why reading the real date is the point of the test and how it stays safe.
ALLOWED = {
    ("test_dates.py", "test_a_time_alone_is_today"): (
        "checks that a bare time means today in a subprocess, which cannot be frozen; the answer "
        "is accepted for the day before and the day after the call (a run across midnight)"
    ),
    ("test_guided.py", "test_log_add_asks_for_each_field_and_enter_skips"): (
        "the guided entry's default `now` is the real clock; compared within minutes, and the "
        "follow-up (+30d) against the days before and after the session"
    ),
    ("test_guided.py", "test_retention_add_asks_and_takes_today"): (
        "the default date is today by design; accepted for today or the day before (midnight)"
    ),
    ("test_guided.py", "test_retention_add_defaults_the_date_to_today"): (
        "the default date is today by design; bracketed by the dates before and after the run"
    ),
    ("test_scripts.py", "test_suggested_log_lines_take_the_time_of_the_call"): (
        "a pasted `amex log add` line takes the real time of the paste by design; the stored "
        "time is bracketed by the clock read before and after"
    ),
    ("test_sync.py", "test_a_delete_leaves_a_tombstone_and_an_old_tombstone_is_purged"): (
        "tombstones are purged by age against the real clock; the test ages one by 181 days "
        "from now, a margin of a day against the 180-day rule"
    ),
}


def real_date_reads(path: Path) -> list[tuple[str, int, str]]:
    """(enclosing test or "<module>", line, call) for each read of the real date in a file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[str, int, str]] = []

    def visit(node: ast.AST, owner: str) -> None:
        for child in ast.iter_child_nodes(node):
            inner = owner
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) and owner == "<module>":
                inner = child.name
            if (
                isinstance(child, ast.Call)
                and isinstance(child.func, ast.Attribute)
                and _name(child.func.value) is not None
                and (_name(child.func.value), child.func.attr) in READS_THE_DATE
            ):
                call = f"{_name(child.func.value)}.{child.func.attr}()"
                found.append((inner, child.lineno, call))
            visit(child, inner)

    visit(tree, "<module>")
    return found


def _name(node: ast.expr) -> str | None:
    """`date` for `date` and for `datetime.date`; None for anything else."""
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def test_no_test_reads_the_real_date_outside_the_allowance() -> None:
    offenders = [
        f"tests/{path.name}:{line}: {call} in {owner}"
        for path in sorted(TESTS.rglob("*.py"))
        if path.name != Path(__file__).name
        for owner, line, call in real_date_reads(path)
        if (path.name, owner) not in ALLOWED
    ]
    assert not offenders, (
        "these read the real date; give the command --as-of or the function today= a fixed day "
        "(or, if the real date is the point, add the test to ALLOWED with the reason):\n"
        + "\n".join(offenders)
    )


def test_every_allowance_is_still_needed() -> None:
    """An allowance whose test no longer reads the date (or is gone) is removed, not kept."""
    used = {
        (path.name, owner) for path in TESTS.rglob("*.py") for owner, _, _ in real_date_reads(path)
    }
    assert set(ALLOWED) <= used, sorted(set(ALLOWED) - used)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("TODAY = date.today()", [("<module>", 1, "date.today()")]),
        ("def test_x():\n    x = datetime.datetime.now()", [("test_x", 2, "datetime.now()")]),
        (
            "def test_x():\n    def inner():\n        return time.localtime()",
            [("test_x", 3, "time.localtime()")],
        ),
        ("def test_x():\n    t = time.time() + 5\n    d = date(2026, 1, 1)", []),
    ],
)
def test_the_scan_sees_what_it_claims(tmp_path: Path, source: str, expected: list[object]) -> None:
    sample = tmp_path / "test_sample.py"
    sample.write_text(source + "\n", encoding="utf-8")
    assert real_date_reads(sample) == expected
