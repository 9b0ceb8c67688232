// summary: How a network's key figures changed between two days, in the whole network, a sector or an ecosystem: flows and their value by category, single points of failure by category, and the supplier counts of the largest customers.
// Answered by service/analytics/changes.py: from the supply index (service/analytics/change_arrays.py) where it is held, else over cypher/steps/running_flows.cypher.
// The figures count the deliverables between two companies running on each day (start <= day <= end;
// open ends count) with an end in the scope. flows and value: deliverables and their yearly value per
// category, and for all. single_points_of_failure: per category other than money, and for all, the
// suppliers that alone supply it to at least one company (single_points_of_failure with
// min_receivers=1). suppliers: for the top customers by value received on to (deliverables other than
// money), how many companies supply them something other than money. Rows come by figure in that
// order; keys by name, and customers by value received on to, then id.
// param: from date required | The first day.
// param: to date required | The second day.
// param: sector string optional | Only deliverables with an end in this sector.
// param: ecosystem string optional exists=Ecosystem | Only deliverables with an end that is a member of this ecosystem.
// param: top int default=10 min=1 max=1000 | How many of the largest customers to follow.
// column: figure string | flows, value, single_points_of_failure or suppliers.
// column: key string | A category or all; for suppliers, the customer's id.
// column: before float | The figure on from.
// column: after float | The figure on to.
// column: change float | after minus before.
