// summary: How diverse one company's supply is: per category of input it receives, its distinct suppliers, the value, the largest supplier and its share, and the HHI of the suppliers' shares.
// Inputs are the deliverables other companies deliver to it (not its roles', not its own to itself).
// A supplier's value is the summed value of its deliverables in the category (a missing value as 0);
// the largest has the greatest, then the smallest id. Shares are percent of the category's value,
// hhi the sum of the suppliers' squared shares (0..10,000: one supplier alone is 10,000); both are
// null when the category's value is 0. A row per category received, by category.
// param: company string required exists=Company | The receiving company.
// param: categories string[] default=product,service,information,knowledge,compliance,risk_reduction,access,data choices=product,service,money,information,knowledge,compliance,risk_reduction,access,data | Categories of deliverable that count as inputs; money is left out by default.
// param: as_of date optional | Only deliverables running on that day (start <= as_of <= end; open ends count).
// param: limit int default=20 min=1 max=1000 | Page size.
// param: offset int default=0 min=0 max=1000000000 | Rows to skip, for paging.
// column: category string | A category of deliverable the company receives.
// column: suppliers int | Companies delivering it to the company.
// column: value float | Yearly value it receives in the category.
// column: largest_supplier string | The id of the supplier of the greatest value.
// column: largest_supplier_name string | Its name.
// column: largest_share float | Its share of the value, percent.
// column: hhi float | Herfindahl-Hirschman index of the suppliers' shares.
// A hub's thousands of suppliers are summed and ranked in one pass; only the largest's name is read.
MATCH (c:Company {id: $company})<-[d:DELIVERS]-(s:Company)
WHERE s <> c AND d.category IN $categories
  AND ($as_of IS NULL OR ((d.start IS NULL OR d.start <= $as_of) AND (d.end IS NULL OR d.end >= $as_of)))
WITH d.category AS category, s, sum(coalesce(d.value, 0.0)) AS value
ORDER BY category, value DESC, s.id
WITH category, collect(s) AS ranked, collect(value) AS values
WITH category, ranked[0] AS largest, values, reduce(total = 0.0, v IN values | total + v) AS total
RETURN category, size(values) AS suppliers, total AS value,
       largest.id AS largest_supplier, largest.name AS largest_supplier_name,
       CASE WHEN total > 0 THEN 100.0 * values[0] / total END AS largest_share,
       CASE WHEN total > 0 THEN reduce(hhi = 0.0, v IN values | hhi + (100.0 * v / total) ^ 2) END AS hhi
ORDER BY category
SKIP $offset
LIMIT $limit
