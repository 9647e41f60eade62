"""Numbers of any size or shape in every amount and whole-number option, and in a statement.

Python refuses to convert more than 4,300 digits and `Decimal` to quantize 27 or more: amex must
look at a number's length before either, so that whatever is typed ends in exit 0 or 2 (the
option or the CSV line named), never in a traceback, and a refused command leaves the file as it
was.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from amexcli import money
from amexcli.cli import app
from amexcli.errors import InputError
from conftest import Run

HUGE = "9" * 5000
SEED_COMMANDS = [
    ["cards", "add", "plat", "--product", "Platinum Card", "--annual-fee", "695"],
    ["benefits", "add", "plat", "Uber", "--amount", "15", "--every", "month"],
    ["log", "add", "R1", "--date", "2026-12-01T10:00", "--summary", "fee"],
    ["offers", "add", "plat", "--merchant", "Dell", "--credit", "50"],
    ["retention", "add", "plat", "--date", "2026-01-05", "--accepted"],
]
# Each command with {} where the typed value goes, and the exit codes its contract allows.
CASES = {
    "--annual-fee": (["cards", "add", "x", "--product", "P", "--annual-fee", "{}"], {0, 2}),
    "cards edit --annual-fee": (["cards", "edit", "plat", "--annual-fee", "{}"], {0, 2}),
    "--fee-month": (["cards", "add", "x", "--product", "P", "--fee-month", "{}"], {0, 2}),
    "--closing-day": (["cards", "add", "x", "--product", "P", "--closing-day", "{}"], {0, 2}),
    "--member-since": (["cards", "add", "x", "--product", "P", "--member-since", "{}"], {0, 2}),
    "--credit": (["offers", "add", "plat", "--merchant", "M", "--credit", "{}"], {0, 2}),
    "--spend": (
        ["offers", "add", "plat", "--merchant", "M", "--credit", "5", "--spend", "{}"],
        {0, 2},
    ),
    "benefits add --amount": (
        ["benefits", "add", "plat", "Lyft", "--amount", "{}", "--every", "month"],
        {0, 2},
    ),
    "benefits use --amount": (["benefits", "use", "plat", "Uber", "--amount", "{}"], {0, 2}),
    "--expect": (["log", "add", "R9", "--expect", "{}"], {0, 2}),
    "log edit --expect": (["log", "edit", "R1", "--expect", "{}"], {0, 2}),
    "script --amount": (["script", "dispute", "--amount", "{}"], {0, 2}),
    "--limit": (["log", "list", "--limit", "{}"], {0, 2}),
    "--days": (["next", "--as-of", "2026-12-07", "--days", "{}"], {0, 1, 2}),
    "--year": (["value", "plat", "--year", "{}"], {0, 2}),
    "retention id": (["retention", "rm", "{}", "--yes"], {0, 2}),
    "offer id": (["offers", "used", "{}"], {0, 2}),
    "version": (["data", "restore", "{}", "--yes"], {0, 2}),
}

numbers = st.one_of(
    st.text(max_size=30),
    st.integers(0, 10**40).map(str),
    st.integers(1, 6000).map(lambda n: "9" * n),  # past every limit: Decimal's 28, int's 4,300
    st.integers(1, 6000).map(lambda n: "0" * n + "1"),  # long, and yet small
    st.builds(
        lambda sign, dollar, whole, cents: f"{sign}{dollar}{whole}{cents}",
        st.sampled_from(["", "-", "+"]),
        st.sampled_from(["", "$"]),
        st.one_of(st.integers(0, 10**30).map(str), st.integers(0, 10**30).map("{:,}".format)),
        st.sampled_from(["", ".", ".5", ".05", ".005"]),
    ),
    st.sampled_from(["²", "١٢", "\uff13", "1e3", "nan", "inf", "0x10", "1_000", " 12 ", "(5)"]),
)
FIXTURE_OK = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
_seeded: dict[str, bytes] = {}


def seeded(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A data file with a card, a benefit, a call, an offer and a retention record (made once)."""
    if "file" not in _seeded:
        path = tmp_path_factory.mktemp("seed") / "amex.toml"
        runner = CliRunner()
        for argv in SEED_COMMANDS:
            result = runner.invoke(app, ["--file", str(path), *argv])
            assert result.exit_code == 0, (argv, result.output)
        _seeded["file"] = path.read_bytes()
    return _seeded["file"]


@pytest.mark.parametrize("case", list(CASES))
@settings(FIXTURE_OK, max_examples=40)
@given(value=numbers)
def test_any_number_in_any_option_ends_in_exit_0_or_2(
    datafile: Path, tmp_path_factory: pytest.TempPathFactory, case: str, value: str
) -> None:
    template, allowed = CASES[case]
    datafile.parent.mkdir(parents=True, exist_ok=True)
    datafile.write_bytes(seeded(tmp_path_factory))
    before = datafile.read_bytes()
    argv = [value if word == "{}" else word for word in template]
    result = CliRunner().invoke(app, argv)
    unexpected = result.exception if not isinstance(result.exception, SystemExit) else None
    assert unexpected is None, f"{argv}: {unexpected!r}"
    assert result.exit_code in allowed, (case, value[:80], result.output[-300:])
    if result.exit_code != 0:
        assert datafile.read_bytes() == before, (case, value[:80])


