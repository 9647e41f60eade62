"""Documentation that cannot drift: the option reference is generated, the README and
docs/reference.md are run (test_readme.py), and what they say is checked against the app."""

from __future__ import annotations

from pathlib import Path

from amexcli.gen import reference

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = ROOT / "docs" / "reference.md"
# where tests are named as the proof of a promise
PROSE = [ROOT / "README.md", ROOT / "CONTRIBUTING.md", *sorted((ROOT / "docs").glob("*.md"))]


def test_command_reference_matches_the_app() -> None:
    assert (ROOT / "docs" / "commands.md").read_text() == reference.render(), (
        "docs/commands.md is stale: run `python -m amexcli.gen.reference`"
    )


def test_reference_covers_every_command_and_option() -> None:
    from amexcli.gen.appspec import commands

    text = (ROOT / "docs" / "commands.md").read_text()
    for c in commands():
        assert f"## `{('amex ' + c.path).strip()}`" in text
        for o in c.options:
            assert f"`{o.names[0]}" in text


def test_every_test_the_docs_name_exists() -> None:
    import ast
    import re

    text = "".join(p.read_text() for p in PROSE)
    named = set(re.findall(r"`tests/(test_\w+\.py)::(\w+)`", text))
    assert len(named) >= 10
    for filename, test in named:
        tree = ast.parse((ROOT / "tests" / filename).read_text())
        defined = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
        assert test in defined, f"the docs name tests/{filename}::{test}, which does not exist"


SECTION_COMMANDS = {  # docs/reference.md section -> the listing that shows its fields
    "amex numbers": ["numbers"],
    "amex cards": ["cards", "list"],
    "amex cards catalogue": ["cards", "catalogue"],
    "amex retention": ["retention", "list"],
    "amex eligibility": ["eligibility", "--as-of", "2026-01-01"],
    "amex log": ["log", "list"],
    "amex route": ["route"],
    "amex next": ["next", "--as-of", "2026-02-20"],
    "amex data check": ["data", "check"],
    "amex data history": ["data", "history"],
    "amex statement": [
        "statement",
        "import",
        "-",
        "--card",
        "plat",
        "--dry-run",
        "--as-of",
        "2026-03-31",
    ],
    "amex offers": ["offers", "list", "--as-of", "2026-02-20"],
    "amex benefits": ["benefits", "list", "--as-of", "2026-02-20"],
    "amex value": ["value", "--as-of", "2026-02-20"],
}
SECTION_INPUT = {
    "amex statement": "Date,Description,Amount\n03/15/2026,ANNUAL MEMBERSHIP FEE,695\n"
}
SEED = """\
[cards.plat]
product = "Platinum Card"
fee_month = 3
closing_day = 15
[retention.1]
card = "plat"
date = 2025-03-20
outcome = "accepted"
[calls.A1]
at = 2026-03-01 10:00:00
card = "plat"
summary = "s"
follow_up = 2026-03-02
[offers.1ngg0r240m0ab]
card = "plat"
merchant = "Best Buy"
credit = 50.0
spend = 250.5
expires = 2026-03-31
[benefits.1ngg0q67da6ab]
card = "plat"
name = "Uber Cash"
amount = 15.0
every = "month"
[benefits.1ngg0q67da6ab.uses.1ngg0q7sg64cd]
date = 2026-02-03
amount = 15.0
"""


def documented_fields() -> dict[str, tuple[list[str], list[str]]]:
    """Per docs/reference.md section: the JSON fields and plain columns it documents, in order."""
    import re

    found = {}
    for section in re.split(r"\n### ", REFERENCE.read_text())[1:]:
        title = re.match(r"`(amex \w+)", section)
        bullets = re.findall(r"^- (JSON fields|plain columns)(.*?)(?=^- |^$)", section, re.M | re.S)
        if not title or not bullets:
            continue
        names: dict[str, dict[str, list[str]]] = {}
        for kind, bullet in bullets:
            # "JSON fields of `history`: ..." documents the sub-command `amex data history`
            sub = re.match(r" of `(\w+)`", bullet)
            key = f"{title.group(1)} {sub.group(1)}" if sub else title.group(1)
            listed = re.sub(r"\([^)]*\)", "", bullet).split(":", 1)[1]
            got = names.setdefault(key, {})
            got[kind] = re.findall(r"`(\w+)`", listed) or got["JSON fields"]
        for key, got in names.items():
            found[key] = (got["JSON fields"], got["plain columns"])
    return found


def test_documented_fields_are_what_the_commands_print(datafile: Path) -> None:
    import json

    from typer.testing import CliRunner

    from amexcli.cli import app
    from amexcli.output import plain_field

    datafile.parent.mkdir(parents=True)
    datafile.write_text(SEED)
    documented = documented_fields()
    assert set(documented) == set(SECTION_COMMANDS)
    for section, argv in SECTION_COMMANDS.items():
        json_fields, plain_columns = documented[section]
        given = SECTION_INPUT.get(section)
        printed = json.loads(CliRunner().invoke(app, [*argv, "--json"], input=given).stdout)
        first = printed[0] if isinstance(printed, list) else printed
        assert list(first) == json_fields, section
        line = CliRunner().invoke(app, [*argv, "--plain"], input=given).stdout.splitlines()[0]
        assert line.split("\t") == [plain_field(first[c]) for c in plain_columns], section


def test_the_docs_data_file_examples_are_valid(tmp_path: Path) -> None:
    import re

    from amexcli import benefits, calllog, cards, offers, store

    text = "".join(p.read_text() for p in PROSE)
    blocks = re.findall(r"```toml\n(.*?)```", text, re.S)
    assert blocks
    for block in blocks:
        doc = store.parse(block.encode(), tmp_path / "amex.toml")
        cards.load_cards(store.section(doc, "cards"))
        cards.load_retention(store.section(doc, "retention"))
        calllog.load(store.section(doc, "calls"))
        offers.load(store.section(doc, "offers"))
        benefits.load(store.section(doc, "benefits"))


def test_the_readme_is_short_and_links_the_rest() -> None:
    readme = (ROOT / "README.md").read_text()
    assert readme.count("\n") <= 320
    for target in ("docs/reference.md", "docs/commands.md", "docs/data-file.md",
                   "CONTRIBUTING.md", "benchmarks/README.md", "LICENSE"):  # fmt: skip
        assert f"]({target}" in readme, target
        assert (ROOT / target).exists(), target


def test_the_readme_starts_with_the_two_commands() -> None:
    """A fresh machine needs these two lines, and .ci/run runs the second."""
    first = (ROOT / "README.md").read_text().split("```sh\n", 1)[1].split("```", 1)[0]
    assert first.splitlines() == [
        "python -m pip install . && amex numbers --abroad",
        'python -m pip install -e ".[test]" && python -m pytest -n auto',
    ]
    assert first.splitlines()[1] in (ROOT / ".ci" / "run").read_text()
