"""A procedure's parameters as a frozen dataclass of its own, its fields those of its module's
header, in order and of their types: the procedure names that class as the type of its
``params`` and reads ``params.company``, not ``params["company"]``. ``check_arguments`` makes
sure of it when the catalog loads, with the header's file and line, as ``check_rows`` does
for a step's rows; the runner makes the dataclass from the header-checked values::

    @dataclass(frozen=True)
    class ProfileParams:
        company: str          # param: company string required
        as_of: str | None     # param: as_of date optional

    def company_profile(steps: Steps, params: ProfileParams, columns: list[str]) -> Result: ...

A parameter named by a Python keyword (``from``) is the field with a ``_`` after it (``from_``).
"""

from __future__ import annotations

import dataclasses
import keyword
from collections.abc import Callable, Mapping
from typing import Any, get_type_hints

from service.errors import ModuleDefinitionError
from service.queries.contract import Module
from service.queries.rows import fits

__all__ = ["check_arguments", "field_name"]


def field_name(param: str) -> str:
    """The field that holds parameter ``param``."""
    return f"{param}_" if keyword.iskeyword(param) else param


def check_arguments(modules: Mapping[str, Module], procedures: Mapping[str, Callable[..., Any]]) -> dict[str, type]:
    """The parameter class of each procedure, by module name; a class whose fields are not
    its module's parameters, in order and of their types (None allowed exactly where the
    parameter may be left out without a default), is a ModuleDefinitionError naming the
    header's file and line."""
    found: dict[str, type] = {}
    for name, procedure in procedures.items():
        module = modules.get(name)
        if module is None:
            continue
        kind = get_type_hints(procedure).get("params")
        where = f"{procedure.__module__}.{procedure.__qualname__}"
        frozen = getattr(getattr(kind, "__dataclass_params__", None), "frozen", False)
        if not (isinstance(kind, type) and frozen):
            raise ModuleDefinitionError(f"{module.origin}:1: {where} takes params as {kind}, not a frozen dataclass")
        hints = get_type_hints(kind)
        fields = [f.name for f in dataclasses.fields(kind)]
        for i, param in enumerate(module.params):
            field = fields[i] if i < len(fields) else None
            if field != field_name(param.name):
                raise ModuleDefinitionError(
                    f"{module.origin}:{param.line}: parameter {param.name!r}: "
                    f"{kind.__qualname__} has {field!r} in its place"
                )
            optional = not param.required and param.default is None
            if not fits(hints[field], param.type, optional):
                none = " | None" if optional else ", not None"
                raise ModuleDefinitionError(
                    f"{module.origin}:{param.line}: parameter {param.name!r} is {param.type}{none}, "
                    f"but {kind.__qualname__}.{field} is {hints[field]}"
                )
        if len(fields) > len(module.params):
            extra = fields[len(module.params)]
            raise ModuleDefinitionError(
                f"{module.origin}:1: {kind.__qualname__} has a field {extra!r} the header does not declare"
            )
        found[name] = kind
    return found