@settings(FIXTURE_OK, max_examples=60)
@given(value=numbers)
def test_any_amount_in_a_statement_ends_in_exit_0_or_2(
    datafile: Path, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, value: str
) -> None:
    datafile.parent.mkdir(parents=True, exist_ok=True)
    datafile.write_bytes(seeded(tmp_path_factory))
    before = datafile.read_bytes()
    cell = '"' + value.replace('"', '""') + '"'
    csv = tmp_path / "activity.csv"
    csv.write_text(f"Date,Description,Amount\n12/01/2026,SHOP,{cell}\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["statement", "import", str(csv), "--card", "plat"])
    unexpected = result.exception if not isinstance(result.exception, SystemExit) else None
    assert unexpected is None, f"{value[:80]!r}: {unexpected!r}"
    assert result.exit_code in (0, 2), (value[:80], result.output[-300:])
    if result.exit_code != 0:
        assert datafile.read_bytes() == before


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["cards", "add", "x", "--product", "P", "--annual-fee", "9" * 27], "--annual-fee '999"),
        (["cards", "add", "x", "--product", "P", "--fee-month", HUGE], "--fee-month '999"),
        (["offers", "add", "plat", "--merchant", "M", "--credit", "9" * 27], "--credit '999"),
        (["benefits", "add", "plat", "L", "--amount", "9" * 27, "--every", "month"], "--amount"),
        (["log", "add", "R9", "--expect", "9" * 27], "--expect '999"),
        (["script", "dispute", "--amount", "9" * 27], "--amount '999"),
        (["cards", "add", "x", "--product", "P", "--closing-day", HUGE], "--closing-day"),
        (["next", "--days", HUGE], "--days"),
    ],
)
def test_the_numbers_that_crashed_are_refused_by_name(
    run: Run, datafile: Path, tmp_path_factory: pytest.TempPathFactory, args: list[str], says: str
) -> None:
    datafile.parent.mkdir(parents=True, exist_ok=True)
    datafile.write_bytes(seeded(tmp_path_factory))
    before = datafile.read_bytes()
    result = run(*args)
    assert result.returncode == 2, result.stderr[-300:]
    assert says in result.stderr and "Traceback" not in result.stderr
    assert result.stdout == ""
    assert datafile.read_bytes() == before


def test_a_statement_amount_of_5000_digits_names_its_line(
    run: Run, datafile: Path, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    datafile.parent.mkdir(parents=True, exist_ok=True)
    datafile.write_bytes(seeded(tmp_path_factory))
    before = datafile.read_bytes()
    csv = tmp_path / "activity.csv"
    csv.write_text(f"Date,Description,Amount\n12/01/2026,SHOP,{HUGE}\n")
    result = run("statement", "import", str(csv), "--card", "plat")
    assert result.returncode == 2
    assert result.stderr == (
        "amex: line 2: '99999999999999999999'... (5,000 characters) is too large: "
        "amex takes under $1,000,000,000. Nothing was imported.\n"
    )
    assert datafile.read_bytes() == before


@pytest.mark.parametrize(
    ("text", "most", "number"),
    [
        ("0", 12, 0),
        ("12", 12, 12),
        ("13", 12, None),
        ("0012", 12, 12),
        ("0" * 5000 + "7", 12, 7),  # long, and yet small
        (HUGE, 10**9, None),
        ("999", 99, None),  # as many digits as allowed plus one
        (" 5 ", 12, 5),
        ("", 12, None),
        ("-1", 12, None),
        ("+1", 12, None),
        ("²", 12, None),  # isdigit, but int() refuses it
        ("١٢", 99, None),  # Arabic-Indic digits: ASCII only
        ("1_0", 99, None),
    ],
)
def test_parse_int_looks_at_the_length_first(text: str, most: int, number: int | None) -> None:
    assert money.parse_int(text, most=most) == number


def test_amounts_stop_under_a_billion_dollars() -> None:
    assert money.parse_money("999,999,999.99") == money.LIMIT - money.Decimal("0.01")
    for text in ("1,000,000,000", "1000000000.00", "9" * 27, "1" + "0" * 20, HUGE):
        with pytest.raises(InputError, match=r"too large for amex \(under \$1,000,000,000\)\.$"):
            money.parse_money(text, what="--credit")


def test_a_long_value_is_quoted_short() -> None:
    assert money.quoted("x" * 40) == repr("x" * 40)
    assert money.quoted("x" * 41) == "'xxxxxxxxxxxxxxxxxxxx'... (41 characters)"
