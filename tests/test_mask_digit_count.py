"""The digits masked are counted from the digits themselves, never from the text around them:
separators, no-break spaces and escapes (\\u00a0, whose zeros are not the number's) keep the
last five digits of the number shown."""

from __future__ import annotations

from amexcli.redact import mask


def test_a_number_split_by_no_break_spaces_keeps_its_last_five_digits() -> None:
    assert mask("3782\u00a0822463\u00a010005") == ("xxxx\u00a0xxxxxx\u00a010005", 1)


def test_a_number_split_by_escaped_no_break_spaces_keeps_its_last_five_digits() -> None:
    # how a message quoting the input with repr() or JSON shows it
    assert mask("3782\\u00a0822463\\u00a010005") == ("xxxx\\u00a0xxxxxx\\u00a010005", 1)
    assert mask("3782\\xa0822463\\xa010005") == ("xxxx\\xa0xxxxxx\\xa010005", 1)


def test_dots_and_dashes_keep_the_last_five_digits() -> None:
    assert mask("3782.822463.10005") == ("xxxx.xxxxxx.10005", 1)
    assert mask("3782\u2013822463\u201310005") == ("xxxx\u2013xxxxxx\u201310005", 1)
