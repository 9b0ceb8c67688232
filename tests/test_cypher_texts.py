"""Every Cypher text valuenet can send runs on its engine (Neo4j's are also linted in CI)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from typing import Any

from service.cypher_texts import texts
from service.engines.base import Engine
from service.engines.falkordb import FalkorDBEngine
from service.engines.slots import slotted
from service.model import LABELS

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
#: A node pattern of a model label without a slot label after it.
UNSLOTTED = re.compile(r"\(\w*:(?:" + "|".join(LABELS) + r")\b(?!:VnSlot)")


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
    assert any("IN TRANSACTIONS OF" in t["text"] for t in listed)
    bad = subprocess.run(
        [sys.executable, "-m", "service.cypher_texts", "oracle"], capture_output=True, text=True, check=False
    )
    assert bad.returncode == 2


def test_every_neo4j_text_runs_on_neo4j_in_the_live_slot(neo4j: Engine) -> None:
    """Module texts as reads, the writer's and exporter's statements as writes, each
    rewritten into the live slot (``service.engines.slots``) as the engine sends it."""
    engine = neo4j
    samples = {**SAMPLES, "node[]": ["4:x:0"]}  # a Neo4j element id
    engine.write(
        "CREATE (:Company {id: 'x'})-[:DELIVERS {id: 'd'}]->(:Company {id: 'y'})"
    )  # GDS projects no empty graph
    count = 0
    for text in texts("neo4j"):
        if text["origin"] == "service/engines/neo4j.py":
            continue  # the engine's own statements, sent as written
        slotted_text = slotted(text["text"], 0)
        assert not UNSLOTTED.search(slotted_text), slotted_text
        params = {name: samples[kind] for name, kind in text["parameters"].items()}
        run = engine.read if text["origin"].startswith("cypher/") else engine.write
        run(text["text"], params)  # raises on any text Neo4j cannot run
        count += 1
    assert count >= 30
