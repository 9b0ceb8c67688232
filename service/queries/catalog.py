"""The catalog of query modules: every ``cypher/*.cypher`` file, read and checked once.

A module whose file is a header only, with no engine override either, is answered by a
Python procedure over the step texts of ``cypher/steps/``, handed in by the caller
(``service.analytics.load_catalog`` hands in its own, so this package never imports it); steps
follow the same contract (and may have ``cypher/steps/ENGINE/`` overrides) but are not
exposed as questions. An override starts with a comment saying why its engine needs a
text of its own. Each text is rewritten for its engine once, here (``engine_text``).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, get_args

from service.engines.base import Dialect, Result
from service.engines.dialects import engine_text
from service.errors import ModuleDefinitionError, UnknownModule
from service.queries.arguments import check_arguments
from service.queries.contract import (
    HANDLES,
    HEADER_LINE,
    NAME,
    Module,
    Param,
    Text,
    parse_header,
    used_parameters,
)
from service.queries.rows import Step, check_rows

if TYPE_CHECKING:
    from service.queries.steps import Steps

__all__ = ["Catalog", "Closest", "HeldIds", "Procedure", "cypher_root", "read_catalog"]

#: A question answered in Python: the steps it may run, its parameters (a frozen dataclass
#: of its own, see ``service.queries.arguments``), its columns.
Procedure = Callable[["Steps", Any, list[str]], Result]
#: The companies closest to a text that names none, as (id, name): the steps, the text, how many.
Closest = Callable[["Steps", str, int], list[tuple[str, str]]]
#: Those of some values that are companies' ids, as what is held in memory for the question's
#: graph says, with no engine call; None while nothing is held for it.
HeldIds = Callable[["Steps", Sequence[str]], set[str] | None]

SUFFIX = ".cypher"
#: The largest bound a question's whole-number parameter may declare: FalkorDB keeps SKIP
#: and LIMIT in 32 bits (2**32 wraps to 0, an offset past it reads the first page again),
#: and 2**31 - 1 also fits any signed 32-bit integer.
MAX_INT = 2**31 - 1
PACKAGE = Path(__file__).resolve().parent.parent


def cypher_root() -> Path:
    """The ``cypher/`` folder: installed inside the package, or beside it in a checkout."""
    installed = PACKAGE / "cypher"
    return installed if installed.is_dir() else PACKAGE.parent / "cypher"


@dataclass(frozen=True)
class Catalog:
    """The modules by name, in name order, the procedures that answer header-only ones
    and the class of each one's parameters, the steps procedures run, and how the companies
    closest to a text are found (None: a value that names no company gets no suggestions),
    and which values are companies' ids without an engine call (``HeldIds``)."""

    modules: dict[str, Module]
    procedures: Mapping[str, Procedure] = field(default_factory=dict)
    steps: dict[str, Module] = field(default_factory=dict)
    arguments: Mapping[str, type] = field(default_factory=dict)
    closest: Closest | None = None
    held_ids: HeldIds | None = None

    def get(self, name: str) -> Module:
        try:
            return self.modules[name]
        except KeyError:
            known = ", ".join(self.modules)
            raise UnknownModule(f"no query module {name!r}; known: {known}") from None

    def __iter__(self) -> Iterator[Module]:
        return iter(self.modules.values())


def read_catalog(
    root: Path,
    procedures: Mapping[str, Procedure],
    rows: Iterable[Step[Any]] = (),
    closest: Closest | None = None,
    held_ids: HeldIds | None = None,
) -> Catalog:
    """Read every module under ``root``, and its steps; ``procedures`` answer the
    header-only modules, by name, and read steps as the named tuples of ``rows``;
    ``closest`` finds the companies closest to a value naming none, ``held_ids`` the values
    that are ids in what is held in memory. Raises
    ModuleDefinitionError with file and line for any breach of the contract."""
    modules = _read_folder(root, "cypher/", procedures)
    for module in modules.values():
        for name, kind in [(p.name, p.type) for p in module.params] + [(c.name, c.type) for c in module.columns]:
            if kind in HANDLES:
                raise ModuleDefinitionError(f"{module.origin}:1: {name}: node handles are for steps only")
        for param in module.params:
            _bounded(module, param)
    steps = _read_folder(root / "steps", "cypher/steps/", ()) if (root / "steps").is_dir() else {}
    check_rows(steps, rows)
    return Catalog(modules, procedures, steps, check_arguments(modules, procedures), closest, held_ids)


