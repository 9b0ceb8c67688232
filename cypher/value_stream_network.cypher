// summary: Value streams as suppliers and customers of each other around a value stream or a company's streams, with the companies that operate them.
// Answered by service/analytics/maps.py, one step per hop (cypher/steps/).
// param: stream string optional exists=ValueStream | The value stream at the center (this or company).
// param: company string optional exists=Company | Start from every value stream this company operates.
// param: hops int default=1 min=0 max=3 | How many deliverables away from the center streams to go.
// param: limit int default=200 min=1 max=10000 | Page size.
// param: offset int default=0 min=0 max=1000000000 | Rows to skip, for paging.
// column: id string | The deliverable's id.
// column: supplier string | The value stream delivering.
// column: supplier_name string | Its name.
// column: supplier_owner string | The company operating it.
// column: customer string | The value stream receiving.
// column: customer_name string | Its name.
// column: customer_owner string | The company operating it.
// column: deliverable string | What is delivered.
// column: nature string | tangible or intangible.
// column: category string | Its category.
// column: value float | Its yearly value.
