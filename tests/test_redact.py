"""Card numbers never reach the disk: the masking rule as properties over numbers people type.

The generators draw real card numbers: every network's prefixes and lengths, Luhn-valid or with
a typo, grouped as printed on the card or anyhow, with every separator a person types, inside
arbitrary text. A masker that does nothing fails every one of them.
"""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from amexcli.redact import card_numbers, luhn_valid, mask, mask_document, mask_fields

# (prefixes, length) per network, as the README states the rule.
NETWORKS = {
    "amex": (["34", "37"], 15),
    "visa": (["4"], 16),
    "mastercard": (
        [str(p) for p in range(51, 56)] + [str(p) for p in range(2221, 2721)],
        16,
    ),
    "discover": (["6011", "65"] + [str(p) for p in range(644, 650)], 16),
}
SEPARATORS = [
    "", " ", "-", ".", "/", "  ", "\u00a0", "\u202f", "\u2009", "\u2013", "\u2014", "\n",
    "\r\n", " - ", "_", "\t", "\u3000",
]  # fmt: skip


@st.composite
def card_number(draw: st.DrawFn, *, luhn: bool | None = None) -> str:
    """A card number's digits: a network's prefix and length, Luhn-valid unless a typo."""
    prefixes, length = NETWORKS[draw(st.sampled_from(sorted(NETWORKS)))]
    prefix = draw(st.sampled_from(prefixes))
    body = prefix + draw(st.text("0123456789", min_size=length - len(prefix) - 1,
                                 max_size=length - len(prefix) - 1))  # fmt: skip
    valid = next(body + d for d in "0123456789" if luhn_valid(body + d))
    if luhn is None:
        luhn = draw(st.booleans())
    if luhn:
        return valid
    return valid[:-1] + str((int(valid[-1]) + draw(st.integers(1, 9))) % 10)  # one typo


@st.composite
def typed(draw: st.DrawFn, number: str) -> str:
    """`number` as a person types it: as printed (4-6-5, 4-4-4-4), in other groups, or bare."""
    sep = draw(st.sampled_from(SEPARATORS))
    style = draw(st.sampled_from(["printed", "random", "bare"]))
    if style == "bare" or not sep:
        return number
    if style == "printed":
        sizes = [4, 6, 5] if len(number) == 15 else [4, 4, 4, 4]
    else:
        sizes, left = [], len(number)
        while left:
            sizes.append(draw(st.integers(1, left)))
            left -= sizes[-1]
    groups, at = [], 0
    for size in sizes:
        groups.append(number[at : at + size])
        at += size
    return sep.join(groups)


around = st.text(max_size=30)


@st.composite
def text_with_card(draw: st.DrawFn) -> tuple[str, str]:
    """Arbitrary text holding a typed card number, and the number's digits.

    Whatever comes before ends in a non-digit, so the number starts where a person sees one
    start; what follows may be anything, a stray digit included.
    """
    number = draw(card_number())
    before, after = draw(around), draw(around)
    glue = draw(st.sampled_from([" ", ": ", "\n", "#", "card "]))
    return f"{before}{glue}{draw(typed(number))}{after}", number


def leaks(masked: str, number: str) -> bool:
    """Whether the masked text still shows more than the number's last five digits."""
    digits = re.sub(r"\D", "", masked)
    return number[:-5] in digits or number[:10] in digits


@given(text_with_card())
def test_a_typed_card_number_in_any_text_is_masked(case: tuple[str, str]) -> None:
    text, number = case
    masked, count = mask(text)
    assert count >= 1
    assert not leaks(masked, number), (text, masked)
    assert card_numbers(masked) == []
    assert mask(masked)[0] == masked  # masking twice changes nothing
    assert len(masked) == len(text)


@given(card_number(), st.sampled_from(SEPARATORS))
def test_the_last_five_digits_are_kept(number: str, sep: str) -> None:
    masked, count = mask(f"card {sep.join(re.findall('.{1,4}', number))} thanks")
    assert count == 1
    assert re.sub(r"[^\dx]", "", masked) == "x" * (len(number) - 5) + number[-5:]


@given(card_number(luhn=False))
def test_a_number_with_a_typo_is_masked_too(number: str) -> None:
    assert mask(number) == ("x" * (len(number) - 5) + number[-5:], 1)


@given(card_number(), st.integers(0, 9), st.sampled_from([" ", "", "-"]))
def test_a_stray_digit_beside_the_number_is_masked_with_it(
    number: str, stray: int, sep: str
) -> None:
    for text in (f"read it {number}{sep}{stray} times", f"read it {stray} {number} times"):
        masked, count = mask(text)
        assert count == 1
        assert not leaks(masked, number), (text, masked)


@given(st.text(max_size=60))
def test_masking_never_leaves_a_card_number(text: str) -> None:
    masked, _ = mask(text)
    assert card_numbers(masked) == []
    assert len(masked) == len(text)


