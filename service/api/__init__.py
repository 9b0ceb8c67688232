"""The HTTP API: FastAPI, one router per resource, RFC 9457 problem details."""

from __future__ import annotations

from service.api.app import create_app

__all__ = ["create_app"]
