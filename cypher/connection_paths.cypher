// summary: How company a reaches company b through deliverables: every shortest path (up to max_hops), in the order of the ids along it.
// Answered by service/analytics/paths.py: a breadth-first search from both ends over partners_out/partners_in, one step per hop; flows_between then reads what flows along the page's paths.
// param: a string required exists=Company | Where the paths start.
// param: b string required exists=Company | Where the paths end.
// param: direction string default=any choices=any,downstream,upstream | downstream: a delivers towards b; upstream: b delivers towards a; any: either way at each hop (down and up, the older words, are accepted too).
// param: max_hops int default=4 min=1 max=6 | The longest path looked for.
// param: categories string[] default=product,service,information,knowledge,compliance,risk_reduction,access,data choices=product,service,money,information,knowledge,compliance,risk_reduction,access,data | Categories of deliverable followed; money is left out by default.
// param: as_of date optional | Only deliverables running on that day (start <= as_of <= end; open ends count).
// param: limit int default=10 min=1 max=1000 | Page size.
// param: offset int default=0 min=0 max=1000000000 | Rows to skip, for paging.
// column: rank int | 1 for the first path.
// column: hops int | Deliverable links along the path.
// column: path string[] | Company ids from a to b.
// column: names string[] | Their names.
// column: links json | [{source, target, categories, value}] for each pair of neighbours on the path, in the direction value flows.
