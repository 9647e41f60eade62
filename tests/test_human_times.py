"""One form for a date-time on a terminal (`2026-12-07 18:55`), ISO in pipes and JSON."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime

from amexcli import output


def test_text_writes_a_date_time_without_the_t() -> None:
    assert output.text(datetime(2026, 12, 7, 18, 55, 31)) == "2026-12-07 18:55"
    assert output.field(datetime(2026, 12, 7, 18, 55, 31)) == "2026-12-07T18:55"


def test_log_list_in_a_pipe_and_json_keeps_iso(cli: Callable[..., object]) -> None:
    r = cli("log", "add", "A1", "--date", "2026-12-07 18:55")
    assert r.exit_code == 0  # type: ignore[attr-defined]
    plain = cli("log", "list").output  # type: ignore[attr-defined]
    assert plain.split("\t")[1] == "2026-12-07T18:55"
    assert json.loads(cli("log", "list", "--json").output)[0]["at"] == "2026-12-07T18:55"  # type: ignore[attr-defined]


def test_a_terminal_table_shows_the_human_form(monkeypatch, cli, capsys) -> None:  # type: ignore[no-untyped-def]
    from rich.console import Console

    r = cli("log", "add", "A1", "--date", "2026-12-07 18:55")
    assert r.exit_code == 0
    console = Console(width=100, record=True, force_terminal=False)
    output.draw_table(console, [{"ref": "A1", "at": datetime(2026, 12, 7, 18, 55)}], ["ref", "at"])
    shown = console.export_text()
    assert "2026-12-07 18:55" in shown and "T18:55" not in shown
