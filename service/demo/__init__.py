"""The demo ecosystem shipped with valuenet: electric vehicles, from mines to fleets."""

from __future__ import annotations

from pathlib import Path

__all__ = ["DEMO_DIR"]

DEMO_DIR = Path(__file__).resolve().parent / "data"
