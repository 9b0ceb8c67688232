// summary: What changed in the network between two days: the deliverables and contracts that started or ended, and the companies that entered or left, in the whole network, a sector or an ecosystem; paged.
// A deliverable or contract started in the period when from < start <= to, and ended when
// from <= end < to (end is its last day: it no longer runs on to). A company is active on a day
// when a deliverable it gives or receives runs on that day; it entered when active on to and not
// on from, and left when active on from and not on to. A deliverable is in the scope when one of
// its companies is, a contract when one of its parties is. Only deliverables between companies count.
// Rows come by kind (company, contract, deliverable), then day, then id; from after to changes nothing.
// Answered by service/analytics/changes.py: from the supply index (service/analytics/change_arrays.py) where it is held, else by cypher/steps/scope_changes.cypher.
// param: from date required | The first day.
// param: to date required | The last day.
// param: sector string optional | Only companies of this sector, and what they take part in.
// param: ecosystem string optional exists=Ecosystem | Only members of this ecosystem, and what they take part in.
// param: limit int default=1000 min=1 max=100000 | Page size.
// param: offset int default=0 min=0 max=1000000000 | Rows to skip, for paging.
// column: kind string | company, contract or deliverable.
// column: id string | Its id.
// column: change string | started or ended (contracts, deliverables), entered or left (companies).
// column: day date | The day it started or ended (null for a company).
// column: name string | The company's or contract's name, or what the deliverable is.
// column: source string | The deliverable's supplier (null otherwise).
// column: target string | The deliverable's receiver (null otherwise).
// column: category string | The deliverable's category (null otherwise).
// column: value float | The deliverable's or contract's yearly value.
