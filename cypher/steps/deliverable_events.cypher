// summary: The deliverables from the given companies to a company (themselves included) that started or ended in a period, as network_changes gives them, with its companies' handles: the deliverable rows of a page of network_changes (service/analytics/changes.py).
// A deliverable started in the period when from < start <= to, and ended when from <= end < to.
// param: nodes node[] required | The suppliers' handles.
// param: from date required | The first day.
// param: to date required | The last day.
// column: id string | The deliverable's id.
// column: change string | started or ended.
// column: day date | The day it started or ended.
// column: name string | What it is.
// column: source string | Its supplier.
// column: target string | Its receiver.
// column: category string | Its category.
// column: value float | Its yearly value.
// column: source_node node | The supplier's handle.
// column: target_node node | The receiver's handle.
UNWIND $nodes AS n
MATCH (s) WHERE handle(s) = n
MATCH (s)-[d:DELIVERS]->(t:Company)
WHERE ($from < d.start AND d.start <= $to) OR ($from <= d.end AND d.end < $to)
UNWIND [['started', d.start], ['ended', d.end]] AS event
WITH n, s, t, d, event[0] AS change, event[1] AS day
WHERE day IS NOT NULL AND CASE change WHEN 'started' THEN $from < day AND day <= $to ELSE $from <= day AND day < $to END
RETURN d.id AS id, change, day, d.deliverable AS name, s.id AS source, t.id AS target, d.category AS category,
       d.value AS value, n AS source_node, handle(t) AS target_node
