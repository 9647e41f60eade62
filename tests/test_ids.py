"""Record ids: short, lowercase Crockford base32, sortable by time, and not a counter."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from amexcli import ids

# 1970 to 3000, in seconds
times = st.floats(min_value=0, max_value=32_503_680_000, allow_nan=False)


def test_shape() -> None:
    made = ids.new_id()
    assert len(made) == ids.LENGTH == 13
    assert ids.is_id(made)
    assert set(made) <= set(ids.ALPHABET)
    assert not set(made) & set("ilou")


@given(times, times, st.binary(min_size=3, max_size=3), st.binary(min_size=3, max_size=3))
def test_later_ids_sort_after_earlier_ones(a: float, b: float, ra: bytes, rb: bytes) -> None:
    first = ids.new_id(now=a, entropy=ra)
    second = ids.new_id(now=b, entropy=rb)
    if int(a * 1000) < int(b * 1000):
        assert first < second
    assert ids.is_id(first) and ids.is_id(second)


def test_two_machines_in_the_same_millisecond_differ() -> None:
    made = {ids.new_id(now=1_700_000_000.0) for _ in range(200)}
    assert len(made) == 200


def test_known_value() -> None:
    # 2026-01-01T00:00:00Z and entropy 0: the time part alone, zero-padded
    assert ids.new_id(now=1_767_225_600, entropy=b"\0\0\0") == "1kdvdna000000"


@given(st.text(alphabet=ids.ALPHABET, min_size=13, max_size=13))
def test_normalize_reads_what_people_type(made: str) -> None:
    typed = made.upper().replace("0", "O").replace("1", "l")
    assert ids.normalize(f" {typed} ") == made


def test_stable_id_is_the_same_for_the_same_record_and_differs_for_another() -> None:
    a = ids.stable_id(seconds=1_700_000_000, content="plat 2025-03-20 accepted")
    assert a == ids.stable_id(seconds=1_700_000_000, content="plat 2025-03-20 accepted")
    assert a != ids.stable_id(seconds=1_700_000_000, content="plat 2025-03-20 declined")
    assert ids.is_id(a)
