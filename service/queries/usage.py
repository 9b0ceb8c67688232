"""A module's contract as text for a terminal: ``valuenet query NAME --help``."""

from __future__ import annotations

import textwrap
from typing import Any

from service.queries.contract import Module, Param

__all__ = ["module_help"]

INDENT = "  "


def module_help(module: Module, width: int = 80) -> str:
    """Usage, summary, then each parameter (type, default, allowed values, doc) and column
    (type, doc), wrapped to ``width`` characters."""
    width = max(width, 40)
    formats = "{table,json,csv}"
    lines = [f"usage: valuenet query {module.name} [-p KEY=VALUE ...] [--format {formats}]", ""]
    lines += textwrap.wrap(module.summary, width)
    lines += ["", "parameters (-p NAME=VALUE; lists comma-separated):" if module.params else "parameters: none"]
    for param in module.params:
        lines += _entry(f"{param.name}  {param.type}, {_default(param)}{_allowed(param)}", param.description, width)
    lines += ["", "columns:"]
    for column in module.columns:
        lines += _entry(f"{column.name}  {column.type}", column.description, width)
    return "\n".join(lines)


def _entry(head: str, description: str, width: int) -> list[str]:
    return textwrap.wrap(head, width, initial_indent=INDENT, subsequent_indent=INDENT * 3) + textwrap.wrap(
        description, width, initial_indent=INDENT * 3, subsequent_indent=INDENT * 3
    )


def _default(param: Param) -> str:
    if param.required:
        return "required"
    if param.default is None:
        return "optional"
    return f"default {_value(param.default)}"


def _allowed(param: Param) -> str:
    parts = []
    if param.choices:
        parts.append(f"one of {', '.join(param.choices)}")
    if param.aliases:
        parts.append("also " + ", ".join(f"{old} for {word}" for old, word in param.aliases))
    if param.minimum is not None or param.maximum is not None:
        parts.append(f"from {_value(param.minimum)} to {_value(param.maximum)}")
    if param.exists:
        parts.append(
            f"must name an existing {param.exists}" + (" (its id or its exact name)" * (param.exists == "Company"))
        )
    return "".join(f"; {part}" for part in parts)


def _value(value: Any) -> str:
    if value is None:
        return "any"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return f"{value:,}" if isinstance(value, int) else str(value)
