"""`amex statement import` through the installed `amex`: the contract a script or a person sees."""

from __future__ import annotations

import json
import tomllib
from datetime import date
from pathlib import Path

import pytest
from statement_files import FEES, NAME, csv_text, row

from conftest import ANSI, Run

FEE = row("03/15/2026", "ANNUAL MEMBERSHIP FEE", "695.00", reference="320260740000000001")
CREDIT = row("03/20/2026", "COURTESY CREDIT", "-100.00", reference="320260790000000002",
             category=FEES)  # fmt: skip
PAYMENT = row("03/21/2026", "ONLINE PAYMENT - THANK YOU", "-100.00")
SHOES = row("03/02/2026", "SHOES, INC", "100.00", details="Shoes\nfor work")
SHOES_BACK = row("03/09/2026", "SHOES, INC", "-100.00")  # a merchant refund, same description
OTHER = row("03/05/2026", "CAFE", "1,234.56", account="-54321")


@pytest.fixture
def plat(run: Run) -> Run:
    ok = run("cards", "add", "plat", "--product", "Platinum Card", "--fee-month", "3",
             "--closing-day", "15", "--last5", "12345")  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    r = run("log", "add", "A1B2C3", "--date", "2026-02-01T10:00", "--card", "plat", "--promise",
            "a $100 courtesy credit", "--expect", "100", "--follow-up", "2026-04-01")  # fmt: skip
    assert r.returncode == 0, r.stderr
    return run


def write(tmp_path: Path, text: str, name: str = "activity.csv") -> str:
    path = tmp_path / name
    path.write_text(text, newline="")
    return str(path)


def items(r: object) -> list[dict[str, object]]:
    return json.loads(r.stdout)  # type: ignore[attr-defined,no-any-return]


def stored(datafile: Path) -> dict[str, object]:
    return tomllib.loads(datafile.read_text())


def test_a_month_records_the_fee_and_keeps_the_promise(
    plat: Run, tmp_path: Path, datafile: Path
) -> None:
    csv = write(tmp_path, csv_text("extended", [SHOES, FEE, CREDIT, PAYMENT]))
    r = plat("statement", "import", csv, "--as-of", "2026-04-05", "--json")
    assert (r.returncode, r.stderr) == (0, ""), r.stderr
    got = {(i["kind"], i["status"], i["ref"], i["amount"]) for i in items(r)}
    assert got == {
        ("annual-fee", "new", "320260740000000001", 695.0),
        ("credit", "new", "A1B2C3", -100.0),
    }
    data = stored(datafile)
    assert data["cards"]["plat"]["fees"] == {  # type: ignore[index]
        "320260740000000001": {"date": date(2026, 3, 15), "amount": 695.0}
    }
    call = data["calls"]["A1B2C3"]  # type: ignore[index]
    assert (call["done"], str(call["credited"]), call["credit_ref"]) == (
        True, "2026-03-20", "320260790000000002",
    )  # fmt: skip
    shown = items(plat("log", "show", "A1B2C3", "--json"))
    assert (shown["done"], shown["credited"], shown["expect"]) == (True, "2026-03-20", 100.0)  # type: ignore[call-overload]


def test_a_second_import_changes_nothing(plat: Run, tmp_path: Path, datafile: Path) -> None:
    text = csv_text("extended", [SHOES, FEE, CREDIT, OTHER])
    csv = write(tmp_path, text)
    assert plat("statement", "import", csv, "--as-of", "2026-04-05").returncode == 0
    first, backup = datafile.read_bytes(), (datafile.parent / "amex.toml.bak").read_bytes()
    again = plat("statement", "import", "-", "--as-of", "2026-04-05", "--json", input=text)
    assert again.returncode == 0, again.stderr
    assert datafile.read_bytes() == first
    assert (datafile.parent / "amex.toml.bak").read_bytes() == backup  # not even rewritten
    assert {(i["kind"], i["status"]) for i in items(again)} == {
        ("annual-fee", "known"), ("credit", "known"), ("unmapped", None),
    }  # fmt: skip


