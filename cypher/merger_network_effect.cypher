// summary: A merger as adding a network: the acquirer before it and the combined entity (acquirer and targets as one company) after it, figure by figure: reach up and down, customers and suppliers, their value, rank by value and by PageRank, the categories others get from it alone, and the single points of failure the merger creates or removes. Nothing is written.
// Answered by service/analytics/network_effect.py, on the company graph held in memory (service/analytics/company_graph.py).
// The graph: every company, and the deliverables between two companies of the chosen categories
// (running on as_of, if given). After the merger the parties are one node named by the
// acquirer's id: their deliverables to each other are in-house and left out, the targets
// leave the network. Before and after are computed by the same code on that graph, so the
// rows are the same on both engines.
// One row per figure, in this order (before: the acquirer alone in today's network, unless said):
//   companies: companies in the network (after: less the targets).
//   reach_downstream, reach_upstream: companies within `tiers` tiers of customers (or of
//     suppliers), the entity itself left out (before, a target reached counts; after, none does).
//   customers, suppliers: companies it delivers to, or receives from.
//   value_out, value_in: yearly value it delivers to, or receives from, other companies.
//   value_rank: its rank by value_out + value_in among all companies (1 + those with more;
//     within a billionth is a tie).
//   pagerank: its PageRank: damping 0.85, each pair of companies with a deliverable one link,
//     a company without links shares its score with all, power iteration until the scores
//     move less than 1e-10 in all (at most 1,000 rounds); the scores of all companies sum to 1.
//   pagerank_rank: its rank by PageRank (1 + those with more; within a billionth is a tie).
//   sole_sourced, once per category where before or after is not 0: companies (parties left
//     out) that get the category from suppliers that are all in the entity. Before: from one
//     party alone (the acquirer or a target); after: from the combined entity, so the change
//     is the single-supplier dependencies the merger creates (gained: those companies: they
//     had two or more suppliers, all parties). Then once with no category: the sum over all.
//   single_points_of_failure: suppliers that alone supply a category to at least
//     min_receivers companies (as single_points_of_failure), in the whole network; gained:
//     those the merger creates (the combined entity as the acquirer's id), lost: those it
//     removes (a target that was one always is: it leaves the network).
// param: acquirer string required exists=Company | The acquiring company.
// param: targets string[] required exists=Company | The companies it would acquire.
// param: tiers int default=3 min=1 max=10 | Tiers counted in reach_downstream and reach_upstream.
// param: min_receivers int default=2 min=1 max=1000000000 | Least number of companies a single point of failure alone supplies.
// param: categories string[] default=product,service,information,knowledge,compliance,risk_reduction,access,data choices=product,service,money,information,knowledge,compliance,risk_reduction,access,data | Categories of deliverable in the graph; money is left out by default.
// param: as_of date optional | Only deliverables running on that day (start <= as_of <= end; open ends count).
// column: figure string | The figure: companies, reach_downstream, reach_upstream, customers, suppliers, value_out, value_in, value_rank, pagerank, pagerank_rank, sole_sourced or single_points_of_failure.
// column: category string | The category of a sole_sourced row; null for the others and for sole_sourced over all categories.
// column: before float | The figure before the merger.
// column: after float | The figure after it.
// column: change float | after - before (for a rank, less is better).
// column: gained string[] | sole_sourced: the companies that come to depend on the entity alone; single_points_of_failure: those created; else null.
// column: lost string[] | sole_sourced: the companies that no longer do; single_points_of_failure: those removed; else null.
