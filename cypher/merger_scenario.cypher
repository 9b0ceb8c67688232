// summary: One row a dashboard can show for a merger of an acquirer with targets, or for each candidate target in turn: what the parties share (Jaccard per dimension), the markets the 2023 US Merger Guidelines flag, supply taken in-house, customers left with one supplier, and the merged firm's combined size and downstream reach. Nothing is written.
// Answered by service/analytics/scenario.py from merger_overlap, merger_markets and merger_dependencies.
// With compare=true each target is a separate candidate (acquirer + that target), ranked by rank_by.
// param: acquirer string required exists=Company | The acquiring company.
// param: targets string[] required exists=Company | The companies it would acquire (or, with compare, the candidates).
// param: compare bool default=false | One row per candidate target instead of one merger of all of them.
// param: rank_by string default=overlap choices=overlap,delta_hhi,flagged_markets | With compare: the largest overlap first, or the smallest ΔHHI first, or the fewest flagged markets first.
// param: reach_tiers int default=3 min=1 max=10 | Tiers of customers counted in the merged firm's downstream reach.
// param: as_of date optional | Only deliverables running on that day (start <= as_of <= end; open ends count).
// column: rank int | 1 for the first row (with compare: the best candidate by rank_by).
// column: targets string[] | The targets of this scenario.
// column: overlap float | Mean Jaccard index over the dimensions either party has items in.
// column: jaccard_customers float | Shared customers over all customers of the parties (null when none).
// column: jaccard_suppliers float | The same for suppliers.
// column: jaccard_capabilities float | The same for capabilities.
// column: jaccard_markets float | The same for markets.
// column: markets int | Markets a party competes in.
// column: flagged_markets int | Markets where the guidelines presume the merger lessens competition.
// column: max_delta_hhi float | The largest ΔHHI over those markets.
// column: divest float | Revenue to divest over all flagged markets (null when one of them has no remedy).
// column: in_house_value float | Yearly value of supply between the parties (money left out).
// column: choice_lost int | (customer, category) pairs whose suppliers, two or more, are all parties.
// column: already_sole int | (customer, category) pairs a single party already supplies alone.
// column: customers int | Companies the merged firm would deliver to (money left out), parties excluded.
// column: suppliers int | Companies delivering to it, parties excluded.
// column: capabilities int | Capabilities the merged firm would hold.
// column: reach int | Companies downstream of the merged firm within reach_tiers tiers.
