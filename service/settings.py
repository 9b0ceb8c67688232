"""Settings: one class, read from ``VALUENET_*`` environment variables.

The engine is chosen by one URL, ``VALUENET_DATABASE_URL``:

- ``embedded:`` (default): FalkorDB started by valuenet, data in the user data directory;
- ``embedded:///some/dir``: the same, data in ``/some/dir``;
- ``falkordb://[:password@]host:port``: an external FalkorDB;
- ``neo4j://``, ``neo4j+s://``, ``neo4j+ssc://``, ``bolt://``, ``bolt+s://``, ``bolt+ssc://``:
  Neo4j 5 through the official driver (user and password from ``VALUENET_NEO4J_USER`` and
  ``VALUENET_NEO4J_PASSWORD``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import unquote, urlsplit

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from service.errors import ConfigError

__all__ = ["DEFAULT_LIMITS", "ImportLimits", "Settings", "Target", "default_data_dir"]

NEO4J_SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")


#: How much an import takes: the bounds that keep a hostile or broken dataset from filling
#: the disk or the memory (a zip bomb, a file of one endless line).
@dataclass(frozen=True)
class ImportLimits:
    """The bounds of one import; each is a ``VALUENET_IMPORT_*`` setting."""

    max_bytes: int = 16 << 30  # a zip's tables once expanded, all together
    max_ratio: int = 200  # one zip entry's expanded bytes per compressed byte
    max_line_bytes: int = 1 << 20  # one line of a CSV or JSON lines table
    max_field_bytes: int = 64 << 10  # one text value


DEFAULT_LIMITS = ImportLimits()


@dataclass(frozen=True)
class Target:
    """Where the engine is, parsed from ``database_url``."""

    kind: Literal["embedded", "falkordb", "neo4j"]
    data_dir: Path | None = None
    host: str = ""
    port: int = 0
    password: str | None = None
    uri: str = ""


def default_data_dir() -> Path:
    """The user data directory (XDG), where ``embedded:`` keeps its graph."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "valuenet"


class Settings(BaseSettings):
    """Every setting of valuenet; each field is ``VALUENET_<FIELD>`` in the environment."""

    model_config = SettingsConfigDict(env_prefix="VALUENET_", extra="ignore")

    database_url: str = Field("embedded:", description="Which engine, as a URL (see module doc).")
    graph: str = Field("valuenet", description="FalkorDB graph name (a key in the engine).")
    neo4j_database: str = Field("neo4j", description="Neo4j database name.")
    neo4j_user: str = "neo4j"
    neo4j_password: SecretStr | None = None
    query_timeout_ms: int = Field(
        30_000, gt=0, description="Time limit of one question, shared by all its engine calls."
    )
    api_threads: int = Field(
        12, gt=0, le=1000, description="Questions (and other blocking work) run at once; the rest wait their turn."
    )
    index_timeout_ms: int = Field(600_000, gt=0, description="Time limit of a build of the in-memory supply index.")
    write_timeout_ms: int = Field(600_000, gt=0, description="Time limit of one write batch.")
    result_limit: int = Field(
        100_000, gt=0, description="Most rows one query may return (step results of procedures are not capped)."
    )
    engine_start_timeout_s: float = Field(120.0, gt=0, description="Wait for the engine this long.")
    engine_restarts: int = Field(
        5, ge=0, description="Embedded engine: restarts after crashes in a row before it stays down."
    )
    api_key: SecretStr | None = Field(None, description="Key that write endpoints (imports) require.")
    max_upload_bytes: int = Field(1 << 30, gt=0, description="Largest dataset upload the API accepts.")
    import_max_bytes: int = Field(
        ImportLimits.max_bytes,
        gt=0,
        description="Largest dataset: its zip's tables once expanded, a Parquet table once decoded.",
    )
    import_max_ratio: int = Field(
        ImportLimits.max_ratio,
        gt=0,
        description="Largest expanded-to-compressed ratio of a zip entry or Parquet column chunk.",
    )
    import_max_line_bytes: int = Field(
        ImportLimits.max_line_bytes,
        gt=0,
        description="Longest line of a CSV or JSON lines table, or Parquet row once decoded.",
    )
    import_max_field_bytes: int = Field(ImportLimits.max_field_bytes, gt=0, description="Longest text value.")
    graph_file_max_items: int = Field(
        100_000,
        gt=0,
        description="Most nodes and relationships the whole graph may hold to be answered as GraphML or GEXF.",
    )
    engine_fsync: Literal["always", "everysec"] = Field(
        "everysec", description="Embedded engine: fsync the append-only file per write or per second."
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Web origins whose pages may read the API (comma-separated, or *); none by default.",
    )

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _comma_separated(cls, value: object) -> object:
        return [part.strip() for part in value.split(",") if part.strip()] if isinstance(value, str) else value

    def import_limits(self) -> ImportLimits:
        """The bounds of an import (``VALUENET_IMPORT_*``)."""
        return ImportLimits(
            self.import_max_bytes, self.import_max_ratio, self.import_max_line_bytes, self.import_max_field_bytes
        )

    def target(self) -> Target:
        """Parse ``database_url``; a malformed one raises ``ConfigError`` naming the setting."""
        url = self.database_url.strip()
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "embedded":
            path = unquote(parts.path)
            return Target("embedded", data_dir=Path(path) if path else default_data_dir())
        if scheme == "falkordb":
            if not parts.hostname:
                raise ConfigError(f"VALUENET_DATABASE_URL {url!r}: falkordb:// needs a host")
            return Target("falkordb", host=parts.hostname, port=parts.port or 6379, password=parts.password)
        if scheme in NEO4J_SCHEMES:
            if not parts.hostname:
                raise ConfigError(f"VALUENET_DATABASE_URL {url!r}: {scheme}:// needs a host")
            return Target("neo4j", uri=url)
        raise ConfigError(
            f"VALUENET_DATABASE_URL {url!r}: unknown scheme {scheme!r}; use embedded:, "
            "falkordb://host:port or neo4j://host:port"
        )
