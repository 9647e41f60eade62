"""Card numbers never reach the disk: detection and masking as properties."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from amexcli.redact import card_numbers, luhn_valid, mask, mask_fields


def with_check_digit(body: str) -> str:
    """`body` plus the digit that makes it Luhn-valid."""
    return next(body + d for d in "0123456789" if luhn_valid(body + d))


card_bodies = st.one_of(
    st.text("0123456789", min_size=14, max_size=14), st.text("0123456789", min_size=15, max_size=15)
).map(with_check_digit)
separators = st.sampled_from(["", " ", "-"])


def spaced(number: str, sep: str) -> str:
    groups = (
        [number[:4], number[4:10], number[10:]] if len(number) == 15 else re.findall(".{4}", number)
    )
    return sep.join(groups)


@given(card_bodies, separators, st.text(alphabet="abc XYZ,.é", max_size=20))
def test_a_card_number_is_masked_keeping_the_last_five(number: str, sep: str, around: str) -> None:
    text = f"{around} {spaced(number, sep)} {around}"
    masked, count = mask(text)
    assert count == 1
    # `around` holds no digit and no x: what is left of the number is x's and its last five
    assert re.sub(r"[^\dx]", "", masked) == "x" * (len(number) - 5) + number[-5:]
    assert card_numbers(masked) == []
    assert mask(masked) == (masked, 0)  # masking twice changes nothing


@given(st.text(max_size=60))
def test_masking_never_leaves_a_card_number(text: str) -> None:
    masked, _ = mask(text)
    assert card_numbers(masked) == []
    assert len(masked) == len(text)


@given(card_bodies)
def test_one_wrong_digit_is_not_a_card_number(number: str) -> None:
    wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
    assert mask(wrong) == (wrong, 0)


def test_examples() -> None:
    assert mask("card 3782 822463 10005 thanks") == ("card xxxx xxxxxx 10005 thanks", 1)
    assert mask("4111-1111-1111-1111") == ("xxxx-xxxx-xxx1-1111", 1)
    assert mask("ref 12345678901234567890") == ("ref 12345678901234567890", 0)  # too long
    assert mask("call 1-800-528-4800") == ("call 1-800-528-4800", 0)


def test_mask_counts_every_number_and_mask_fields_names_each_field() -> None:
    text = "old 3782 822463 10005, new 4111111111111111, ref 12345"
    assert mask(text) == ("old xxxx xxxxxx 10005, new xxxxxxxxxxx11111, ref 12345", 2)
    values = {"rep": "Dana", "summary": text, "promise": "call 4111-1111-1111-1111", "expect": 12}
    masked, fields = mask_fields(values)
    assert fields == ["summary", "promise"]
    assert masked == {
        "rep": "Dana",
        "summary": "old xxxx xxxxxx 10005, new xxxxxxxxxxx11111, ref 12345",
        "promise": "call xxxx-xxxx-xxx1-1111",
        "expect": 12,
    }
    assert values["summary"] == text  # the caller's mapping is left as it was


def test_luhn_on_known_numbers() -> None:
    valid = ["378282246310005", "371449635398431", "4111111111111111", "5555555555554444",
             "6011111111111117", "4012888888881881", "0000000000000000"]  # fmt: skip
    assert all(luhn_valid(n) for n in valid)
    assert not any(luhn_valid(n[:-1] + str((int(n[-1]) + d) % 10)) for n in valid for d in (1, 5))


def test_card_numbers_finds_each_number_as_written() -> None:
    text = "new 4111-1111-1111-1111, old 3782 822463 10005, not 4111-1111-1111-1112 nor 1234"
    assert card_numbers(text) == ["4111-1111-1111-1111", "3782 822463 10005"]
    assert card_numbers("no numbers here") == []
