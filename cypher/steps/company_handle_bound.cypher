// summary: One past the largest company handle: where the supply index's slices stop (where handles are integers: FalkorDB).
// column: bound int | The largest company handle plus one; 0 without companies.
MATCH (c:Company)
RETURN coalesce(max(id(c)), -1) + 1 AS bound
