"""Choosing the engine by one URL."""

from __future__ import annotations

from pathlib import Path

import pytest

from service.errors import ConfigError
from service.settings import Settings, Target, default_data_dir


def test_settings_default_to_the_embedded_engine_in_the_user_data_dir(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert Settings().target() == Target("embedded", data_dir=tmp_path / "valuenet")
    assert default_data_dir() == tmp_path / "valuenet"


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("embedded:///srv/vn", Target("embedded", data_dir=Path("/srv/vn"))),
        ("falkordb://db.local:6380", Target("falkordb", host="db.local", port=6380)),
        ("falkordb://:s3cret@db.local", Target("falkordb", host="db.local", port=6379, password="s3cret")),
        ("neo4j://graph:7687", Target("neo4j", uri="neo4j://graph:7687")),
        ("neo4j+s://x.databases.neo4j.io", Target("neo4j", uri="neo4j+s://x.databases.neo4j.io")),
        ("bolt://localhost:7687", Target("neo4j", uri="bolt://localhost:7687")),
    ],
)
def test_settings_parse_the_database_url(url: str, target: Target) -> None:
    assert Settings(database_url=url).target() == target


def test_settings_read_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VALUENET_DATABASE_URL", "bolt://h:1")
    monkeypatch.setenv("VALUENET_QUERY_TIMEOUT_MS", "1234")
    settings = Settings()
    assert (settings.target().kind, settings.query_timeout_ms) == ("neo4j", 1234)


@pytest.mark.parametrize("url", ["postgres://x", "falkordb://", "neo4j:///nohost", "nonsense"])
def test_settings_refuse_a_bad_url_naming_the_setting(url: str) -> None:
    with pytest.raises(ConfigError, match="VALUENET_DATABASE_URL"):
        Settings(database_url=url).target()
