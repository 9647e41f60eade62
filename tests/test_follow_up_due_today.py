"""A follow-up due today is due, not overdue; from tomorrow it is "Overdue since" its day."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any


def what(cli: Callable[..., Any], today: str) -> str:
    r = cli("next", "--as-of", today, "--days", "0", "--json")
    [item] = json.loads(r.stdout)
    return str(item["what"])


def test_a_follow_up_due_today_is_not_overdue(cli: Callable[..., Any]) -> None:
    assert cli("log", "add", "R1", "--follow-up", "2026-12-07").exit_code == 0
    assert what(cli, "2026-12-07") == "Follow up on R1."
    assert what(cli, "2026-12-08") == "Follow up on R1. Overdue since 2026-12-07."