def _bounded(module: Module, param: Param) -> None:
    """A question's whole number needs a min and a max that every engine takes: clients
    give any number, and one the engine wraps or cannot hold must be refused first."""
    if param.type != "int":
        return
    low, high = param.minimum, param.maximum
    if low is None or high is None or not -MAX_INT <= low <= high <= MAX_INT:
        raise ModuleDefinitionError(
            f"{module.origin}:{param.line}: parameter {param.name!r} needs min= and max= within ±{MAX_INT}"
        )


def _read_folder(root: Path, prefix: str, procedures: Collection[str]) -> dict[str, Module]:
    modules: dict[str, Module] = {}
    written: dict[str, dict[str, Text]] = {}  # by module: its "portable" text and overrides
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(SUFFIX):
            module, body = _read_module(entry, prefix)
            modules[module.name] = module
            written[module.name] = {"portable": body} if body else {}
    for dialect in get_args(Dialect):
        folder = root / dialect
        if folder.is_dir():
            for entry in sorted(folder.iterdir(), key=lambda e: e.name):
                name, override = _read_override(modules, prefix, dialect, entry)
                written[name][dialect] = override
    for module in modules.values():
        texts = written[module.name]
        origin = f"{prefix}{module.name}{SUFFIX}"
        if not texts and module.name not in procedures:
            raise ModuleDefinitionError(f"{origin}:1: header only, but no procedure answers it")
        if texts and module.name in procedures:
            raise ModuleDefinitionError(f"{origin}:1: has a text, but a procedure also answers it")
        missing = [d for d in get_args(Dialect) if d not in texts]
        if texts and "portable" not in texts and missing:
            raise ModuleDefinitionError(
                f"{origin}:1: header only, but no text for {', '.join(missing)} "
                f"in {prefix}<engine>/{module.name}{SUFFIX}"
            )
        for dialect in get_args(Dialect):
            text = texts.get(dialect) or texts.get("portable")
            if text:
                module.texts[dialect] = Text(engine_text(text.cypher, dialect), text.origin, text.line)
    return modules


def _read_module(entry: Path, prefix: str) -> tuple[Module, Text | None]:
    """The module of a file, and its text (None for a header only)."""
    name = entry.name.removesuffix(SUFFIX)
    origin = f"{prefix}{entry.name}"
    if not NAME.match(name):
        raise ModuleDefinitionError(f"{origin}:1: file name must be lower_snake_case")
    lines = entry.read_text(encoding="utf-8").splitlines()
    summary, params, columns, first = parse_header(name, origin, lines)
    module = Module(name, summary, tuple(params), tuple(columns), origin)
    body = "\n".join(lines[first - 1 :]).strip("\n")
    return module, _checked(module, Text(body, origin, first)) if body.strip() else None


def _read_override(modules: dict[str, Module], prefix: str, dialect: str, entry: Path) -> tuple[str, Text]:
    """The name of the module ``entry`` overrides for ``dialect``, and its text."""
    origin = f"{prefix}{dialect}/{entry.name}"
    if not entry.name.endswith(SUFFIX):
        raise ModuleDefinitionError(f"{origin}:1: only {SUFFIX} files belong here")
    name = entry.name.removesuffix(SUFFIX)
    if name not in modules:
        raise ModuleDefinitionError(f"{origin}:1: overrides {prefix}{name}{SUFFIX}, which is missing")
    lines = entry.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if HEADER_LINE.match(line.strip()):
            raise ModuleDefinitionError(f"{origin}:{number}: the header belongs in {prefix}{name}{SUFFIX} only")
    if not lines or not lines[0].startswith("//"):
        raise ModuleDefinitionError(f"{origin}:1: start with a comment saying why {dialect} needs a text of its own")
    return name, _checked(modules[name], Text("\n".join(lines), origin, 1))


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
                f"{module.origin}:{line}: parameter {name!r} is declared but {text.origin} does not use it"
            )
    return text
