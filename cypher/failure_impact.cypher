// summary: If these companies fail, the cascade to the end: round by round, each company that loses an input, which categories, how many suppliers of each it keeps, and whether and when it fails itself.
// Answered by service/analytics/cascade.py, one step per round (cypher/steps/customers_of, supply_in).
// A company depends on a category when a supplier delivers it that category (a deliverable of
// one of the categories below: money does not count unless asked for). It fails once every
// supplier it had of some category it depends on has failed. The companies named fail in
// round 0; a company that loses a supplier which stopped delivering in round r - 1 loses that
// input in round r, and fails in round r if it is then left with none of that category; this
// repeats until nothing changes. A company is reported for every round in which it loses
// suppliers, until it fails.
// param: companies string[] required exists=Company | The companies that fail (round 0).
// param: categories string[] default=product,service,information,knowledge,compliance,risk_reduction,access,data choices=product,service,money,information,knowledge,compliance,risk_reduction,access,data | Categories of deliverable that count as inputs; money is left out by default.
// param: as_of date optional | Only deliverables running on that day (start <= as_of <= end; open ends count).
// param: mode string default=full choices=full,direct,all aliases=broken:full | full: a company fails once every supplier it had of some category has failed, and its customers lose it in the next round, until nothing changes; direct: round 1 only, the direct customers of the companies named; all: every company that loses an input stops delivering too (the worst case), and is still reported as failing only when left with no supplier of a category.
// param: limit int default=100 min=1 max=1000000 | Page size.
// param: offset int default=0 min=0 max=1000000000 | Rows to skip, for paging.
// column: round int | The round in which the company loses these suppliers: 1 for the direct customers of the companies named, 2 for losses due to companies failing in round 1, and so on. Rows come by round, id, category.
// column: id string | The company that loses an input.
// column: name string | Its name.
// column: sector string | Its sector.
// column: category string | The category of input it loses.
// column: lost_suppliers int | Its suppliers of that category that stopped delivering in the round before.
// column: value_at_risk float | Yearly value of what those suppliers delivered it in that category.
// column: other_suppliers int | Its suppliers of that category still delivering after this round.
// column: left_with_none bool | True when it has no supplier of that category left (other_suppliers is 0).
// column: failed bool | Whether the company fails in the cascade (under mode=direct: in round 1).
// column: failed_round int | The round in which it fails; null when it does not.
// column: lost_from string[] | The ids of the suppliers it loses in this round, in order.
