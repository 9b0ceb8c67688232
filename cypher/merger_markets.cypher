// summary: What a merger of an acquirer with one or more targets does to each market either competes in: shares, HHI before and after, ΔHHI, the 2023 US Merger Guidelines presumption, and the revenue to divest to escape it.
// Answered by service/analytics/concentration.py over one step (cypher/steps/market_revenues.cypher, or
// cypher/steps/market_competitors.cypher for a relevant market given as a set of markets).
// Shares are percent of the market's revenue summed over its competitors (COMPETES_IN.revenue); the
// merged firm's share is the parties' sum. Presumed to lessen competition: HHI after > 1,800 with
// ΔHHI > 100, or a merged share > 30% with ΔHHI > 100. divest is the least revenue the merged firm
// would sell to a new, independent competitor in that market for neither to hold.
// param: acquirer string required exists=Company | The acquiring company.
// param: targets string[] required exists=Company | The companies it would acquire.
// param: markets string[] optional exists=Market | A relevant market defined as a set of markets: each company's revenues in them summed, answered as one market (ids and names joined by " + "); by default each market a party competes in, alone.
// param: revenues string[] optional | What-if revenues, company:amount (e.g. acme:120.5): the company's revenue in every market of the answer instead of the stored one.
// param: limit int default=100 min=1 max=100000 | Page size.
// param: offset int default=0 min=0 max=1000000000 | Rows to skip, for paging.
// column: market string | The market's id.
// column: name string | Its name.
// column: competitors int | Companies competing in it with a revenue above zero (after the what-if revenues), as market_shares counts them.
// column: revenue float | Its total revenue.
// column: shares json | {company: share in percent} of each party competing in it.
// column: merged_share float | The merged firm's share, percent.
// column: hhi_before float | Herfindahl-Hirschman index before (sum of squared percent shares, 0..10,000).
// column: hhi_after float | The index with the parties' revenues combined into one firm.
// column: delta_hhi float | hhi_after - hhi_before.
// column: presumed bool | True when the guidelines presume the merger lessens competition in this market.
// column: divest float | Revenue the merged firm would divest for the presumption not to hold: 0 when it does not, null when no sale to one buyer lifts it.
