// summary: The value streams delivering to or receiving from the given streams.
// param: ids string[] required | The streams of the current hop.
// column: id string | A stream linked to at least one of them.
UNWIND $ids AS vid
MATCH (:ValueStream {id: vid})-[:DELIVERS]-(w:ValueStream)
RETURN DISTINCT w.id AS id
