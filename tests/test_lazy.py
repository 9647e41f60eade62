"""`lazy.frozen` is a frozen dataclass to everything that uses one, only cheaper to define:
checked against the real thing."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amexcli.lazy import frozen


@dataclass(frozen=True)
class Real:
    a: int
    b: str = "x"
    c: list[int] = field(default_factory=list, hash=False)
    d: int = field(default=0, compare=False)
    e: int = field(default=1, repr=False)


@frozen
class Lazy:
    a: int
    b: str = "x"
    c: list[int] = field(default_factory=list, hash=False)
    d: int = field(default=0, compare=False)
    e: int = field(default=1, repr=False)


@frozen
class One:
    only: str


values = st.tuples(st.integers(), st.text(max_size=5), st.integers(-2, 2), st.integers(-2, 2))


@given(values, values)
def test_a_record_compares_hashes_and_prints_as_a_frozen_dataclass(
    one: tuple[int, str, int, int], other: tuple[int, str, int, int]
) -> None:
    real = [Real(a, b, [a], d, e) for a, b, d, e in (one, other)]
    lazy = [Lazy(a, b, [a], d, e) for a, b, d, e in (one, other)]
    assert (lazy[0] == lazy[1]) == (real[0] == real[1])
    assert (lazy[0] != lazy[1]) == (real[0] != real[1])
    assert hash(Lazy(one[0], one[1])) == hash(Real(one[0], one[1]))
    assert repr(lazy[0]) == repr(real[0]).replace("Real(", "Lazy(", 1)
    assert dataclasses.asdict(lazy[0]) == dataclasses.asdict(real[0])
    assert lazy[0] != real[0] and lazy[0] != one  # other classes are never equal
    moved = dataclasses.replace(lazy[0], b="moved")
    assert (moved.a, moved.b, moved.d, moved.e) == (one[0], "moved", one[2], one[3])


def test_a_record_takes_arguments_as_a_dataclass_does() -> None:
    assert Lazy(1) == Lazy(a=1, b="x", c=[], d=5, e=1)  # d is not compared
    first, second = Lazy(1), Lazy(1)
    assert first.c == [] and first.c is not second.c  # a fresh default per record
    assert [f.name for f in dataclasses.fields(Lazy)] == ["a", "b", "c", "d", "e"]
    assert dataclasses.is_dataclass(Lazy) and Lazy.__dataclass_params__.frozen  # type: ignore[attr-defined]
    for bad in ((), (1, "b", [], 0, 1, "extra")):
        with pytest.raises(TypeError):
            Lazy(*bad)
    with pytest.raises(TypeError):
        Lazy(1, nope=2)  # type: ignore[call-arg]
    assert One("x") == One(only="x") and hash(One("x")) == hash(("x",))


def test_a_record_cannot_be_changed() -> None:
    record = Lazy(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        record.a = 2  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        del record.a  # type: ignore[misc]
    assert record.a == 1


def test_what_frozen_does_not_do_it_refuses() -> None:
    with pytest.raises(TypeError, match="__post_init__"):

        @frozen
        class Posted:
            a: int

            def __post_init__(self) -> None: ...

    with pytest.raises(TypeError, match="kw_only"):

        @frozen
        class KeywordOnly:
            a: int = field(kw_only=True)
