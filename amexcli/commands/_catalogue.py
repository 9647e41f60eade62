"""The card catalogue as commands read it: the packaged file, and the user's override beside
amex's config (`catalogue.toml` in platformdirs' user config folder), whose cards replace the
packaged cards of the same key."""

from datetime import date
from pathlib import Path

from amexcli import catalogue, output
from amexcli.errors import DataFileError

NAME = "catalogue.toml"
MAX_BYTES = 4 * 1024 * 1024  # a hand-written catalogue is a few kilobytes


def override_path() -> Path:
    import platformdirs

    return platformdirs.user_config_path("amexcli") / NAME


def load() -> catalogue.Catalogue:
    from amexcli import resources

    override = _override()
    try:
        return catalogue.parse(catalogue.merge(resources.load(NAME), override))
    except DataFileError as e:
        if override is None:
            raise
        # the packaged file is checked by the tests: what is wrong is in the user's own
        raise DataFileError(f"{override_path()}: {e} Fix it or move it away.") from None


def _override() -> dict[str, object] | None:
    import os
    import stat

    import tomli

    path = override_path()
    try:  # without blocking: a FIFO put there after any check would hang every command
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except OSError as e:
        raise DataFileError(f"{path}: cannot be read ({e.strerror}).") from e
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # what was opened, not a name
            os.close(fd)
            raise DataFileError(f"{path} is not a regular file: move it away to use the catalogue.")
        with os.fdopen(fd, "rb") as f:
            data = f.read(MAX_BYTES + 1)
        if len(data) > MAX_BYTES:
            raise DataFileError(f"{path} is larger than a catalogue can be (4 MB).")
        return tomli.loads(data.decode("utf-8"))
    except (tomli.TOMLDecodeError, UnicodeDecodeError) as e:
        raise DataFileError(f"{path}: {e}; fix it or move it away.") from e
    except RecursionError:  # tomli's own limit on nested arrays and inline tables
        raise DataFileError(f"{path} nests too deeply; fix it or move it away.") from None
    except OSError as e:
        raise DataFileError(f"{path}: cannot be read ({e.strerror}).") from e


def note_if_stale(cat: catalogue.Catalogue, mode: str, *, today: date) -> None:
    """Once, on a terminal only (piped output carries data only): the catalogue is old."""
    if mode == "table" and cat.stale(today=today):
        output.info(
            f"the card catalogue was last checked on {cat.checked}, over "
            f"{catalogue.STALE_MONTHS} months ago: fees and credits may have changed. "
            f"Correct a card in {override_path()} (see `amex cards catalogue --help`)."
        )


def choose(entry: catalogue.Entry, *, every: bool) -> list[catalogue.Credit]:
    """The credits to add: all with `every`; on a terminal, all, none or some as answered;
    in a pipe, none."""
    from amexcli.commands import _prompt

    if every or not entry.credits:
        return list(entry.credits)
    if not _prompt.on_terminal():
        return []
    listed = "; ".join(f"{c.name} {c.describe()}" for c in entry.credits)
    output.info(f"{entry.name} carries {_credits(len(entry.credits))}: {listed}.")
    answer = _prompt.ask(
        "Add them",
        _prompt.choice(("all", "none", "pick"), "the answer"),
        hint="all, none or pick",
        default="all",
    )
    if answer == "none":
        return []
    if answer == "pick":
        return [c for c in entry.credits if _prompt.yes(f"{c.name}, {c.describe()}?", default=True)]
    return list(entry.credits)


def add_credits(
    doc: dict[str, object],
    *,
    card: str,
    entry: catalogue.Entry,
    credits: list[catalogue.Credit],
) -> tuple[list[str], list[str]]:
    """Write `credits` as the card's benefits; (names added, names the card had already)."""
    from amexcli import benefits, ids, store

    section = store.section(doc, "benefits")
    added: list[str] = []
    had: list[str] = []
    for credit in credits:
        existing = benefits.load(section)
        ref = catalogue.reference(entry, credit)
        if any(
            b.card == card and (b.catalogue == ref or _same(b.name, credit.name)) for b in existing
        ):
            had.append(credit.name)
            continue
        table = benefits.table(
            benefits=existing, card=card, **catalogue.benefit_fields(entry, credit)
        )
        bid = ids.new_id()
        while bid in section:
            bid = ids.new_id()
        section[bid] = table
        added.append(credit.name)
    return added, had


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _credits(count: int) -> str:
    return f"{count} credit" if count == 1 else f"{count} credits"


def say_added(card: str, added: list[str], had: list[str]) -> None:
    if added:
        output.info(f"added {_credits(len(added))} to {card}: {', '.join(added)}")
    if had:
        output.info(f"{card} already had: {', '.join(had)}")


def differences(
    doc: dict[str, object], *, only: str | None = None, today: date
) -> list[catalogue.Difference]:
    """What the catalogue now says against each card added from it (none: not loaded)."""
    from amexcli import benefits, store

    section = store.section(doc, "cards")
    keys = [k for k, t in section.items() if t.get("catalogue") and only in (None, k)]
    if not keys:
        return []
    cat = load()
    found_b = benefits.load(store.section(doc, "benefits"))
    return [
        d
        for k in sorted(keys)
        for d in catalogue.differences(
            cat, card_key=k, card_table=section[k], benefits=found_b, today=today
        )
    ]


def note_age(cards_section: dict[str, dict[str, object]], mode: str, *, today: date) -> None:
    """The catalogue's age on `today` (a command's --as-of), when a card came from it (so its
    age matters)."""
    if mode == "table" and any(t.get("catalogue") for t in cards_section.values()):
        note_if_stale(load(), mode, today=today)