def test_rows_without_a_reference_are_recognised_by_date_amount_and_description(
    plat: Run, tmp_path: Path, datafile: Path
) -> None:
    basic = write(tmp_path, csv_text("basic", [FEE, CREDIT]))
    assert plat("statement", "import", basic, "--as-of", "2026-04-05").returncode == 0
    first = datafile.read_bytes()
    assert b"320260" not in first  # the basic download has no reference
    r = plat("statement", "import", basic, "--as-of", "2026-04-05", "--json")
    assert datafile.read_bytes() == first
    assert {i["status"] for i in items(r)} == {"known"}


def test_refunds_and_payments_do_not_keep_a_promise(
    plat: Run, tmp_path: Path, datafile: Path
) -> None:
    csv = write(tmp_path, csv_text("basic", [SHOES, SHOES_BACK, PAYMENT]))
    before = stored(datafile)
    r = plat("statement", "import", csv, "--as-of", "2026-03-31", "--json")
    assert r.returncode == 0, r.stderr
    assert items(r) == []
    assert stored(datafile) == before


def test_an_overdue_promise_is_exit_1_with_the_ref_to_quote(plat: Run, tmp_path: Path) -> None:
    csv = write(tmp_path, csv_text("basic", [FEE, PAYMENT]))
    r = plat("statement", "import", csv, "--as-of", "2026-04-02")
    assert r.returncode == 1
    [overdue] = [line.split("\t") for line in r.stdout.splitlines() if line.startswith("overdue")]
    assert overdue[1:4] == ["plat", "2026-04-01", ""]
    assert overdue[5] == "A1B2C3" and "quote reference A1B2C3" in overdue[6]
    assert r.stderr == "amex: 1 promise overdue: call back.\n"
    nxt = plat("next", "--as-of", "2026-04-02", "--json")
    [follow] = [i for i in json.loads(nxt.stdout) if i["ref"] == "A1B2C3"]
    assert "No credit of $100.00" in follow["what"]


def test_a_row_for_a_card_with_no_last5_is_reported_never_guessed(
    plat: Run, tmp_path: Path, datafile: Path
) -> None:
    assert plat("cards", "add", "gold", "--product", "Gold Card").returncode == 0
    before = datafile.read_bytes()
    csv = write(tmp_path, csv_text("basic", [OTHER, {**CREDIT, "Account #": "-54321"}]))
    r = plat("statement", "import", csv, "--as-of", "2026-03-31", "--json")
    assert r.returncode == 0
    [unmapped] = items(r)
    assert unmapped["kind"] == "unmapped" and "ending 54321" in str(unmapped["what"])
    assert unmapped["command"] == "amex cards edit KEY --last5 54321"
    assert "ending 54321" in r.stderr and r.stderr.startswith("amex: warning:")
    assert datafile.read_bytes() == before  # the credit was not given to plat's promise


def test_a_file_without_an_account_column_needs_card(
    plat: Run, tmp_path: Path, datafile: Path
) -> None:
    csv = write(tmp_path, csv_text("extended-no-account", [FEE, CREDIT]))
    r = plat.rejected(datafile, "statement", "import", csv)
    assert "--card KEY" in r.stderr
    plat.rejected(datafile, "statement", "import", csv, "--card", "nope")
    r = plat("statement", "import", csv, "--card", "plat", "--as-of", "2026-04-05", "--json")
    assert r.returncode == 0, r.stderr
    assert {i["kind"] for i in items(r)} == {"annual-fee", "credit"}