def test_examples() -> None:
    assert mask("card 3782 822463 10005 thanks") == ("card xxxx xxxxxx 10005 thanks", 1)
    assert mask("4111-1111-1111-1111") == ("xxxx-xxxx-xxx1-1111", 1)
    assert mask("read it 378282246310005 3 times") == ("read it xxxxxxxxxxx0005 3 times", 1)
    assert mask("3782.822463.10005") == ("xxxx.xxxxxx.10005", 1)
    assert mask("3782\n822463\n10005") == ("xxxx\nxxxxxx\n10005", 1)
    assert mask("378282246310006") == ("xxxxxxxxxx10006", 1)  # fails Luhn: masked anyway


def test_what_is_not_a_card_number() -> None:
    for text in (
        "ref 12345678901234567890",  # starts like no network
        "call 1-800-528-4800 or 1-336-393-1111",
        "2026-03-20 2026-03-21 2026-03-22",  # dates in a row
        "order 1234 5678 9012 3456",
        "A1B2C3",
        "41111 1111 1111",  # 14 digits
    ):
        assert mask(text) == (text, 0), text


def test_a_security_code_after_its_name_is_masked() -> None:
    assert mask("CID 1234") == ("CID xxxx", 1)
    assert mask("the cvv: 123, thanks") == ("the cvv: xxx, thanks", 1)
    assert mask("Security code is 9876") == ("Security code is xxxx", 1)
    assert mask("CVV2 #456") == ("CVV2 #xxx", 1)
    assert mask("1234 was the CID") == ("1234 was the CID", 0)  # only after the word


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
    text = "new 4111-1111-1111-1111, old 3782 822463 10005, not 1234 5678 9012 3456 nor 1234"
    assert card_numbers(text) == ["4111-1111-1111-1111", "3782 822463 10005"]
    assert card_numbers("no numbers here") == []


def test_mask_counts_every_code_and_number() -> None:
    text = "CID 1234, then cvv: 567, card 4111 1111 1111 1111"
    assert mask(text) == ("CID xxxx, then cvv: xxx, card xxxx xxxx xxx1 1111", 3)


AMEX = "378282246310005"  # Amex's published test number: Luhn-valid


def test_mask_document_masks_every_text_and_names_each_place() -> None:
    doc = {
        "schema_version": 2,
        "calls": {
            "A1": {"summary": f"card {AMEX}", "tags": ["x", AMEX, 3], "rep": "Dana"},
            "B2": {"summary": "nothing here", "at": 5},
        },
        7: "a key that is not text",
    }
    masked, found = mask_document(doc)
    assert masked == {
        "schema_version": 2,
        "calls": {
            "A1": {
                "summary": "card xxxxxxxxxx10005",
                "tags": ["x", "xxxxxxxxxx10005", 3],
                "rep": "Dana",
            },
            "B2": {"summary": "nothing here", "at": 5},
        },
        7: "a key that is not text",
    }
    assert found == ["calls.A1.summary", "calls.A1.tags[1]"]
    assert doc["calls"]["A1"]["summary"] == f"card {AMEX}"  # a copy: the original is untouched


def test_mask_document_masks_keys_and_never_lets_two_meet() -> None:
    doc = {
        "calls": {
            AMEX: {"rep": "Dana"},
            "xxxxxxxxxx10005": {"rep": "Kim"},  # what the first key masks to: both are kept
            "4111.1111.1111.1111": {"rep": "Lee"},
        }
    }
    masked, found = mask_document(doc)
    assert masked == {
        "calls": {
            "xxxxxxxxxx10005 (2)": {"rep": "Dana"},
            "xxxxxxxxxx10005": {"rep": "Kim"},
            "xxxx.xxxx.xxx1.1111": {"rep": "Lee"},
        }
    }
    # each place named as it is now called, the renamed key with its suffix
    assert found == [
        "calls.xxxxxxxxxx10005 (2) (its key)",
        "calls.xxxx.xxxx.xxx1.1111 (its key)",
    ]


def test_mask_document_of_a_list_of_tables_names_the_index() -> None:
    masked, found = mask_document({"Xrows": [{"a": "x"}, {"a": AMEX}], f"X{AMEX}": 1})
    assert masked == {"Xrows": [{"a": "x"}, {"a": "xxxxxxxxxx10005"}], "Xxxxxxxxxxx10005": 1}
    assert found == ["Xrows[1].a", "Xxxxxxxxxxx10005 (its key)"]  # nothing but the dot cut


def test_mask_document_counts_the_suffix_up_past_every_key_taken() -> None:
    doc = {AMEX: 1, "xxxxxxxxxx10005": 2, "xxxxxxxxxx10005 (2)": 3}
    masked, found = mask_document(doc)
    assert masked == {"xxxxxxxxxx10005 (3)": 1, "xxxxxxxxxx10005": 2, "xxxxxxxxxx10005 (2)": 3}
    assert found == ["xxxxxxxxxx10005 (3) (its key)"]
