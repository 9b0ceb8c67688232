"""What ``pip install .`` puts in the wheel: every subpackage, the modules and the demo."""

from __future__ import annotations

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_packaging_lists_every_subpackage_of_service() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    on_disk = {
        ".".join(path.parent.relative_to(ROOT).parts)
        for path in (ROOT / "service").rglob("__init__.py")
        if "__pycache__" not in path.parts
    }
    assert on_disk | {"service.cypher"} == set(config["packages"])
    assert config["package-dir"] == {"service.cypher": "cypher"}
    assert config["package-data"]["service.demo"] == ["data/*.csv"]
