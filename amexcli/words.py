"""Counted nouns, as a person writes them: `1 retention record`, `5 events`."""


def plural(n: int, noun: str, many: str | None = None) -> str:
    """`n` and `noun`, or `many` (default noun + s) when n is not 1."""
    return f"{n} {noun if n == 1 else many or noun + 's'}"


def listed(parts: list[str]) -> str:
    """`a`, `a and b`, `a, b and c`."""
    if len(parts) < 2:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]
