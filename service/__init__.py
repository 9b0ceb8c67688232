"""valuenet: graph-database-backed analytics of value networks."""

__version__ = "0.1.0"
