// summary: Drop the GDS projections PageRank left behind (a query cut short by its time limit or a kill); the number dropped.
// column: dropped int | Projections dropped.
