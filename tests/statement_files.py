"""Amex "Download activity" CSV files, written the way the tests need them."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence

from amexcli.statement import VARIANTS

NAME = "JANE Q CARDMEMBER"
FEES = "Fees & Adjustments-Fees & Adjustments"  # where Amex files its own fees and credits
ADDRESS = "1 MAIN ST, APT 4\nNEW YORK"


def row(
    when: str,
    description: str,
    amount: str,
    *,
    account: str = "-12345",
    reference: str | None = None,
    details: str = "",
    member: str = NAME,
    address: str = ADDRESS,
    category: str = "Merchandise & Supplies-Clothing Stores",
) -> dict[str, str]:
    """One transaction as Amex writes it: the reference wrapped in apostrophes."""
    return {
        "Date": when,
        "Description": description,
        "Card Member": member,
        "Account #": account,
        "Amount": amount,
        "Extended Details": details,
        "Appears On Your Statement As": description,
        "Address": address,
        "City/State": "NEW YORK\nNY",
        "Zip Code": "10001",
        "Country": "UNITED STATES",
        "Reference": f"'{reference}'" if reference else "",
        "Category": category,
    }


def csv_text(
    variant: str,
    rows: Sequence[Mapping[str, str]],
    *,
    blank_lines: int = 0,
    bom: bool = False,
    newline: str = "\r\n",
    header: bool = True,
    quote_all: bool = False,
) -> str:
    """A download in one of the header variants (VARIANTS), as text."""
    columns = VARIANTS[variant]
    out = io.StringIO()
    writer = csv.writer(
        out, lineterminator=newline, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL
    )
    out.write(newline * blank_lines)
    if header:
        writer.writerow(columns)
    for r in rows:
        writer.writerow([r.get(c, "") for c in columns])
    return ("\ufeff" if bom else "") + out.getvalue()
