// summary: Value network indicators of a scope, per category of deliverable and for all of them: flows, value, intangible share, reciprocity ratio, one-way dependencies and the concentration of suppliers.
// The scope's flows are the deliverables between two companies, at least one of them in the scope
// (the whole network when no sector or ecosystem is given). A pair is two companies with such a flow
// between them, either way. A pair is reciprocal when deliverables flow both ways (in any category);
// reciprocity is reciprocal pairs over pairs. A one-way dependency is a pair that is not reciprocal
// in which one company receives something other than money (the README's "depends on").
// suppliers counts the companies delivering in the category; supplier_hhi is the HHI of their shares
// of its value (sum of squared percent shares, 0..10,000; null when it has no value). The row 'all'
// takes every category together; it comes last, after the categories in order.
// Answered by service/analytics/exchange.py: from the supply index's arrays (service/analytics/exchange_arrays.py) where it is held, else by cypher/steps/scope_indicators.cypher.
// param: sector string optional | Only flows with an end in this sector.
// param: ecosystem string optional exists=Ecosystem | Only flows with an end that is a member of this ecosystem.
// param: as_of date optional | Only deliverables running on that day (start <= as_of <= end; open ends count).
// column: category string | A category of deliverable, or all.
// column: flows int | Deliverables of the scope in the category.
// column: value float | Their yearly value.
// column: intangible_share float | The share of that value that is intangible.
// column: pairs int | Pairs of companies with such a flow between them.
// column: reciprocal_pairs int | Those pairs that are reciprocal.
// column: reciprocity float | reciprocal_pairs over pairs.
// column: one_way_dependencies int | Pairs that are not reciprocal, with a flow other than money in the category.
// column: suppliers int | Companies delivering in the category.
// column: supplier_hhi float | HHI of the suppliers' shares of the value.
