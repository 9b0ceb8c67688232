// summary: Companies whose name contains a text, optionally only in one sector or country; paged, ordered by name, then id.
// Answered by service/analytics/search.py: the in-memory name index (service/analytics/name_index.py) picks the page, its rows are read by id.
// param: q string default="" | Text the name must contain, case-insensitive (Unicode case folding: strasse finds Straße); empty matches every company.
// param: sector string optional | Only companies of this sector.
// param: country string optional | Only companies of this country (as stored, e.g. an ISO code).
// param: limit int default=20 min=1 max=1000 | Page size.
// param: offset int default=0 min=0 max=1000000000 | Rows to skip, for paging.
// column: id string | The company's id.
// column: name string | The company's name.
// column: kind string | company, public_body, investor, ngo or individual.
// column: sector string | The company's sector.
// column: country string | The company's country.
// column: revenue float | Yearly revenue.
