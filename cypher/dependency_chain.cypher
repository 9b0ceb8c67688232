// summary: The companies a company depends on (upstream: its suppliers, theirs, ...) or that depend on it (downstream), each once at its lowest tier, with the neighbour one tier closer and the value of that link.
// Answered by service/analytics/dependency.py, one step per tier (cypher/steps/).
// param: company string required exists=Company | The company to start from (tier 0).
// param: direction string default=upstream choices=upstream,downstream | upstream follows suppliers, downstream follows customers (up and down, the older words, are accepted too).
// param: max_tier int default=3 min=1 max=10 | The deepest tier followed.
// param: categories string[] default=product,service,information,knowledge,compliance,risk_reduction,access,data choices=product,service,money,information,knowledge,compliance,risk_reduction,access,data | Categories of deliverable that make a dependency; money is left out by default.
// param: as_of date optional | Only deliverables running on that day (start <= as_of <= end; open ends count).
// param: critical_only bool default=false | Follow only deliverables marked critical.
// param: limit int default=100 min=1 max=1000000 | Page size.
// param: offset int default=0 min=0 max=1000000000 | Rows to skip, for paging.
// column: tier int | 1 for direct suppliers (or customers), 2 for theirs, and so on.
// column: id string | The company reached.
// column: name string | Its name.
// column: sector string | Its sector.
// column: country string | Its country.
// column: via string | The company one tier closer it is linked to: the largest link by value, then the smallest id.
// column: value float | Yearly value of that link (deliverables of the chosen categories).
