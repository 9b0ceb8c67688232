"""The catalog of query modules: every ``cypher/*.cypher`` file, read and checked once."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import get_args

from service.engines.base import Dialect
from service.errors import ModuleDefinitionError, UnknownModule
from service.queries.contract import HEADER_LINE, NAME, Module, Text, parse_header, used_parameters

__all__ = ["Catalog", "cypher_root", "load_catalog"]

SUFFIX = ".cypher"
PACKAGE = Path(__file__).resolve().parent.parent


def cypher_root() -> Path:
    """The ``cypher/`` folder: installed inside the package, or beside it in a checkout."""
    installed = PACKAGE / "cypher"
    return installed if installed.is_dir() else PACKAGE.parent / "cypher"


@dataclass(frozen=True)
class Catalog:
    """The modules by name, in name order."""

    modules: dict[str, Module]

    def get(self, name: str) -> Module:
        try:
            return self.modules[name]
        except KeyError:
            known = ", ".join(self.modules)
            raise UnknownModule(f"no query module {name!r}; known: {known}") from None

    def __iter__(self) -> Iterator[Module]:
        return iter(self.modules.values())


def load_catalog(root: Path | None = None) -> Catalog:
    """Read every module under ``root`` (``cypher_root()`` by default).

    Raises ModuleDefinitionError with file and line for any breach of the contract.
    """
    root = root or cypher_root()
    modules: dict[str, Module] = {}
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(SUFFIX):
            module = _read_module(entry)
            modules[module.name] = module
    for dialect in get_args(Dialect):
        folder = root / dialect
        if folder.is_dir():
            for entry in sorted(folder.iterdir(), key=lambda e: e.name):
                _add_override(modules, dialect, entry)
    for module in modules.values():
        if "portable" not in module.texts:
            missing = [d for d in get_args(Dialect) if d not in module.texts]
            if missing:
                raise ModuleDefinitionError(
                    f"cypher/{module.name}{SUFFIX}:1: header only, but no text for "
                    f"{', '.join(missing)} in cypher/<engine>/{module.name}{SUFFIX}"
                )
    return Catalog(modules)


def _read_module(entry: Path) -> Module:
    name = entry.name.removesuffix(SUFFIX)
    origin = f"cypher/{entry.name}"
    if not NAME.match(name):
        raise ModuleDefinitionError(f"{origin}:1: file name must be lower_snake_case")
    lines = entry.read_text(encoding="utf-8").splitlines()
    summary, params, columns, first = parse_header(name, origin, lines)
    module = Module(name, summary, tuple(params), tuple(columns))
    body = "\n".join(lines[first - 1 :]).strip("\n")
    if body.strip():
        module.texts["portable"] = _checked(module, Text(body, origin, first))
    return module


def _add_override(modules: dict[str, Module], dialect: str, entry: Path) -> None:
    origin = f"cypher/{dialect}/{entry.name}"
    if not entry.name.endswith(SUFFIX):
        raise ModuleDefinitionError(f"{origin}:1: only {SUFFIX} files belong here")
    name = entry.name.removesuffix(SUFFIX)
    if name not in modules:
        raise ModuleDefinitionError(f"{origin}:1: overrides cypher/{name}{SUFFIX}, which is missing")
    lines = entry.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if HEADER_LINE.match(line.strip()):
            raise ModuleDefinitionError(f"{origin}:{number}: the header belongs in cypher/{name}{SUFFIX} only")
    modules[name].texts[dialect] = _checked(modules[name], Text("\n".join(lines), origin, 1))


def _checked(module: Module, text: Text) -> Text:
    """Refuse a text whose used parameters differ from the declared ones."""
    used = used_parameters(text.cypher, text.line)
    declared = {p.name: p.line for p in module.params}
    for name, line in used.items():
        if name not in declared:
            raise ModuleDefinitionError(f"{text.origin}:{line}: ${name} is used but not declared in the header")
    for name, line in declared.items():
        if name not in used:
            raise ModuleDefinitionError(
                f"cypher/{module.name}{SUFFIX}:{line}: parameter {name!r} is declared but {text.origin} does not use it"
            )
    return text