def test_a_fee_month_that_disagrees_is_reported_with_the_fix(
    plat: Run, tmp_path: Path, datafile: Path
) -> None:
    late = {**FEE, "Date": "04/15/2026"}
    csv = write(tmp_path, csv_text("basic", [late]))
    r = plat("statement", "import", csv, "--as-of", "2026-03-31", "--json")
    [fee, month] = items(r)
    assert (fee["kind"], month["kind"]) == ("annual-fee", "fee-month")
    assert month["command"] == "amex cards edit plat --fee-month 4"
    assert "month 4" in str(month["what"]) and "is 3" in str(month["what"])
    after_closing = {**FEE, "Date": "03/16/2026", "Reference": "'320260750000000009'"}
    csv = write(tmp_path, csv_text("extended", [after_closing]), "after.csv")
    r = plat("statement", "import", csv, "--as-of", "2026-03-31", "--json")
    assert [i["command"] for i in items(r) if i["kind"] == "fee-month"] == [
        "amex cards edit plat --fee-month 4"
    ]  # closing day 15: a fee dated the 16th is on April's statement
    assert plat("cards", "edit", "plat", "--fee-month", "4").returncode == 0
    assert plat("cards", "show", "plat", "--json").stdout.count('"fee_posted": "2026-04-15"') == 1


def test_fee_patterns_are_the_card_s_own_and_empty_restores_the_defaults(
    plat: Run, tmp_path: Path, datafile: Path
) -> None:
    own = row("03/15/2026", "PLATINUM CARD FEE", "695.00")
    csv = write(tmp_path, csv_text("basic", [own, FEE]))
    assert plat("cards", "edit", "plat", "--fee-pattern", "platinum  card fee").returncode == 0
    assert stored(datafile)["cards"]["plat"]["fee_patterns"] == ["platinum card fee"]  # type: ignore[index]
    r = plat("statement", "import", csv, "--dry-run", "--as-of", "2026-03-16", "--json")
    assert [i["amount"] for i in items(r) if i["kind"] == "annual-fee"] == [695.0]
    assert [i["date"] for i in items(r) if i["kind"] == "annual-fee"] == ["2026-03-15"]
    assert plat("cards", "edit", "plat", "--fee-pattern", "").returncode == 0
    assert "fee_patterns" not in stored(datafile)["cards"]["plat"]  # type: ignore[operator]
    plat.rejected(datafile, "cards", "edit", "plat", "--fee-pattern", "x", "--fee-pattern", " ")
    plat.rejected(datafile, "cards", "edit", "plat", "--fee-pattern", "3782 822463 10005")


def test_dry_run_writes_nothing_and_says_so_on_a_terminal(
    plat: Run, tmp_path: Path, datafile: Path
) -> None:
    before = datafile.read_bytes()
    csv = write(tmp_path, csv_text("extended", [FEE, CREDIT]))
    r = plat("statement", "import", csv, "--dry-run", "--as-of", "2026-04-05")
    assert (r.returncode, r.stderr) == (0, "")
    assert [line.split("\t")[:5] for line in r.stdout.splitlines()] == [
        ["annual-fee", "plat", "2026-03-15", "695.00", "new"],
        ["credit", "plat", "2026-03-20", "-100.00", "new"],
    ]
    assert datafile.read_bytes() == before
    code, screen = plat.tty("statement", "import", csv, "--dry-run", "--as-of", "2026-04-05")
    assert code == 0
    assert "Dry run: nothing was written." in screen and "Read 2 rows" in screen
    assert datafile.read_bytes() == before


def test_malformed_file_names_the_row_and_writes_nothing(
    plat: Run, tmp_path: Path, datafile: Path
) -> None:
    bad = {**CREDIT, "Amount": "1.2.3"}
    csv = write(tmp_path, csv_text("extended", [FEE, bad], blank_lines=2))
    r = plat.rejected(datafile, "statement", "import", csv)
    assert r.stderr.startswith("amex: line ") and "'1.2.3' is not an amount" in r.stderr
    no_header = write(tmp_path, csv_text("basic", [FEE], header=False), "h.csv")
    r = plat.rejected(datafile, "statement", "import", no_header)
    assert "header" in r.stderr and len(r.stderr.splitlines()) <= 2
    plat.rejected(datafile, "statement", "import", str(tmp_path / "missing.csv"))
    plat.rejected(datafile, "statement", "import", "-")  # empty stdin
    for amount in ("0", "-5", "abc", "1.234"):
        plat.rejected(datafile, "log", "edit", "A1B2C3", "--expect", amount)


