// summary: Companies of the whole network, a sector or an ecosystem by PageRank over DELIVERS between companies.
// param: sector string optional | Only companies of this sector.
// param: ecosystem string optional | Only members of this ecosystem.
// param: limit int required | Page size.
// param: offset int required | Rows to skip.
// column: id string | The company's id.
// column: score float | Its PageRank (the engine's own scale).
