"""No card number reaches the file, whatever way the text comes in: typed (log, offers,
retention, benefits), `log import`, `data merge` and git's merge driver; the editor's changes go
through `log edit`'s typed path. Merges say so on stderr, as the others do."""

from __future__ import annotations

import json
import tomllib
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amexcli import redact

SEPARATORS = [".", " ", "\u00a0", "-", "\u2013", "\u2009", " - ", "/"]


def luhn_complete(body: str) -> str:
    for check in "0123456789":
        if redact.luhn_valid(body + check):
            return body + check
    raise AssertionError(body)


@st.composite
def card_numbers(draw: st.DrawFn) -> tuple[str, str]:
    """(digits, as written): a Luhn-valid Amex number split by odd separators."""
    body = "3" + draw(st.sampled_from("47")) + draw(st.text("0123456789", min_size=12, max_size=12))
    digits = luhn_complete(body)
    cuts = sorted(draw(st.sets(st.integers(1, 14), max_size=4)))
    parts = [digits[a:b] for a, b in zip([0, *cuts], [*cuts, 15], strict=True)]
    written = parts[0]
    for part in parts[1:]:
        written += draw(st.sampled_from(SEPARATORS)) + part
    return digits, written


def strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield str(k)
            yield from strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from strings(v)


def assert_masked(path: Path, digits: str) -> None:
    text = path.read_text("utf-8")
    assert digits not in "".join(c for c in text if c.isdigit()), text
    doc = tomllib.loads(text)
    leaks = [s for s in strings(doc) if redact.card_numbers(s)]
    assert leaks == [], leaks


def start(cli: Callable[..., Any], file: Path) -> None:
    for args in (
        ["cards", "add", "plat", "--product", "Platinum Card", "--opened", "2024-01-10"],
        ["log", "add", "R1", "--summary", "first"],
    ):
        r = cli("--file", str(file), *args)
        assert r.exit_code == 0, r.output


def other_copy(file: Path, text: str, dest: Path) -> Path:
    """A hand-edited copy of `file` with `text` in every kind of text field."""
    doc = tomllib.loads(file.read_text("utf-8"))
    doc["calls"]["R2"] = {"at": "2026-12-01T10:00:00", "summary": text, "rep": text}
    doc["calls"]["R3 " + text] = {"at": "2026-12-01T11:00:00", "promise": text}
    doc.setdefault("offers", {})["o1"] = {
        "card": "plat", "merchant": text, "credit": "10", "expires": "2027-01-01",
    }  # fmt: skip
    doc.setdefault("retention", {})["r1"] = {"card": "plat", "date": "2026-01-01", "offer": text}
    doc.setdefault("benefits", {})["b1"] = {
        "card": "plat", "name": text, "note": text, "amount": "10", "every": "year",
    }  # fmt: skip
    dest.write_text(tomli_w.dumps(doc), "utf-8")
    return dest


def through_typing(cli: Callable[..., Any], file: Path, text: str) -> None:
    f = ["--file", str(file)]
    for args in (
        ["log", "add", "T1", "--summary", text, "--rep", text],
        ["log", "edit", "R1", "--summary", text],
        ["offers", "add", "plat", "--merchant", text, "--credit", "10", "--note", text],
        ["retention", "add", "plat", "--date", "2026-01-01", "--accepted", "--offer", text],
        ["benefits", "add", "plat", text, "--amount", "10", "--every", "year",
         "--note", text, "--match", text],
    ):  # fmt: skip
        r = cli(*f, *args)
        assert r.exit_code == 0, (args, r.output)


def through_import(cli: Callable[..., Any], file: Path, text: str) -> None:
    rows = [{"ref": "I1", "at": "2026-12-01T10:00", "summary": text, "rep": text}]
    r = cli("--file", str(file), "log", "import", "-", input=json.dumps(rows))
    assert r.exit_code == 0, r.output


def through_merge(cli: Callable[..., Any], file: Path, text: str) -> None:
    other = other_copy(file, text, file.with_name("other.toml"))
    r = cli("--file", str(file), "data", "merge", str(other), "--yes")
    assert r.exit_code in (0, 1), r.output
    assert "held a card number" in r.stderr


def through_merge_driver(cli: Callable[..., Any], file: Path, text: str) -> None:
    base = file.with_name("base.toml")
    base.write_bytes(file.read_bytes())
    theirs = other_copy(file, text, file.with_name("theirs.toml"))
    r = cli("data", "merge-driver", str(base), str(file), str(theirs))
    assert r.exit_code in (0, 1), r.output
    assert "held a card number" in r.stderr


PATHS = [through_typing, through_import, through_merge, through_merge_driver]


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    number=card_numbers(),
    around=st.sampled_from(["{}", "card {} on file", "x{}y", "call re {}."]),
    entry=st.sampled_from(PATHS),
)
def test_a_card_number_never_reaches_the_file(
    cli: Callable[..., Any], tmp_path: Path, number: tuple[str, str], around: str, entry: Any
) -> None:
    digits, written = number
    file = tmp_path / uuid.uuid4().hex / "amex.toml"
    file.parent.mkdir()
    start(cli, file)
    entry(cli, file, around.format(written))
    assert_masked(file, digits)


def test_merge_masks_other_and_says_so(cli: Callable[..., Any], tmp_path: Path) -> None:
    file = tmp_path / "amex.toml"
    start(cli, file)
    number = "3782\u00a0822463\u00a010005"
    through_merge(cli, file, f"card {number}")
    assert_masked(file, "378282246310005")
    doc = tomllib.loads(file.read_text("utf-8"))
    assert doc["offers"]["o1"]["merchant"] == "card xxxx\u00a0xxxxxx\u00a010005"


def test_merge_driver_masks_and_says_so(cli: Callable[..., Any], tmp_path: Path) -> None:
    file = tmp_path / "amex.toml"
    start(cli, file)
    through_merge_driver(cli, file, "3782-822463-10005")
    assert_masked(file, "378282246310005")
