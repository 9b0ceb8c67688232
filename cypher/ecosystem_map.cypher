// summary: The companies and deliverables around a company, an ecosystem's members or a sector, within some hops, for drawing: JSON gives {nodes, edges}, CSV the edge table; capped at max_nodes, closest and most strongly linked first.
// Answered by service/analytics/maps.py, one step per hop (cypher/steps/).
// The map's companies are found the same way at every zoom: the center's, then hop by hop the
// companies exchanging deliverables (of the natures, categories and day asked) with the hop before,
// capped at max_nodes companies. zoom says how they are drawn. company: each company a node, each
// deliverable between them an edge. sector: each sector of the map's companies a node (a company with
// no sector in sector ""; JSON nodes give its companies on the map, their summed revenue and the lowest
// hop among them), the deliverables between the map's companies summed into one edge per source sector,
// target sector and category (a flow inside a sector an edge from it to itself, a missing value as 0).
// role: each role (HAS_ROLE) of the map's companies a node (JSON nodes give its function, its
// company's id, name, sector and country, and the company's hop), each deliverable from one of these
// roles to another (inside a company or across two) an edge; deliverables with a company or a value
// stream at an end are not drawn at role zoom.
// param: center string required | A company id, an ecosystem id or a sector name (see center_kind).
// param: center_kind string default=company choices=company,ecosystem,sector | What center names.
// param: hops int default=1 min=0 max=3 | How many deliverables away from the center to go.
// param: natures string[] default=tangible,intangible choices=tangible,intangible | Natures of deliverable drawn and followed.
// param: categories string[] default=product,service,money,information,knowledge,compliance,risk_reduction,access,data choices=product,service,money,information,knowledge,compliance,risk_reduction,access,data | Categories of deliverable drawn and followed.
// param: as_of date optional | Only deliverables running on that day (start <= as_of <= end; open ends count).
// param: zoom string default=company choices=company,sector,role | What a node is: a company, a sector (flows summed between sectors) or a role of a company.
// param: max_nodes int default=200 min=1 max=5000 | At most this many companies: by hop, then by the value linking them to the hop before, then by id.
// column: id string | The deliverable's id; at sector zoom SOURCE>TARGET:CATEGORY, naming the sum.
// column: source string | The company delivering it; at sector zoom its sector, at role zoom the role.
// column: target string | The company receiving it; at sector zoom its sector, at role zoom the role.
// column: deliverable string | What is delivered; null at sector zoom.
// column: nature string | tangible or intangible.
// column: category string | Its category.
// column: value float | Its yearly value; at sector zoom the sum of the values summed (a missing one as 0).
// column: capped bool | True when max_nodes left companies out of the map.
// column: deliverables int | How many deliverables the edge stands for: 1, or at sector zoom those summed.
