"""Every Cypher text valuenet can send to FalkorDB runs there (Neo4j's are linted in CI)."""

from __future__ import annotations

import json
import subprocess
import sys
from typing import Any

from service.cypher_texts import texts
from service.engines.falkordb import FalkorDBEngine

SAMPLES: dict[str, Any] = {
    "string": "x",
    "int": 1,
    "float": 1.0,
    "bool": True,
    "date": "2024-01-01",
    "string[]": ["x"],
    "node[]": [0],  # a FalkorDB handle
    "map[]": [{"id": "x", "source": "x", "target": "y", "props": {"name": "x"}}],
}


def test_every_falkordb_text_runs_on_the_embedded_engine(falkordb: FalkorDBEngine) -> None:
    count = 0
    for text in texts("falkordb"):
        params = {name: SAMPLES[kind] for name, kind in text["parameters"].items()}
        run = falkordb.read if text["origin"].startswith("cypher/") else falkordb.write
        run(text["text"], params)  # raises on any text FalkorDB cannot run
        count += 1
    assert count >= 30


def test_cypher_texts_command_prints_the_neo4j_texts_as_json() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "service.cypher_texts", "neo4j"], capture_output=True, text=True, check=True
    )
    document = json.loads(done.stdout)
    assert "DELIVERS" in document["model"]["relationshipTypes"]
    assert "revenue" in document["model"]["propertyKeys"]
    listed = document["texts"]
    origins = {t["origin"] for t in listed}
    assert {"cypher/company_profile.cypher", "service/engines/neo4j.py", "service/ingest/writer.py"} <= origins
    assert any("REQUIRE n.id IS UNIQUE" in t["text"] for t in listed)
    bad = subprocess.run(
        [sys.executable, "-m", "service.cypher_texts", "oracle"], capture_output=True, text=True, check=False
    )
    assert bad.returncode == 2
