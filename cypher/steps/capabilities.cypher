// summary: Every capability with its handle, id, name, kind and evolution stage: read whole for the in-memory capability index (service/analytics/capability_index.py).
// column: node node | The capability's handle.
// column: id string | Its id.
// column: name string | Its name.
// column: category string | Its kind.
// column: evolution string | Its stage (null when not given).
MATCH (k:Capability)
RETURN handle(k) AS node, k.id AS id, k.name AS name, k.category AS category, k.evolution AS evolution
