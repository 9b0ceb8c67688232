// summary: Every company's PageRank over DELIVERS between companies: computed once per graph version (service/analytics/players.py).
// column: id string | The company's id.
// column: score float | Its PageRank (the engine's own scale).
