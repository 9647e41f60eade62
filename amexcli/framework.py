"""Every detail of Typer that is not its public API, in one place.

Supported: Typer 0.28.x and 0.29.x (`SUPPORTED`; tests/test_framework.py checks the installed
one, and the second CI job, .ci/newest-typer, runs the contract tests with the newest Typer the
package index offers). pyproject.toml pins 0.28: 0.29 imports pydantic for every command.

amex reaches below Typer's public API for three things:
- building one command or group without building every other (lazy start-up, cli.py):
  `typer.main.get_command`, `get_group`, `get_command_from_info`, `get_command_name`, and the
  `TyperGroup` class the root subclasses;
- the click that Typer vendors since 0.28 (`typer._click`): `Command`, `Context` and the
  usage-error exceptions the root prints as one line;
- what a parameter accepts, for help, completion and the man page (appspec.py). Up to 0.28 a
  parameter has a click `type` (`IntRange`, `FloatRange`, `Choice`); 0.29 dropped
  `typer._click.types` and keeps `min`, `max` and a `type_descriptor` on the parameter itself.
A Typer release that moves any of these breaks this module, and its test says so.
"""

from __future__ import annotations

import enum
import sys
from typing import Any

import typer
from typer import _click as click
from typer.core import TyperGroup
from typer.main import get_command, get_command_from_info, get_command_name, get_group

__all__ = [
    "SUPPORTED",
    "Abort",
    "ClickException",
    "Command",
    "Context",
    "NoArgsIsHelpError",
    "TyperGroup",
    "UsageError",
    "choices",
    "current_context",
    "get_command",
    "get_command_from_info",
    "get_command_name",
    "get_group",
    "number_range",
    "value_kind",
]

SUPPORTED = ((0, 28), (0, 29))  # the minor releases checked; pyproject.toml pins to the fastest

Command = click.Command
Context = click.Context
ClickException = click.exceptions.ClickException
UsageError = click.exceptions.UsageError
NoArgsIsHelpError = click.exceptions.NoArgsIsHelpError
Abort = typer.Abort


def current_context() -> Any:
    """The click context of the command running now; None outside one (or before the
    framework was imported: a TAB never imports it)."""
    found = sys.modules.get("typer._click.globals")
    return found.get_current_context(silent=True) if found else None


def _annotation(p: Any) -> Any:
    """0.29: the Python type the parameter converts to (int, float, str, an Enum...)."""
    descriptor = getattr(p, "type_descriptor", None)
    return getattr(descriptor, "annotation", None)


def value_kind(p: Any) -> str:
    """`int`, `float` or `text`: what a parameter's value is."""
    kind = getattr(p, "type", None)
    if kind is not None:  # up to 0.28: a click ParamType, named "int", "int range", ...
        name = str(kind.name)
        return "int" if name.startswith("int") else "float" if name.startswith("float") else "text"
    annotation = _annotation(p)
    return {int: "int", float: "float"}.get(annotation, "text")


def number_range(p: Any) -> tuple[float | None, float | None]:
    """The bounds a number must keep (`min=`, `max=`); (None, None) when it has none."""
    kind = getattr(p, "type", None)
    holder = kind if kind is not None else p
    return getattr(holder, "min", None), getattr(holder, "max", None)


def choices(p: Any) -> list[str]:
    """The values a parameter is limited to (an Enum's, a Choice's); empty when any goes."""
    kind = getattr(p, "type", None)
    found = getattr(kind, "choices", None) if kind is not None else None
    if found is None:
        annotation = _annotation(p)
        if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
            found = list(annotation)
    return [str(getattr(c, "value", c)) for c in found or ()]