def test_a_corrupt_data_file_is_exit_3_and_untouched(
    plat: Run, tmp_path: Path, datafile: Path
) -> None:
    datafile.write_text("[cards.plat\n")
    csv = write(tmp_path, csv_text("basic", [FEE]))
    r = plat("statement", "import", csv)
    assert r.returncode == 3 and datafile.read_text() == "[cards.plat\n"
    assert plat("statement", "import", csv, "--dry-run").returncode == 3


def test_a_bom_and_blank_lines_and_a_pipe_without_colour(plat: Run, tmp_path: Path) -> None:
    text = csv_text("basic", [FEE], blank_lines=3, bom=True)
    r = plat("statement", "import", "-", "--as-of", "2026-03-16", input=text,
             env={"TERM": "xterm-256color"})  # fmt: skip
    assert r.returncode == 0 and ANSI not in r.stdout
    assert r.stdout.startswith("annual-fee\tplat\t2026-03-15\t695.00\tnew\t")


def test_card_numbers_and_names_in_the_download_never_reach_the_file(
    plat: Run, tmp_path: Path, datafile: Path
) -> None:
    card = "3782 822463 10005"
    rows = [
        {**FEE, "Account #": "-12345", "Description": f"ANNUAL MEMBERSHIP FEE {card}",
         "Reference": "'378282246310005'"},
        {**CREDIT, "Extended Details": f"card {card}"},
    ]  # fmt: skip
    csv = write(tmp_path, csv_text("extended", rows))
    assert plat("statement", "import", csv, "--as-of", "2026-04-05").returncode == 0
    text = datafile.read_text()
    for secret in ("378282246310005", "822463", NAME, "MAIN ST", "NEW YORK", "COURTESY"):
        assert secret not in text


def test_offer_and_benefit_credits_are_recorded_once(
    plat: Run, tmp_path: Path, datafile: Path
) -> None:
    added = plat("offers", "add", "plat", "--merchant", "Saks", "--credit", "$50",
                 "--expires", "2026-03-31", "--as-of", "2026-02-01")  # fmt: skip
    assert added.returncode == 0, added.stderr
    offer = added.stdout.strip()
    r = plat("benefits", "add", "plat", "Uber Cash", "--amount", "15", "--every", "month",
             "--match", "uber")  # fmt: skip
    assert r.returncode == 0, r.stderr
    rows = [
        row("03/01/2026", "SAKS FIFTH AVENUE", "120.00"),
        row("03/03/2026", "SAKS FIFTH AVENUE", "-50.00"),  # the merchant's refund
        row("03/07/2026", "AMEX Offer Credit", "-50.00", details="Amex Offer Credit\nSAKS",
            reference="320260660000000001"),
        row("03/08/2026", "UBER TRIP", "23.10"),
        row("03/09/2026", "Uber Cash", "-15.00", reference="320260680000000002"),
    ]  # fmt: skip
    csv = write(tmp_path, csv_text("extended", rows))
    r = plat("statement", "import", csv, "--as-of", "2026-03-31", "--json")
    assert r.returncode == 0, r.stderr
    assert [(i["kind"], i["date"], i["amount"], i["status"]) for i in items(r)] == [
        ("credit", "2026-03-07", -50.0, "new"), ("credit", "2026-03-09", -15.0, "new"),
    ]  # fmt: skip
    [listed] = items(plat("offers", "list", "--all", "--json"))
    assert listed["used"] == "2026-03-07"
    data = stored(datafile)
    assert data["offers"][offer]["credited"] == 50.0  # type: ignore[index]
    [use] = data["benefits"][next(iter(data["benefits"]))]["uses"].values()  # type: ignore[index,call-overload]
    assert use == {"date": date(2026, 3, 9), "amount": 15.0, "reference": "320260680000000002"}
    first = datafile.read_bytes()
    again = plat("statement", "import", csv, "--as-of", "2026-03-31", "--json")
    assert datafile.read_bytes() == first
    assert [i["status"] for i in items(again)] == ["known", "known"]


