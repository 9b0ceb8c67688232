// summary: The key players of the whole network, a sector or an ecosystem, ranked by degree (companies they exchange with), value (yearly value in and out) or PageRank.
// Answered by service/analytics/players.py. PageRank is the engine's (FalkorDB algo.pageRank,
// Neo4j Graph Data Science) over every DELIVERS between companies; its scale differs by engine.
// It is computed over the whole network once per graph version and held; a sector or an
// ecosystem ranks its members by it. On Neo4j without GDS, measure=pagerank is a 422.
// param: sector string optional | Only companies of this sector.
// param: ecosystem string optional exists=Ecosystem | Only members of this ecosystem.
// param: measure string default=degree choices=degree,value,pagerank | What to rank by.
// param: limit int default=20 min=1 max=10000 | Page size.
// param: offset int default=0 min=0 max=1000000000 | Rows to skip, for paging.
// column: rank int | 1 for the first by the measure (ties broken by id).
// column: id string | The company's id.
// column: name string | Its name.
// column: sector string | Its sector.
// column: degree int | Companies it delivers to or receives from (any category, money included).
// column: value float | Yearly value of everything it delivers and receives.
// column: pagerank float | Its PageRank when ranked by pagerank, else null.
