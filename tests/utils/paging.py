"""A client walking a paged answer by its ``next`` links, as the API documents it."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

__all__ = ["walk"]


def walk(client: TestClient, url: str, params: dict[str, Any]) -> tuple[list[dict[str, Any]], int]:
    """Every row of a paged answer, following the ``next`` links alone; and the pages read."""
    rows: list[dict[str, Any]] = []
    pages, response = 0, client.get(url, params=params)
    while True:
        assert response.status_code == 200
        body, pages = response.json(), pages + 1
        rows += body["rows"]
        if not body["page"]["has_more"]:
            assert body["page"]["next"] is None
            assert "link" not in response.headers
            return rows, pages
        assert response.headers["link"] == f'<{body["page"]["next"]}>; rel="next"'
        response = client.get(body["page"]["next"])