def test_an_offer_used_by_hand_keeps_its_day_and_gains_the_credit(
    plat: Run, tmp_path: Path, datafile: Path
) -> None:
    added = plat("offers", "add", "plat", "--merchant", "Saks", "--credit", "50",
                 "--expires", "2026-03-31", "--as-of", "2026-02-01")  # fmt: skip
    offer = added.stdout.strip()
    assert plat("offers", "used", offer, "--date", "2026-03-01").returncode == 0
    late = row("07/01/2026", "AMEX Offer Credit", "-50.00", details="SAKS")  # past 03-31 + 90
    csv = write(tmp_path, csv_text("extended", [FEE, late]))
    r = plat("statement", "import", csv, "--as-of", "2026-07-02", "--json")
    assert r.returncode == 1 and "1 offer credit overdue" in r.stderr
    [overdue] = [i for i in items(r) if i["kind"] == "overdue" and i["ref"] is None]
    assert "used on 2026-03-01" in str(overdue["what"]) and overdue["date"] == "2026-06-29"
    ontime = row("03/30/2026", "AMEX Offer Credit", "-50.00", details="SAKS")
    csv = write(tmp_path, csv_text("extended", [ontime]), "ontime.csv")
    r = plat("statement", "import", csv, "--as-of", "2026-03-31", "--json")
    assert r.returncode == 0, r.stderr
    table = stored(datafile)["offers"][offer]  # type: ignore[index]
    assert (table["used"], table["credited"]) == (date(2026, 3, 1), 50.0)


def test_a_recorded_fee_posting_moves_the_refund_window_everywhere(
    plat: Run, tmp_path: Path
) -> None:
    before = json.loads(plat("eligibility", "plat", "--as-of", "2026-04-20", "--json").stdout)
    assert before["fee_statement"] == "2027-03-15"  # the estimate: March's window has closed
    late = {**FEE, "Date": "04/15/2026"}
    csv = write(tmp_path, csv_text("extended", [late]))
    assert plat("statement", "import", csv, "--as-of", "2026-04-20").returncode == 1  # A1B2C3
    after = json.loads(plat("eligibility", "plat", "--as-of", "2026-04-20", "--json").stdout)
    assert (after["fee_statement"], after["refund_deadline"]) == ("2026-04-15", "2026-05-15")
    nxt = json.loads(plat("next", "--as-of", "2026-04-20", "--json").stdout)
    assert [i["date"] for i in nxt if i["kind"] == "annual-fee"] == ["2026-04-15"]


def test_a_date_or_an_amount_the_data_file_would_refuse_is_refused_here(
    plat: Run, tmp_path: Path, datafile: Path
) -> None:
    for line in ("03/15/0100,ANNUAL MEMBERSHIP FEE,J,-12345,695.00",
                 '03/15/2026,ANNUAL MEMBERSHIP FEE,J,-12345,"1,000,000,000.00"'):  # fmt: skip
        text = f"Date,Description,Card Member,Account #,Amount\n{line}\n"
        r = plat.rejected(datafile, "statement", "import", write(tmp_path, text))
        assert r.stderr.startswith("amex: line 2: ") and "Nothing was imported." in r.stderr
    assert plat("cards", "show", "plat").returncode == 0  # the file is as good as before


def test_reading_stdin_on_a_terminal_says_what_it_waits_for(plat: Run) -> None:
    code, screen = plat.tty("statement", "import", "-", "--card", "plat", typed="\x04")
    assert code == 2, screen
    assert "reading the CSV from the terminal: paste it, then Ctrl-D" in screen
    assert "the file is empty" in screen
