// summary: Value network analysis: per node of a scope and counterpart, what flows each way by nature and category, whether the exchange is reciprocal or one-way, the balance of value and its intangible share; at company or sector zoom; paged.
// Nodes are the scope's companies (zoom=company) or their sectors (zoom=sector: flows summed between
// sectors, a flow inside a sector counted as given and received by it; a company with no sector is in
// sector ""). Counterparts are any company (or sector) they exchange with. Money counts as a flow.
// exchange is a property of the node and counterpart over every category: reciprocal (deliverables
// flow both ways), given (the node only delivers), received (the node only receives), internal (a
// sector with itself). balance is the value received minus the value delivered, intangible_share
// the share of the pair's value (both ways) that is intangible (null when it has no value).
// Only deliverables between companies count (not roles or value streams).
// Answered by service/analytics/exchange.py: from the supply index's arrays (service/analytics/exchange_arrays.py) where it is held, else by cypher/steps/scope_exchanges.cypher.
// param: zoom string default=company choices=company,sector | company: nodes are companies; sector: nodes are sectors.
// param: sector string optional | Only nodes (companies) of this sector.
// param: ecosystem string optional exists=Ecosystem | Only nodes (companies) that are members of this ecosystem.
// param: as_of date optional | Only deliverables running on that day (start <= as_of <= end; open ends count).
// param: limit int default=1000 min=1 max=100000 | Page size.
// param: offset int default=0 min=0 max=1000000000 | Rows to skip, for paging.
// column: node string | The company's id, or the sector.
// column: node_name string | The company's name, or the sector.
// column: counterpart string | The other company's id, or its sector.
// column: counterpart_name string | Its name, or the sector.
// column: nature string | tangible or intangible.
// column: category string | Category of what flows (money included).
// column: value_out float | Yearly value the node delivers to the counterpart in that category.
// column: value_in float | Yearly value the node receives from the counterpart in that category.
// column: deliverables_out int | Deliverables the node delivers to the counterpart in that category.
// column: deliverables_in int | Deliverables the node receives from the counterpart in that category.
// column: exchange string | reciprocal, given, received or internal, over every category of the pair.
// column: balance float | Value received minus value delivered, over every category of the pair.
// column: intangible_share float | Share of the pair's value, both ways, that is intangible.
