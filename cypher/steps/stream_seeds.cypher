// summary: The value streams a stream network starts from: one stream, or every stream a company operates.
// param: stream string optional | A value stream id.
// param: company string optional | A company id.
// column: id string | A value stream at the center.
MATCH (v:ValueStream {id: $stream})
RETURN v.id AS id
UNION
MATCH (:Company {id: $company})-[:OPERATES]->(v:ValueStream)
RETURN v.id AS id
