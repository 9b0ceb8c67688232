// summary: Companies not yet exchanging anything with a company whose capabilities complement its own and that share customers or markets with it, scored, with the reasons in columns.
// The score is (shared_customers + shared_markets) * complementary / (complementary + common):
// the shared ground, weighted by how much of the candidate's capabilities the company lacks.
// Answered by service/analytics/alignment.py over steps: its Supply (the supply index, or partners_out and partners_in on an external FalkorDB), market_rivals, capabilities_of.
// param: company string required exists=Company | The company looking for partners.
// param: limit int default=20 min=1 max=1000 | Page size.
// param: offset int default=0 min=0 max=1000000000 | Rows to skip, for paging.
// column: id string | The candidate's id.
// column: name string | Its name.
// column: sector string | Its sector.
// column: shared_customers int | Companies both deliver something other than money to.
// column: shared_markets int | Markets both compete in.
// column: complementary int | Capabilities the candidate has and the company lacks.
// column: common int | Capabilities both have.
// column: complementary_capabilities string[] | Names of the complementary capabilities, sorted.
// column: score float | The shared ground weighted by complementarity (see the summary); higher is better.
// column: complementary_stages string[] | The evolution stage of each complementary capability, in the same order (genesis, custom, product, commodity; empty when not given).
