"""Fitting a table to a terminal: identifiers stay whole, free text gives way.

Pure arithmetic on terminal cells (no I/O, no rich), so that every table amex draws is laid out
by the same rule and the rule can be tested at any width:

1. every column at its natural width, if that fits;
2. else identifiers (phone numbers, refs, keys, dates, times, amounts) keep their whole width and
   free-text columns give way, to no less than `COMFORT` cells (or their natural width): `text`
   wraps at word boundaries, `clip` stays on one line and ends in an ellipsis (the command's
   `show`, JSON and plain have it whole);
3. else columns empty in every row drop out, then the command's `drop` columns in its order
   (by default the `extra` columns, last first);
4. else the same with free text down to `FLOOR` cells (or its longest word, up to `WORD`);
5. else one record per block (`Fit.blocks`): a label and a value a line.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Literal

from amexcli.lazy import frozen

Kind = Literal["id", "text", "clip", "extra", "note"]
GAP = 2  # cells between two columns
WORD = 16  # a free-text column narrows to its longest word, at most this long ...
FLOOR = 12  # ... and to no less than this, or a summary becomes a column of single words;
COMFORT = 24  # columns drop out sooner than text goes below this


@frozen
class Fit:
    """The columns shown (indexes into the table's columns) and their widths, or blocks."""

    shown: tuple[int, ...]
    widths: tuple[int, ...]
    blocks: bool = False


def fit(
    headers: Sequence[str],
    cells: Sequence[Sequence[str]],
    kinds: Sequence[Kind],
    width: int,
    *,
    measure: Callable[[str], int] = len,
    drop: Sequence[int] | None = None,
) -> Fit:
    """How to show `cells` (rows of columns) under `headers` in `width` terminal cells;
    `drop`: the columns that give way first, in order (default: `extra` ones, last first)."""
    n = len(headers)
    natural = [
        max([measure(headers[c])] + [_longest_line(r[c], measure) for r in cells]) for c in range(n)
    ]
    for floor in (COMFORT, FLOOR):  # rather drop a column than squeeze text to a sliver
        least = [
            natural[c]
            if kinds[c] == "id"
            else min(natural[c], max(measure(headers[c]), floor))
            if kinds[c] == "clip"
            else min(natural[c], max(measure(headers[c]), _longest_word(cells, c, measure), floor))
            for c in range(n)
        ]
        for shown in _candidates(cells, kinds, drop):
            widths = _widths(shown, natural, least, width - GAP * (len(shown) - 1))
            if widths is not None:
                return Fit(tuple(shown), tuple(widths))
    return Fit(tuple(range(n)), (), blocks=True)


def _candidates(
    cells: Sequence[Sequence[str]], kinds: Sequence[Kind], drop: Sequence[int] | None = None
) -> list[list[int]]:
    """All columns; then without those empty in every row; then without each of `drop` in turn
    (default: each `extra`, last first)."""
    shown = list(range(len(kinds)))
    found = [shown]
    filled = [c for c in shown if any(r[c] for r in cells)]
    if filled != shown:
        found.append(filled)
    if drop is None:
        drop = [c for c in reversed(shown) if kinds[c] == "extra"]
    for c in drop:
        if c in filled:
            filled = [k for k in filled if k != c]
            found.append(filled)
    return [f for f in found if f]


def _widths(
    shown: Sequence[int], natural: Sequence[int], least: Sequence[int], room: int
) -> list[int] | None:
    """Each shown column's width: natural if all fit; else text levelled down; None if too wide."""
    if sum(natural[c] for c in shown) <= room:
        return [natural[c] for c in shown]
    if sum(least[c] for c in shown) > room:
        return None
    # water-filling: the widest text columns give way first, none below its least width
    low, high = 0, max(natural[c] for c in shown)
    while low < high:
        level = (low + high + 1) // 2
        if sum(_level(c, level, natural, least) for c in shown) <= room:
            low = level
        else:
            high = level - 1
    widths = [_level(c, low, natural, least) for c in shown]
    spare = room - sum(widths)
    for i, c in enumerate(shown):  # the cells a whole level could not share out, left first
        if spare and widths[i] < natural[c]:
            widths[i] += 1
            spare -= 1
    return widths


def _level(c: int, level: int, natural: Sequence[int], least: Sequence[int]) -> int:
    return max(least[c], min(natural[c], level))


def _longest_line(cell: str, measure: Callable[[str], int]) -> int:
    return max((measure(line) for line in cell.split("\n")), default=0)


def _longest_word(cells: Sequence[Sequence[str]], c: int, measure: Callable[[str], int]) -> int:
    longest = max((measure(w) for r in cells for w in r[c].split()), default=0)
    return min(longest, WORD)
