// summary: The companies and deliverables around a company, an ecosystem's members or a sector, within some hops, for drawing: JSON gives {nodes, edges}, CSV the edge table; capped at max_nodes, closest and most strongly linked first.
// Answered by service/analytics/maps.py, one step per hop (cypher/steps/).
// param: center string required | A company id, an ecosystem id or a sector name (see center_kind).
// param: center_kind string default=company choices=company,ecosystem,sector | What center names.
// param: hops int default=1 min=0 max=3 | How many deliverables away from the center to go.
// param: natures string[] default=tangible,intangible choices=tangible,intangible | Natures of deliverable drawn and followed.
// param: categories string[] default=product,service,money,information,knowledge,compliance,risk_reduction,access,data choices=product,service,money,information,knowledge,compliance,risk_reduction,access,data | Categories of deliverable drawn and followed.
// param: as_of date optional | Only deliverables running on that day (start <= as_of <= end; open ends count).
// param: max_nodes int default=200 min=1 max=5000 | At most this many companies: by hop, then by the value linking them to the hop before, then by id.
// column: id string | The deliverable's id.
// column: source string | The company delivering it.
// column: target string | The company receiving it.
// column: deliverable string | What is delivered.
// column: nature string | tangible or intangible.
// column: category string | Its category.
// column: value float | Its yearly value.
// column: capped bool | True when max_nodes left companies out of the map.
