// summary: Suppliers that are the only source of a category for at least min_receivers companies, ranked by how many companies depend on them alone, then by their downstream reach.
// Answered by service/analytics/sole.py: the sole suppliers in one scan, the reach of those a page needs.
// param: sector string optional | Only suppliers of this sector.
// param: ecosystem string optional exists=Ecosystem | Only suppliers that are members of this ecosystem.
// param: min_receivers int default=2 min=1 max=1000000000 | Least number of companies that must depend on the supplier alone.
// param: categories string[] default=product,service,information,knowledge,compliance,risk_reduction,access,data choices=product,service,money,information,knowledge,compliance,risk_reduction,access,data | Categories of deliverable that count as inputs; money is left out by default.
// param: as_of date optional | Only deliverables running on that day (start <= as_of <= end; open ends count).
// param: limit int default=50 min=1 max=10000 | Page size.
// param: offset int default=0 min=0 max=1000000000 | Rows to skip, for paging.
// column: id string | The supplier's id.
// column: name string | Its name.
// column: sector string | Its sector.
// column: receivers int | Companies for which it is the only supplier of at least one category.
// column: categories string[] | The categories it alone supplies to someone, sorted.
// column: value float | Yearly value of those sole-sourced deliverables.
// column: customers int | Companies it delivers to (deliverables of the chosen categories).
// column: reach int | Companies downstream within two tiers: its customers and theirs.
