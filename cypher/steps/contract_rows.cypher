// summary: Name, yearly value, first and last day of each of the given contracts: the contract rows of a page of network_changes (service/analytics/changes.py).
// param: ids string[] required | Contract ids.
// column: id string | The contract's id.
// column: name string | Its name.
// column: value float | Its yearly value.
// column: start date | Its first day.
// column: end date | Its last day.
UNWIND $ids AS kid
MATCH (k:Contract {id: kid})
RETURN k.id AS id, k.name AS name, k.value AS value, k.start AS start, k.end AS end
