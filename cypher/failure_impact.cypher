// summary: If these companies fail, every company downstream that loses an input: at which tier, which categories it loses, how many other suppliers of each it keeps, whether it is left with none, and the value at risk.
// Answered by service/analytics/dependency.py, one step per tier (cypher/steps/).
// param: companies string[] required exists=Company | The companies that fail (tier 0).
// param: max_tier int default=3 min=1 max=10 | The deepest tier followed.
// param: categories string[] default=product,service,information,knowledge,compliance,risk_reduction,access,data choices=product,service,money,information,knowledge,compliance,risk_reduction,access,data | Categories of deliverable that count as inputs; money is left out by default.
// param: as_of date optional | Only deliverables running on that day (start <= as_of <= end; open ends count).
// param: cascade string default=all choices=all,broken | all: every company that loses an input stops delivering too (the worst case); broken: only those left with no supplier of a category they lost.
// param: limit int default=100 min=1 max=1000000 | Page size.
// param: offset int default=0 min=0 max=1000000000 | Rows to skip, for paging.
// column: tier int | 1 for direct customers of the failed companies, 2 for customers of those, and so on.
// column: id string | The company that loses an input.
// column: name string | Its name.
// column: sector string | Its sector.
// column: category string | A category of input it loses.
// column: lost_suppliers int | Its suppliers of that category that fail (failed or stopped one tier closer).
// column: value_at_risk float | Yearly value of what those suppliers delivered it in that category.
// column: other_suppliers int | Its suppliers of that category that do not fail.
// column: left_with_none bool | True when it has no other supplier of that category.
