"""Turning what users give (CLI strings, query strings, JSON) into typed parameters."""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from service.errors import InvalidParameter

if TYPE_CHECKING:
    from service.queries.contract import Module, Param

__all__ = ["MAX_ITEMS", "MAX_TEXT", "bind", "check_sizes", "coerce"]

#: The longest text a client may give a question, in characters: ids and names are far
#: shorter, and the bound keeps what a request makes the engine match small.
MAX_TEXT = 1000
#: The most values a client may give one list parameter (companies that fail, targets, ...).
MAX_ITEMS = 10_000
TRUE = {"true", "1", "yes", "on"}
FALSE = {"false", "0", "no", "off"}


def bind(module: Module, given: Mapping[str, Any]) -> dict[str, Any]:
    """Check ``given`` against the module's declared parameters; fill in the defaults.

    >>> bind(module, {"id": "acme", "limit": "5"})   # doctest: +SKIP
    {'id': 'acme', 'limit': 5}
    """
    for name in given:
        module.param(name)  # raises InvalidParameter for an unknown name
    bound: dict[str, Any] = {}
    for param in module.params:
        value = given.get(param.name)
        if value is None or value == "":
            if param.required:
                raise InvalidParameter(param.name, f"required by {module.name}")
            bound[param.name] = param.default
        else:
            bound[param.name] = coerce(param, value)
    return bound


def check_sizes(module: Module, bound: Mapping[str, Any]) -> None:
    """Refuse a text or list longer than a client may send (``MAX_TEXT``, ``MAX_ITEMS``).
    For questions only: the steps of a procedure pass whatever the graph holds."""
    for param in module.params:
        value = bound[param.name]
        if isinstance(value, list) and len(value) > MAX_ITEMS:
            raise InvalidParameter(param.name, f"at most {MAX_ITEMS:,} values, got {len(value):,}")
        for text in value if isinstance(value, list) else [value]:
            if isinstance(text, str) and len(text) > MAX_TEXT:
                raise InvalidParameter(param.name, f"at most {MAX_TEXT:,} characters, got {len(text):,}")


def coerce(param: Param, value: Any) -> Any:
    """Convert one value (a string from a URL or CLI, or already typed) to the declared type."""
    if param.type == "node[]":  # handles come from an earlier step of the same request, as they are
        if not isinstance(value, list | tuple):
            raise InvalidParameter(param.name, f"expected a list of node handles, got {value!r}")
        return value
    if param.type == "string[]":
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, list | tuple):
            raise InvalidParameter(param.name, f"expected a list of strings, got {value!r}")
        return [_string(param, str(item).strip()) for item in items if str(item).strip()]
    if param.type == "string":
        return _string(param, value)
    if param.type == "date":
        return _date(param, value)
    if param.type == "bool":
        return _bool(param, value)
    return _number(param, value)


def _string(param: Param, value: Any) -> str:
    if not isinstance(value, str):
        raise InvalidParameter(param.name, f"expected a string, got {value!r}")
    if "\x00" in value:
        raise InvalidParameter(param.name, "contains a NUL character")
    word = param.canonical(value)
    if param.choices is not None and word not in param.choices:
        raise InvalidParameter(param.name, f"{value!r} is not one of {', '.join(param.choices)}")
    return word


def _date(param: Param, value: Any) -> str:
    try:
        return date.fromisoformat(str(value)).isoformat()
    except ValueError:
        raise InvalidParameter(param.name, f"expected a date YYYY-MM-DD, got {value!r}") from None


def _bool(param: Param, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in TRUE or text in FALSE:
        return text in TRUE
    raise InvalidParameter(param.name, f"expected true or false, got {value!r}")


def _number(param: Param, value: Any) -> int | float:
    if isinstance(value, bool):
        raise InvalidParameter(param.name, f"expected a number, got {value!r}")
    try:
        number: int | float = int(value) if param.type == "int" else float(value)
    except (TypeError, ValueError):
        kind = "a whole number" if param.type == "int" else "a number"
        raise InvalidParameter(param.name, f"expected {kind}, got {value!r}") from None
    if isinstance(value, float) and param.type == "int" and number != value:
        raise InvalidParameter(param.name, f"expected a whole number, got {value!r}")
    if not math.isfinite(number):
        raise InvalidParameter(param.name, f"expected a finite number, got {value!r}")
    if param.minimum is not None and number < param.minimum:
        raise InvalidParameter(param.name, f"must be at least {param.minimum:,.15g}, got {number}")
    if param.maximum is not None and number > param.maximum:
        raise InvalidParameter(param.name, f"must be at most {param.maximum:,.15g}, got {number}")
    return number
