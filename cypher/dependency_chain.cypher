// summary: The companies a company depends on (upstream: its suppliers, theirs, ...) or that depend on it (downstream), each once at its lowest tier, with the neighbour one tier closer and the value of that link.
// Answered by service/analytics/dependency.py, one step per tier (cypher/steps/).
// zoom=company (the default): companies, following deliverables between companies, as above.
// zoom=sector: the company chain (every tier of it, whatever the page) grouped per tier and sector:
// one row per tier and sector of the companies that tier reaches (a company with no sector in sector
// ""), with how many of them (companies), the sum of their links' values (value) and as via the sector
// of the tier before whose companies those links come from with the largest summed value (then the
// smallest); id, name and sector give the sector, country and company are null. A sector shows at each
// tier that reaches some of its companies.
// zoom=role: tier 0 is the company's roles (HAS_ROLE); tier n + 1 the roles delivering to (upstream)
// or receiving from (downstream) a role of tier n, by deliverables from role to role (inside a company
// or across two; the filters apply), each role once at its lowest tier. via is the role of the tier
// before with the largest summed value of deliverables to (or from) it (a missing value as 0), then
// the smallest id; sector and country are its company's, company its company.
// param: company string required exists=Company | The company to start from (tier 0).
// param: direction string default=upstream choices=upstream,downstream | upstream follows suppliers, downstream follows customers (up and down, the older words, are accepted too).
// param: max_tier int default=3 min=1 max=10 | The deepest tier followed.
// param: categories string[] default=product,service,information,knowledge,compliance,risk_reduction,access,data choices=product,service,money,information,knowledge,compliance,risk_reduction,access,data | Categories of deliverable that make a dependency; money is left out by default.
// param: as_of date optional | Only deliverables running on that day (start <= as_of <= end; open ends count).
// param: zoom string default=company choices=company,sector,role | What the tiers hold: companies, sectors (the company chain grouped by sector) or roles (following deliverables between roles).
// param: critical_only bool default=false | Follow only deliverables marked critical.
// param: limit int default=100 min=1 max=1000000 | Page size.
// param: offset int default=0 min=0 max=1000000000 | Rows to skip, for paging.
// column: tier int | 1 for direct suppliers (or customers), 2 for theirs, and so on.
// column: id string | The company reached; the sector at sector zoom, the role at role zoom.
// column: name string | Its name.
// column: sector string | Its sector (the role's company's at role zoom).
// column: country string | Its country (the role's company's at role zoom); null at sector zoom.
// column: via string | The company (sector, role) one tier closer it is linked to: the largest link by value, then the smallest id.
// column: value float | Yearly value of that link (deliverables of the chosen categories); at sector zoom the sum over the sector's companies of the tier.
// column: companies int | How many companies the row stands for: 1, or at sector zoom the sector's companies first reached at that tier.
// column: company string | The company reached (the role's company at role zoom); null at sector zoom.
