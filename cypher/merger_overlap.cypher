// summary: What two companies share and what each brings the other, per dimension (customers, suppliers, capabilities, markets, ecosystems, value streams they depend on): the items with their weight on each side, and the Jaccard index of each dimension.
// Answered by service/analytics/merger.py over steps party_counterparts and party_items (every item, by id), then counterpart_weights (names and weights of the page's customers and suppliers).
// Customers, suppliers and the value streams a company depends on (streams delivering one it operates) count deliverables other than money, as "depends on" means everywhere; a and b are not items of each other.
// param: a string required exists=Company | The first company (e.g. the acquirer).
// param: b string required exists=Company | The second company (e.g. the target).
// param: as_of date optional | Only deliverables running on that day (start <= as_of <= end; open ends count).
// param: only string default=all choices=all,shared,complementary | shared: items both have; complementary: items one has and the other lacks.
// param: limit int default=1000 min=1 max=100000 | Page size.
// param: offset int default=0 min=0 max=1000000000 | Rows to skip, for paging.
// column: dimension string | customers, suppliers, capabilities, markets, ecosystems or value_streams.
// column: item string | The customer, supplier, capability, market, ecosystem or value stream's id.
// column: name string | Its name.
// column: side string | both, a (only a has it: what a brings) or b (what b brings).
// column: weight_a float | a's weight: yearly value delivered or received, capability level, market revenue (null when a lacks it or it has no weight).
// column: weight_b float | b's weight, the same way.
// column: jaccard float | Items both have over items either has, for the whole dimension.
// column: stage string | A capability's evolution stage: genesis, custom, product or commodity (null for other items, or when not given).
