"""The API against its own OpenAPI document: schemathesis generates requests for every
operation, valid and invalid, and checks each answer: no 5xx, and the status, content type,
headers and body the document declares (problem details included)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from pydantic import SecretStr
from schemathesis import Case, HookContext, checks

from service.analytics import load_catalog
from service.api import create_app
from service.engines import Engine
from service.settings import Settings
from tests.utils.datasets import basic_tables, write_dataset, zip_folder
from tests.utils.graphs import small_supply_chain

KEY = "conformance-key"
#: Checks of what the document cannot say: rules across parameters (either stream or
#: company) and an empty value taken as an absent one.
NOT_EXPRESSED = [checks.positive_data_acceptance, checks.negative_data_rejection]
#: Examples per operation: with about 20 operations, a couple of minutes on a busy machine.
EXAMPLES = 20


@st.composite
def datasets(draw: st.DrawFn) -> bytes:
    """A real dataset zip: some tables of a valid dataset, one value sometimes replaced by any text."""
    tables = basic_tables()
    chosen = {name: tables[name] for name in draw(st.sets(st.sampled_from(sorted(tables)), min_size=1))}
    if draw(st.booleans()):
        row = draw(st.sampled_from([row for rows in chosen.values() for row in rows]))
        row[draw(st.sampled_from(sorted(row)))] = draw(st.text(max_size=12))
    with tempfile.TemporaryDirectory() as folder:
        written = write_dataset(Path(folder) / "data", **chosen)
        return zip_folder(written, Path(folder) / "data.zip").read_bytes()


schemathesis.openapi.media_type("application/zip", datasets())


#: The companies of ``small_supply_chain``, the graph every operation runs on.
COMPANIES = ["mine", "smelter", "maker", "dealer", "consultant"]
CATALOG = load_catalog()
#: The document comes from the app before any engine exists: it depends on the catalog
#: only. Each test hands the app a fresh graph (``conforming``).
SETTINGS = Settings(api_key=SecretStr(KEY), max_upload_bytes=100_000)
APP = create_app(None, CATALOG, SETTINGS)  # type: ignore[arg-type]
#: Seconds a request may take: the app's own time limit per question and some, so that a
#: slow answer on a busy machine (a first GDS call on Neo4j takes seconds) is the app's 504
#: to check, not the client giving up. Speed is measured in bench/, not here.
REQUEST_TIMEOUT = SETTINGS.query_timeout_ms / 1000 + 30
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.hook
def flatmap_query(context: HookContext, query: dict[str, Any] | None) -> st.SearchStrategy[dict[str, Any] | None]:
    """Name existing companies half the time, so that questions also answer with rows."""
    module = CATALOG.modules.get(context.operation.path.rsplit("/", 1)[-1]) if context.operation else None
    if query is None or module is None:
        return st.just(query)
    known = {
        param.name: st.one_of(
            st.just(query[param.name]),
            st.lists(st.sampled_from(COMPANIES), min_size=1, max_size=3)
            if param.type == "string[]"
            else st.sampled_from(COMPANIES),
        )
        for param in module.params
        if param.exists == "Company" and param.name in query
    }
    return st.fixed_dictionaries(known).map(lambda chosen: {**query, **chosen})


@pytest.fixture
def conforming(engine: Engine) -> Iterator[None]:
    small_supply_chain(engine)
    APP.state.engine = engine
    yield
    APP.state.engine = None


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, database=None, suppress_health_check=list(HealthCheck))
def test_api_answers_every_request_as_its_openapi_document_says(case: Case, conforming: None) -> None:
    case.call_and_validate(headers={"X-API-Key": KEY}, excluded_checks=NOT_EXPRESSED, timeout=REQUEST_TIMEOUT)
